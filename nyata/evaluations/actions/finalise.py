"""Closing units of a period, one by one or in groups, so that one late OPD never holds back the others:
finalisation (scored by the engine and stored with what produced it, then published to the unit), closing
an OPD that never submitted as "tidak menyampaikan", and withdrawing a unit from the period, each with its
reason. Once every unit is finalised, closed or withdrawn, the period locks for good."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, fresh_units, require_open, require_unlocked, require_window
from nyata.evaluations.models import CLOSED_STATUSES, Assessment, Period, Phase, Result
from nyata.evaluations.notices import notify
from nyata.evaluations.queries.closing import finalise_blocker, not_submitted_blocker, pending_appeals
from nyata.evaluations.queries.results import final_values, proposed_values, score
from nyata.org.models import User
from nyata.scoring import ENGINE_VERSION


def finalisation_blockers(period: Period) -> list[str]:
    """What keeps the units still open from being finalised all at once."""
    pending = pending_appeals(period)
    return [
        blocker
        for assessment in period.assessments.exclude(status__in=CLOSED_STATUSES).select_related("unit")
        if (blocker := finalise_blocker(assessment, pending_appeals=pending.get(assessment.pk, 0)))
    ]


def _lock_when_complete(period: Period, *, by: User) -> bool:
    """Lock the period once no unit is left open: every one finalised, closed or withdrawn."""
    if period.assessments.exclude(status__in=CLOSED_STATUSES).exists():
        return False
    period.status = Period.Status.FINALISED
    period.finalised_at, period.finalised_by = timezone.now(), by
    period._history_user = by
    period.save(update_fields=["status", "finalised_at", "finalised_by"])
    return True


@transaction.atomic
def finalise_units(*, period: Period, assessments: list[Assessment], by: User) -> list[Result]:
    """Score the chosen units with the engine, store and publish their results, and lock each of them;
    lock the period too when no unit is left open. The units not chosen stay open and follow later."""
    require_unlocked(period)
    period = Period.objects.select_for_update().select_related("instrument", "instansi").get(pk=period.pk)
    chosen = fresh_units(period, assessments)
    for assessment in chosen:
        require_window(period, Phase.FINALISATION, unit_id=assessment.unit_id)
    pending = pending_appeals(period)
    blockers = [
        blocker
        for assessment in chosen
        if (blocker := finalise_blocker(assessment, pending_appeals=pending.get(assessment.pk, 0)))
    ]
    if blockers:
        raise ValidationError(blockers)
    results = []
    for assessment in chosen:
        final = final_values(assessment)
        result = score(assessment, final)
        proposed = score(assessment, proposed_values(assessment))
        results.append(
            Result.objects.create(
                assessment=assessment,
                total=result.total,
                max_total=result.max_total,
                predicate=result.predicate or "",
                proposed_total=proposed.total,
                detail=result.to_dict(),
                final_values=final,
                instrument_checksum=period.instrument.checksum,
                engine_version=ENGINE_VERSION,
            )
        )
        assessment.status = Assessment.Status.FINALISED
        assessment._history_user = by
        assessment.save(update_fields=["status"])
        record(assessment, by=by, kind="finalised", after=str(result.total), note=result.predicate or "")
    locked = _lock_when_complete(period, by=by)
    notify("results_published", by=by, period=period, assessments=chosen, locked=locked)
    return results


@transaction.atomic
def finalise_period(*, period: Period, by: User) -> Period:
    """Finalise every unit still open at once (refused, naming each, unless all of them are ready)."""
    require_unlocked(period)
    open_units = list(period.assessments.exclude(status__in=CLOSED_STATUSES))
    for assessment in open_units:
        require_window(period, Phase.FINALISATION, unit_id=assessment.unit_id)
    blockers = finalisation_blockers(period)
    if blockers:
        raise ValidationError(blockers)
    finalise_units(period=period, assessments=open_units, by=by)
    period.refresh_from_db()
    return period


def _close(assessment: Assessment, *, status: str, kind: str, reason: str, by: User) -> Assessment:
    before = assessment.status
    assessment.status, assessment.closure_reason = status, reason
    assessment._history_user = by
    assessment.save(update_fields=["status", "closure_reason"])
    record(assessment, by=by, kind=kind, before=before, after=status, note=reason)
    locked = _lock_when_complete(assessment.period, by=by)
    notify("unit_closed", by=by, assessment=assessment, locked=locked)
    return assessment


def _reason(reason: str) -> str:
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why; the reason is shown to the OPD and on its timeline.")]})
    return reason.strip()


@transaction.atomic
def close_not_submitted(*, assessment: Assessment, reason: str, by: User) -> Assessment:
    """Close an OPD that never delivered its self-assessment as "tidak menyampaikan": it is not scored,
    shown as such (never as a zero score) and left out of averages and distributions."""
    require_open(assessment)
    assessment = fresh(assessment)
    reason = _reason(reason)
    if blocker := not_submitted_blocker(assessment):
        raise ValidationError(blocker)
    return _close(
        assessment, status=Assessment.Status.NOT_SUBMITTED, kind="closed_not_submitted", reason=reason, by=by
    )


@transaction.atomic
def withdraw_unit(*, assessment: Assessment, reason: str, by: User) -> Assessment:
    """Take a unit out of the period (merged, dissolved, evaluated elsewhere): it is not evaluated and never
    shown as failing."""
    require_open(assessment)
    assessment = fresh(assessment)
    reason = _reason(reason)
    return _close(assessment, status=Assessment.Status.WITHDRAWN, kind="withdrawn", reason=reason, by=by)
