"""Fetching what an evaluation view works on, always through the permission-checked getters: the
instansi, then the period, then the assessment, each a 404 when this person may not see it."""

from django.http import HttpRequest

from nyata.evaluations.models import Assessment, Period
from nyata.evaluations.queries import periods
from nyata.org import queries as org_queries
from nyata.org.models import Instansi


def period_for(request: HttpRequest, instansi: str, period: int) -> tuple[Instansi, Period]:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    return instansi_obj, periods.get_period_for_user(request.user, instansi_obj, period)


def assessment_for(
    request: HttpRequest, instansi: str, period: int, assessment: int
) -> tuple[Instansi, Assessment]:
    instansi_obj, period_obj = period_for(request, instansi, period)
    return instansi_obj, periods.get_assessment_for_user(request.user, period_obj, assessment)
