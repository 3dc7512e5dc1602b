"""A queue's item, and the deadlines it is due by: the end of the phase window that holds for the unit."""

from dataclasses import dataclass
from datetime import datetime

from django.utils import timezone
from django.utils.translation import ngettext

from nyata.evaluations.models import Assessment, Period, Phase, PhaseWindow, WindowExtension

# The phases in which each kind of work can be done, in order: the due date is the end of the first that
# has not closed yet for the unit (or of the last, when all have: the work is late).
SELF_ASSESSMENT = (Phase.SELF_ASSESSMENT,)
REVIEW = (Phase.DESK_REVIEW, Phase.CLARIFICATION)  # as guards.require_review_window
CLARIFICATION = (Phase.CLARIFICATION,)
APPEAL = (Phase.APPEAL,)
APPEAL_DECISION = (Phase.APPEAL, Phase.FINALISATION)  # as actions.appeals._require_decision_window
FINALISATION = (Phase.FINALISATION,)
UNIT_NAMES_SHOWN = 5


@dataclass
class WorkItem:
    what: str
    unit: str  # the OPD concerned, or several OPD's names
    period: Period  # with its instansi
    url: str
    action: str  # the link's words
    detail: str = ""
    due: datetime | None = None
    late: bool = False

    @property
    def zone(self) -> str:
        return self.period.instansi.time_zone


class Deadlines:
    """The windows and extensions of some periods, read once (two queries)."""

    def __init__(self, periods):
        ids = [period.pk for period in periods]
        self.windows = {(w.period_id, w.phase): w for w in PhaseWindow.objects.filter(period_id__in=ids)}
        self.extended: dict[tuple[int, str, int], datetime] = {}
        rows = WindowExtension.objects.filter(period_id__in=ids).values_list(
            "period_id", "phase", "unit_id", "ends_at"
        )
        for period_id, phase, unit_id, ends_at in rows:
            key = (period_id, phase, unit_id)
            self.extended[key] = max(self.extended.get(key, ends_at), ends_at)

    def end(self, period: Period, phase: str, unit_id: int | None) -> datetime | None:
        window = self.windows.get((period.pk, phase))
        if window is None:
            return None
        extended = self.extended.get((period.pk, phase, unit_id)) if unit_id else None
        return max(window.ends_at, extended) if extended else window.ends_at

    def has_started(self, period: Period, phase: str, now: datetime) -> bool:
        window = self.windows.get((period.pk, phase))
        return window is not None and window.starts_at <= now

    def due(self, period: Period, phases, unit_id: int | None, now: datetime) -> tuple[datetime | None, bool]:
        """(when work done in `phases` is due, whether that moment has passed); (None, False) without
        a window."""
        last = None
        for phase in phases:
            end = self.end(period, phase, unit_id)
            if end is None:
                continue
            if now < end:
                return end, False
            last = end
        return last, last is not None


def in_order(items: list[WorkItem]) -> list[WorkItem]:
    """Late work first, then by due date; work without a due date last."""
    far = datetime.max.replace(tzinfo=timezone.get_current_timezone())
    return sorted(items, key=lambda item: (not item.late, item.due or far, item.unit))


def some_names(names: list[str]) -> str:
    """The first few names, and how many more."""
    shown = ", ".join(names[:UNIT_NAMES_SHOWN])
    if len(names) > UNIT_NAMES_SHOWN:
        more = len(names) - UNIT_NAMES_SHOWN
        shown += " " + ngettext("and %(n)d more", "and %(n)d more", more) % {"n": more}
    return shown


def url_args(assessment: Assessment) -> list:
    return [assessment.period.instansi.code, assessment.period_id, assessment.pk]
