"""The OPD head's notes on single indicators, written while the assessment waits for their decision.

A head who returns the assessment says in the return note what to fix overall; a note on an indicator
says it where the operator works, and the worksheet's filter "returned or with notes" finds them all.
Notes stay on the record after approval (the timeline keeps every change)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, require_status, require_window
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Phase
from nyata.org.models import User

NOTE_MAX_LENGTH = 2000


@transaction.atomic
def write_head_note(*, assessment: Assessment, indicator: str, note: str, by: User) -> Assessment:
    """Set (or, when empty, remove) the head's note on one indicator. Permission is the caller's check
    (evaluations.approve_submission); the window, the stage and the indicator are checked here."""
    if indicator not in indicators_of(assessment.period.instrument):
        raise ValidationError(_("Unknown indicator %(code)s.") % {"code": indicator})
    note = note.strip()
    if len(note) > NOTE_MAX_LENGTH:
        raise ValidationError(
            {"note": _("A note holds at most %(limit)d characters.") % {"limit": NOTE_MAX_LENGTH}}
        )
    require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    current = fresh(assessment)
    require_status(current, Assessment.Status.AWAITING_HEAD)
    notes = dict(current.head_notes or {})
    before = notes.get(indicator, "")
    if note == before:
        return current
    if note:
        notes[indicator] = note
    else:
        notes.pop(indicator, None)
    current.head_notes = notes
    current._history_user = by
    current.save(update_fields=["head_notes"])
    record(current, by=by, kind="head_note", indicator=indicator, before=before or None, after=note or None)
    return current
