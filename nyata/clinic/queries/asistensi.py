"""Asistensi: getters, each person's list, and the comments beside an indicator of an assessment."""

from django.db.models import QuerySet
from django.http import Http404

from nyata.clinic.models import Asistensi, AsistensiComment
from nyata.evaluations.models import Assessment
from nyata.evaluations.rules import is_inspektorat_staff
from nyata.org import rules
from nyata.org.models import Instansi


def visible_asistensi(user, instansi: Instansi) -> QuerySet[Asistensi]:
    found = Asistensi.objects.filter(assessment__period__instansi=instansi).select_related(
        "assessment__unit", "assessment__period", "requested_by"
    )
    if is_inspektorat_staff(user, instansi.pk):
        return found
    return found.filter(assessment__unit_id__in=rules.own_unit_ids(user))


def get_asistensi_for_user(user, instansi: Instansi, pk: int) -> Asistensi:
    asistensi = (
        Asistensi.objects.select_related(
            "assessment__unit",
            "assessment__period__instansi",
            "assessment__period__instrument",
            "requested_by",
        )
        .filter(assessment__period__instansi=instansi, pk=pk)
        .first()
    )
    if asistensi is None or not rules.has_perm(user, "clinic.view_asistensi", asistensi):
        raise Http404
    return asistensi


def comments_by_indicator(asistensi: Asistensi) -> dict[str, list[AsistensiComment]]:
    found: dict[str, list[AsistensiComment]] = {code: [] for code in asistensi.indicators}
    for comment in asistensi.comments.select_related("written_by"):
        found.setdefault(comment.indicator, []).append(comment)
    return found


def asistensi_of(assessment: Assessment) -> list[Asistensi]:
    """Every asistensi of an assessment, open first (the caller has checked the person may see it)."""
    return sorted(
        Asistensi.objects.filter(assessment=assessment).prefetch_related("comments__written_by"),
        key=lambda a: (a.status != Asistensi.Status.OPEN, -a.pk),
    )
