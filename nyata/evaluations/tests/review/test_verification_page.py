"""The verification page a pengampu can work through: filtered by OPD, RB area and status, paged on the
server at a constant number of queries, and "semua valid" for one OPD with one note."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.evaluations.actions.reviews import verify_indicator
from nyata.evaluations.models import Event, Verification
from nyata.evaluations.tests.scale import TWO_AREAS, add_opd, move, open_over, published, sdm_pengampu
from nyata.org.models import Membership
from nyata.org.tests.factories import person_with_role

REVIEW = "desk_review"


@pytest.fixture
def two_areas(db):
    return published(TWO_AREAS, "dua-area")


@pytest.fixture
def scene(city, two_areas, inspektorat_admin, all_windows_open):
    """Dinkes, Dikbud and three more OPD; Dinkes and two others under review, Dikbud still answering."""
    sdm_pengampu(city)
    extra = add_opd(city, 3)
    units = [city.units["dinkes"], city.units["dikbud"], *extra]
    period = open_over(city, two_areas, units, inspektorat_admin, all_windows_open, title="Evaluasi RB 2026")
    move(period, REVIEW, units=[city.units["dinkes"], *extra[:2]])
    return period


@pytest.fixture
def both_areas(city):
    """A verifier who holds the role in both unit pengampu (kelembagaan and sdm-aparatur)."""
    person = person_with_role(
        city, role="pengampu_verifier", unit_code="bagian-organisasi", username="dua.area"
    )
    Membership.objects.create(user=person, unit=city.units["bkpsdm"], role="pengampu_verifier")
    return person


def _url(period, query=""):
    url = reverse("evaluations:verification-list", args=[period.instansi.code, period.pk])
    return f"{url}?{query}" if query else url


def _all_url(period, assessment):
    return reverse("evaluations:verification-all", args=[period.instansi.code, period.pk, assessment.pk])


def _rows(response) -> list[tuple[str, str]]:
    return [
        (group.node.code, row.assessment.unit.code)
        for group in response.context["groups"]
        for row in group.rows
    ]


def _verify(assessment, code, person, valid=True, note=""):
    return verify_indicator(
        assessment=assessment,
        indicator=code,
        is_valid=valid,
        note=note,
        areas=frozenset({"kelembagaan", "sdm-aparatur"}),
        by=person,
    )


def test_without_filters_the_page_lists_what_waits_for_the_verifier(client, scene, city, pengampu_verifier):
    dinkes = scene.assessments.get(unit__code="dinkes")
    _verify(dinkes, "I.1", pengampu_verifier)
    client.force_login(pengampu_verifier)
    response = client.get(_url(scene))
    assert response.status_code == 200
    assert _rows(response) == [
        ("I.1", "opd-001"),
        ("I.1", "opd-002"),
        ("I.2", "dinkes"),
        ("I.2", "opd-001"),
        ("I.2", "opd-002"),
        ("I.3", "dinkes"),
        ("I.3", "opd-001"),
        ("I.3", "opd-002"),
    ]  # the verifier's area only (not I.4, not I.5); Dikbud and OPD 003 are not under review
    assert response.context["sheet"].counts == {"waiting": 8, "valid": 1, "not_valid": 0}
    body = response.content.decode()
    assert "8 baris · menunggu: 8 · valid: 1 · tidak valid: 0" in " ".join(body.split())
    assert "semua valid" not in body  # offered once one OPD is chosen


def test_the_filters_narrow_by_opd_area_and_status(client, scene, city, both_areas):
    dinkes = scene.assessments.get(unit__code="dinkes")
    _verify(dinkes, "I.1", both_areas)
    _verify(dinkes, "I.2", both_areas, valid=False, note="SK belum ditandatangani")
    client.force_login(both_areas)
    assert _rows(client.get(_url(scene, "area=sdm-aparatur"))) == [
        ("I.4", "dinkes"),
        ("I.4", "opd-001"),
        ("I.4", "opd-002"),
    ]
    assert _rows(client.get(_url(scene, f"opd={dinkes.pk}&status=valid"))) == [("I.1", "dinkes")]
    assert _rows(client.get(_url(scene, "status=not_valid"))) == [("I.2", "dinkes")]
    every = client.get(_url(scene, f"opd={scene.assessments.get(unit__code='dikbud').pk}&status=all"))
    assert _rows(every) == [("I.1", "dikbud"), ("I.2", "dikbud"), ("I.3", "dikbud"), ("I.4", "dikbud")]
    assert "Verifikasi dibuka setelah penilaian masuk tahap reviu Inspektorat." in every.content.decode()


def test_a_filter_outside_the_choices_is_refused_with_a_message_and_lists_nothing(
    client, scene, pengampu_verifier
):
    client.force_login(pengampu_verifier)
    for query in ("area=sdm-aparatur", "opd=999999", "status=semua"):
        response = client.get(_url(scene, query))
        assert response.status_code == 400, query
        assert "bukan salah satu dari pilihan yang tersedia" in response.content.decode(), query
        assert "groups" not in response.context


def test_rows_are_paged_on_the_server_and_the_page_links_keep_the_filters(
    client, city, two_areas, inspektorat_admin, all_windows_open, pengampu_verifier
):
    units = [city.units["dinkes"], city.units["dikbud"], *add_opd(city, 25)]
    period = open_over(city, two_areas, units, inspektorat_admin, all_windows_open, title="Evaluasi besar")
    move(period, REVIEW)
    client.force_login(pengampu_verifier)
    first = client.get(_url(period, "area=kelembagaan"))
    assert first.context["sheet"].page.paginator.count == 81  # 3 indicators x 27 OPD
    assert len(_rows(first)) == 25
    body = first.content.decode()
    assert "81 baris" in body
    assert "Halaman 1 dari 4" in body
    assert 'href="?area=kelembagaan&amp;status=waiting&amp;page=2"' in body
    last = client.get(_url(period, "area=kelembagaan&status=waiting&page=4"))
    assert len(_rows(last)) == 6
    assert _rows(last)[-1] == ("I.3", "opd-025")
    assert client.get(_url(period, "page=99")).context["sheet"].page.number == 4  # past the end: the last


@pytest.mark.parametrize("page", [1, 3])
def test_a_page_reads_as_many_queries_for_27_as_for_100_opd(
    client, city, two_areas, inspektorat_admin, all_windows_open, pengampu_verifier, page
):
    counts = []
    client.force_login(pengampu_verifier)
    for size, first in ((27, 1), (100, 100)):
        units = add_opd(city, size) if first == 1 else _more(city, first, size)
        period = open_over(
            city, two_areas, units, inspektorat_admin, all_windows_open, title=f"Evaluasi {size}"
        )
        move(period, REVIEW)
        url = _url(period, f"status=all&page={page}")
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200
        assert len(_rows(response)) == 25
        counts.append(len(queries))
    print(f"verification page {page}: {counts[0]} queries for 27 OPD, {counts[1]} for 100")
    assert counts[0] == counts[1]


def _more(city, start, count):
    from nyata.org.tests.factories import UnitFactory

    return [
        UnitFactory(instansi=city.instansi, code=f"opd-{n:03d}", name=f"Satuan Kerja {n:03d}", kind="opd")
        for n in range(start, start + count)
    ]


def test_semua_valid_marks_every_waiting_indicator_of_one_opd_valid_with_one_note(
    client, scene, pengampu_verifier
):
    dinkes = scene.assessments.get(unit__code="dinkes")
    _verify(dinkes, "I.2", pengampu_verifier, valid=False, note="SK belum ditandatangani")
    client.force_login(pengampu_verifier)
    page = client.get(_url(scene, f"opd={dinkes.pk}")).content.decode()
    assert "Tandai semua 2 indikator yang menunggu sebagai valid (semua valid)" in page
    response = client.post(_all_url(scene, dinkes), {"note": "Sesuai dokumen yang diunggah", "area": ""})
    assert response.status_code == 302
    assert response["Location"] == _url(scene, f"opd={dinkes.pk}&status=all")
    marked = Verification.objects.filter(assessment=dinkes).order_by("indicator")
    assert [(v.indicator, v.is_valid, v.note, v.verified_by) for v in marked] == [
        ("I.1", True, "Sesuai dokumen yang diunggah", pengampu_verifier),
        ("I.2", False, "SK belum ditandatangani", pengampu_verifier),  # a verdict already given stays
        ("I.3", True, "Sesuai dokumen yang diunggah", pengampu_verifier),
    ]
    assert all(v.verified_at is not None for v in marked)
    event = Event.objects.get(assessment=dinkes, kind="verified_all")
    assert (event.actor, event.after, event.note) == (
        pengampu_verifier,
        ["I.1", "I.3"],
        "Sesuai dokumen yang diunggah",
    )
    assert Verification.history.filter(indicator="I.3", history_user=pengampu_verifier).exists()
    assert not Verification.objects.exclude(assessment=dinkes).exists()  # no other OPD touched
    after = client.get(response["Location"]).content.decode()
    assert "2 indikator Dinas Kesehatan ditandai valid." in after
    assert "(semua valid)" not in after  # nothing waits any more


def test_semua_valid_with_an_area_chosen_marks_that_area_only(client, scene, both_areas):
    dinkes = scene.assessments.get(unit__code="dinkes")
    client.force_login(both_areas)
    client.post(_all_url(scene, dinkes), {"note": "", "area": "sdm-aparatur"})
    assert list(Verification.objects.values_list("indicator", flat=True)) == ["I.4"]


def test_semua_valid_is_refused_with_the_reason_and_changes_nothing(client, scene, pengampu_verifier):
    dikbud = scene.assessments.get(unit__code="dikbud")
    dinkes = scene.assessments.get(unit__code="dinkes")
    client.force_login(pengampu_verifier)
    outside = client.post(_all_url(scene, dinkes), {"area": "sdm-aparatur"}, follow=True)
    assert "Indikator ini bukan bagian dari area RB Anda." in outside.content.decode()
    early = client.post(_all_url(scene, dikbud), {"note": "x"}, follow=True)
    assert (
        "Hal ini tidak dapat dilakukan saat penilaian berada pada tahap: Penilaian mandiri oleh OPD"
        in early.content.decode()
    )
    assert not Verification.objects.exists()
    client.post(_all_url(scene, dinkes), {})
    again = client.post(_all_url(scene, dinkes), {}, follow=True)
    assert "Tidak ada indikator Dinas Kesehatan yang menunggu verifikasi Anda." in again.content.decode()
    assert Event.objects.filter(kind="verified_all").count() == 1


def test_semua_valid_appears_on_the_timeline(client, scene, pengampu_verifier, inspektorat_admin):
    dinkes = scene.assessments.get(unit__code="dinkes")
    client.force_login(pengampu_verifier)
    client.post(_all_url(scene, dinkes), {"note": "Lengkap"})
    client.force_login(inspektorat_admin)
    timeline = reverse("evaluations:timeline", args=[scene.instansi.code, scene.pk, dinkes.pk])
    body = client.get(timeline).content.decode()
    assert "Semua indikator yang menunggu diverifikasi valid oleh unit pengampu" in body
    assert "I.1, I.2, I.3" in body
