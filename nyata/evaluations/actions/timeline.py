"""The assessment's timeline: each action writes one event saying who did what, when and why."""

from nyata.evaluations.models import Assessment, Event
from nyata.org.models import User


def record(
    assessment: Assessment,
    *,
    by: User,
    kind: str,
    indicator: str = "",
    before=None,
    after=None,
    note: str = "",
) -> Event:
    return Event.objects.create(
        assessment=assessment, actor=by, kind=kind, indicator=indicator, before=before, after=after, note=note
    )
