"""The Inspektorat's reviewers: each tier when its turn has come, the evaluator the clarification answers to
read, the ketua tim the appeals to decide; the pengampu verifiers the indicators of their area, per OPD."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nyata.evaluations.models import Period
from nyata.evaluations.queries.queues.items import (
    APPEAL_DECISION,
    REVIEW,
    Deadlines,
    WorkItem,
    in_order,
    url_args,
)
from nyata.evaluations.queries.verification import waiting_per_assessment
from nyata.evaluations.queries.work import TeamWork
from nyata.evaluations.rules import pengampu_areas
from nyata.evaluations.workflow import STAGE_OF_TIER, TIER_LABELS, TIER_ORDER


def team_queue(works: list[TeamWork]) -> list[WorkItem]:
    """`works` are work.team_work(user): the person's seats in the teams of open periods."""
    if not works:
        return []
    deadlines = Deadlines({w.assessment.period_id: w.assessment.period for w in works}.values())
    now = timezone.now()
    items = []
    for work in works:
        a = work.assessment
        period, unit = a.period, a.unit.name
        review = reverse("evaluations:review-assessment", args=url_args(a))
        due, late = deadlines.due(period, REVIEW, a.unit_id, now)
        if work.my_turn:
            tier = next(t for t in TIER_ORDER if t in work.tiers and STAGE_OF_TIER[t] == a.status)
            what = _("Your turn to review, as %(tier)s") % {"tier": TIER_LABELS[tier]}
            items.append(WorkItem(what, unit, period, review, _("Review"), a.return_note, due, late))
        if work.answered_clarifications:
            what = ngettext(
                "Read %(n)d clarification answer and close it",
                "Read %(n)d clarification answers and close them",
                work.answered_clarifications,
            ) % {"n": work.answered_clarifications}
            items.append(WorkItem(what, unit, period, f"{review}#klarifikasi", _("Read"), "", due, late))
        if work.pending_appeals:
            what = ngettext("Decide %(n)d appeal", "Decide %(n)d appeals", work.pending_appeals) % {
                "n": work.pending_appeals
            }
            url = reverse("evaluations:appeal-page", args=url_args(a))
            due, late = deadlines.due(period, APPEAL_DECISION, a.unit_id, now)
            items.append(WorkItem(what, unit, period, url, _("Decide"), "", due, late))
    return in_order(items)


def verifier_queue(user, instansi) -> list[WorkItem]:
    """Per OPD under review in an open period, how many indicators of the verifier's areas wait."""
    areas = pengampu_areas(user, instansi.pk)
    if not areas:
        return []
    periods = list(
        Period.objects.filter(instansi=instansi, status=Period.Status.OPEN)
        .select_related("instansi", "instrument")
        .defer("instrument__source")  # instrument.py: read on a cache miss only
    )
    deadlines = Deadlines(periods)
    by_pk = {period.pk: period for period in periods}
    now = timezone.now()
    items = []
    for assessment, waiting in waiting_per_assessment(periods, areas).values():
        period = by_pk[assessment.period_id]
        what = ngettext(
            "Verify %(n)d indicator of your RB area", "Verify %(n)d indicators of your RB area", waiting
        ) % {"n": waiting}
        url = reverse("evaluations:verification-list", args=[instansi.code, period.pk])
        url += f"?opd={assessment.pk}&status=waiting"
        due, late = deadlines.due(period, REVIEW, assessment.unit_id, now)
        items.append(WorkItem(what, assessment.unit.name, period, url, _("Verify"), "", due, late))
    return in_order(items)
