"""The OPD's self-assessment: answers saved one at a time (autosave), never overwriting silently."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from nyata.evaluations import feeds, values
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, require_status, require_window
from nyata.evaluations.instrument import indicators_for
from nyata.evaluations.models import Answer, Assessment, Phase
from nyata.org.models import User


class AnswerConflict(Exception):
    """Someone saved this answer after the version the form was based on; both values are shown."""

    def __init__(self, *, current: Answer, submitted: values.Stored, explanation: str):
        super().__init__("conflicting save")
        self.current = current
        self.submitted = submitted
        self.explanation = explanation


@dataclass(frozen=True)
class Saved:
    answer: Answer
    changed: bool


def _store_answer(answer: Answer, *, stored: values.Stored, explanation: str, by: User) -> values.Stored:
    """Write a new revision of an answer (audited); the value it had before, for the timeline.

    No checks: shared by this package's actions, which check the lock, window and stage first."""
    before = answer.value
    answer.value, answer.explanation = stored, explanation
    answer.revision += 1
    answer.updated_by = by
    answer._history_user = by
    answer.save()
    return before


def save_answer(
    *,
    assessment: Assessment,
    indicator: str,
    value: values.Stored,
    explanation: str,
    base_revision: int,
    by: User,
) -> Saved:
    """Save one answer if the form was based on the stored revision; raise AnswerConflict otherwise.

    `value` comes parsed (values.from_form at the edge) and is checked again against the pinned
    instrument here: a caller may parse, it may not decide what the indicator accepts."""
    # A theme the period did not choose does not apply: its indicators take no answer.
    node = indicators_for(assessment.period).get(indicator)
    if node is None:
        raise ValidationError(_("Unknown indicator %(code)s.") % {"code": indicator})
    if node.source:
        source = feeds.source_of(node.source)
        raise ValidationError(
            str(source.refusal)
            if source
            else _("This answer is filled from its source; it cannot be typed in.")
        )
    stored = values.check(node, value)
    explanation = explanation.strip()
    try:
        with transaction.atomic():
            return _save(assessment, indicator, stored, explanation, base_revision, by)
    except IntegrityError:
        # Two first saves raced; the loser sees the winner's value as a conflict.
        current = Answer.objects.get(assessment=assessment, indicator=indicator)
        raise AnswerConflict(current=current, submitted=stored, explanation=explanation) from None


def _save(assessment, indicator, stored, explanation, base_revision, by: User) -> Saved:
    require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    current = fresh(assessment)
    require_status(current, Assessment.Status.SELF_ASSESSMENT)
    answer = Answer.objects.select_for_update().filter(assessment=assessment, indicator=indicator).first()
    if answer is None:
        answer = Answer(assessment=assessment, indicator=indicator)
    elif answer.revision != base_revision:
        if answer.value == stored and answer.explanation == explanation:
            return Saved(answer, changed=False)  # the same edit arriving twice is no conflict
        raise AnswerConflict(current=answer, submitted=stored, explanation=explanation)
    if answer.pk and answer.value == stored and answer.explanation == explanation:
        return Saved(answer, changed=False)
    before = _store_answer(answer, stored=stored, explanation=explanation, by=by)
    if before != stored:
        record(assessment, by=by, kind="answer_changed", indicator=indicator, before=before, after=stored)
    return Saved(answer, changed=True)
