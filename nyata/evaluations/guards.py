"""The server-side checks every write in a period passes: the lock (of the period, and of a unit that is
finalised, closed or withdrawn), the phase window, the stage. A refusal names what blocks and until when,
in the instansi's own time zone; pages ask the same checks beforehand (`refusal`) to warn in the same words.
"""

from collections.abc import Callable
from datetime import datetime
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nyata.evaluations.models import Assessment, Event, Period, Phase, WindowExtension
from nyata.evaluations.workflow import TIER_LABELS, TIER_OF_ACT
from nyata.org.models import TIME_ZONES

ZONE_NAMES = {zone: label.split(" ")[0] for zone, label in TIME_ZONES}  # "Asia/Makassar" -> "WITA"


class PeriodLocked(ValidationError):
    pass


class UnitClosed(PeriodLocked):
    """One unit is finalised, closed as not submitted or withdrawn: its assessment no longer changes, while
    the other units of the period go on."""


class WindowClosed(ValidationError):
    pass


def window_end(period: Period, phase: str, unit_id: int | None) -> tuple[datetime, datetime] | None:
    """(start, end) of a phase for a unit, its latest extension included; None if the phase has no window."""
    window = next((w for w in period.windows.all() if w.phase == phase), None)
    if window is None:
        return None
    end = window.ends_at
    if unit_id is not None:
        extended = (
            WindowExtension.objects.filter(period=period, unit_id=unit_id, phase=phase)
            .order_by("-ends_at")
            .first()
        )
        if extended is not None and extended.ends_at > end:
            end = extended.ends_at
    return window.starts_at, end


def unit_windows(period: Period, unit_id: int | None) -> dict[str, tuple[datetime, datetime]]:
    """phase -> (start, end) of every scheduled window for a unit (its extensions included), in two
    queries: what a page shows; window_end answers for one phase in an action."""
    bounds = {window.phase: (window.starts_at, window.ends_at) for window in period.windows.all()}
    if unit_id is not None:
        # A list page prefetches the unit's extensions of each period as unit_extensions: no query per period.
        prefetched = getattr(period, "unit_extensions", None)
        extensions = (
            [(e.phase, e.ends_at) for e in prefetched if e.unit_id == unit_id]
            if prefetched is not None
            else WindowExtension.objects.filter(period=period, unit_id=unit_id).values_list(
                "phase", "ends_at"
            )
        )
        for phase, ends_at in extensions:
            if phase in bounds and ends_at > bounds[phase][1]:
                bounds[phase] = (bounds[phase][0], ends_at)
    return bounds


def moment_text(moment: datetime, time_zone: str) -> str:
    """A moment as the instansi reads it ('3 Mei 2026 14:00 WITA'), whatever zone the reader is in."""
    local = moment.astimezone(ZoneInfo(time_zone))
    return f"{date_format(local, 'j F Y H:i')} {ZONE_NAMES.get(time_zone, time_zone)}".strip()


def _when(period: Period, moment: datetime) -> str:
    return moment_text(moment, period.instansi.time_zone)


def require_unlocked(period: Period, *, unit_id: int | None = None) -> None:
    """Refuse a write in a locked period, or (given a unit) in a unit that is finalised, closed or withdrawn.

    Read from the database, not the caller's copy: a period or unit finalised a moment ago is locked now."""
    if Period.objects.filter(pk=period.pk, status=Period.Status.FINALISED).exists():
        raise PeriodLocked(_("This period is finalised and locked: nothing in it can be changed."))
    if unit_id is None:
        return
    closed = (
        Assessment.objects.filter(period_id=period.pk, unit_id=unit_id)
        .values_list("status", "unit__name")
        .first()
    )
    if closed is None:
        return
    status, unit = closed
    if status == Assessment.Status.FINALISED:
        raise UnitClosed(
            _("The assessment of %(unit)s is finalised: its results are published and can no longer change.")
            % {"unit": unit}
        )
    if status == Assessment.Status.NOT_SUBMITTED:
        raise UnitClosed(
            _(
                "%(unit)s was closed as not submitted (tidak menyampaikan): "
                "its assessment can no longer change."
            )
            % {"unit": unit}
        )
    if status == Assessment.Status.WITHDRAWN:
        raise UnitClosed(
            _("%(unit)s was withdrawn from this period: its assessment can no longer change.")
            % {"unit": unit}
        )


def require_open(assessment: Assessment) -> None:
    require_unlocked(assessment.period, unit_id=assessment.unit_id)


