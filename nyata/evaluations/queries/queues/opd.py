"""The OPD's queue: its operator answers and uploads (and revises what the head returned), its head
approves; both answer clarification requests, and may appeal once the preliminary result is out."""

from collections import defaultdict

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from nyata.evaluations.models import Assessment, Phase
from nyata.evaluations.queries.queues.items import (
    APPEAL,
    CLARIFICATION,
    SELF_ASSESSMENT,
    Deadlines,
    WorkItem,
    in_order,
    url_args,
)
from nyata.evaluations.queries.worksheet import OpenAssessment
from nyata.org import rules
from nyata.org.models import Role


def opd_queue(user, rows: list[OpenAssessment]) -> list[WorkItem]:
    """`rows` are worksheet.open_assessments(user): the open assessments of the person's own units."""
    held: dict[int, set[str]] = defaultdict(set)
    for grant in rules.grants_of(user):
        if grant.role in rules.UNIT_ROLES and grant.unit_id is not None:
            held[grant.unit_id].add(grant.role)
    if not rows:
        return []
    deadlines = Deadlines({row.assessment.period_id: row.assessment.period for row in rows}.values())
    now = timezone.now()
    items = []
    for row in rows:
        a = row.assessment
        roles, period, unit = held[a.unit_id], a.period, a.unit.name
        worksheet = reverse("evaluations:worksheet", args=url_args(a))
        due, late = deadlines.due(period, SELF_ASSESSMENT, a.unit_id, now)
        if a.status == Assessment.Status.SELF_ASSESSMENT and Role.OPD_OPERATOR in roles:
            done = row.completeness
            detail = _(
                "%(answered)d of %(total)d answered; %(present)d of %(required)d required evidence"
            ) % {
                "answered": done.answered,
                "total": done.total,
                "present": done.evidence_present,
                "required": done.evidence_required,
            }
            if a.return_note:
                what = _("Returned by the OPD head: revise and submit again")
                detail = f"{a.return_note} · {detail}"
            else:
                what = _("Answer the worksheet and upload the evidence, then submit")
            items.append(WorkItem(what, unit, period, worksheet, _("Open the worksheet"), detail, due, late))
        if a.status == Assessment.Status.AWAITING_HEAD and Role.OPD_HEAD in roles:
            what = _("Approve the submission (or return it to the operator)")
            items.append(WorkItem(what, unit, period, worksheet, _("Decide"), "", due, late))
        if row.open_clarifications:
            what = ngettext(
                "Answer %(n)d clarification request",
                "Answer %(n)d clarification requests",
                row.open_clarifications,
            ) % {"n": row.open_clarifications}
            url = reverse("evaluations:clarification-list", args=[period.instansi.code])
            due, late = deadlines.due(period, CLARIFICATION, a.unit_id, now)
            items.append(WorkItem(what, unit, period, url, _("Answer now"), "", due, late))
        if period.preliminary_released_at is not None and deadlines.has_started(period, Phase.APPEAL, now):
            due, late = deadlines.due(period, APPEAL, a.unit_id, now)
            if due is not None and not late:
                what = _("Preliminary result released: appeal a score you can prove wrong (sanggah)")
                url = reverse("evaluations:appeal-page", args=url_args(a))
                items.append(WorkItem(what, unit, period, url, _("Open the appeal page"), "", due, late))
    return in_order(items)
