"""The server-side checks every write in a period passes: the lock, the phase window, the stage."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from nyata.evaluations.models import Assessment, Period, Phase, WindowExtension


class PeriodLocked(ValidationError):
    pass


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


def _when(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "j F Y H:i")


def require_unlocked(period: Period) -> None:
    # Read from the database, not the caller's copy: a period finalised a moment ago is locked now.
    if Period.objects.filter(pk=period.pk, status=Period.Status.FINALISED).exists():
        raise PeriodLocked(_("This period is finalised and locked: nothing in it can be changed."))


def require_window(period: Period, phase: str, *, unit_id: int | None, now: datetime | None = None) -> None:
    """Refuse a write outside the phase's window, saying when the window opens or when it closed."""
    require_unlocked(period)
    bounds = window_end(period, phase, unit_id)
    label = Phase(phase).label
    if bounds is None:
        raise WindowClosed(_("The %(phase)s phase has no schedule in this period.") % {"phase": label})
    start, end = bounds
    now = now or timezone.now()
    if now < start:
        raise WindowClosed(
            _("The %(phase)s phase opens on %(when)s.") % {"phase": label, "when": _when(start)}
        )
    if now >= end:
        raise WindowClosed(
            _("The %(phase)s phase closed on %(when)s.") % {"phase": label, "when": _when(end)}
        )


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
        .select_related("period__instrument", "unit")
        .get(pk=assessment.pk)
    )


def phase_is_open(period: Period, phase: str, *, unit_id: int | None, now: datetime | None = None) -> bool:
    try:
        require_window(period, phase, unit_id=unit_id, now=now)
    except ValidationError:
        return False
    return True


def require_review_window(assessment: Assessment) -> None:
    """Reviews are written in the desk-review window or, for follow-up, in the clarification window."""
    try:
        require_window(assessment.period, Phase.DESK_REVIEW, unit_id=assessment.unit_id)
    except WindowClosed:
        require_window(assessment.period, Phase.CLARIFICATION, unit_id=assessment.unit_id)
