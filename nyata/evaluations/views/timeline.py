"""The timeline of one assessment: every transition and score change with who, when and why."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nyata.core.numbers import figure
from nyata.core.paging import page_of
from nyata.evaluations import values
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Event, TeamMember
from nyata.evaluations.queries import periods
from nyata.evaluations.rules import is_inspektorat_staff, is_published
from nyata.evaluations.views.access import assessment_for
from nyata.org import rules

KIND_LABELS = {
    "opened": _("Period opened"),
    "window_extended": _("Window extended"),
    "team_assigned": _("Team member assigned"),
    "team_removed": _("Team member removed"),
    "answer_changed": _("Answer changed"),
    "evidence_attached": _("Evidence attached"),
    "evidence_replaced": _("Evidence replaced"),
    "evidence_withdrawn": _("Evidence withdrawn"),
    "filled_from_survey": _("Filled from the satisfaction survey"),
    "filled_from_figure": _("Filled from an outside figure recorded by the Inspektorat"),
    "filled_from_follow_up": _("Filled from the follow-up of the previous recommendations"),
    "filled_from_action_plan": _("Filled from the approved action plan"),
    "submitted": _("Submitted to the OPD head"),
    "approved_by_head": _("Approved by the OPD head"),
    "returned_by_head": _("Returned by the OPD head"),
    "head_note": _("Note of the OPD head on the indicator"),
    "review_evaluator": _("Scored by the evaluator"),
    "review_ketua_tim": _("Scored by the ketua tim"),
    "review_pengendali_teknis": _("Scored by the pengendali teknis"),
    "submitted_to_ketua": _("Handed to the ketua tim"),
    "approved_by_ketua": _("Approved by the ketua tim"),
    "approved_by_pengendali": _("Approved by the pengendali teknis"),
    "returned_to_evaluator": _("Returned to the evaluator"),
    "returned_to_ketua": _("Returned to the ketua tim"),
    "verified": _("Verified by the unit pengampu"),
    "verified_all": _("Every waiting indicator verified valid by the unit pengampu"),
    "handed_over_unverified": _("Handed over without pengampu verification: the area has no verifier"),
    "clarification_asked": _("Clarification requested"),
    "clarification_answered": _("Clarification answered"),
    "clarification_closed": _("Clarification closed"),
    "preliminary_released": _("Preliminary results released"),
    "appeal_filed": _("Appeal filed"),
    "appeal_accepted": _("Appeal accepted"),
    "appeal_rejected": _("Appeal rejected"),
    "finding_written": _("Finding written"),
    "finalised": _("Finalised"),
    "closed_not_submitted": _("Closed as not submitted (tidak menyampaikan)"),
    "withdrawn": _("Withdrawn from the period"),
}
VALUE_KINDS = {
    "answer_changed",
    "filled_from_survey",
    "filled_from_figure",
    "filled_from_follow_up",
    "filled_from_action_plan",
    "review_evaluator",
    "review_ketua_tim",
    "review_pengendali_teknis",
    "appeal_accepted",
}
STATUS_KINDS = {
    "closed_not_submitted",
    "withdrawn",
    "submitted",
    "approved_by_head",
    "returned_by_head",
    "submitted_to_ketua",
    "approved_by_ketua",
    "approved_by_pengendali",
    "returned_to_evaluator",
    "returned_to_ketua",
}
# The Inspektorat's internal work: its values and notes reach the OPD with the preliminary results.
INTERNAL_KINDS = {
    "review_evaluator",
    "review_ketua_tim",
    "review_pengendali_teknis",
    "verified",
    "verified_all",
    "handed_over_unverified",
    "returned_to_evaluator",
    "returned_to_ketua",
    "finding_written",
}


@dataclass(frozen=True)
class Line:
    event: Event
    label: str
    subject: str
    before: str
    after: str
    note: str
    withheld: bool


def _text(kind: str, raw, node, zone: ZoneInfo) -> str:
    if raw is None or raw == "":
        return ""
    if kind in VALUE_KINDS:
        return values.display(node, raw) if node is not None else str(raw)
    if kind in STATUS_KINDS and raw in Assessment.Status.values:
        return str(Assessment.Status(raw).label)
    if kind in ("team_assigned", "team_removed") and raw in TeamMember.Tier.values:
        return str(TeamMember.Tier(raw).label)
    if kind == "verified":
        return str(_("valid") if raw == "valid" else _("not valid"))
    if kind == "finalised":  # the final total, stored as decimal text
        return figure(raw)
    if kind in ("verified_all", "handed_over_unverified"):
        return ", ".join(raw)  # the indicators concerned
    if kind == "window_extended":
        return date_format(datetime.fromisoformat(raw).astimezone(zone), "j F Y H:i")
    if isinstance(raw, dict):
        return str(raw.get("name") or raw.get("url") or raw.get("item") or "")
    return str(raw)


# Every autosave is an event: an assessment gathers thousands in a period, read a page at a time.
PER_PAGE = 100


def timeline_lines(assessment: Assessment, user, events=None) -> list[Line]:
    """The lines of `events` (by default the whole timeline), newest first."""
    period = assessment.period
    nodes = indicators_of(period.instrument)
    zone = ZoneInfo(period.instansi.time_zone)
    # The OPD reads the Inspektorat's values and notes once its own unit's preliminary results are out.
    sees_internal = (
        is_inspektorat_staff(user, period.instansi_id)
        or is_published(assessment)
        or assessment.released_at is not None
    )
    lines = []
    for event in periods.timeline(assessment) if events is None else events:
        withheld = event.kind in INTERNAL_KINDS and not sees_internal
        node = nodes.get(event.indicator)
        lines.append(
            Line(
                event=event,
                label=str(KIND_LABELS.get(event.kind, event.kind)),
                subject=f"{event.indicator} · {node.title}" if node else event.indicator,
                before="" if withheld else _text(event.kind, event.before, node, zone),
                after="" if withheld else _text(event.kind, event.after, node, zone),
                note="" if withheld else event.note,
                withheld=withheld,
            )
        )
    return lines


@login_required
def timeline_page(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    user = request.user
    page = page_of(request, periods.timeline(assessment_obj), PER_PAGE)
    return render(
        request,
        "evaluations/admin/timeline.html",
        {
            "instansi": instansi_obj,
            "period": assessment_obj.period,
            "assessment": assessment_obj,
            "lines": timeline_lines(assessment_obj, user, page.object_list),
            "page": page,
            "can_review": rules.has_perm(user, "evaluations.view_review", assessment_obj),
            "can_result": rules.has_perm(user, "evaluations.view_results", assessment_obj),
            "is_unit_staff": assessment_obj.unit_id in rules.own_unit_ids(user),
        },
    )
