"""Fetching what a review-side view works on, always through the permission-checked getters."""

from nyata.evaluations import queries
from nyata.evaluations.models import Assessment, Period
from nyata.org import queries as org_queries
from nyata.org.models import Instansi

TIER_PERMISSION = {
    "evaluator": "evaluations.review_as_evaluator",
    "ketua_tim": "evaluations.review_as_ketua",
    "pengendali_teknis": "evaluations.review_as_pengendali",
}


def period_of(request, instansi: str, period: int) -> tuple[Instansi, Period]:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    return instansi_obj, queries.get_period_for_user(request.user, instansi_obj, period)


def assessment_of(request, instansi: str, period: int, assessment: int) -> tuple[Instansi, Assessment]:
    instansi_obj, period_obj = period_of(request, instansi, period)
    return instansi_obj, queries.get_assessment_for_user(request.user, period_obj, assessment)
