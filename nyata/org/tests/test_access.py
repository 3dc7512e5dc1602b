"""Every view that shows or changes organisation data refuses people who may not see it."""

import pytest
from django.urls import reverse

from nyata.org.models import Membership
from nyata.org.tests.factories import person_with_role


def _person_urls(code: str, person_pk: int, membership_pk: int) -> list[tuple[str, str]]:
    args = [code, person_pk]
    return [
        ("get", reverse("org:person-detail", args=args)),
        ("get", reverse("org:person-edit", args=args)),
        ("post", reverse("org:person-edit", args=args)),
        ("get", reverse("org:person-history", args=args)),
        ("post", reverse("org:person-password", args=args)),
        ("post", reverse("org:person-two-factor-reset", args=args)),
        ("post", reverse("org:role-add", args=args)),
        ("post", reverse("org:role-remove", args=[*args, membership_pk])),
    ]


def test_opd_operator_can_neither_see_nor_change_another_opds_people(
    client, opd_operator, outsider_opd_operator, city
):
    client.force_login(opd_operator)
    membership = Membership.objects.get(user=outsider_opd_operator)
    for method, url in _person_urls(city.instansi.code, outsider_opd_operator.pk, membership.pk):
        response = getattr(client, method)(
            url, {"name": "Diubah", "role": "opd_head", "unit": city.units["dinkes"].pk}
        )
        assert response.status_code == 404, (method, url)
    outsider_opd_operator.refresh_from_db()
    assert outsider_opd_operator.name != "Diubah"
    assert Membership.objects.filter(user=outsider_opd_operator).count() == 1


def test_opd_operator_sees_a_colleague_but_cannot_change_them(client, opd_operator, opd_head, city):
    client.force_login(opd_operator)
    code = city.instansi.code
    assert client.get(reverse("org:person-detail", args=[code, opd_head.pk])).status_code == 200
    assert client.get(reverse("org:person-edit", args=[code, opd_head.pk])).status_code == 403
    assert client.post(reverse("org:person-password", args=[code, opd_head.pk])).status_code == 403


def test_opd_operator_sees_their_own_unit_but_not_another_or_the_directory(client, opd_operator, city):
    client.force_login(opd_operator)
    code = city.instansi.code
    assert client.get(reverse("org:unit-detail", args=[code, city.units["dinkes"].pk])).status_code == 200
    assert client.get(reverse("org:unit-detail", args=[code, city.units["dikbud"].pk])).status_code == 404
    assert client.get(reverse("org:unit-list", args=[code])).status_code == 403
    assert client.get(reverse("org:person-list", args=[code])).status_code == 403
    assert client.get(reverse("org:import", args=[code])).status_code == 403
    assert client.get(reverse("org:unit-edit", args=[code, city.units["dinkes"].pk])).status_code == 403


def test_nothing_of_one_instansi_shows_in_another(client, other_city_admin, inspektorat_admin, city):
    client.force_login(other_city_admin)
    code = city.instansi.code
    membership = Membership.objects.get(user=inspektorat_admin)
    unit = city.units["dinkes"]
    urls = [
        ("get", reverse("org:unit-list", args=[code])),
        ("get", reverse("org:unit-create", args=[code])),
        ("get", reverse("org:unit-detail", args=[code, unit.pk])),
        ("get", reverse("org:unit-edit", args=[code, unit.pk])),
        ("get", reverse("org:unit-history", args=[code, unit.pk])),
        ("get", reverse("org:person-list", args=[code])),
        ("get", reverse("org:person-create", args=[code])),
        ("get", reverse("org:import", args=[code])),
        ("get", reverse("org:import-template", args=[code, "units", "csv"])),
        *_person_urls(code, inspektorat_admin.pk, membership.pk),
    ]
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, (method, url)
    # The admin's own instansi code does not open the other city's records either.
    own = other_city_admin.instansi.code
    assert client.get(reverse("org:unit-detail", args=[own, unit.pk])).status_code == 404
    assert client.get(reverse("org:person-detail", args=[own, inspektorat_admin.pk])).status_code == 404


def test_the_home_page_of_another_city_admin_shows_none_of_this_city(
    client, other_city_admin, inspektorat_admin
):
    client.force_login(other_city_admin)
    body = client.get(reverse("home")).content.decode()
    assert "Pemerintah Kota Baubau" in body
    assert "Pemerintah Kota Kendari" not in body


