"""Writes of action plans: keyword-only, atomic, on the plan's timeline (PlanStep).

The unit writes while its plan is a draft or returned; the head submits; the Inspektorat approves or
returns with notes (ex ante); once approved, the unit enters each quarter's realisation within that
quarter's window (quarters.py) and the Inspektorat writes its desk-review note. An Excel import replaces
the activities of an editable plan as a whole, or changes nothing and names every bad row (plan_sheet.py)."""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.followups import notices, quarters
from nyata.followups.dates import today_in
from nyata.followups.models import ActionPlan, Activity, DeskReview, Item, PlanStep, Realisation
from nyata.org.models import Unit, User

MAX_TEXT = 5000


@dataclass(frozen=True)
class ActivityData:
    """One activity as typed values (from a form or a row of the workbook)."""

    name: str
    output: str
    indicator: str
    target: Decimal
    targets: tuple[Decimal, Decimal, Decimal, Decimal]
    budget: Decimal
    responsible: str
    node: str = ""
    unit_of_measure: str = ""
    answers: tuple[int, ...] = ()  # follow-up item ids


def _step(plan: ActionPlan, *, by: User, kind: str, quarter: int | None = None, note: str = "") -> None:
    PlanStep.objects.create(plan=plan, actor=by, kind=kind, quarter=quarter, note=note)


def _fresh(plan: ActionPlan) -> ActionPlan:
    return ActionPlan.objects.select_for_update(of=("self",)).select_related("unit__instansi").get(pk=plan.pk)


def _require_editable(plan: ActionPlan) -> None:
    if not plan.is_editable:
        raise ValidationError(
            _("The plan is %(status)s: it is no longer changed.")
            % {"status": plan.get_status_display().lower()}
        )


def check_activity(plan: ActionPlan, data: ActivityData) -> list[tuple[str, str]]:
    """(field, message) for every problem of one activity; empty when it may be stored."""
    problems = []
    for name in ("name", "output", "indicator", "responsible"):
        value = getattr(data, name)
        if not value.strip():
            problems.append((name, _("This field is required.")))
        elif len(value) > 500:
            problems.append((name, _("At most %(n)d characters.") % {"n": 500}))
    if data.target < 0 or any(t < 0 for t in data.targets) or data.budget < 0:
        problems.append(("target", _("Targets and budget cannot be negative.")))
    if data.answers:
        own = set(Item.objects.filter(pk__in=data.answers, unit_id=plan.unit_id).values_list("pk", flat=True))
        if own != set(data.answers):
            problems.append(
                ("answers", _("Choose only recommendations of %(unit)s.") % {"unit": plan.unit.name})
            )
    return problems


def _raise(problems: list[tuple[str, str]]) -> None:
    if problems:
        errors: dict[str, list[str]] = {}
        for name, message in problems:
            errors.setdefault(name, []).append(message)
        raise ValidationError(errors)


def _fill(activity: Activity, data: ActivityData) -> None:
    activity.name, activity.output, activity.indicator = (
        data.name.strip(),
        data.output.strip(),
        data.indicator.strip(),
    )
    activity.target, activity.budget, activity.responsible = (
        data.target,
        data.budget,
        data.responsible.strip(),
    )
    activity.node, activity.unit_of_measure = data.node.strip(), data.unit_of_measure.strip()
    activity.target_q1, activity.target_q2, activity.target_q3, activity.target_q4 = data.targets


@transaction.atomic
def create_plan(*, unit: Unit, year: int, by: User) -> ActionPlan:
    if ActionPlan.objects.filter(unit=unit, year=year).exists():
        raise ValidationError(
            _("%(unit)s already has an action plan for %(year)d.") % {"unit": unit.name, "year": year}
        )
    plan = ActionPlan(unit=unit, year=year, created_by=by)
    plan._history_user = by
    plan.save()
    _step(plan, by=by, kind="created")
    return plan


@transaction.atomic
def save_activity(
    *, plan: ActionPlan, data: ActivityData, activity: Activity | None = None, by: User
) -> Activity:
    plan = _fresh(plan)
    _require_editable(plan)
    _raise(check_activity(plan, data))
    if activity is not None and activity.plan_id != plan.pk:
        raise ValidationError(_("This activity belongs to another plan."))
    kind = "activity_changed" if activity is not None else "activity_saved"
    if activity is None:
        activity = Activity(plan=plan, position=plan.activities.count() + 1)
    _fill(activity, data)
    activity._history_user = by
    activity.save()
    activity.answers.set(data.answers)
    _step(plan, by=by, kind=kind, note=activity.name)
    return activity


@transaction.atomic
def delete_activity(*, activity: Activity, by: User) -> None:
    plan = _fresh(activity.plan)
    _require_editable(plan)
    _step(plan, by=by, kind="activity_deleted", note=activity.name)
    activity._history_user = by
    activity.delete()


