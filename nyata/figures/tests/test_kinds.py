"""The registry of kinds of outside figures (issue 13): who may list, add, change and delete a kind
(default deny), the checks a kind keeps (messages in Bahasa Indonesia), and a key that stays while an
instrument or recorded figures name it.

Ownership follows the instruments': the shared kinds seeded by migration 0002 are a system
administrator's; an Inspektorat admin adds and changes the instansi's own kinds, which no other instansi
sees."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nyata.figures.actions import KindValues, delete_kind, record_figure, save_kind
from nyata.figures.models import Kind
from nyata.figures.tests.conftest import FED, KEPMEN, make_instrument

LOCAL = KindValues(
    key="ikd-kendari",
    name="Indeks Kepuasan Digital Kota",
    scale_min=Decimal("0"),
    scale_max=Decimal("100"),
    places=2,
    higher_is_better=True,
    issuer="Dinas Komunikasi dan Informatika",
    source_document="Laporan survei kepuasan layanan digital",
    basis="Peraturan Wali Kota 12/2025",
)
PERSONAS = [
    "system_admin",
    "inspektorat_admin",
    "evaluator",
    "pengampu_verifier",
    "leader",
    "opd_operator",
    "opd_head",
    "outsider_opd_operator",
    "other_city_admin",
]


def form(**changes) -> dict:
    return {
        "key": "indeks-inovasi",
        "name": "Indeks Inovasi Daerah",
        "scale_min": "0",
        "scale_max": "100",
        "places": "2",
        "higher_is_better": "1",
        "issuer": "Kementerian Dalam Negeri",
        "source_document": "Keputusan Menteri Dalam Negeri tentang Indeks Inovasi Daerah",
        "basis": "",
        **changes,
    }


@pytest.fixture
def local_kind(city, inspektorat_admin):
    return save_kind(instansi=city.instansi, kind=None, values=LOCAL, by=inspektorat_admin)


@pytest.mark.parametrize("persona", PERSONAS)
def test_only_the_instansi_s_admins_open_add_and_change_kinds(
    request, client, city, persona, local_kind, pekppp
):
    client.force_login(request.getfixturevalue(persona))
    code = city.instansi.code
    manager = persona in ("system_admin", "inspektorat_admin")
    refused = 404 if persona == "other_city_admin" else 403
    assert client.get(reverse("figures:kinds", args=[code])).status_code == (200 if manager else refused)
    added = client.post(reverse("figures:kinds", args=[code]), form())
    assert added.status_code == (302 if manager else refused)
    own = reverse("figures:kind", args=[code, local_kind.pk])
    assert client.get(own).status_code == (200 if manager else refused)
    changed = client.post(own, form(key=LOCAL.key, name="Indeks Kepuasan Digital"))
    assert changed.status_code == (302 if manager else refused)
    # A shared kind is a system administrator's alone: the Inspektorat admin finds no page to change it.
    shared = client.get(reverse("figures:kind", args=[code, pekppp.pk]))
    assert shared.status_code == (200 if persona == "system_admin" else 404 if manager else refused)
    deleted = client.post(reverse("figures:kind-delete", args=[code, local_kind.pk]))
    assert deleted.status_code == (302 if manager else refused)
    assert Kind.objects.filter(key="indeks-inovasi").exists() == manager
    assert Kind.objects.filter(pk=local_kind.pk).exists() != manager


def test_the_actions_refuse_whoever_the_rules_refuse(
    city, local_kind, pekppp, evaluator, opd_operator, other_city_admin, inspektorat_admin
):
    from django.core.exceptions import PermissionDenied

    for person in (evaluator, opd_operator, other_city_admin):
        with pytest.raises(PermissionDenied):
            save_kind(instansi=city.instansi, kind=None, values=LOCAL, by=person)
        with pytest.raises(PermissionDenied):
            delete_kind(kind=local_kind, by=person)
    with pytest.raises(PermissionDenied):
        save_kind(instansi=city.instansi, kind=pekppp, values=LOCAL, by=inspektorat_admin)
    with pytest.raises(PermissionDenied):
        save_kind(instansi=city.instansi, kind=None, values=LOCAL, shared=True, by=inspektorat_admin)


def test_the_admin_adds_a_kind_of_the_instansi_s_own_and_another_instansi_never_sees_it(
    client, city, other_city, inspektorat_admin, other_city_admin
):
    client.force_login(inspektorat_admin)
    response = client.post(reverse("figures:kinds", args=[city.instansi.code]), form(shared="on"))
    assert response.status_code == 302
    kind = Kind.objects.get(key="indeks-inovasi")
    assert kind.owner == city.instansi  # only a system administrator adds a shared kind
    assert kind.history.get().history_user == inspektorat_admin
    listing = client.get(reverse("figures:kinds", args=[city.instansi.code])).content.decode()
    assert "Indeks Inovasi Daerah" in listing
    assert "Indeks Pelayanan Publik (PEKPPP)" in listing
    client.force_login(other_city_admin)
    theirs = client.get(reverse("figures:kinds", args=[other_city.instansi.code])).content.decode()
    assert "Indeks Inovasi Daerah" not in theirs
    assert "Indeks Pelayanan Publik (PEKPPP)" in theirs
    assert client.get(reverse("figures:kind", args=[other_city.instansi.code, kind.pk])).status_code == 404
    page = client.get(reverse("figures:index", args=[other_city.instansi.code]) + "?jenis=indeks-inovasi")
    assert "Indeks Inovasi Daerah" not in page.content.decode()


def test_a_system_administrator_adds_a_shared_kind(client, city, other_city, system_admin):
    client.force_login(system_admin)
    response = client.post(reverse("figures:kinds", args=[city.instansi.code]), form(shared="on"))
    assert response.status_code == 302
    assert Kind.objects.get(key="indeks-inovasi").owner is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        (
            {"key": "Indeks Inovasi"},
            "key",
            "Gunakan huruf kecil, angka, dan tanda hubung (paling banyak 40).",
        ),
        ({"key": "pekppp"}, "key", "Jenis lain sudah memakai kunci ini"),
        ({"name": ""}, "name", "Bidang ini tidak boleh kosong."),
        (
            {"scale_min": "100", "scale_max": "0"},
            "scale_max",
            "Nilai tertinggi harus di atas nilai terendah.",
        ),
        ({"scale_max": "seratus"}, "scale_max", "Tuliskan angka, misalnya 3,85."),
        ({"places": "3"}, "places", "Pastikan nilai ini lebih kecil dari atau sama dengan 2."),
        ({"higher_is_better": ""}, "higher_is_better", "Bidang ini tidak boleh kosong."),
        ({"source_document": "   "}, "source_document", "Bidang ini tidak boleh kosong."),
    ],
)
def test_a_bad_kind_is_refused_with_its_reason_in_indonesian_and_nothing_changes(
    client, city, inspektorat_admin, changes, field, message
):
    client.force_login(inspektorat_admin)
    before = Kind.objects.count()
    response = client.post(reverse("figures:kinds", args=[city.instansi.code]), form(**changes))
    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert message.split("(")[0].strip() in response.content.decode()
    assert Kind.objects.count() == before


def test_a_key_named_by_an_instrument_cannot_change_nor_the_kind_go(client, city, system_admin, pekppp):
    make_instrument(FED)  # its outcome indicator says source: 'data:pekppp'
    client.force_login(system_admin)
    url = reverse("figures:kind", args=[city.instansi.code, pekppp.pk])
    page = client.get(url).content.decode()
    assert "Kunci pekppp dipakai oleh instrumen uji-data 2026.1" in page
    assert "uji-data 2026.1" in page
    assert 'id="delete-kind"' not in page
    # The field is locked: a key sent anyway is ignored, the rest is saved.
    saved = client.post(
        url, form(key="pekppp-baru", name="Indeks Pelayanan Publik", scale_min="1", scale_max="5")
    )
    assert saved.status_code == 302
    pekppp.refresh_from_db()
    assert (pekppp.key, pekppp.name) == ("pekppp", "Indeks Pelayanan Publik")
    with pytest.raises(ValidationError) as raised:
        save_kind(
            instansi=city.instansi,
            kind=pekppp,
            values=KindValues(**{**LOCAL.__dict__, "key": "pekppp-baru"}),
            by=system_admin,
        )
    assert "instrumen uji-data 2026.1" in raised.value.message_dict["key"][0]
    refused = client.post(reverse("figures:kind-delete", args=[city.instansi.code, pekppp.pk]), follow=True)
    assert "tidak dapat dihapus" in refused.content.decode()
    assert Kind.objects.filter(pk=pekppp.pk).exists()


def test_a_key_with_recorded_figures_cannot_change_and_the_scale_must_hold_them(
    city, inspektorat_admin, local_kind
):
    record_figure(
        instansi=city.instansi,
        kind=local_kind,
        unit=city.units["dinkes"],
        year=2025,
        value=Decimal("87.50"),
        source=KEPMEN,
        by=inspektorat_admin,
    )
    with pytest.raises(ValidationError) as raised:
        save_kind(
            instansi=city.instansi,
            kind=local_kind,
            values=KindValues(**{**LOCAL.__dict__, "key": "ikd"}),
            by=inspektorat_admin,
        )
    assert raised.value.message_dict["key"] == [
        "Kunci ikd-kendari dipakai oleh 1 nilai tercatat, yang menyebut jenis ini dengan kunci tersebut "
        "dan akan kehilangannya."
    ]
    with pytest.raises(ValidationError) as raised:
        save_kind(
            instansi=city.instansi,
            kind=local_kind,
            values=KindValues(**{**LOCAL.__dict__, "scale_max": Decimal("5")}),
            by=inspektorat_admin,
        )
    assert "1 nilai tercatat berada di luar skala ini" in raised.value.message_dict["scale_min"][0]
    with pytest.raises(ValidationError):
        delete_kind(kind=local_kind, by=inspektorat_admin)
    local_kind.refresh_from_db()
    assert (local_kind.key, local_kind.scale_max) == ("ikd-kendari", Decimal("100"))


def test_a_kind_of_another_instansi_cannot_take_a_figure_here(
    city, other_city, other_city_admin, inspektorat_admin
):
    theirs = save_kind(instansi=other_city.instansi, kind=None, values=LOCAL, by=other_city_admin)
    with pytest.raises(ValidationError) as raised:
        record_figure(
            instansi=city.instansi,
            kind=theirs,
            unit=city.units["dinkes"],
            year=2025,
            value=Decimal("80"),
            source=KEPMEN,
            by=inspektorat_admin,
        )
    assert "kind" in raised.value.message_dict
