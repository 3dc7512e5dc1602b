"""Who verifies which RB area, on the period page and when the period opens: a missing verifier is a warning
the admin sees early, never a silent gate at hand-over."""

from datetime import datetime, timedelta

import pytest
from django.urls import reverse

from nyata.evaluations.actions.reviews import submit_to_ketua
from nyata.evaluations.models import Assessment, Event, Period
from nyata.evaluations.tests.review.conftest import review, submitted
from nyata.evaluations.tests.scale import TWO_AREAS, open_over, published


@pytest.fixture
def two_areas(db):
    return published(TWO_AREAS, "dua-area")


@pytest.fixture
def desk(assessment, opd_operator, opd_head, team):
    return submitted(assessment, opd_operator, opd_head)


def _detail(period):
    return reverse("evaluations:period-detail", args=[period.instansi.code, period.pk])


def test_the_period_page_shows_per_area_the_unit_pengampu_and_its_verifiers(
    client, city, two_areas, inspektorat_admin, all_windows_open, pengampu_verifier
):
    period = open_over(
        city, two_areas, [city.units["dinkes"]], inspektorat_admin, all_windows_open, title="RB"
    )
    client.force_login(inspektorat_admin)
    response = client.get(_detail(period))
    coverage = response.context["coverage"]
    assert [(c.area, c.unit and c.unit.code, c.verifiers, c.indicators) for c in coverage] == [
        ("kelembagaan", "bagian-organisasi", [pengampu_verifier], 3),
        ("sdm-aparatur", None, [], 1),
    ]
    body = " ".join(response.content.decode().split())
    assert "Verifikasi oleh unit pengampu" in body
    assert pengampu_verifier.name in body
    assert "1 area RB belum memiliki verifikator." in body
    assert "tidak ada unit pengampu yang memiliki area ini" in body
    assert "Tetapkan peran di Orang dan peran" in body


def test_a_unit_pengampu_without_an_active_verifier_is_missing_too(
    client, city, instrument, inspektorat_admin, all_windows_open, pengampu_verifier
):
    pengampu_verifier.is_active = False
    pengampu_verifier.save()
    period = open_over(
        city, instrument, [city.units["dinkes"]], inspektorat_admin, all_windows_open, title="RB"
    )
    client.force_login(inspektorat_admin)
    body = client.get(_detail(period)).content.decode()
    assert "1 area RB belum memiliki verifikator." in body
    assert "belum ada verifikator" in body


def test_the_opd_does_not_see_who_verifies(client, period, opd_operator):
    client.force_login(opd_operator)
    response = client.get(_detail(period))
    assert response.context["coverage"] == []
    assert "Verifikasi oleh unit pengampu" not in response.content.decode()


def test_opening_a_period_warns_of_every_area_without_a_verifier(client, city, two_areas, inspektorat_admin):
    client.force_login(inspektorat_admin)
    first = datetime(2027, 2, 1, 8, 0)
    data = {
        "year": "2027",
        "title": "Evaluasi RB 2027",
        "instrument": two_areas.pk,
        "units": [city.units["dinkes"].pk],
    }
    for index, phase in enumerate(
        ("self_assessment", "desk_review", "clarification", "appeal", "finalisation")
    ):
        data[f"{phase}_starts"] = (first + timedelta(days=10 * index)).strftime("%Y-%m-%dT%H:%M")
        data[f"{phase}_ends"] = (first + timedelta(days=10 * index + 9)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(reverse("evaluations:period-create", args=[city.instansi.code]), data, follow=True)
    assert Period.objects.filter(year=2027).exists()
    body = response.content.decode()
    assert (
        "Belum ada verifikator unit pengampu untuk: kelembagaan (Bagian Organisasi); sdm-aparatur (tidak ada "
        "unit pengampu yang memilikinya)."
    ) in body


def test_an_area_nobody_verifies_does_not_hold_up_the_hand_over_and_the_timeline_says_so(client, desk, team):
    # No one holds the pengampu verifier role in Bagian Organisasi: I.1 (kelembagaan) cannot be verified.
    for code in ("I.1", "I.2", "II.1"):
        review(desk, team["evaluator"], code)
    client.force_login(team["evaluator"])
    url = reverse("evaluations:review-assessment", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    assert "Tidak ada yang memverifikasi area RB ini" in client.get(url).content.decode()
    submit_to_ketua(assessment=desk, by=team["evaluator"])
    assert Assessment.objects.get(pk=desk.pk).status == "team_review"
    event = Event.objects.get(assessment=desk, kind="handed_over_unverified")
    assert (event.after, event.note, event.actor) == (["I.1"], "kelembagaan", team["evaluator"])
    client.force_login(team["ketua_tim"])
    timeline = reverse("evaluations:timeline", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    assert "Diserahkan tanpa verifikasi unit pengampu: area ini tidak memiliki verifikator" in (
        client.get(timeline).content.decode()
    )


def test_an_area_with_a_verifier_still_waits_for_its_verdict(client, desk, team, pengampu_verifier):
    for code in ("I.1", "I.2", "II.1"):
        review(desk, team["evaluator"], code)
    client.force_login(team["evaluator"])
    url = reverse(
        "evaluations:review-move", args=[desk.period.instansi.code, desk.period_id, desk.pk, "kirim-ketua"]
    )
    response = client.post(url)
    assert response.status_code == 400
    assert "I.1 menunggu verifikasi unit pengampu." in response.content.decode()
    assert Assessment.objects.get(pk=desk.pk).status == "desk_review"
