"""The OPD landing page's view of evaluations: the unit's open assessments, their completeness and the
open clarification requests. A template tag, so that the landing view of nyata.org needs no evaluations
import (org is the lower layer)."""

from dataclasses import dataclass

from django import template
from django.db.models import Count, Q

from nyata.evaluations.models import Assessment, Clarification, Period
from nyata.evaluations.worksheet_rows import Completeness, measure
from nyata.org import rules

register = template.Library()


@dataclass(frozen=True)
class OpenAssessment:
    assessment: Assessment
    completeness: Completeness
    open_clarifications: int


def open_assessments(user, unit) -> list[OpenAssessment]:
    assessments = (
        Assessment.objects.filter(unit=unit, period__status=Period.Status.OPEN)
        .select_related("period__instansi", "period__instrument", "unit")
        .annotate(
            open_clarifications=Count(
                "clarifications", filter=Q(clarifications__status=Clarification.Status.OPEN)
            )
        )
        .order_by("-period__year", "period__title")
    )
    return [
        OpenAssessment(assessment, measure(assessment), assessment.open_clarifications)
        for assessment in assessments
        if rules.has_perm(user, "evaluations.view_assessment", assessment)
    ]


@register.inclusion_tag("evaluations/opd/_landing.html")
def unit_assessments(user, unit) -> dict:
    return {"rows": open_assessments(user, unit)}
