"""The Inspektorat admin manages units, people and roles in the product, with Indonesian messages."""

from django.urls import reverse

from nyata.org.models import Membership, Unit, User


def test_admin_adds_a_unit_and_sees_it_in_the_list(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    code = city.instansi.code
    response = client.post(
        reverse("org:unit-create", args=[code]),
        {
            "code": "bpbd",
            "name": "Badan Penanggulangan Bencana Daerah",
            "short_name": "BPBD",
            "kind": "opd",
            "is_active": "on",
        },
    )
    unit = Unit.objects.get(instansi=city.instansi, code="bpbd")
    assert response.status_code == 302
    assert response["Location"] == reverse("org:unit-detail", args=[code, unit.pk])
    assert (
        "Badan Penanggulangan Bencana Daerah"
        in client.get(reverse("org:unit-list", args=[code])).content.decode()
    )


def test_a_bad_unit_form_rerenders_with_indonesian_messages_and_saves_nothing(
    client, inspektorat_admin, city
):
    client.force_login(inspektorat_admin)
    before = Unit.objects.count()
    response = client.post(
        reverse("org:unit-create", args=[city.instansi.code]),
        {
            "code": "Dinas Kesehatan!",
            "name": "",
            "kind": "opd",
        },
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "Gunakan huruf kecil, angka, dan tanda hubung saja" in body
    assert "Bidang ini tidak boleh kosong." in body  # Django's own Indonesian catalogue
    assert Unit.objects.count() == before


def test_a_duplicate_unit_code_is_reported_on_the_code_field(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    response = client.post(
        reverse("org:unit-create", args=[city.instansi.code]),
        {
            "code": "dinkes",
            "name": "Dinas Kesehatan Kedua",
            "kind": "opd",
            "is_active": "on",
        },
    )
    assert "Kode ini sudah dipakai unit lain di instansi ini." in response.content.decode()
    assert not Unit.objects.filter(name="Dinas Kesehatan Kedua").exists()


def test_admin_adds_a_person_assigns_a_role_and_issues_a_password(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    code = city.instansi.code
    client.post(
        reverse("org:person-create", args=[code]),
        {
            "name": "Wa Ode Nurhayati",
            "username": "wa.ode",
            "email": "waode@kendari.example",
            "nip": "",
            "phone": "",
            "is_active": "on",
        },
    )
    person = User.objects.get(username="wa.ode")
    assert person.instansi == city.instansi
    assert person.has_usable_password() is False
    response = client.post(
        reverse("org:role-add", args=[code, person.pk]),
        {"role": "opd_operator", "unit": city.units["dinkes"].pk},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "Operator OPD" in response.content.decode()
    assert list(Membership.objects.filter(user=person).values_list("role", "unit__code")) == [
        ("opd_operator", "dinkes")
    ]
    issued = client.post(reverse("org:person-password", args=[code, person.pk]))
    assert issued.status_code == 302
    assert issued["Location"] == reverse("org:person-detail", args=[code, person.pk])
    page = client.get(issued["Location"])
    assert page["Cache-Control"] == "no-store"
    password = page.context["issued_password"]
    person.refresh_from_db()
    assert person.check_password(password)


def test_an_issued_password_is_shown_once_and_a_refresh_issues_no_other(client, inspektorat_admin, opd_head):
    client.force_login(inspektorat_admin)
    detail = reverse("org:person-detail", args=[opd_head.instansi.code, opd_head.pk])
    issues_before = opd_head.history.filter(history_change_reason="password issued").count()
    first = client.post(
        reverse("org:person-password", args=[opd_head.instansi.code, opd_head.pk]), follow=True
    )
    password = first.context["issued_password"]
    assert password in first.content.decode()
    refreshed = client.get(detail)
    assert "issued_password" not in refreshed.context
    assert password not in refreshed.content.decode()
    assert opd_head.history.filter(history_change_reason="password issued").count() == issues_before + 1
    opd_head.refresh_from_db()
    assert opd_head.check_password(password)


def test_an_issued_password_shows_only_on_the_page_of_the_person_it_was_issued_to(
    client, inspektorat_admin, opd_head, opd_operator
):
    client.force_login(inspektorat_admin)
    code = opd_head.instansi.code
    client.post(reverse("org:person-password", args=[code, opd_head.pk]))
    other = client.get(reverse("org:person-detail", args=[code, opd_operator.pk]))
    assert "issued_password" not in other.context
    assert "issued_password" in client.get(reverse("org:person-detail", args=[code, opd_head.pk])).context


def test_a_nip_is_accepted_with_its_usual_spaces_and_kept_as_its_digits(client, inspektorat_admin, opd_head):
    client.force_login(inspektorat_admin)
    code = opd_head.instansi.code
    response = client.post(
        reverse("org:person-edit", args=[code, opd_head.pk]),
        {
            "name": opd_head.name,
            "username": opd_head.username,
            "email": opd_head.email,
            "nip": " 19800101 200501 1 001 ",
            "phone": "",
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    opd_head.refresh_from_db()
    assert opd_head.nip == "198001012005011001"
    page = client.get(reverse("org:person-detail", args=[code, opd_head.pk])).content.decode()
    assert "19800101 200501 1 001" in page
    found = client.get(reverse("org:person-list", args=[code]), {"q": "200501 1 001"})
    assert opd_head in found.context["people"]


def test_a_nip_of_the_wrong_length_is_refused_with_a_reason_whatever_its_spaces(
    client, inspektorat_admin, opd_head
):
    client.force_login(inspektorat_admin)
    response = client.post(
        reverse("org:person-edit", args=[opd_head.instansi.code, opd_head.pk]),
        {
            "name": opd_head.name,
            "username": opd_head.username,
            "nip": "19800101 200501 1 01",
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert "NIP terdiri atas tepat 18 angka." in response.content.decode()
    opd_head.refresh_from_db()
    assert opd_head.nip == ""


def test_a_role_in_the_wrong_kind_of_unit_is_refused_with_a_reason(client, inspektorat_admin, opd_head, city):
    client.force_login(inspektorat_admin)
    response = client.post(
        reverse("org:role-add", args=[city.instansi.code, opd_head.pk]),
        {"role": "evaluator", "unit": city.units["dinkes"].pk},
    )
    assert response.status_code == 400
    assert "Peran ini dipegang di unit berjenis: Inspektorat." in response.content.decode()
    assert Membership.objects.filter(user=opd_head).count() == 1


def test_admin_reads_a_records_history_in_the_product(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    code = city.instansi.code
    unit = city.units["dinkes"]
    client.post(
        reverse("org:unit-edit", args=[code, unit.pk]),
        {
            "code": "dinkes",
            "name": "Dinas Kesehatan Kota Kendari",
            "kind": "opd",
            "is_active": "on",
        },
    )
    body = client.get(reverse("org:unit-history", args=[code, unit.pk])).content.decode()
    assert "Dinas Kesehatan Kota Kendari" in body
    assert str(inspektorat_admin) in body


def test_unit_list_filters_by_kind_through_htmx_returning_only_the_fragment(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    response = client.get(
        reverse("org:unit-list", args=[city.instansi.code]),
        {"jenis": "pengampu"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "<html" not in body
    assert "Bagian Organisasi" in body
    assert "Dinas Kesehatan" not in body


def test_unit_list_runs_a_fixed_number_of_queries(
    client, inspektorat_admin, city, django_assert_max_num_queries
):
    client.force_login(inspektorat_admin)
    with django_assert_max_num_queries(8):
        client.get(reverse("org:unit-list", args=[city.instansi.code]))


def test_person_list_runs_a_fixed_number_of_queries(
    client, inspektorat_admin, city, opd_head, opd_operator, django_assert_max_num_queries
):
    client.force_login(inspektorat_admin)
    with django_assert_max_num_queries(10):  # the pager's COUNT included
        client.get(reverse("org:person-list", args=[city.instansi.code]))


def test_a_persons_history_lists_role_assignments_and_removals_with_who(
    client, inspektorat_admin, opd_head, city
):
    client.force_login(inspektorat_admin)
    code = city.instansi.code
    client.post(
        reverse("org:role-add", args=[code, opd_head.pk]),
        {"role": "opd_operator", "unit": city.units["dikbud"].pk},
    )
    added = Membership.objects.get(user=opd_head, role="opd_operator")
    client.post(reverse("org:role-remove", args=[code, opd_head.pk, added.pk]))
    entries = client.get(reverse("org:person-history", args=[code, opd_head.pk])).context["related_entries"]
    assert [(e.action, e.who) for e in entries][:2] == [
        ("dihapus", str(inspektorat_admin)),
        ("dibuat", str(inspektorat_admin)),
    ]
    assert "Operator OPD" in entries[0].subject
