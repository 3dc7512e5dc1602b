"""A finalised period with one of everything a write could touch, and a fingerprint of the database."""

from dataclasses import dataclass
from datetime import timedelta

from django.apps import apps
from django.utils import timezone

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.finalise import finalise_period, finalise_units
from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import (
    Answer,
    Appeal,
    Assessment,
    Clarification,
    Evidence,
    Period,
    Phase,
    Review,
    TeamMember,
)
from nyata.org.models import Unit

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


def lock(period: Period, assessment: Assessment, *, admin, evaluator, operator, only=False) -> Locked:
    """Release, finalise, then plant (as a race would) rows that only exist while a period runs. With
    `only`, the assessment alone is finalised and the rest of the period stays open."""
    release_preliminary_results(period=period, by=admin)
    if only:
        finalise_units(period=period, assessments=[assessment], by=admin)
    else:
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


# --- the whole city: 27 OPD, 26 reviewed, one late -----------------------------------------------------

CITY_PERIOD = "Evaluasi RB Perangkat Daerah 2026"
LATE = "dinkes"  # the OPD that never submits; the demo city has its operator (operator.dinkes)


def city_of_27(instansi, instrument, *, admin, late: str = LATE, now=None) -> Period:
    """A period of every OPD of the demo city on the small test instrument: the self-assessment window
    closed an hour ago, the later windows open; 26 OPD answered and reviewed (through the evaluator's
    values, written in bulk), and `late` never submitted."""
    now = now or timezone.now()
    windows = {phase: (now - timedelta(days=20), now + timedelta(days=10)) for phase in Phase.values}
    windows[Phase.SELF_ASSESSMENT] = (now - timedelta(days=20), now - timedelta(hours=1))
    units = list(Unit.objects.filter(instansi=instansi, kind=Unit.Kind.OPD, is_active=True).order_by("name"))
    period = open_period(
        instansi=instansi,
        year=2026,
        title=CITY_PERIOD,
        instrument=instrument,
        units=units,
        windows=windows,
        by=admin,
    )
    ready = list(period.assessments.exclude(unit__code=late).order_by("unit__name"))
    answers, reviews = [], []
    for index, assessment in enumerate(ready):
        values = {
            "I.1": "ABC"[index % 3],
            "I.2": {"number": str(40 + index * 2)},
            "II.1": {"number": str(50 + index)},
        }
        for code, value in values.items():
            answers.append(Answer(assessment=assessment, indicator=code, value=value, revision=1))
            reviews.append(
                Review(
                    assessment=assessment,
                    indicator=code,
                    tier="evaluator",
                    value=value,
                    verdict=Review.Verdict.AGREE,
                    revision=1,
                    updated_by=admin,
                )
            )
    Answer.objects.bulk_create(answers)
    Review.objects.bulk_create(reviews)
    Assessment.objects.filter(pk__in=[a.pk for a in ready]).update(status=Assessment.Status.REVIEWED)
    return period
