"""Reads. `get_*_for_user` answer 404 for what the person may not see (nyata.org.rules registry)."""

from django.db.models import QuerySet
from django.http import Http404

from nyata.evaluations.models import Assessment, Clarification, Event, Period
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
    return assessments.filter(unit_id__in=rules.own_unit_ids(user))


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
