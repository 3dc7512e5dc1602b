"""Appeal (sanggah): after preliminary results are released the OPD may contest an indicator's score."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.evaluations import values
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import WindowClosed, require_unlocked, require_window
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Appeal, Assessment, Period, Phase
from nyata.org.models import User


@transaction.atomic
def release_preliminary_results(*, period: Period, by: User) -> Period:
    require_unlocked(period)
    pending = period.assessments.exclude(status=Assessment.Status.REVIEWED).count()
    if pending:
        raise ValidationError(
            _("%(count)d assessments have not been approved by the pengendali teknis yet.")
            % {"count": pending}
        )
    period.preliminary_released_at = timezone.now()
    period._history_user = by
    period.save(update_fields=["preliminary_released_at"])
    for assessment in period.assessments.all():
        record(assessment, by=by, kind="preliminary_released")
    return period


@transaction.atomic
def file_appeal(*, assessment: Assessment, indicator: str, reason: str, by: User) -> Appeal:
    period = assessment.period
    if period.preliminary_released_at is None:
        raise ValidationError(_("Appeals open once the preliminary results are released."))
    require_window(period, Phase.APPEAL, unit_id=assessment.unit_id)
    if indicator not in indicators_of(period.instrument):
        raise ValidationError({"indicator": [_("Unknown indicator %(code)s.") % {"code": indicator}]})
    if not reason.strip():
        raise ValidationError({"reason": [_("Explain why the score should change.")]})
    if Appeal.objects.filter(
        assessment=assessment, indicator=indicator, decision=Appeal.Decision.PENDING
    ).exists():
        raise ValidationError({"indicator": [_("An appeal on this indicator is already pending.")]})
    appeal = Appeal(assessment=assessment, indicator=indicator, reason=reason.strip(), filed_by=by)
    appeal._history_user = by
    appeal.save()
    record(assessment, by=by, kind="appeal_filed", indicator=indicator, note=reason.strip())
    return appeal


def _require_decision_window(assessment: Assessment) -> None:
    try:
        require_window(assessment.period, Phase.APPEAL, unit_id=assessment.unit_id)
    except WindowClosed:
        require_window(assessment.period, Phase.FINALISATION, unit_id=assessment.unit_id)


@transaction.atomic
def decide_appeal(*, appeal: Appeal, accept: bool, value: values.Stored, reason: str, by: User) -> Appeal:
    """The ketua tim accepts with a new score or rejects with a reason; both are recorded and shown.

    `value`, the new score, comes parsed from the edge and is checked here against the instrument; a
    rejection ignores it."""
    _require_decision_window(appeal.assessment)
    appeal = Appeal.objects.select_for_update().select_related("assessment__period").get(pk=appeal.pk)
    if appeal.decision != Appeal.Decision.PENDING:
        raise ValidationError(_("This appeal has already been decided."))
    node = indicators_of(appeal.assessment.period.instrument)[appeal.indicator]
    if accept:
        new_value = values.check(node, value)
        if new_value is None:
            raise ValidationError({"value": [_("Enter the new score.")]})
        appeal.new_value = new_value
    elif not reason.strip():
        raise ValidationError({"decision_reason": [_("Say why the appeal is rejected.")]})
    appeal.decision = Appeal.Decision.ACCEPTED if accept else Appeal.Decision.REJECTED
    appeal.decision_reason, appeal.decided_by, appeal.decided_at = reason.strip(), by, timezone.now()
    appeal._history_user = by
    appeal.save()
    record(
        appeal.assessment,
        by=by,
        kind=f"appeal_{appeal.decision}",
        indicator=appeal.indicator,
        after=appeal.new_value,
        note=reason.strip(),
    )
    return appeal
