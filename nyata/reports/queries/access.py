"""Fetching what a report works on through the permission-checked getters: the instansi, the period, the
assessment, a generated file; each a 404 when this person may not see it at all. Whether the person may
read the *report* of what they see is the view's check (a styled refusal that says why)."""

from django.http import Http404

from nyata.evaluations.models import Assessment, Period
from nyata.evaluations.queries import periods
from nyata.org import queries as org_queries
from nyata.org import rules
from nyata.org.models import Instansi
from nyata.reports.models import Download, GeneratedFile
from nyata.reports.rules import headed_unit_ids


def instansi_for(user, code: str) -> Instansi:
    return org_queries.get_instansi_for_user(user, code)


def period_for(user, code: str, pk: int) -> tuple[Instansi, Period]:
    instansi = instansi_for(user, code)
    return instansi, periods.get_period_for_user(user, instansi, pk)


def assessment_for(user, code: str, period: int, pk: int) -> tuple[Instansi, Assessment]:
    instansi, period_obj = period_for(user, code, period)
    return instansi, periods.get_assessment_for_user(user, period_obj, pk)


def get_file_for_user(user, instansi: Instansi, pk: int) -> GeneratedFile:
    found = (
        GeneratedFile.objects.select_related("period__instansi", "period__instrument", "requested_by")
        .filter(period__instansi=instansi, pk=pk)
        .first()
    )
    if found is None or not rules.has_perm(user, "reports.download_file", found):
        raise Http404
    return found


def latest_files(user, period: Period) -> list[GeneratedFile]:
    """The newest file of each kind and audience that this person may take or watch, newest first."""
    seen, found = set(), []
    for file in GeneratedFile.objects.filter(period=period).select_related(
        "period__instansi", "requested_by"
    ):
        key = (file.kind, file.audience)
        if key in seen or not rules.has_perm(user, "reports.download_file", file):
            continue
        seen.add(key)
        found.append(file)
    return found


def downloads_of(instansi: Instansi):
    return (
        Download.objects.filter(instansi=instansi)
        .select_related("by", "period", "assessment__unit")
        .order_by("-at", "-pk")
    )


def headed_assessments(user, period: Period) -> list[Assessment]:
    units = headed_unit_ids(user, period.instansi_id)
    return list(period.assessments.filter(unit_id__in=units).select_related("unit"))
