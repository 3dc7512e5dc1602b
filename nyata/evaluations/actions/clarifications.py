"""Clarification: an evaluator asks about some indicators; the OPD answers within the window."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import (
    fresh,
    require_one_tier,
    require_review_window,
    require_status,
    require_window,
)
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Clarification, Phase
from nyata.evaluations.notices import notify
from nyata.evaluations.workflow import REVIEWING_STAGES, Tier
from nyata.org.models import User


@transaction.atomic
def ask_clarification(
    *, assessment: Assessment, indicators: list[str], question: str, by: User
) -> Clarification:
    require_review_window(assessment)
    assessment = fresh(assessment)
    require_status(assessment, *REVIEWING_STAGES)
    require_one_tier(assessment, tier=Tier.EVALUATOR, by=by)
    known = indicators_of(assessment.period.instrument)
    unknown = [code for code in indicators if code not in known]
    if not indicators or unknown:
        raise ValidationError({"indicators": [_("Choose the indicators the question is about.")]})
    if not question.strip():
        raise ValidationError({"question": [_("Write the question.")]})
    clarification = Clarification(
        assessment=assessment, indicators=indicators, question=question.strip(), asked_by=by
    )
    clarification._history_user = by
    clarification.save()
    record(
        assessment, by=by, kind="clarification_asked", indicator=",".join(indicators), note=question.strip()
    )
    notify("clarification_requested", by=by, clarification=clarification)
    return clarification


@transaction.atomic
def answer_clarification(*, clarification: Clarification, response: str, by: User) -> Clarification:
    assessment = clarification.assessment
    require_window(assessment.period, Phase.CLARIFICATION, unit_id=assessment.unit_id)
    clarification = Clarification.objects.select_for_update().get(pk=clarification.pk)
    if clarification.status != Clarification.Status.OPEN:
        raise ValidationError(_("This request has already been answered."))
    if not response.strip():
        raise ValidationError({"response": [_("Write the answer.")]})
    clarification.response, clarification.answered_by = response.strip(), by
    clarification.answered_at = timezone.now()
    clarification.status = Clarification.Status.ANSWERED
    clarification._history_user = by
    clarification.save()
    record(
        assessment,
        by=by,
        kind="clarification_answered",
        indicator=",".join(clarification.indicators),
        note=response.strip(),
    )
    notify("clarification_answered", by=by, clarification=clarification)
    return clarification


@transaction.atomic
def close_clarification(*, clarification: Clarification, by: User) -> Clarification:
    """The evaluator has read the answer and reviewed the indicators again."""
    require_review_window(clarification.assessment)
    require_one_tier(clarification.assessment, tier=Tier.EVALUATOR, by=by)
    if clarification.status != Clarification.Status.ANSWERED:
        raise ValidationError(_("Only an answered request can be closed."))
    clarification.status = Clarification.Status.CLOSED
    clarification._history_user = by
    clarification.save()
    record(
        clarification.assessment,
        by=by,
        kind="clarification_closed",
        indicator=",".join(clarification.indicators),
    )
    return clarification
