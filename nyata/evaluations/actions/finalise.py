"""Finalisation: every assessment scored by the engine and stored with what produced it; then the lock."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import require_window
from nyata.evaluations.models import Appeal, Assessment, Period, Phase, Result
from nyata.evaluations.notices import notify
from nyata.evaluations.queries.results import final_values, proposed_values, score
from nyata.org.models import User
from nyata.scoring import ENGINE_VERSION


def finalisation_blockers(period: Period) -> list[str]:
    blockers = []
    unreviewed = period.assessments.exclude(status=Assessment.Status.REVIEWED).select_related("unit")
    blockers.extend(
        _("%(unit)s is still at the stage: %(stage)s.")
        % {"unit": a.unit.name, "stage": a.get_status_display()}
        for a in unreviewed
    )
    pending = Appeal.objects.filter(assessment__period=period, decision=Appeal.Decision.PENDING).count()
    if pending:
        blockers.append(_("%(count)d appeals are still pending.") % {"count": pending})
    return blockers


@transaction.atomic
def finalise_period(*, period: Period, by: User) -> Period:
    """Score every assessment with the engine, store the results, and lock the period for good."""
    require_window(period, Phase.FINALISATION, unit_id=None)
    period = Period.objects.select_for_update().get(pk=period.pk)
    blockers = finalisation_blockers(period)
    if blockers:
        raise ValidationError(blockers)
    for assessment in period.assessments.select_related("period__instrument"):
        final = final_values(assessment)
        result = score(assessment, final)
        proposed = score(assessment, proposed_values(assessment))
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
        assessment.status = Assessment.Status.FINALISED
        assessment._history_user = by
        assessment.save(update_fields=["status"])
        record(assessment, by=by, kind="finalised", after=str(result.total), note=result.predicate or "")
    period.status = Period.Status.FINALISED
    period.finalised_at, period.finalised_by = timezone.now(), by
    period._history_user = by
    period.save(update_fields=["status", "finalised_at", "finalised_by"])
    notify("results_published", by=by, period=period)
    return period
