"""Reads. `get_*_for_user` answer 404 for what the person may not see (nyata.org.rules registry)."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nyata.evaluations.guards import moment_text, unit_windows
from nyata.evaluations.models import Assessment, Clarification, Event, Period, Phase, WindowExtension
from nyata.evaluations.rules import is_inspektorat_staff, is_leader
from nyata.org import rules
from nyata.org.models import Instansi


def periods_for_user(user, instansi: Instansi) -> QuerySet[Period]:
    periods = Period.objects.filter(instansi=instansi).select_related("instrument")
    if rules.reads_whole_instansi(user, instansi.pk):
        return periods
    return periods.filter(assessments__unit_id__in=rules.own_unit_ids(user)).distinct()


def open_periods(instansi: Instansi) -> list[Period]:
    return list(
        Period.objects.filter(instansi=instansi, status=Period.Status.OPEN).select_related("instansi")
    )


def get_period_for_user(user, instansi: Instansi, pk: int) -> Period:
    period = Period.objects.select_related("instansi", "instrument").filter(instansi=instansi, pk=pk).first()
    if period is None or not rules.has_perm(user, "evaluations.view_period", period):
        raise Http404
    return period


def get_assessment_for_user(user, period: Period, pk: int) -> Assessment:
    assessment = (
        Assessment.objects.select_related("period__instansi", "period__instrument", "unit")
        .filter(period=period, pk=pk)
        .first()
    )
    if assessment is None or not rules.has_perm(user, "evaluations.view_assessment", assessment):
        raise Http404
    return assessment


def assessments_for_user(user, period: Period) -> QuerySet[Assessment]:
    """The assessments of a period this person may open (same rule as evaluations.view_assessment)."""
    assessments = period.assessments.select_related("unit").order_by("unit__name")
    if is_inspektorat_staff(user, period.instansi_id) or (
        period.is_locked and is_leader(user, period.instansi_id)
    ):
        return assessments
    own = Q(unit_id__in=rules.own_unit_ids(user))
    if is_leader(user, period.instansi_id):  # the units finalised so far are published to the pimpinan
        return assessments.filter(own | Q(status=Assessment.Status.FINALISED))
    return assessments.filter(own)


def timeline(assessment: Assessment) -> QuerySet[Event]:
    return assessment.events.select_related("actor").order_by("-at", "-pk")


def open_clarifications_count(user) -> int:
    """Clarification requests waiting for an answer from the person's own OPD (the badge count)."""
    if not rules.own_unit_ids(user):
        return 0
    return Clarification.objects.filter(
        status=Clarification.Status.OPEN,
        assessment__unit_id__in=rules.own_unit_ids(user),
        assessment__period__status=Period.Status.OPEN,
    ).count()


@dataclass(frozen=True)
class PhaseLine:
    label: str
    starts_at: datetime
    ends_at: datetime  # the unit's own closing time when an extension moved it
    zone: str

    @property
    def starts_text(self) -> str:
        return moment_text(self.starts_at, self.zone)

    @property
    def ends_text(self) -> str:
        return moment_text(self.ends_at, self.zone)


@dataclass(frozen=True)
class PhaseNow:
    """Where a period stands now: the phases open (with their deadline) and the next one to open."""

    period: Period
    open: list[PhaseLine]
    next: PhaseLine | None


def phase_now(period: Period, *, unit_id: int | None = None, now: datetime | None = None) -> PhaseNow:
    """The phases of `period` open now and the next to open, for one unit (its extensions) or for all."""
    now = now or timezone.now()
    lines = [
        PhaseLine(Phase(phase).label, start, end, zone=period.instansi.time_zone)
        for phase, (start, end) in unit_windows(period, unit_id).items()
    ]
    lines.sort(key=lambda line: line.starts_at)
    return PhaseNow(
        period=period,
        open=[line for line in lines if line.starts_at <= now < line.ends_at],
        next=next((line for line in lines if line.starts_at > now), None),
    )


def current_phases(user, instansi: Instansi | None) -> list[PhaseNow]:
    """The open periods this person takes part in, each with its phase now and deadline (landing pages);
    an OPD's staff see the closing times of their own unit, extensions included."""
    if instansi is None:
        return []
    own = rules.own_unit_ids(user)
    unit_id = next(iter(own)) if len(own) == 1 else None
    visible = (
        periods_for_user(user, instansi)
        .filter(status=Period.Status.OPEN)
        .select_related(None)  # a phase needs no instrument (whose row holds the whole file)
        .select_related("instansi")
        .prefetch_related(
            "windows",
            Prefetch(
                "extensions",
                queryset=WindowExtension.objects.filter(unit_id=unit_id),
                to_attr="unit_extensions",
            ),
        )
    )
    return [phase_now(period, unit_id=unit_id) for period in visible]
