"""Reads of action plans: the permission-checked getter (404 for whoever may not see), the plans of a
year, one plan's grid of targets and realisations per quarter, and the figures for the score
(`source: action-plan`: plan approved; share of quarterly targets realised), each in a fixed number of
queries."""

from dataclasses import dataclass
from datetime import date, datetime, time
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Exists, OuterRef, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.evaluations.models import TeamMember
from nyata.evaluations.queries.queues import WorkItem
from nyata.followups import quarters
from nyata.followups.models import ActionPlan, Activity, DeskReview, Realisation
from nyata.followups.rules import is_plan_staff, sees_every_unit
from nyata.org import rules
from nyata.org.models import Instansi, Role, Unit

PLAN_UNIT_KINDS = (Unit.Kind.OPD, Unit.Kind.PENGAMPU)


def visible_plans(user, instansi: Instansi) -> QuerySet[ActionPlan]:
    plans = ActionPlan.objects.filter(unit__instansi=instansi)
    if sees_every_unit(user, instansi.pk):
        return plans
    own = {g.unit_id for g in rules.grants_of(user) if g.unit_id and is_plan_staff(user, g.unit_id)}
    return plans.filter(unit_id__in=own)


def get_plan_for_user(user, instansi: Instansi, pk: int) -> ActionPlan:
    plan = visible_plans(user, instansi).select_related("unit__instansi", "reviewed_by").filter(pk=pk).first()
    if plan is None:
        raise Http404
    return plan


def get_activity(plan: ActionPlan, pk: int) -> Activity:
    activity = plan.activities.filter(pk=pk).first()
    if activity is None:
        raise Http404
    return activity


def own_plan_units(user, instansi: Instansi) -> list[Unit]:
    """Units whose plan this person writes (an OPD's staff, a unit pengampu's verifiers)."""
    ids = {
        g.unit_id
        for g in rules.grants_of(user)
        if g.instansi_id == instansi.pk and g.role in (*rules.UNIT_ROLES, Role.PENGAMPU_VERIFIER)
    }
    return list(Unit.objects.filter(pk__in=ids, is_active=True).order_by("name"))


def year_rows(user, instansi: Instansi, year: int) -> list[tuple[Unit, ActionPlan | None]]:
    """Every unit this person sees with its plan of the year (None when it has none yet)."""
    if sees_every_unit(user, instansi.pk):
        units = list(
            Unit.objects.filter(instansi=instansi, kind__in=PLAN_UNIT_KINDS, is_active=True).order_by("name")
        )
    else:
        units = own_plan_units(user, instansi)
    plans = {p.unit_id: p for p in ActionPlan.objects.filter(unit__in=units, year=year)}
    return [(unit, plans.get(unit.pk)) for unit in units]


@dataclass
class Cell:
    target: Decimal
    realisation: Realisation | None

    @property
    def met(self) -> bool:
        return self.realisation is not None and self.realisation.value >= self.target


@dataclass
class Line:
    activity: Activity
    cells: list[Cell]


def grid(plan: ActionPlan) -> list[Line]:
    activities = list(plan.activities.prefetch_related("answers"))
    realised = {
        (r.activity_id, r.quarter): r
        for r in Realisation.objects.filter(activity__plan=plan).select_related("entered_by")
    }
    return [
        Line(a, [Cell(a.target_of(q), realised.get((a.pk, q))) for q in quarters.ROMAN]) for a in activities
    ]


def plan_of(unit: Unit, year: int) -> ActionPlan | None:
    """The unit's plan of the year, None when it has made none (one per unit and year)."""
    return ActionPlan.objects.filter(unit=unit, year=year).select_related("unit__instansi").first()


