"""Tiered review: the evaluator scores every indicator, the ketua tim and the pengendali teknis approve
(or adjust, or return); pengampu units verify the indicators of their RB area across all OPD."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from nyata.evaluations import values
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, require_one_tier, require_review_window, require_status
from nyata.evaluations.instrument import indicators_for
from nyata.evaluations.models import Answer, Assessment, Review, Verification
from nyata.evaluations.notices import notify
from nyata.evaluations.queries.review import kept_against_pengampu, review_gaps, unverifiable_areas
from nyata.evaluations.workflow import REVIEWING_STAGES, STAGE_OF_TIER, TIER_OF_ACT
from nyata.org.models import User


class StaleReview(Exception):
    def __init__(self, *, current: Review):
        super().__init__("conflicting review")
        self.current = current


@transaction.atomic
def save_review(
    *,
    assessment: Assessment,
    indicator: str,
    tier: str,
    verdict: str,
    value: values.Stored,
    note: str,
    base_revision: int,
    by: User,
) -> Review:
    """One tier's verdict on one indicator. `value` (parsed at the edge, checked here against the
    instrument) is the adjusted score; an agreeing verdict takes the OPD's answer and ignores it."""
    node = indicators_for(assessment.period).get(indicator)
    if node is None:
        raise ValidationError(_("Unknown indicator %(code)s.") % {"code": indicator})
    require_review_window(assessment)
    assessment = fresh(assessment)
    require_status(assessment, STAGE_OF_TIER[tier])
    require_one_tier(assessment, tier=tier, by=by)
    if verdict not in Review.Verdict.values:
        raise ValidationError({"verdict": [_("Choose a status.")]})
    proposed = next(
        iter(
            Answer.objects.filter(assessment=assessment, indicator=indicator).values_list("value", flat=True)
        ),
        None,
    )
    if verdict == Review.Verdict.AGREE:
        stored = proposed
        if stored is None:
            raise ValidationError(_("The OPD gave no answer to agree with; enter an adjusted score."))
    else:
        stored = values.check(node, value)
        if verdict == Review.Verdict.ADJUSTED and stored is None:
            raise ValidationError({"value": [_("Enter the adjusted score.")]})
    _require_reason(assessment, indicator, verdict=verdict, stored=stored, proposed=proposed, note=note)
    review = (
        Review.objects.select_for_update()
        .filter(assessment=assessment, indicator=indicator, tier=tier)
        .first()
    )
    if review is not None and review.revision != base_revision:
        raise StaleReview(current=review)
    review = review or Review(assessment=assessment, indicator=indicator, tier=tier)
    before = review.value
    review.value, review.verdict, review.note = stored, verdict, note.strip()
    review.revision += 1
    review.updated_by = by
    review._history_user = by
    review.save()
    record(
        assessment,
        by=by,
        kind=f"review_{tier}",
        indicator=indicator,
        before=before,
        after=stored,
        note=f"{Review.Verdict(verdict).label}. {note.strip()}".strip(),
    )
    return review


def _require_reason(
    assessment: Assessment,
    indicator: str,
    *,
    verdict: str,
    stored: values.Stored,
    proposed: values.Stored,
    note: str,
) -> None:
    """Every departure from the OPD's value, and every value kept against the pengampu, says why: the
    reviewer answers for the score (the LHE cites these notes)."""
    if note.strip():
        return
    if verdict == Review.Verdict.NEEDS_CLARIFICATION:
        raise ValidationError({"note": [_("Say what needs clarifying.")]})
    if verdict == Review.Verdict.ADJUSTED and stored != proposed:
        raise ValidationError({"note": [_("Say why you adjust the OPD's value.")]})
    rejected = Verification.objects.filter(assessment=assessment, indicator=indicator, is_valid=False).first()
    if rejected is not None and stored == proposed:
        raise ValidationError({"note": [kept_against_pengampu(rejected)]})


# Every move tells the tier it reaches: forward to the next tier (the admins after the last), back down the
# chain with the note.
NOTICE_OF_MOVE = {
    "submitted_to_ketua": "handed_over",
    "approved_by_ketua": "handed_over",
    "approved_by_pengendali": "review_approved",
    "returned_to_evaluator": "review_returned",
    "returned_to_ketua": "review_returned",
}


def _move(
    assessment: Assessment, *, expected: str, to: str, by: User, kind: str, note: str = ""
) -> Assessment:
    require_review_window(assessment)
    assessment = fresh(assessment)
    require_status(assessment, expected)
    require_one_tier(assessment, tier=TIER_OF_ACT[kind], by=by)
    before = assessment.status
    assessment.status = to
    assessment.return_note = note
    assessment._history_user = by
    assessment.save(update_fields=["status", "return_note"])
    record(assessment, by=by, kind=kind, before=before, after=to, note=note)
    notify(NOTICE_OF_MOVE[kind], by=by, assessment=assessment)
    return assessment


