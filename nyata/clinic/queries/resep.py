"""The resep klinik of an OPD: one page for its head joining where the unit gains most (the diagnosis of its
latest result the person may see), its open follow-up items, the action plan answering that result (the next
year's), its unanswered questions, the sessions it missed."""

from dataclasses import dataclass
from datetime import date

from django.http import Http404

from nyata.clinic.models import Faq, Question, Session
from nyata.clinic.queries.sessions import missed_by
from nyata.evaluations.models import Assessment
from nyata.evaluations.queries.standings import GainLine, unit_result
from nyata.followups.dates import today_in
from nyata.followups.models import Item
from nyata.followups.plan_queries import PlanProgress, plan_of, progress
from nyata.org import rules
from nyata.org.models import Instansi, Unit


@dataclass(frozen=True)
class GainAdvice:
    gain: GainLine
    faqs: list[Faq]


@dataclass(frozen=True)
class PlanSeen:
    """The unit's action plan of `year` as this person may read it: `progress` None when the unit has made no
    plan for that year; `may_create` says whether this person may start one (the unit's own people)."""

    year: int
    progress: PlanProgress | None
    may_create: bool


@dataclass(frozen=True)
class Resep:
    unit: Unit
    assessment: Assessment | None  # whose result the diagnosis reads
    preliminary: bool
    gains: list[GainAdvice]
    follow_ups: list[Item]
    plan: PlanSeen
    unanswered: list[Question]
    missed: list[Session]


def get_resep_unit_for_user(user, instansi: Instansi, pk: int) -> Unit:
    unit = Unit.objects.select_related("instansi").filter(instansi=instansi, pk=pk).first()
    if unit is None or not rules.has_perm(user, "clinic.view_resep", unit):
        raise Http404
    return unit


def diagnosed_assessment(user, unit: Unit) -> Assessment | None:
    """The newest evaluated assessment of the unit whose result this person may read: for the OPD, only a
    published one (a preliminary figure is the Inspektorat's until it is released)."""
    candidates = (
        Assessment.objects.filter(unit=unit)
        .exclude(status__in=[Assessment.Status.NOT_SUBMITTED, Assessment.Status.WITHDRAWN])
        .select_related("period__instrument", "period__instansi", "unit")
        .order_by("-period__year", "-period__pk")
    )
    for assessment in candidates:
        if assessment.status in (Assessment.Status.REVIEWED, Assessment.Status.FINALISED) and rules.has_perm(
            user, "evaluations.view_results", assessment
        ):
            return assessment
    return None


def follow_ups_of(unit: Unit) -> list[Item]:
    """The unit's follow-up items still open (nyata/followups), the nearest due date first."""
    return list(
        Item.objects.filter(unit=unit)
        .exclude(stage=Item.Stage.CLOSED)
        .select_related("recommendation")
        .order_by("due", "pk")
    )


def plan_seen(user, unit: Unit, year: int, today: date) -> PlanSeen:
    """The action plan of the year the resep is about. The resep's own check already keeps another OPD's
    people out; the plan's permission is asked too so that the resep never shows more than the plan page."""
    plan = plan_of(unit, year)
    if plan is not None and not rules.has_perm(user, "followups.view_plan", plan):
        plan = None
    return PlanSeen(
        year=year,
        progress=progress(plan, today) if plan is not None else None,
        may_create=plan is None and rules.has_perm(user, "followups.create_plan", unit),
    )


def resep_of(user, unit: Unit, today: date | None = None) -> Resep:
    """`today` (the instansi's day) decides which quarters of the plan have closed."""
    today = today or today_in(unit.instansi)
    assessment = diagnosed_assessment(user, unit)
    gains: list[GainAdvice] = []
    preliminary = False
    if assessment is not None:
        result = unit_result(assessment)
        preliminary = result.preliminary
        codes = [line.node.code for line in result.gains]
        faqs: dict[str, list[Faq]] = {}
        for faq in Faq.objects.filter(
            instansi_id=unit.instansi_id,
            instrument_code=assessment.period.instrument.code,
            indicator__in=codes,
        ):
            faqs.setdefault(faq.indicator, []).append(faq)
        gains = [GainAdvice(line, faqs.get(line.node.code, [])) for line in result.gains]
    unanswered = list(
        Question.objects.filter(unit=unit, status=Question.Status.OPEN)
        .order_by("asked_at")
        .select_related("asked_by")
    )
    return Resep(
        unit=unit,
        assessment=assessment,
        preliminary=preliminary,
        gains=gains,
        follow_ups=follow_ups_of(unit),
        # The plan that answers the diagnosed result: a year's findings are acted on in the next year's plan
        # (the demo's 2025 plans answer the 2024 recommendations). Before any result, the current year's.
        plan=plan_seen(user, unit, assessment.period.year + 1 if assessment else today.year, today),
        unanswered=unanswered,
        missed=missed_by(unit),
    )
