"""Every landing page reads a fixed number of queries whatever the number of OPD and open periods."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.evaluations.models import Appeal, Assessment, Clarification, TeamMember, Verification
from nyata.evaluations.tests.scale import add_opd, open_over
from nyata.org.tests.factories import UnitFactory

PERSONAS = (
    "opd_operator",
    "opd_head",
    "evaluator",
    "ketua",
    "pengendali",
    "pengampu_verifier",
    "inspektorat_admin",
    "leader",
    "system_admin",
)
STAGES = ("self_assessment", "awaiting_head", "desk_review", "team_review", "control_review", "reviewed")


def _period_with_work(city, instrument, units, admin, windows, team, title, year):
    """An open period over `units`, each unit at one stage in turn, the whole team seated everywhere, and
    clarifications, appeals and verifications scattered over it."""
    period = open_over(city, instrument, units, admin, windows, title=title, year=year)
    assessments = list(period.assessments.order_by("unit__name"))
    TeamMember.objects.bulk_create(
        TeamMember(assessment=a, user=person, tier=tier) for a in assessments for tier, person in team.items()
    )
    for index, a in enumerate(assessments):
        Assessment.objects.filter(pk=a.pk).update(status=STAGES[index % len(STAGES)])
    Clarification.objects.bulk_create(
        Clarification(
            assessment=a, indicators=["I.1"], question="Mohon?", asked_by=team["evaluator"], status=s
        )
        for a, s in zip(assessments, ["open", "answered"] * len(assessments), strict=False)
    )
    Appeal.objects.bulk_create(
        Appeal(assessment=a, indicator="I.2", reason="Naik", filed_by=admin) for a in assessments[::3]
    )
    Verification.objects.bulk_create(
        Verification(assessment=a, indicator="I.1", is_valid=True, verified_by=admin)
        for a in assessments[::4]
    )
    return period


def _counts(client, people) -> dict[str, int]:
    counts = {}
    for persona, person in people.items():
        client.force_login(person)
        client.get(reverse("home"))  # warm the parsed-instrument cache, as a running server has it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        assert response.status_code == 200, persona
        counts[persona] = len(queries)
    return counts


@pytest.mark.django_db
def test_each_landing_page_reads_as_many_queries_for_100_opd_in_3_periods_as_for_27_in_1(
    client, request, city, instrument, inspektorat_admin, all_windows_open, team
):
    people = {persona: request.getfixturevalue(persona) for persona in PERSONAS}
    people["ketua"], people["pengendali"] = team["ketua_tim"], team["pengendali_teknis"]
    units = [city.units["dinkes"], city.units["dikbud"], *add_opd(city, 25)]
    _period_with_work(city, instrument, units, inspektorat_admin, all_windows_open, team, "RB 2026", 2026)
    small = _counts(client, people)
    units += [
        UnitFactory(instansi=city.instansi, code=f"opd-{n:03d}", name=f"Satuan Kerja {n:03d}", kind="opd")
        for n in range(26, 99)
    ]
    assert len(units) == 100
    for year in (2027, 2028):
        _period_with_work(
            city, instrument, units, inspektorat_admin, all_windows_open, team, f"RB {year}", year
        )
    large = _counts(client, people)
    print(
        "landing page queries (27 OPD, 1 period -> 100 OPD, 3 periods):",
        {p: (small[p], large[p]) for p in PERSONAS},
    )
    assert large == small


@pytest.mark.django_db
def test_the_pengampu_verifiers_landing_page_reads_as_many_queries_for_3_open_periods_as_for_1(
    client, city, instrument, inspektorat_admin, all_windows_open, team, pengampu_verifier
):
    """Each open period once cost the verifier's page two more queries (its waiting indicators, its link)."""
    units = [city.units["dinkes"], city.units["dikbud"], *add_opd(city, 5)]
    _period_with_work(city, instrument, units, inspektorat_admin, all_windows_open, team, "RB 2026", 2026)
    one = _counts(client, {"pengampu_verifier": pengampu_verifier})["pengampu_verifier"]
    for year in (2027, 2028):
        _period_with_work(
            city, instrument, units, inspektorat_admin, all_windows_open, team, f"RB {year}", year
        )
    client.force_login(pengampu_verifier)
    page = client.get(reverse("home")).content.decode()
    assert page.count("Halaman verifikasi RB") == 3  # every open period is linked
    assert _counts(client, {"pengampu_verifier": pengampu_verifier})["pengampu_verifier"] == one
