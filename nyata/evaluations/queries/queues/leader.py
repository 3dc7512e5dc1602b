"""The pimpinan's overview: what is published (read-only results), what is still pending."""

from dataclasses import dataclass

from django.db.models import Count, Q

from nyata.evaluations.models import Assessment, Period

PAST_THE_OPD = [
    Assessment.Status.DESK_REVIEW,
    Assessment.Status.TEAM_REVIEW,
    Assessment.Status.CONTROL_REVIEW,
    Assessment.Status.REVIEWED,
    Assessment.Status.FINALISED,
]
REVIEWED = [Assessment.Status.REVIEWED, Assessment.Status.FINALISED]


@dataclass
class PendingPeriod:
    period: Period
    units: int
    submitted: int  # approved by the OPD head: past the OPD's own hands
    reviewed: int


def leader_overview(instansi) -> tuple[list[Period], list[PendingPeriod]]:
    """(finalised periods newest first, each with its number of units; open periods with how far their
    units are). Two queries."""
    published = list(
        Period.objects.filter(instansi=instansi, status=Period.Status.FINALISED)
        .annotate(units=Count("assessments"))
        .order_by("-year", "title")
    )
    pending = (
        Period.objects.filter(instansi=instansi, status=Period.Status.OPEN)
        .annotate(
            units=Count("assessments"),
            submitted=Count("assessments", filter=Q(assessments__status__in=PAST_THE_OPD)),
            reviewed=Count("assessments", filter=Q(assessments__status__in=REVIEWED)),
        )
        .order_by("-year", "title")
    )
    return published, [PendingPeriod(p, p.units, p.submitted, p.reviewed) for p in pending]
