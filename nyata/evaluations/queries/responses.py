"""Clarifications and appeals as the OPD and the evaluator team read them."""

from dataclasses import dataclass

from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404

from nyata.evaluations import values
from nyata.evaluations.guards import refusal, require_window
from nyata.evaluations.models import (
    Answer,
    Appeal,
    Assessment,
    Clarification,
    Phase,
)
from nyata.evaluations.queries.results import final_values
from nyata.evaluations.queries.review import indicator_nodes, linked
from nyata.evaluations.rules import is_inspektorat_staff
from nyata.org import rules
from nyata.org.models import Instansi
from nyata.scoring import Node


def clarifications_for_user(user, instansi: Instansi) -> QuerySet[Clarification]:
    """The OPD's staff see their own units' requests; the Inspektorat sees every request of the instansi.
    Open requests come first."""
    found = Clarification.objects.filter(assessment__period__instansi=instansi)
    if not is_inspektorat_staff(user, instansi.pk):
        found = found.filter(assessment__unit_id__in=rules.own_unit_ids(user))
    return (
        found.select_related("assessment__unit", "assessment__period", "asked_by", "answered_by")
        .prefetch_related("evidence")
        .annotate(
            open_first=Case(
                When(status=Clarification.Status.OPEN, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("open_first", "-asked_at")
    )


def get_clarification_for_user(user, instansi: Instansi, pk: int) -> Clarification:
    clarification = clarifications_for_user(user, instansi).filter(pk=pk).first()
    if clarification is None or not rules.has_perm(
        user, "evaluations.view_assessment", clarification.assessment
    ):
        raise Http404
    return clarification


def released_assessments_for_user(user, instansi: Instansi) -> QuerySet[Assessment]:
    """The OPD's own assessments whose preliminary results are out (the way to the appeal page)."""
    return (
        Assessment.objects.filter(
            period__instansi=instansi,
            released_at__isnull=False,
            unit_id__in=rules.own_unit_ids(user),
        )
        .select_related("unit", "period")
        .order_by("-period__year", "unit__name")
    )


def appeals_of(assessment: Assessment) -> QuerySet[Appeal]:
    return assessment.appeals.select_related("filed_by", "decided_by").prefetch_related("evidence")


@dataclass
class AppealRow:
    node: Node
    proposed_text: str
    final_text: str
    appeals: list[Appeal]


def appeal_sheet(assessment: Assessment) -> list[AppealRow]:
    """Per indicator: the OPD's proposal, the preliminary final value and the appeals filed on it."""
    proposed = dict(Answer.objects.filter(assessment=assessment).values_list("indicator", "value"))
    final = final_values(assessment)
    appeals: dict[str, list[Appeal]] = {}
    nodes = indicator_nodes(assessment)
    by_code = {node.code: node for node in nodes}
    for appeal in linked(list(appeals_of(assessment)), assessment.period.instansi.code):
        appeal.new_value_text = values.display(by_code[appeal.indicator], appeal.new_value)
        appeals.setdefault(appeal.indicator, []).append(appeal)
    return [
        AppealRow(
            node=node,
            proposed_text=values.display(node, proposed.get(node.code)),
            final_text=values.display(node, final.get(node.code)),
            appeals=appeals.get(node.code, []),
        )
        for node in nodes
    ]


def get_appeal(assessment: Assessment, pk: int) -> Appeal:
    appeal = assessment.appeals.filter(pk=pk).first()
    if appeal is None:
        raise Http404
    return appeal


def pending_appeal_codes(assessment: Assessment) -> set[str]:
    return set(
        assessment.appeals.filter(decision=Appeal.Decision.PENDING).values_list("indicator", flat=True)
    )


def appeal_block(assessment: Assessment) -> str:
    """Why an appeal cannot be filed now (the lock, the appeal window); '' when it can."""
    return refusal(lambda: require_window(assessment.period, Phase.APPEAL, unit_id=assessment.unit_id))


def answer_block(clarification: Clarification) -> str:
    """Why this clarification cannot be answered now (the lock, the clarification window); '' if it can."""
    assessment = clarification.assessment
    return refusal(lambda: require_window(assessment.period, Phase.CLARIFICATION, unit_id=assessment.unit_id))
