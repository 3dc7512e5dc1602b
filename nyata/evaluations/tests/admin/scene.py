"""A finalised period with one of everything a write could touch, and a fingerprint of the database."""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.models import Appeal, Assessment, Clarification, Evidence, Period, TeamMember

WATCHED_APPS = ("evaluations",)


def fingerprint() -> dict[str, object]:
    """Every row of the evaluations tables (evidence included) (history tables by count): any write shows."""
    found: dict[str, object] = {}
    for label in WATCHED_APPS:
        for model in apps.get_app_config(label).get_models():
            rows = model.objects.order_by("pk")
            if model._meta.model_name.startswith("historical"):
                found[model._meta.label] = rows.count()
            else:
                found[model._meta.label] = [tuple(sorted(row.items())) for row in rows.values()]
    return found


@dataclass
class Locked:
    period: Period
    assessment: Assessment
    open_clarification: Clarification
    answered_clarification: Clarification
    pending_appeal: Appeal
    evidence: Evidence
    member: TeamMember


def lock(period: Period, assessment: Assessment, *, admin, evaluator, operator) -> Locked:
    """Release, finalise, then plant (as a race would) rows that only exist while a period runs."""
    release_preliminary_results(period=period, by=admin)
    finalise_period(period=period, by=admin)
    period.refresh_from_db()
    assessment.refresh_from_db()
    open_clarification = Clarification.objects.create(
        assessment=assessment, indicators=["I.1"], question="Mohon bukti tambahan.", asked_by=evaluator
    )
    answered = Clarification.objects.create(
        assessment=assessment,
        indicators=["I.2"],
        question="Mohon laporan triwulan.",
        asked_by=evaluator,
        response="Terlampir.",
        answered_by=operator,
        answered_at=timezone.now() - timedelta(hours=1),
        status=Clarification.Status.ANSWERED,
    )
    appeal = Appeal.objects.create(
        assessment=assessment, indicator="II.1", reason="Survei lengkap.", filed_by=operator
    )
    return Locked(
        period=period,
        assessment=assessment,
        open_clarification=open_clarification,
        answered_clarification=answered,
        pending_appeal=appeal,
        evidence=Evidence.objects.filter(assessment=assessment, is_current=True, clarification=None).first(),
        member=TeamMember.objects.filter(assessment=assessment).first(),
    )
