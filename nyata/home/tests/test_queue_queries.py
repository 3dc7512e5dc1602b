"""Every landing page reads a fixed number of queries whatever the number of OPD, open periods,
follow-up items and action plans, and never reads an instrument's whole file once it is parsed."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.db import connection
from django.db.models.signals import post_init
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.evaluations.models import (
    Appeal,
    Assessment,
    Clarification,
    Finding,
    Recommendation,
    TeamMember,
    Verification,
)
from nyata.evaluations.tests.scale import add_opd, open_over
from nyata.followups.models import ActionPlan, Activity, DeskReview, Item, Realisation
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


# Each unit's follow-up items, one per stage that waits for someone (with the OPD, verifying, approval).
ITEM_STAGES = (
    (Item.Stage.WITH_OPD, Item.Status.NOT_STARTED, ""),
    (Item.Stage.VERIFYING, Item.Status.IN_PROGRESS, ""),
    (Item.Stage.APPROVAL, Item.Status.CANNOT, "Kegiatan dihapus dari APBD."),
)
# Each unit's action plan of the year is at one of these in turn (Dinas Kesehatan, the first, returned).
PLAN_STATUSES = (ActionPlan.Status.RETURNED, ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED)


def _follow_up_and_plans(period, admin, evaluator, *, plan_units, year):
    """Follow-up items of every assessment of `period` in every waiting stage, and an action plan of `year`
    for each of `plan_units`: returned, submitted, or approved with three quarters realised and the first
    desk-reviewed (two quarters wait for their desk review)."""
    assessments = list(period.assessments.select_related("unit").order_by("unit__name"))
    findings = Finding.objects.bulk_create(
        Finding(assessment=a, node="I", condition="Belum memadai.", written_by=evaluator) for a in assessments
    )
    recommendations = Recommendation.objects.bulk_create(
        Recommendation(finding=finding, position=position, text=f"Rekomendasi {position} {finding.pk}")
        for finding in findings
        for position in range(1, len(ITEM_STAGES) + 1)
    )
    Item.objects.bulk_create(
        Item(
            recommendation=recommendation,
            assessment=finding.assessment,
            unit=finding.assessment.unit,
            period=period,
            node="I",
            due=date.today() + timedelta(days=30 * (recommendation.position - 2)),
            stage=stage,
            status=status,
            reason=reason,
        )
        for finding in findings
        for recommendation, (stage, status, reason) in zip(
            [r for r in recommendations if r.finding_id == finding.pk], ITEM_STAGES, strict=True
        )
    )
    plans = ActionPlan.objects.bulk_create(
        ActionPlan(unit=unit, year=year, status=PLAN_STATUSES[index % len(PLAN_STATUSES)], created_by=admin)
        for index, unit in enumerate(plan_units)
    )
    approved = [plan for plan in plans if plan.status == ActionPlan.Status.APPROVED]
    activities = Activity.objects.bulk_create(
        Activity(
            plan=plan,
            name="Penyusunan SOP",
            output="SOP",
            indicator="Jumlah SOP",
            target=Decimal(4),
            target_q1=Decimal(1),
            target_q2=Decimal(1),
            target_q3=Decimal(1),
            target_q4=Decimal(1),
            responsible="Kasubbag Umum",
        )
        for plan in approved
    )
    Realisation.objects.bulk_create(
        Realisation(
            activity=a, quarter=q, value=Decimal(1), evidence_url="https://x.example", entered_by=admin
        )
        for a in activities
        for q in (1, 2, 3)
    )
    DeskReview.objects.bulk_create(
        DeskReview(plan=plan, quarter=1, note="Sesuai.", written_by=evaluator) for plan in approved
    )


def _more_opd(city) -> list:
    """73 OPD more, for 100 in all (27 of the city and these)."""
    return [
        UnitFactory(instansi=city.instansi, code=f"opd-{n:03d}", name=f"Satuan Kerja {n:03d}", kind="opd")
        for n in range(26, 99)
    ]


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
    units += _more_opd(city)
    assert len(units) == 100
    for year in (2027, 2028):
        _period_with_work(
            city, instrument, units, inspektorat_admin, all_windows_open, team, f"RB {year}", year
        )
    large = _counts(client, people)
    # A failure names each persona's (before, after) counts.
    assert large == small, {p: (small[p], large[p]) for p in PERSONAS}


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


@pytest.mark.django_db
def test_each_landing_page_reads_as_many_queries_for_the_follow_up_and_plans_of_100_opd_as_of_27(
    client, request, city, instrument, inspektorat_admin, all_windows_open, team
):
    """The queues of follow-up items and action plans once read every item with its period, instansi, unit
    and recommendation as models, and every realisation of every approved plan."""
    people = {persona: request.getfixturevalue(persona) for persona in PERSONAS}
    people["ketua"], people["pengendali"] = team["ketua_tim"], team["pengendali_teknis"]
    units = [city.units["dinkes"], city.units["dikbud"], *add_opd(city, 25)]
    plan_units = [*units, city.units["bagian-organisasi"]]
    period = _period_with_work(
        city, instrument, units, inspektorat_admin, all_windows_open, team, "RB 2026", 2026
    )
    _follow_up_and_plans(period, inspektorat_admin, team["evaluator"], plan_units=plan_units, year=2027)
    client.force_login(inspektorat_admin)
    page = client.get(reverse("home")).content.decode()
    # Every unit's approval and verification, the 9 submitted plans, and 2 quarters of the 9 approved.
    assert page.count("Setujui: tidak dapat ditindaklanjuti") == 27
    assert page.count("Verifikasi laporan tindak lanjut") == 27
    assert page.count("Reviu rencana aksi") == 9
    assert page.count("Tulis catatan reviu realisasi triwulan") == 18
    small = _counts(client, people)
    units += _more_opd(city)
    for year in (2027, 2028):
        period = _period_with_work(
            city, instrument, units, inspektorat_admin, all_windows_open, team, f"RB {year}", year
        )
        _follow_up_and_plans(period, inspektorat_admin, team["evaluator"], plan_units=units, year=year + 1)
    large = _counts(client, people)
    # A failure names each persona's (before, after) counts.
    assert large == small, {p: (small[p], large[p]) for p in PERSONAS}


@pytest.mark.django_db
def test_the_administrators_landing_page_builds_no_model_per_follow_up_item_or_realisation(
    client, city, instrument, inspektorat_admin, all_windows_open, team
):
    """A queue row needs a few names and dates: 54 follow-up rows once built 54 items, recommendations,
    units, periods and instansi, and every approved plan was read with its unit and instansi."""
    units = [city.units["dinkes"], city.units["dikbud"], *add_opd(city, 25)]
    period = _period_with_work(
        city, instrument, units, inspektorat_admin, all_windows_open, team, "RB 2026", 2026
    )
    _follow_up_and_plans(period, inspektorat_admin, team["evaluator"], plan_units=units, year=2027)
    client.force_login(inspektorat_admin)
    client.get(reverse("home"))
    built: dict[str, int] = {}

    def count(sender, **kwargs):
        built[sender.__name__] = built.get(sender.__name__, 0) + 1

    post_init.connect(count)
    try:
        response = client.get(reverse("home"))
    finally:
        post_init.disconnect(count)
    assert response.status_code == 200
    assert response.content.decode().count("Verifikasi laporan tindak lanjut") == 27
    for model in ("Item", "Recommendation", "Activity", "Realisation", "DeskReview"):
        assert built.get(model, 0) == 0, model
    assert built["ActionPlan"] == 18  # the 9 submitted, the 9 approved with quarters waiting
    # Periods and instansi are read a few times per open period (there are two), never once per row.
    assert built["Period"] <= 6, built
    assert built["Instansi"] <= 8, built


@pytest.mark.django_db
def test_no_landing_page_reads_an_instruments_file_once_its_parse_is_cached(
    client, request, city, instrument, inspektorat_admin, all_windows_open, team
):
    """An instrument's row holds its whole file (170 kB for rb-pd); the queues need only its parse."""
    people = {persona: request.getfixturevalue(persona) for persona in PERSONAS}
    people["ketua"], people["pengendali"] = team["ketua_tim"], team["pengendali_teknis"]
    units = [city.units["dinkes"], city.units["dikbud"], *add_opd(city, 3)]
    _period_with_work(city, instrument, units, inspektorat_admin, all_windows_open, team, "RB 2026", 2026)
    for persona, person in people.items():
        client.force_login(person)
        client.get(reverse("home"))  # parses the instrument, once per process
        with CaptureQueriesContext(connection) as queries:
            response = client.get(reverse("home"))
        assert response.status_code == 200, persona
        assert [q["sql"] for q in queries if '"source"' in q["sql"]] == [], persona