def test_an_anonymous_visitor_is_sent_to_sign_in(client, city):
    response = client.get(reverse("org:unit-list", args=[city.instansi.code]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_system_administration_is_refused_to_an_inspektorat_admin(client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    assert client.get(reverse("org:instansi-list")).status_code == 403
    assert client.post(reverse("org:instansi-create"), {"name": "X", "code": "x"}).status_code == 403


def test_an_inspektorat_admin_cannot_grant_the_system_administrator_role(
    client, inspektorat_admin, opd_head, city
):
    client.force_login(inspektorat_admin)
    url = reverse("org:role-add", args=[city.instansi.code, opd_head.pk])
    response = client.post(url, {"role": "system_admin", "unit": ""})
    assert response.status_code == 400
    assert not Membership.objects.filter(user=opd_head, role="system_admin").exists()


@pytest.mark.parametrize(
    ("persona", "heading"),
    [
        ("system_admin", "Instansi pada instalasi ini"),
        ("inspektorat_admin", "Administrasi"),
        ("evaluator", "Tim Anda"),
        ("pengampu_verifier", "Verifikasi area RB Anda"),
        ("leader", "Hasil yang telah dipublikasikan"),
        ("opd_head", "Pegawai yang memiliki peran di Nyata"),
        ("opd_operator", "Pegawai yang memiliki peran di Nyata"),
    ],
)
def test_each_role_lands_on_its_own_home_page_in_bahasa_indonesia(client, request, persona, heading):
    client.force_login(request.getfixturevalue(persona))
    body = client.get(reverse("home")).content.decode()
    assert heading in body


def test_a_person_without_a_role_is_told_whom_to_ask(client, city):
    person = person_with_role(city, role="opd_operator", unit_code="dinkes")
    person.memberships.all().delete()
    client.force_login(person)
    assert "Anda belum memiliki peran" in client.get(reverse("home")).content.decode()


def test_an_inspektorat_admin_changes_no_system_administrator_through_any_page(
    client, city, inspektorat_admin
):
    # A system administrator appointed from among the city's staff is listed among the city's people.
    resident = person_with_role(city, role="evaluator", unit_code="inspektorat", username="sysadmin.kota")
    Membership.objects.create(user=resident, unit=None, role="system_admin")
    membership = Membership.objects.get(user=resident, role="evaluator")
    client.force_login(inspektorat_admin)
    for method, url in _person_urls(city.instansi.code, resident.pk, membership.pk)[1:]:
        if "riwayat" in url:
            continue
        response = getattr(client, method)(
            url, {"name": "Diambil Alih", "username": "diambil", "role": "ketua_tim"}
        )
        assert response.status_code == 403, (method, url)
    resident.refresh_from_db()
    assert resident.name != "Diambil Alih"
    assert resident.username == "sysadmin.kota"
    assert resident.history.filter(history_change_reason="password issued").count() == 0
    assert Membership.objects.filter(user=resident).count() == 2


ACCOUNT_PAGES = [
    ("get", "org:account"),
    ("get", "org:password-change"),
    ("post", "org:password-change"),
    ("get", "org:two-factor-enrol"),
    ("post", "org:two-factor-enrol"),
    ("get", "org:two-factor-recovery-codes"),
    ("post", "org:two-factor-recovery-codes"),
    ("get", "org:two-factor-verify"),
    ("post", "org:two-factor-verify"),
    ("post", "org:two-factor-disable"),
]


@pytest.mark.parametrize(("method", "name"), ACCOUNT_PAGES)
def test_every_own_account_page_sends_an_anonymous_visitor_to_sign_in(client, method, name):
    response = getattr(client, method)(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_password_reset_pages_are_open_to_anyone(client, db):
    assert client.get(reverse("org:password-reset")).status_code == 200
    assert client.get(reverse("org:password-reset-done")).status_code == 200
    assert client.get(reverse("org:password-reset-complete")).status_code == 200
    bad_link = client.get(reverse("org:password-reset-confirm", args=["MQ", "bukan-token"]))
    assert bad_link.status_code == 200
    assert bad_link.context["validlink"] is False
