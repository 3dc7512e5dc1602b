"""Appeal (sanggah): after preliminary results are released the OPD may contest an indicator's score."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.evaluations import values
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh_units, require_either_window, require_unlocked, require_window
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import CLOSED_STATUSES, Appeal, Assessment, Period, Phase
from nyata.evaluations.notices import notify
from nyata.evaluations.queries.closing import release_blocker
from nyata.org.models import User


@transaction.atomic
def release_preliminary_results(
    *, period: Period, by: User, assessments: list[Assessment] | None = None
) -> list[Assessment]:
    """Show the chosen units their preliminary results, which opens their appeal (sanggah); without a
    choice, every unit not released yet (refused, naming each, unless all of them are reviewed). Units not
    ready stay as they are and are released later: one late OPD never holds back the others."""
    require_unlocked(period)
    period = Period.objects.select_for_update(of=("self",)).select_related("instansi").get(pk=period.pk)
    if assessments is None:
        assessments = list(period.assessments.exclude(status__in=CLOSED_STATUSES).filter(released_at=None))
    chosen = fresh_units(period, assessments)
    blockers = [blocker for assessment in chosen if (blocker := release_blocker(assessment))]
    if blockers:
        raise ValidationError(blockers)
    now = timezone.now()
    for assessment in chosen:
        assessment.released_at = now
        assessment._history_user = by
        assessment.save(update_fields=["released_at"])
        record(assessment, by=by, kind="preliminary_released")
    if period.preliminary_released_at is None:
        period.preliminary_released_at = now
        period._history_user = by
        period.save(update_fields=["preliminary_released_at"])
    notify("results_released", by=by, assessments=chosen)
    return chosen


@transaction.atomic
def file_appeal(*, assessment: Assessment, indicator: str, reason: str, by: User) -> Appeal:
    period = assessment.period
    require_window(period, Phase.APPEAL, unit_id=assessment.unit_id)
    if not Assessment.objects.filter(pk=assessment.pk, released_at__isnull=False).exists():
        raise ValidationError(_("Appeals open once the preliminary results are released."))
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
    notify("appeal_filed", by=by, appeal=appeal)
    return appeal


def _require_decision_window(assessment: Assessment) -> None:
    """Appeals are decided in the appeal window or, at the latest, in the finalisation window."""
    require_either_window(assessment.period, Phase.APPEAL, Phase.FINALISATION, unit_id=assessment.unit_id)


@transaction.atomic
def decide_appeal(*, appeal: Appeal, accept: bool, value: values.Stored, reason: str, by: User) -> Appeal:
    """The ketua tim accepts with a new score or rejects with a reason; both are recorded and shown.

    `value`, the new score, comes parsed from the edge and is checked here against the instrument; a
    rejection ignores it."""
    _require_decision_window(appeal.assessment)
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("assessment__period").get(pk=appeal.pk)
    )
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
    notify("appeal_decided", by=by, appeal=appeal)
    return appeal
