"""The `follow-up` and `action-plan` sources of the evaluation feed (nyata.evaluations.feeds, issue 11 "back
into the score"; docs/instrument-extensions.md says what each counts):

- `follow-up`: the share of the unit's recommendations of the previous period closed as recommended
  (sesuai rekomendasi) by the cut-off, the recommendations the Inspektur approved as tidak dapat
  ditindaklanjuti left out;
- `action-plan`: for the unit's approved action plan of the period's year, the share of its quarterly
  targets (activity × quarter, target above zero) whose realisation reached the target, over the quarters
  whose window closed by the cut-off and that the Inspektorat desk-reviewed.

The cut-off of both is the end of the period's self-assessment window (the same moment for every unit,
extensions granted to one unit do not move it): the answer the OPD submits is the figure at the close of
self-assessment. Where there is nothing to count (no previous period, no recommendations, no approved plan,
no reviewed quarter), nothing is filled: the indicator stays for the evaluator, never a made-up 100."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.core.numbers import figure
from nyata.evaluations import feeds
from nyata.evaluations.models import Assessment, Period, Phase, PhaseWindow
from nyata.followups import quarters
from nyata.followups.models import ActionPlan, DeskReview, Schedule
from nyata.followups.plan_queries import PlanFigure, plan_figures
from nyata.followups.queries import FollowUpFigure, closed_by

FOLLOW_UP = "follow-up"
ACTION_PLAN = "action-plan"


def cut_off_of(period: Period) -> datetime | None:
    """The end of the period's self-assessment window (None if the period has none)."""
    return (
        PhaseWindow.objects.filter(period=period, phase=Phase.SELF_ASSESSMENT)
        .values_list("ends_at", flat=True)
        .first()
    )


def _moment(period: Period, at: datetime) -> str:
    return date_format(timezone.localtime(at, ZoneInfo(period.instansi.time_zone)), "j F Y H:i")


# --- follow-up ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FollowUpDetail:
    previous: Period | None  # the period whose recommendations count
    opened: bool  # follow-up of the previous period was opened
    cut_off: datetime | None
    figure: FollowUpFigure | None  # None: the unit had no recommendation in the previous period


def _follow_up_explanation(detail: FollowUpDetail, period: Period) -> str:
    counted = detail.figure
    text = _(
        "Filled from the follow-up of the recommendations of %(previous)s: %(done)s of %(counted)s closed as "
        "recommended (sesuai rekomendasi) by %(cut_off)s, the end of self-assessment (%(percent)s%%)."
    ) % {
        "previous": detail.previous.title,
        "done": figure(counted.done),
        "counted": figure(counted.counted),
        "cut_off": _moment(period, detail.cut_off),
        "percent": figure(counted.percent),
    }
    if counted.cannot:
        text += " " + _(
            "%(n)s approved by the Inspektur as cannot be followed up (tidak dapat ditindaklanjuti) are not "
            "counted."
        ) % {"n": figure(counted.cannot)}
    return text


def follow_up_fed(assessment: Assessment, _key: str = "") -> feeds.Fed:
    period = assessment.period
    previous = period.previous
    opened = previous is not None and Schedule.objects.filter(period=previous).exists()
    cut_off = cut_off_of(period) if opened else None
    counted = (
        closed_by(previous, cut_off, [assessment.unit_id]).get(assessment.unit_id)
        if opened and cut_off is not None
        else None
    )
    detail = FollowUpDetail(previous, opened, cut_off, counted)
    value = counted.percent if counted is not None else None
    url = ""
    if counted is not None:
        url = reverse("followups:unit", args=[period.instansi.code, previous.pk, assessment.unit_id])
    elif opened:
        url = reverse("followups:overview", args=[period.instansi.code])
    return feeds.Fed(
        source=FOLLOW_UP,
        value=value,
        explanation=_follow_up_explanation(detail, period) if value is not None else "",
        detail=detail,
        template="followups/feeds/follow_up.html",
        url=url,
    )


# --- action plan -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanDetail:
    year: int
    plan: ActionPlan | None
    cut_off: datetime | None
    counted: tuple[str, ...]  # the quarters counted, "TW I", ...
    waiting: tuple[str, ...]  # closed quarters the Inspektorat has not desk-reviewed: not counted yet
    figure: PlanFigure | None

    @property
    def approved(self) -> bool:
        return self.plan is not None and self.plan.status == ActionPlan.Status.APPROVED


def _counted_quarters(plan: ActionPlan, cut_off: datetime) -> tuple[list[int], list[int]]:
    """The quarters whose realisation window closed by the cut-off and that the Inspektorat desk-reviewed
    by then (realisations are the unit's own entries: only reviewed ones reach the score), and the closed
    ones still waiting for the review."""
    day = timezone.localtime(cut_off, ZoneInfo(plan.unit.instansi.time_zone)).date()
    closed = quarters.closed_quarters(plan.year, day)
    reviewed = set(
        DeskReview.objects.filter(plan=plan, quarter__in=closed, written_at__lte=cut_off).values_list(
            "quarter", flat=True
        )
    )
    return [q for q in closed if q in reviewed], [q for q in closed if q not in reviewed]


def _plan_explanation(detail: PlanDetail, period: Period) -> str:
    return _(
        "Filled from the approved action plan %(year)s: %(realised)s of %(targets)s quarterly targets "
        "realised in %(quarters)s, desk-reviewed by the Inspektorat by %(cut_off)s (%(percent)s%%)."
    ) % {
        "year": detail.year,
        "realised": figure(detail.figure.realised),
        "targets": figure(detail.figure.targets),
        "quarters": ", ".join(detail.counted),
        "cut_off": _moment(period, detail.cut_off),
        "percent": figure(detail.figure.percent),
    }


def action_plan_fed(assessment: Assessment, _key: str = "") -> feeds.Fed:
    period = assessment.period
    plan = (
        ActionPlan.objects.filter(unit_id=assessment.unit_id, year=period.year)
        .select_related("unit__instansi")
        .first()
    )
    cut_off = cut_off_of(period) if plan is not None else None
    counted, waiting, found = [], [], None
    if plan is not None and plan.status == ActionPlan.Status.APPROVED and cut_off is not None:
        counted, waiting = _counted_quarters(plan, cut_off)
        found = plan_figures(plan.year, [plan.unit_id], counted).get(plan.unit_id) if counted else None
    detail = PlanDetail(
        period.year,
        plan,
        cut_off,
        tuple(quarters.label(q) for q in counted),
        tuple(quarters.label(q) for q in waiting),
        found,
    )
    value = found.percent if found is not None else None
    return feeds.Fed(
        source=ACTION_PLAN,
        value=value,
        explanation=_plan_explanation(detail, period) if value is not None else "",
        detail=detail,
        template="followups/feeds/action_plan.html",
        url=reverse("followups:plan", args=[period.instansi.code, plan.pk]) if plan is not None else "",
    )


feeds.register(
    feeds.Source(
        name=FOLLOW_UP,
        read=follow_up_fed,
        event="filled_from_follow_up",
        refusal=gettext_lazy(
            "This answer is filled from the follow-up of the previous period's recommendations, as the "
            "Inspektorat verified it; it cannot be typed in."
        ),
    )
)
feeds.register(
    feeds.Source(
        name=ACTION_PLAN,
        read=action_plan_fed,
        event="filled_from_action_plan",
        refusal=gettext_lazy(
            "This answer is filled from the unit's approved action plan and its desk-reviewed quarterly "
            "realisation; it cannot be typed in."
        ),
    )
)