@transaction.atomic
def replace_activities(*, plan: ActionPlan, rows: list[ActivityData], by: User) -> list[Activity]:
    """The import: every activity of the plan replaced by `rows` (already checked row by row)."""
    plan = _fresh(plan)
    _require_editable(plan)
    if not rows:
        raise ValidationError(_("The file holds no activity."))
    for old in plan.activities.all():
        old._history_user = by
        old.delete()
    created = []
    for position, data in enumerate(rows, start=1):
        activity = Activity(plan=plan, position=position)
        _fill(activity, data)
        activity._history_user = by
        activity.save()
        activity.answers.set(data.answers)
        created.append(activity)
    _step(plan, by=by, kind="imported", note=str(len(created)))
    return created


@transaction.atomic
def submit_plan(*, plan: ActionPlan, by: User) -> ActionPlan:
    plan = _fresh(plan)
    _require_editable(plan)
    if not plan.activities.exists():
        raise ValidationError(_("Write at least one activity before submitting the plan."))
    plan.status = ActionPlan.Status.SUBMITTED
    plan._history_user = by
    plan.save(update_fields=["status"])
    _step(plan, by=by, kind="submitted")
    notices.plan_submitted(plan)
    return plan


@transaction.atomic
def review_plan(*, plan: ActionPlan, approve: bool, note: str, by: User) -> ActionPlan:
    """The Inspektorat's ex-ante review: approve, or return with notes (required)."""
    plan = _fresh(plan)
    if plan.status != ActionPlan.Status.SUBMITTED:
        raise ValidationError(_("Only a submitted plan is reviewed."))
    note = note.strip()
    if not approve and not note:
        raise ValidationError({"note": [_("Say what the unit must change.")]})
    plan.status = ActionPlan.Status.APPROVED if approve else ActionPlan.Status.RETURNED
    plan.review_note, plan.reviewed_by, plan.reviewed_at = note, by, timezone.now()
    plan._history_user = by
    plan.save(update_fields=["status", "review_note", "reviewed_by", "reviewed_at"])
    _step(plan, by=by, kind="approved" if approve else "returned", note=note)
    notices.plan_reviewed(plan)
    return plan


def _require_quarter(plan: ActionPlan, quarter: int) -> None:
    if plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError(_("Realisation is entered on an approved plan only."))
    if quarter not in quarters.ROMAN:
        raise ValidationError({"quarter": [_("Choose a quarter.")]})
    opens, closes = quarters.window(plan.year, quarter)
    if not opens <= today_in(plan.unit.instansi) <= closes:
        raise ValidationError(
            _("The window of %(quarter)s runs from %(opens)s to %(closes)s.")
            % {
                "quarter": quarters.label(quarter),
                "opens": opens.strftime("%d-%m-%Y"),
                "closes": closes.strftime("%d-%m-%Y"),
            }
        )


@transaction.atomic
def record_realisation(
    *,
    activity: Activity,
    quarter: int,
    value: Decimal,
    evidence_url: str,
    constraints: str,
    solutions: str,
    by: User,
) -> Realisation:
    plan = _fresh(activity.plan)
    _require_quarter(plan, quarter)
    if value < 0:
        raise ValidationError({"value": [_("The realisation cannot be negative.")]})
    try:
        URLValidator(schemes=["http", "https"])(evidence_url.strip())
    except ValidationError:
        raise ValidationError(
            {"evidence_url": [_("Enter a full web address starting with https:// or http://.")]}
        ) from None
    realisation = Realisation.objects.filter(activity=activity, quarter=quarter).first() or Realisation(
        activity=activity, quarter=quarter
    )
    realisation.value, realisation.evidence_url = value, evidence_url.strip()
    realisation.constraints, realisation.solutions = (
        constraints.strip()[:MAX_TEXT],
        solutions.strip()[:MAX_TEXT],
    )
    realisation.entered_by = by
    realisation._history_user = by
    realisation.save()
    _step(plan, by=by, kind="realised", quarter=quarter, note=activity.name)
    return realisation


@transaction.atomic
def write_desk_review(*, plan: ActionPlan, quarter: int, note: str, by: User) -> DeskReview:
    plan = _fresh(plan)
    if plan.status != ActionPlan.Status.APPROVED:
        raise ValidationError(_("Desk review is written on an approved plan only."))
    if quarter not in quarters.ROMAN or quarters.window(plan.year, quarter)[0] > today_in(plan.unit.instansi):
        raise ValidationError({"quarter": [_("That quarter's window has not opened yet.")]})
    note = note.strip()
    if not note:
        raise ValidationError({"note": [_("This field is required.")]})
    review = DeskReview.objects.filter(plan=plan, quarter=quarter).first() or DeskReview(
        plan=plan, quarter=quarter
    )
    review.note, review.written_by = note[:MAX_TEXT], by
    review._history_user = by
    review.save()
    _step(plan, by=by, kind="desk_review", quarter=quarter, note=note)
    return review