@transaction.atomic
def submit_to_ketua(*, assessment: Assessment, by: User) -> Assessment:
    gaps = review_gaps(assessment)
    if gaps:
        raise ValidationError(gaps)
    assessment = _move(
        assessment,
        expected=Assessment.Status.DESK_REVIEW,
        to=Assessment.Status.TEAM_REVIEW,
        by=by,
        kind="submitted_to_ketua",
    )
    # Indicators of an area nobody can verify go on unverified; the timeline says so, and why.
    verified = set(Verification.objects.filter(assessment=assessment).values_list("indicator", flat=True))
    for area, codes in unverifiable_areas(assessment).items():
        unverified = [code for code in codes if code not in verified]
        if unverified:
            record(assessment, by=by, kind="handed_over_unverified", after=unverified, note=area)
    return assessment


@transaction.atomic
def approve_as_ketua(*, assessment: Assessment, by: User) -> Assessment:
    return _move(
        assessment,
        expected=Assessment.Status.TEAM_REVIEW,
        to=Assessment.Status.CONTROL_REVIEW,
        by=by,
        kind="approved_by_ketua",
    )


@transaction.atomic
def approve_as_pengendali(*, assessment: Assessment, by: User) -> Assessment:
    return _move(
        assessment,
        expected=Assessment.Status.CONTROL_REVIEW,
        to=Assessment.Status.REVIEWED,
        by=by,
        kind="approved_by_pengendali",
    )


def _require_note(note: str) -> str:
    if not note.strip():
        raise ValidationError({"note": [_("Say what should be revised.")]})
    return note.strip()


@transaction.atomic
def return_to_evaluator(*, assessment: Assessment, note: str, by: User) -> Assessment:
    return _move(
        assessment,
        expected=Assessment.Status.TEAM_REVIEW,
        to=Assessment.Status.DESK_REVIEW,
        by=by,
        kind="returned_to_evaluator",
        note=_require_note(note),
    )


@transaction.atomic
def return_to_ketua(*, assessment: Assessment, note: str, by: User) -> Assessment:
    return _move(
        assessment,
        expected=Assessment.Status.CONTROL_REVIEW,
        to=Assessment.Status.TEAM_REVIEW,
        by=by,
        kind="returned_to_ketua",
        note=_require_note(note),
    )


@transaction.atomic
def verify_indicator(
    *, assessment: Assessment, indicator: str, is_valid: bool, note: str, areas: frozenset[str], by: User
) -> Verification:
    """A pengampu verifier's verdict; `areas` are the RB areas the verifier's unit owns."""
    node = indicators_for(assessment.period).get(indicator)
    if node is None or node.pengampu not in areas:
        raise ValidationError(_("This indicator does not belong to your RB area."))
    require_review_window(assessment)
    assessment = fresh(assessment)
    require_status(assessment, *REVIEWING_STAGES)
    if not is_valid and not note.strip():
        raise ValidationError({"note": [_("Say why the indicator is not valid.")]})
    verification = Verification.objects.filter(assessment=assessment, indicator=indicator).first()
    verification = verification or Verification(assessment=assessment, indicator=indicator)
    verification.is_valid, verification.note, verification.verified_by = is_valid, note.strip(), by
    verification._history_user = by
    verification.save()
    record(
        assessment,
        by=by,
        kind="verified",
        indicator=indicator,
        after="valid" if is_valid else "not_valid",
        note=note.strip(),
    )
    return verification


@transaction.atomic
def verify_all_valid(*, assessment: Assessment, note: str, areas: frozenset[str], by: User) -> list[str]:
    """ "Semua valid": every indicator of these RB areas that still waits for verification in this OPD is
    marked valid with one note, in one timeline event; indicators already verified keep their verdict.
    Returns the codes marked."""
    codes = [code for code, node in indicators_for(assessment.period).items() if node.pengampu in areas]
    if not codes:
        raise ValidationError(_("This indicator does not belong to your RB area."))
    require_review_window(assessment)
    assessment = fresh(assessment)
    require_status(assessment, *REVIEWING_STAGES)
    done = set(
        Verification.objects.select_for_update()
        .filter(assessment=assessment, indicator__in=codes)
        .values_list("indicator", flat=True)
    )
    waiting = [code for code in codes if code not in done]
    if not waiting:
        raise ValidationError(
            _("Nothing of %(unit)s waits for your verification.") % {"unit": assessment.unit.name}
        )
    bulk_create_with_history(
        [
            Verification(
                assessment=assessment, indicator=code, is_valid=True, note=note.strip(), verified_by=by
            )
            for code in waiting
        ],
        Verification,
        default_user=by,
    )
    record(assessment, by=by, kind="verified_all", after=waiting, note=note.strip())
    return waiting
