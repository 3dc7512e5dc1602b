"""Closing units of a period, one by one or in groups, so that one late OPD never holds back the others:
finalisation (scored by the engine and stored with what produced it, then published to the unit), closing
an OPD that never submitted as "tidak menyampaikan", and withdrawing a unit from the period, each with its
reason. Once every unit is finalised, closed or withdrawn, the period locks for good.

How finalisation's writes are cut (SQLite has one write lock for the whole database: a 150-unit
finalisation done in one transaction held it 7,8 s, and four operators' autosaves failed meanwhile):

1. the checks, reading only;
2. every chosen unit's final values read and scored by the engine outside any transaction (the work);
3. one short transaction locks the period and the chosen units, checks again, reads the final values once
   more (two queries for the whole period) and scores again only a unit whose values changed since 2 (a
   late review); then writes every result, status, history and timeline entry in a few statements, and
   locks the period when no unit is left open.

Nothing is stored before 3, so a crash before it leaves the units as they were (finalising again does the
work again), and a crash in it rolls it back whole: a unit is finalised entirely or not at all, and no result
exists for a unit that is not finalised.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import get_resolver
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, fresh_units, require_open, require_unlocked, require_window
from nyata.evaluations.models import CLOSED_STATUSES, Assessment, Event, Period, Phase, Result
from nyata.evaluations.notices import notify
from nyata.evaluations.queries.closing import finalise_blocker, not_submitted_blocker, pending_appeals
from nyata.evaluations.queries.results import final_values_of_period, proposed_values, score
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


def _check(period: Period, chosen: list[Assessment]) -> None:
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


@dataclass
class _Scored:
    final: dict
    result: Result  # not saved yet


def _scored(assessment: Assessment, final: dict) -> _Scored:
    """The engine's work for one unit: its result from the final values, and the proposed total."""
    result = score(assessment, final)
    proposed = score(assessment, proposed_values(assessment))
    return _Scored(
        final,
        Result(
            assessment=assessment,
            total=result.total,
            max_total=result.max_total,
            predicate=result.predicate or "",
            proposed_total=proposed.total,
            detail=result.to_dict(),
            final_values=final,
            instrument_checksum=assessment.period.instrument.checksum,
            engine_version=ENGINE_VERSION,
        ),
    )


def _chosen(period: Period, assessments: list[Assessment]) -> list[Assessment]:
    ids = {a.pk for a in assessments}
    return list(
        Assessment.objects.filter(period_id=period.pk, pk__in=ids)
        .select_related("unit", "period__instrument", "period__instansi")
        .order_by("unit__name")
    )


def finalise_units(*, period: Period, assessments: list[Assessment], by: User) -> list[Result]:
    """Score the chosen units with the engine, store and publish their results, and lock each of them;
    lock the period too when no unit is left open. The units not chosen stay open and follow later.

    See the module's note for why the scoring happens before the one short transaction."""
    require_unlocked(period)
    if not assessments:
        raise ValidationError(_("Choose at least one unit."))
    chosen = _chosen(period, assessments)
    _check(period, chosen)  # 1
    finals = final_values_of_period(period)
    scored = {a.pk: _scored(a, finals[a.pk]) for a in chosen}  # 2: outside any transaction
    # The notification links reverse URLs, and the first reverse in a process imports every app's URLs and
    # views (half a second): done here, not under the lock of the last step.
    get_resolver().url_patterns  # noqa: B018 (evaluated for its side effect)
    with transaction.atomic():  # 3
        period = (
            Period.objects.select_for_update(of=("self",))
            .select_related("instrument", "instansi")
            .get(pk=period.pk)
        )
        require_unlocked(period)
        chosen = fresh_units(period, assessments)
        _check(period, chosen)
        finals = final_values_of_period(period)
        for assessment in chosen:
            if scored[assessment.pk].final != finals[assessment.pk]:  # changed since: scored again, here
                scored[assessment.pk] = _scored(assessment, finals[assessment.pk])
        results = Result.objects.bulk_create([scored[a.pk].result for a in chosen])
        events = []
        for assessment in chosen:
            result = scored[assessment.pk].result
            assessment.status = Assessment.Status.FINALISED
            total = Decimal(result.total).quantize(Decimal("0.01"))
            # The timeline entry record() would write, kept to be written with the others in one statement.
            events.append(
                Event(
                    assessment=assessment, actor=by, kind="finalised", after=str(total), note=result.predicate
                )
            )
        # A few statements for every unit together (with their history and timeline), not three per unit.
        bulk_update_with_history(chosen, Assessment, ["status"], default_user=by)
        Event.objects.bulk_create(events)
        locked = _lock_when_complete(period, by=by)
        notify("results_published", by=by, period=period, assessments=chosen, locked=locked)
    return results


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
