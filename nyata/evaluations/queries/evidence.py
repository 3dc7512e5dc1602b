"""Reads of evidence. `get_evidence_for_user` answers 404 for what the person may not download."""

from collections import defaultdict

from django.db.models import QuerySet
from django.http import Http404

from nyata.evaluations.models import Assessment, Evidence
from nyata.org import rules
from nyata.org.models import Instansi


def present_items(assessment: Assessment) -> set[tuple[str, str]]:
    """(indicator, checklist item) pairs that have at least one current file or link."""
    rows = Evidence.objects.filter(assessment=assessment, is_current=True).exclude(item="")
    return set(rows.values_list("indicator", "item"))


def present_pairs(assessment: Assessment) -> set[tuple[str, str]]:
    """(indicator, checklist item) pairs with current evidence, the whole-indicator ones ("") included;
    pairs only, so that the worksheet's progress never loads the files of areas it does not show."""
    rows = Evidence.objects.filter(assessment=assessment, is_current=True)
    return set(rows.values_list("indicator", "item").distinct())


def current_evidence(assessment: Assessment) -> QuerySet[Evidence]:
    return Evidence.objects.filter(assessment=assessment, is_current=True).select_related("uploaded_by")


def evidence_by_item(
    assessment: Assessment, *, indicators: list[str] | None = None
) -> dict[tuple[str, str], list[Evidence]]:
    """Current evidence of the assessment (or of some indicators) keyed by (indicator, item), newest first.

    One query whatever the number of indicators: the worksheet's query count must not grow with the
    instrument."""
    rows = current_evidence(assessment).order_by("indicator", "item", "-uploaded_at", "-pk")
    if indicators is not None:
        rows = rows.filter(indicator__in=indicators)
    grouped: dict[tuple[str, str], list[Evidence]] = defaultdict(list)
    for evidence in rows:
        grouped[(evidence.indicator, evidence.item)].append(evidence)
    return dict(grouped)


def get_evidence_for_user(user, instansi: Instansi, pk: int) -> Evidence:
    evidence = (
        Evidence.objects.select_related(
            "assessment__period__instansi", "assessment__period__instrument", "assessment__unit"
        )
        .filter(assessment__period__instansi=instansi, pk=pk)
        .first()
    )
    if evidence is None or not rules.has_perm(user, "evidence.download", evidence):
        raise Http404
    return evidence
