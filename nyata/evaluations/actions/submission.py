"""Submission by the OPD operator, approval or return by the OPD head."""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, require_status, require_window
from nyata.evaluations.instrument import definition_for
from nyata.evaluations.models import Answer, Assessment, Phase
from nyata.evaluations.notices import notify
from nyata.evaluations.queries.evidence import present_items
from nyata.org.models import User


@dataclass(frozen=True)
class Gap:
    indicator: str
    title: str
    item: str = ""  # empty: the answer itself is missing; else the required evidence item missing
    item_title: str = ""


class SubmissionBlocked(ValidationError):
    def __init__(self, gaps: list[Gap]):
        super().__init__(_("Complete the missing answers and required evidence before submitting."))
        self.gaps = gaps


def submission_gaps(assessment: Assessment) -> list[Gap]:
    """Every unanswered indicator and every required evidence item without a file or link, in file order;
    an indicator filled from a source (nyata.evaluations.feeds) that had nothing to fill is left out."""
    answered = {
        code
        for code, value in Answer.objects.filter(assessment=assessment).values_list("indicator", "value")
        if value is not None
    }
    not_applicable = {
        code
        for code, value in Answer.objects.filter(assessment=assessment).values_list("indicator", "value")
        if value == "na"
    }
    present = present_items(assessment)
    gaps = []
    for node in definition_for(assessment.period).leaves():
        if node.code not in answered:
            # An answer filled from a source that has nothing to give (no survey yet, no recommendation
            # to count) is not the OPD's to give: it cannot type it, and the evaluator scores it.
            if not node.source:
                gaps.append(Gap(node.code, node.title))
            continue
        if node.code in not_applicable:
            continue  # nothing needs proving for an indicator that does not apply
        gaps.extend(
            Gap(node.code, node.title, item.code, item.title)
            for item in node.evidence
            if item.required and (node.code, item.code) not in present
        )
    return gaps


def _move(assessment: Assessment, *, to: str, by: User, kind: str, note: str = "") -> Assessment:
    before = assessment.status
    assessment.status = to
    assessment._history_user = by
    assessment.save(update_fields=["status", "return_note"])
    record(assessment, by=by, kind=kind, before=before, after=to, note=note)
    return assessment


@transaction.atomic
def submit_assessment(*, assessment: Assessment, by: User) -> Assessment:
    require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    assessment = fresh(assessment)
    require_status(assessment, Assessment.Status.SELF_ASSESSMENT)
    gaps = submission_gaps(assessment)
    if gaps:
        raise SubmissionBlocked(gaps)
    assessment.return_note = ""
    assessment = _move(assessment, to=Assessment.Status.AWAITING_HEAD, by=by, kind="submitted")
    notify("submitted", by=by, assessment=assessment)
    return assessment


@transaction.atomic
def approve_submission(*, assessment: Assessment, by: User) -> Assessment:
    require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    assessment = fresh(assessment)
    require_status(assessment, Assessment.Status.AWAITING_HEAD)
    assessment = _move(assessment, to=Assessment.Status.DESK_REVIEW, by=by, kind="approved_by_head")
    # The Inspektorat's turn: the evaluators score, the pengampu verifiers check their areas.
    notify("approved_by_head", by=by, assessment=assessment)
    notify("verification_needed", by=by, assessment=assessment)
    return assessment


@transaction.atomic
def return_submission(*, assessment: Assessment, note: str, by: User) -> Assessment:
    require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    assessment = fresh(assessment)
    require_status(assessment, Assessment.Status.AWAITING_HEAD)
    if not note.strip():
        raise ValidationError({"note": [_("Say what the operator should fix.")]})
    assessment.return_note = note.strip()
    assessment = _move(
        assessment, to=Assessment.Status.SELF_ASSESSMENT, by=by, kind="returned_by_head", note=note.strip()
    )
    notify("returned", by=by, assessment=assessment)
    return assessment
