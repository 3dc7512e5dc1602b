"""Finalisation: every assessment scored by the engine and stored with what produced it; then the lock.

How the writes are cut (SQLite has one write lock for the whole database: a 150-unit finalisation done in
one transaction held it 7,8 s, and four operators' autosaves failed meanwhile):

1. the checks, reading only;
2. per assessment, its values read and scored outside any transaction (the engine's work), then its Result
   stored in a transaction of its own, a few milliseconds. A Result of a period that is not finalised yet is
   a draft: no page shows it (results are read for locked periods only);
3. the drafts checked against the final values as they are now, still outside (a draft kept from an
   interrupted finalisation, or overtaken by a late review, is scored again);
4. one short transaction locks the period, checks by a fingerprint of the inputs (the reviews' revisions
   and times, the decided appeals, the assessments) that nothing changed since 3 (if something did, it
   checks every draft again, there), marks every assessment finalised with its history and timeline entry
   in a few statements, locks the period and publishes the results.

A crash before 4 leaves the period open with some drafts: finalising again keeps the drafts that still match
and scores the rest. A crash during 4 rolls it back whole. A period is finalised entirely or not at all.
"""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Max, Sum
from django.urls import get_resolver
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from nyata.evaluations.guards import require_window
from nyata.evaluations.models import Appeal, Assessment, Event, Period, Phase, Result, Review
from nyata.evaluations.notices import notify
from nyata.evaluations.queries.results import final_values, final_values_of_period, proposed_values, score
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


def _check(period: Period) -> None:
    require_window(period, Phase.FINALISATION, unit_id=None)
    blockers = finalisation_blockers(period)
    if blockers:
        raise ValidationError(blockers)


def _result(assessment: Assessment, final: dict) -> Result:
    """The assessment's Result, scored by the engine and not yet saved."""
    result = score(assessment, final)
    proposed = score(assessment, proposed_values(assessment))
    return Result(
        assessment=assessment,
        total=result.total,
        max_total=result.max_total,
        predicate=result.predicate or "",
        proposed_total=proposed.total,
        detail=result.to_dict(),
        final_values=final,
        instrument_checksum=assessment.period.instrument.checksum,
        engine_version=ENGINE_VERSION,
    )


def _store_draft(assessment: Assessment) -> None:
    draft = _result(assessment, final_values(assessment))  # the engine's work, outside any transaction
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError:
        pass  # another finalisation stored this assessment's draft first; step 3 checks it like any other


def _inputs(period: Period) -> tuple:
    """A fingerprint of everything the final values are made of: the period's reviews (every save bumps
    a review's revision and time) and its decided appeals, and which assessments there are."""
    reviews = Review.objects.filter(assessment__period=period).aggregate(
        count=Count("pk"), revisions=Sum("revision"), last=Max("updated_at")
    )
    appeals = Appeal.objects.filter(assessment__period=period).exclude(decision=Appeal.Decision.PENDING)
    decided = appeals.aggregate(count=Count("pk"), last=Max("decided_at"))
    assessments = tuple(period.assessments.order_by("pk").values_list("pk", flat=True))
    return (*reviews.values(), *decided.values(), assessments)


def _checked_drafts(period: Period, assessments: list[Assessment]) -> dict[int, Result]:
    """Each assessment's draft, checked against its final values as they are now; a draft whose values
    changed since it was scored (or a missing one) is scored again. Inside a transaction or outside."""
    finals = final_values_of_period(period)
    drafts = {
        r.assessment_id: r
        for r in Result.objects.filter(assessment__period=period).only(
            "assessment_id", "final_values", "total", "predicate"
        )
    }
    for assessment in assessments:
        draft, final = drafts.get(assessment.pk), finals[assessment.pk]
        if draft is None or draft.final_values != final:
            fresh = _result(assessment, final)
            with transaction.atomic():
                Result.objects.filter(assessment=assessment).delete()
                fresh.save()
            drafts[assessment.pk] = fresh
    return drafts


def finalise_period(*, period: Period, by: User) -> Period:
    """Score every assessment with the engine, store the results, and lock the period for good.

    See the module's note for why this is several short transactions and why it is still all or nothing."""
    _check(period)  # 1
    assessments = list(period.assessments.select_related("period__instrument", "unit"))
    drafted = set(Result.objects.filter(assessment__period=period).values_list("assessment_id", flat=True))
    for assessment in assessments:
        if assessment.pk not in drafted:
            _store_draft(assessment)
    # Drafts kept from an interrupted finalisation, or overtaken by a late review, are checked here, outside
    # the lock; under it, a fingerprint of the inputs tells whether anything changed since.
    inputs = _inputs(period)
    drafts = _checked_drafts(period, assessments)
    # The notification links reverse URLs, and the first reverse in a process imports every app's URLs and
    # views (half a second): done here, not under the lock of the last step.
    get_resolver().url_patterns  # noqa: B018 (evaluated for its side effect)
    with transaction.atomic():
        period = Period.objects.select_for_update().select_related("instrument").get(pk=period.pk)
        _check(period)
        if _inputs(period) != inputs:  # changed in the last moments: check every draft again, here
            assessments = list(period.assessments.select_related("period__instrument", "unit"))
            drafts = _checked_drafts(period, assessments)
        events = []
        for assessment in assessments:
            draft = drafts[assessment.pk]
            assessment.status = Assessment.Status.FINALISED
            total = Decimal(draft.total).quantize(Decimal("0.01"))
            # The timeline entry record() would write, kept to be written with the others in one statement.
            events.append(
                Event(
                    assessment=assessment, actor=by, kind="finalised", after=str(total), note=draft.predicate
                )
            )
        # A few statements for every unit together (with their history and timeline), not three per unit.
        bulk_update_with_history(assessments, Assessment, ["status"], default_user=by)
        Event.objects.bulk_create(events)
        period.status = Period.Status.FINALISED
        period.finalised_at, period.finalised_by = timezone.now(), by
        period._history_user = by
        period.save(update_fields=["status", "finalised_at", "finalised_by"])
        notify("results_published", by=by, period=period)
    return period