@dataclass(frozen=True)
class QuarterProgress:
    quarter: int
    target: Decimal
    realised: Decimal | None  # None: nothing entered for the quarter
    closed: bool  # the quarter's window has closed: its realisation is final

    @property
    def label(self) -> str:
        return quarters.label(self.quarter)

    @property
    def share(self) -> Decimal | None:
        """The share of the target reached, for a closed quarter with a target (the score counts the same)."""
        if not self.closed or self.target <= 0:
            return None
        return ((self.realised or Decimal(0)) * 100 / self.target).quantize(
            Decimal("0.1"), rounding=ROUND_HALF_UP
        )

    @property
    def behind(self) -> bool:
        return self.share is not None and self.share < 100


@dataclass(frozen=True)
class ActivityProgress:
    activity: Activity
    quarters: list[QuarterProgress]

    @property
    def behind(self) -> bool:
        return any(q.behind for q in self.quarters)


@dataclass(frozen=True)
class PlanProgress:
    """A plan as its unit's head reads it: each activity's quarterly targets, what was realised so far, the
    share reached in every closed quarter, and the Inspektorat's latest desk-review note."""

    plan: ActionPlan
    activities: list[ActivityProgress]
    latest_review: DeskReview | None

    @property
    def behind(self) -> list[ActivityProgress]:
        return [a for a in self.activities if a.behind]

    @property
    def latest_review_label(self) -> str:
        return quarters.label(self.latest_review.quarter) if self.latest_review else ""


def progress(plan: ActionPlan, today: date) -> PlanProgress:
    """Shares are read only of an approved plan: realisation is entered once the plan is approved, so a
    draft's closed quarters are not "behind", they were never monitored."""
    approved = plan.status == ActionPlan.Status.APPROVED
    closed = set(quarters.closed_quarters(plan.year, today)) if approved else set()
    activities = [
        ActivityProgress(
            line.activity,
            [
                QuarterProgress(
                    q, cell.target, cell.realisation.value if cell.realisation else None, q in closed
                )
                for q, cell in zip(quarters.ROMAN, line.cells, strict=True)
            ],
        )
        for line in grid(plan)
    ]
    latest = plan.desk_reviews.order_by("-quarter").first()
    return PlanProgress(plan, activities, latest)


# --- figures for the score (source: action-plan) -----------------------------------------------------------


@dataclass(frozen=True)
class PlanFigure:
    approved: bool
    targets: int  # (activity, quarter) pairs with a target, in the quarters counted
    realised: int  # of those, the ones whose realisation reached the target

    @property
    def percent(self) -> Decimal | None:
        if not self.targets:
            return None
        return (Decimal(self.realised) * 100 / self.targets).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def plan_figures(year: int, unit_ids, counted_quarters=(1, 2, 3, 4)) -> dict[int, PlanFigure]:
    """unit id -> whether its plan of `year` is approved and the share of its quarterly targets (of the
    counted quarters, target above zero) that the realisation reached. Two queries whatever the size."""
    plans = {p.pk: p for p in ActionPlan.objects.filter(year=year, unit_id__in=unit_ids)}
    targets: dict[int, int] = dict.fromkeys(plans, 0)
    realised: dict[int, int] = dict.fromkeys(plans, 0)
    values = {
        (activity_id, quarter): value
        for activity_id, quarter, value in Realisation.objects.filter(
            activity__plan__in=plans, quarter__in=counted_quarters
        ).values_list("activity_id", "quarter", "value")
    }
    for activity in Activity.objects.filter(plan__in=plans).only(
        "pk", "plan_id", "target_q1", "target_q2", "target_q3", "target_q4"
    ):
        for quarter in counted_quarters:
            target = activity.target_of(quarter)
            if target > 0:
                targets[activity.plan_id] += 1
                if values.get((activity.pk, quarter), Decimal(-1)) >= target:
                    realised[activity.plan_id] += 1
    return {
        plan.unit_id: PlanFigure(plan.status == ActionPlan.Status.APPROVED, targets[pk], realised[pk])
        for pk, plan in plans.items()
    }


# --- work queues of the landing pages ------------------------------------------------------------------