def window_refusal(
    period: Period, phase: str, *, unit_id: int | None, now: datetime | None = None
) -> WindowClosed | None:
    """Why the phase's window does not take a write now (not yet open, closed, never scheduled), or None."""
    bounds = window_end(period, phase, unit_id)
    label = Phase(phase).label
    if bounds is None:
        return WindowClosed(
            _("The %(phase)s window is not scheduled in this period: nothing of this phase can be saved.")
            % {"phase": label}
        )
    start, end = bounds
    now = now or timezone.now()
    if now < start:
        return WindowClosed(
            _("The %(phase)s window opens on %(when)s: this cannot be saved before then.")
            % {"phase": label, "when": _when(period, start)}
        )
    if now >= end:
        return WindowClosed(
            _("The %(phase)s window closed on %(when)s: this can no longer be saved.")
            % {"phase": label, "when": _when(period, end)}
        )
    return None


def require_window(period: Period, phase: str, *, unit_id: int | None, now: datetime | None = None) -> None:
    """Refuse a write outside the phase's window, saying which window and when it opens or closed."""
    require_unlocked(period, unit_id=unit_id)
    refused = window_refusal(period, phase, unit_id=unit_id, now=now)
    if refused is not None:
        raise refused


def require_status(assessment: Assessment, *statuses: str) -> None:
    if assessment.status not in statuses:
        raise ValidationError(
            _("This cannot be done while the assessment is at the stage: %(stage)s.")
            % {"stage": assessment.get_status_display()}
        )


def fresh(assessment: Assessment) -> Assessment:
    """The assessment as stored now, locked for this transaction: decisions never rest on a stale copy."""
    return (
        Assessment.objects.select_for_update()
        .select_related("period__instrument", "period__instansi", "unit")
        .get(pk=assessment.pk)
    )


def fresh_units(period: Period, assessments: list[Assessment]) -> list[Assessment]:
    """The chosen units as stored now, locked for this transaction: at least one, all of this period."""
    if not assessments:
        raise ValidationError(_("Choose at least one unit."))
    ids = {a.pk for a in assessments}
    found = list(
        Assessment.objects.select_for_update()
        .filter(period_id=period.pk, pk__in=ids)
        .select_related("unit", "period__instrument", "period__instansi")
        .order_by("unit__name")
    )
    if len(found) != len(ids):
        raise ValidationError(_("Every chosen unit must take part in this period."))
    return found


def phase_is_open(period: Period, phase: str, *, unit_id: int | None, now: datetime | None = None) -> bool:
    try:
        require_window(period, phase, unit_id=unit_id, now=now)
    except ValidationError:
        return False
    return True


def require_either_window(
    period: Period, main: str, follow_up: str, *, unit_id: int | None, now: datetime | None = None
) -> None:
    """Writes of the `main` phase are also taken in the `follow_up` window; a refusal names the main window
    (the one the work belongs to), and says when the follow-up window opens if it is still to come."""
    require_unlocked(period, unit_id=unit_id)
    refused = window_refusal(period, main, unit_id=unit_id, now=now)
    if refused is None or window_refusal(period, follow_up, unit_id=unit_id, now=now) is None:
        return
    main_bounds, bounds = window_end(period, main, unit_id), window_end(period, follow_up, unit_id)
    now = now or timezone.now()
    if main_bounds is not None and bounds is not None and main_bounds[1] <= now < bounds[0]:
        raise WindowClosed(
            _("%(refusal)s It is taken again in the %(phase)s window from %(when)s.")
            % {
                "refusal": " ".join(refused.messages),
                "phase": Phase(follow_up).label,
                "when": _when(period, bounds[0]),
            }
        )
    raise refused


def require_review_window(assessment: Assessment) -> None:
    """Reviews are written in the desk-review window or, for follow-up, in the clarification window; a
    refusal names the desk-review window, the one that blocks."""
    require_either_window(
        assessment.period, Phase.DESK_REVIEW, Phase.CLARIFICATION, unit_id=assessment.unit_id
    )


def refusal(check: Callable[[], None]) -> str:
    """The words a write would be refused with, without writing: '' when `check` passes."""
    try:
        check()
    except ValidationError as error:
        return " ".join(error.messages)
    return ""


def require_one_tier(assessment: Assessment, *, tier: str, by) -> None:
    """Refuse an act of `tier` by someone who already acted in another review tier of this assessment
    (`by`: the person who would act)."""
    others = [kind for kind, acted_tier in TIER_OF_ACT.items() if acted_tier != tier]
    acted = (
        Event.objects.filter(assessment_id=assessment.pk, actor_id=by.pk, kind__in=others)
        .values_list("kind", flat=True)
        .first()
    )
    if acted is not None:
        raise ValidationError(
            _(
                "%(name)s already acted as %(tier)s on this assessment: one person cannot act in two "
                "review tiers of the same assessment."
            )
            % {"name": by.name or by.username, "tier": TIER_LABELS[TIER_OF_ACT[acted]]}
        )
