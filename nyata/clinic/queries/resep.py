"""The resep klinik of an OPD: one page for its head joining where the unit gains most (the diagnosis of its
latest result the person may see), its follow-up items, its unanswered questions, the sessions it missed."""

from dataclasses import dataclass, field

from django.http import Http404

from nyata.clinic.models import Faq, Question, Session
from nyata.clinic.queries.sessions import missed_by
from nyata.evaluations.models import Assessment
from nyata.evaluations.queries.standings import GainLine, unit_result
from nyata.followups.models import Item
from nyata.org import rules
from nyata.org.models import Instansi, Unit


@dataclass(frozen=True)
class GainAdvice:
    gain: GainLine
    faqs: list[Faq]


@dataclass(frozen=True)
class FollowUps:
    """The unit's open follow-up items (nyata/followups); `tracked` False says follow-up is not in use."""

    tracked: bool
    items: list = field(default_factory=list)


@dataclass(frozen=True)
class Resep:
    unit: Unit
    assessment: Assessment | None  # whose result the diagnosis reads
    preliminary: bool
    gains: list[GainAdvice]
    follow_ups: FollowUps
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


def follow_ups_of(unit: Unit) -> FollowUps:
    """The unit's follow-up items still open (nyata/followups), the nearest due date first."""
    items = (
        Item.objects.filter(unit=unit)
        .exclude(stage=Item.Stage.CLOSED)
        .select_related("recommendation")
        .order_by("due", "pk")
    )
    return FollowUps(tracked=True, items=list(items))


def resep_of(user, unit: Unit) -> Resep:
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
        unanswered=unanswered,
        missed=missed_by(unit),
    )