@dataclass(frozen=True)
class PlanYear:
    """Where a work item names its evaluation period, a plan's work names the plan's year."""

    title: str
    instansi: Instansi


def _end_of(day: date, instansi: Instansi) -> datetime:
    return datetime.combine(day, time(23, 59), ZoneInfo(instansi.time_zone))


def _plan_work(plan: ActionPlan, what: str, action: str, due: datetime, detail: str = "") -> WorkItem:
    instansi = plan.unit.instansi
    return WorkItem(
        what=what,
        unit=plan.unit.name,
        period=PlanYear(_("Action plan %(year)s") % {"year": plan.year}, instansi),
        url=reverse("followups:plan", args=[instansi.code, plan.pk]),
        action=action,
        detail=detail,
        due=due,
        late=due < timezone.now(),
    )


def _ex_ante_due(plan: ActionPlan) -> datetime:
    """The plan is reviewed ex ante: approved before its year starts."""
    return _end_of(date(plan.year - 1, 12, 31), plan.unit.instansi)


def opd_plan_queue(user) -> list[WorkItem]:
    """Plans returned with notes wait for the unit's own people (an OPD's staff, a pengampu's verifiers)."""
    own = {g.unit_id for g in rules.grants_of(user) if g.unit_id and is_plan_staff(user, g.unit_id)}
    if not own:
        return []
    plans = ActionPlan.objects.filter(unit_id__in=own, status=ActionPlan.Status.RETURNED).select_related(
        "unit__instansi"
    )
    return [
        _plan_work(
            plan,
            _("Revise the action plan returned with notes"),
            _("Revise"),
            _ex_ante_due(plan),
            plan.review_note[:80],
        )
        for plan in plans
    ]


def inspektorat_plan_queue(user, instansi: Instansi) -> list[WorkItem]:
    """Submitted plans to review, and quarters realised but not yet desk-reviewed: for the administrator
    all of them, for an evaluator those of the units whose team they sit on. Two queries whatever the
    number of plans, activities and quarters."""
    plans = ActionPlan.objects.filter(unit__instansi=instansi)
    if not rules.manages_instansi(user, instansi.pk):
        seated = TeamMember.objects.filter(user=user).values("assessment__unit_id")
        plans = plans.filter(unit_id__in=seated)
    # The (plan, quarter) pairs realised without their desk review, found in SQL. The models' default
    # orderings are cleared: they would add their columns to the DISTINCT (one row per realisation).
    reviewed = DeskReview.objects.filter(plan_id=OuterRef("activity__plan_id"), quarter=OuterRef("quarter"))
    realised = (
        Realisation.objects.filter(activity__plan__in=plans.filter(status=ActionPlan.Status.APPROVED))
        .filter(~Exists(reviewed))
        .order_by()
        .values_list("activity__plan_id", "quarter")
        .distinct()
    )
    waiting = sorted(realised)
    wanted = plans.filter(
        Q(status=ActionPlan.Status.SUBMITTED) | Q(pk__in={plan_id for plan_id, _quarter in waiting})
    )
    found = {plan.pk: plan for plan in wanted.select_related("unit")}
    for plan in found.values():
        plan.unit.instansi = instansi  # every plan here is the instansi's: one instance for all
    submitted = [
        _plan_work(plan, _("Review an action plan"), _("Review"), _ex_ante_due(plan))
        for plan in found.values()
        if plan.status == ActionPlan.Status.SUBMITTED
    ]
    waiting_work = [
        _plan_work(
            found[plan_id],
            _("Write the desk review of a quarter's realisation"),
            _("Review"),
            _end_of(quarters.window(found[plan_id].year, quarter)[1], instansi),
            quarters.label(quarter),
        )
        for plan_id, quarter in waiting
        if plan_id in found and found[plan_id].status == ActionPlan.Status.APPROVED
    ]
    return submitted + waiting_work
