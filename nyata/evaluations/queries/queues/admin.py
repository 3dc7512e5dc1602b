"""The Inspektorat admin's queue: per open period, what only the admin can unblock (teams and verifiers to
assign, late units, results to release and finalise)."""

from collections import defaultdict
from typing import NamedTuple

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Assessment, Period, TeamMember
from nyata.evaluations.queries.pengampu import verifiers_of_areas
from nyata.evaluations.queries.queues.items import (
    APPEAL,
    FINALISATION,
    REVIEW,
    SELF_ASSESSMENT,
    Deadlines,
    WorkItem,
    in_order,
    some_names,
)
from nyata.evaluations.workflow import REVIEWING_STAGES, TIER_ORDER

OPD_STAGES = (Assessment.Status.SELF_ASSESSMENT, Assessment.Status.AWAITING_HEAD)


class UnitRow(NamedTuple):
    """An assessment of an open period, as the queue reads it."""

    pk: int
    period_id: int
    unit_id: int
    status: str
    unit_name: str


def admin_queue(instansi) -> list[WorkItem]:
    periods = list(
        Period.objects.filter(instansi=instansi, status=Period.Status.OPEN)
        .select_related("instansi", "instrument")
        .defer("instrument__source")  # instrument.py: read on a cache miss only
    )
    if not periods:
        return []
    # Plain rows: the queue names units and counts them, and a period may hold a hundred of them.
    units: dict[int, list[UnitRow]] = defaultdict(list)
    rows = Assessment.objects.filter(period__in=periods).order_by("unit__name")
    for row in rows.values_list("pk", "period_id", "unit_id", "status", "unit__name"):
        units[row[1]].append(UnitRow(*row))
    seats: dict[int, set[str]] = defaultdict(set)
    for assessment_id, tier in TeamMember.objects.filter(assessment__period__in=periods).values_list(
        "assessment_id", "tier"
    ):
        seats[assessment_id].add(tier)
    areas = {
        period.pk: {node.pengampu for node in definition_of(period.instrument).leaves() if node.pengampu}
        for period in periods
    }
    owners = verifiers_of_areas(instansi.pk, set().union(*areas.values()))
    scene = _Scene(Deadlines(periods), seats, owners, timezone.now())
    items = []
    for period in periods:
        items += scene.setup(period, units[period.pk], areas[period.pk])
        items += scene.late(period, units[period.pk])
        items += scene.results(period, units[period.pk])
    return in_order(items)


class _Scene:
    def __init__(self, deadlines: Deadlines, seats, owners, now):
        self.deadlines, self.seats, self.owners, self.now = deadlines, seats, owners, now

    def setup(self, period: Period, units: list[UnitRow], areas: set[str]) -> list[WorkItem]:
        """Before the desk review starts, every unit needs a whole team and every RB area a verifier."""
        needed_by, late = self.deadlines.due(period, SELF_ASSESSMENT, None, self.now)
        code, items = period.instansi.code, []
        in_review_or_before = [a for a in units if a.status in (*OPD_STAGES, *REVIEWING_STAGES)]
        no_team = [a.unit_name for a in in_review_or_before if not set(TIER_ORDER) <= self.seats[a.pk]]
        if no_team:
            what = ngettext(
                "%(n)d unit has no complete evaluator team",
                "%(n)d units have no complete evaluator team",
                len(no_team),
            ) % {"n": len(no_team)}
            url = reverse("evaluations:team-page", args=[code, period.pk])
            items.append(
                WorkItem(what, some_names(no_team), period, url, _("Assign teams"), "", needed_by, late)
            )
        missing = sorted(area for area in areas if not self.owners[area][1])
        if missing:
            what = ngettext(
                "%(n)d RB area has no pengampu verifier",
                "%(n)d RB areas have no pengampu verifier",
                len(missing),
            ) % {"n": len(missing)}
            named = [f"{a} ({self.owners[a][0].display_name})" if self.owners[a][0] else a for a in missing]
            url = reverse("evaluations:period-detail", args=[code, period.pk]) + "#verifikasi"
            items.append(
                WorkItem(what, "", period, url, _("See who verifies"), "; ".join(named), needed_by, late)
            )
        return items

    def late(self, period: Period, units: list[UnitRow]) -> list[WorkItem]:
        """Units whose phase closed before they were done with it: the admin extends the window for them."""
        url = reverse("evaluations:period-detail", args=[period.instansi.code, period.pk])
        late_opd = [
            a.unit_name
            for a in units
            if a.status in OPD_STAGES and self.deadlines.due(period, SELF_ASSESSMENT, a.unit_id, self.now)[1]
        ]
        late_review = [
            a.unit_name
            for a in units
            if a.status in REVIEWING_STAGES and self.deadlines.due(period, REVIEW, a.unit_id, self.now)[1]
        ]
        items = []
        if late_opd:
            what = ngettext(
                "%(n)d unit missed the self-assessment window",
                "%(n)d units missed the self-assessment window",
                len(late_opd),
            ) % {"n": len(late_opd)}
            closed = self.deadlines.end(period, SELF_ASSESSMENT[0], None)
            items.append(
                # Past its window an OPD either gets more time or is closed as not submitted (the period
                # page offers both), so that one late OPD never holds back the others.
                WorkItem(what, some_names(late_opd), period, url, _("Extend or close"), "", closed, True)
            )
        if late_review:
            what = ngettext(
                "%(n)d unit is still under review after the review windows closed",
                "%(n)d units are still under review after the review windows closed",
                len(late_review),
            ) % {"n": len(late_review)}
            items.append(
                WorkItem(what, some_names(late_review), period, url, _("Extend a window"), late=True)
            )
        return items

    def results(self, period: Period, units: list[UnitRow]) -> list[WorkItem]:
        """Reviewed units wait for the release of the preliminary results, then for finalisation."""
        code = period.instansi.code
        reviewed = [a.unit_name for a in units if a.status == Assessment.Status.REVIEWED]
        detail = _("%(done)d of %(all)d units reviewed") % {"done": len(reviewed), "all": len(units)}
        if period.preliminary_released_at is None:
            if not reviewed:
                return []
            what = ngettext(
                "%(n)d unit reviewed: release the preliminary results",
                "%(n)d units reviewed: release the preliminary results",
                len(reviewed),
            ) % {"n": len(reviewed)}
            url = reverse("evaluations:review-period", args=[code, period.pk])
            due, late = self.deadlines.due(period, APPEAL, None, self.now)
            return [WorkItem(what, some_names(reviewed), period, url, _("Release"), detail, due, late)]
        what = _("Preliminary results released: finalise the period after the appeals")
        url = reverse("evaluations:finalise", args=[code, period.pk])
        due, late = self.deadlines.due(period, FINALISATION, None, self.now)
        return [WorkItem(what, "", period, url, _("Finalise"), detail, due, late)]
