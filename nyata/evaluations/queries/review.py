"""The tiered review sheet of one assessment: every tier side by side, per indicator."""

from dataclasses import dataclass, field

from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from nyata.evaluations import values
from nyata.evaluations.guards import refusal, require_one_tier, require_review_window
from nyata.evaluations.instrument import definition_for, indicators_for
from nyata.evaluations.models import (
    Answer,
    Assessment,
    Clarification,
    Evidence,
    Review,
    TeamMember,
    Verification,
)
from nyata.evaluations.queries.pengampu import verifiers_of_areas
from nyata.evaluations.queries.results import final_values
from nyata.evaluations.rules import team_tiers
from nyata.evaluations.workflow import STAGE_OF_TIER, TIER_LABELS, TIER_ORDER, Tier
from nyata.scoring import Node


@dataclass
class TierCell:
    tier: str
    label: str
    review: Review | None
    text: str


@dataclass
class IndicatorRow:
    node: Node
    depth: int
    answer: Answer | None
    proposed_text: str
    evidence: list[Evidence]
    tiers: list[TierCell]
    verification: Verification | None
    final_text: str
    clarifications: list[Clarification] = field(default_factory=list)
    own_review: Review | None = None
    # A pengampu indicator whose area has nobody to verify it: shown as such, never awaited.
    unverifiable: bool = False
    # The state of the viewer's form, set by the view: shown values, errors, a conflict, a fresh save.
    form: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    conflict: Review | None = None
    conflict_text: str = ""
    submitted_text: str = ""
    saved: Review | None = None
    is_heading = False

    @property
    def code(self) -> str:
        return self.node.code


@dataclass
class Heading:
    node: Node
    depth: int
    is_heading = True


def _walk(nodes, depth: int = 0):
    for node in nodes:
        yield node, depth
        yield from _walk(node.children, depth + 1)


def writing_tier(user, assessment: Assessment) -> str | None:
    """The tier this person writes now: the one they hold whose stage the assessment is at."""
    held = team_tiers(user, assessment)
    return next(
        (tier for tier in TIER_ORDER if tier in held and STAGE_OF_TIER[tier] == assessment.status), None
    )


def review_block(user, assessment: Assessment) -> str:
    """Why a team member cannot save anything on this review now (the lock, the review window, a second
    tier), in the words the save would be refused with; '' when they can, or hold no tier at all."""
    held = team_tiers(user, assessment)
    if not held:
        return ""
    tier = writing_tier(user, assessment)
    return refusal(lambda: require_review_window(assessment)) or (
        refusal(lambda: require_one_tier(assessment, tier=tier, by=user)) if tier else ""
    )


def evidence_url(evidence: Evidence, instansi_code: str) -> str:
    """Files through the permission-checked download (it decides who may fetch); links where they point."""
    if evidence.kind == Evidence.Kind.LINK:
        return evidence.url
    return reverse(
        "evaluations:evidence-download", kwargs={"instansi": instansi_code, "evidence": evidence.pk}
    )


def _by_indicator(rows) -> dict[str, list]:
    found: dict[str, list] = {}
    for row in rows:
        found.setdefault(row.indicator, []).append(row)
    return found


def indicator_nodes(assessment: Assessment) -> list[Node]:
    return list(definition_for(assessment.period).leaves())


def _with_links(items: list[Evidence], instansi_code: str) -> list[Evidence]:
    for item in items:
        item.href = evidence_url(item, instansi_code)
    return items


def team_of(assessment: Assessment) -> list[tuple[str, list[TeamMember]]]:
    """(tier label, members) in tier order."""
    members = list(assessment.team.select_related("user"))
    return [(TIER_LABELS[tier], [m for m in members if m.tier == tier]) for tier in TIER_ORDER]


def review_sheet(assessment: Assessment, user) -> list[IndicatorRow | Heading]:
    """The instrument tree of one assessment: per indicator the OPD's proposal with its evidence, every
    tier's score side by side, the pengampu verification, open clarifications and the final value."""
    definition = definition_for(assessment.period)
    answers = {a.indicator: a for a in Answer.objects.filter(assessment=assessment)}
    reviews: dict[str, dict[str, Review]] = {}
    for review in Review.objects.filter(assessment=assessment).select_related("updated_by"):
        reviews.setdefault(review.indicator, {})[review.tier] = review
    verifications = {
        v.indicator: v
        for v in Verification.objects.filter(assessment=assessment).select_related("verified_by")
    }
    evidence = _by_indicator(Evidence.objects.filter(assessment=assessment, is_current=True))
    clarifications: dict[str, list[Clarification]] = {}
    for clarification in assessment.clarifications.exclude(status=Clarification.Status.CLOSED):
        for code in clarification.indicators:
            clarifications.setdefault(code, []).append(clarification)
    final = final_values(assessment)
    nobody = {code for codes in unverifiable_areas(assessment).values() for code in codes}
    own_tier = writing_tier(user, assessment)
    instansi_code = assessment.period.instansi.code
    sheet: list[IndicatorRow | Heading] = []
    for node, depth in _walk(definition.nodes):
        if not node.is_leaf:
            sheet.append(Heading(node=node, depth=depth))
            continue
        answer = answers.get(node.code)
        by_tier = reviews.get(node.code, {})
        sheet.append(
            IndicatorRow(
                node=node,
                depth=depth,
                answer=answer,
                proposed_text=values.display(node, answer.value if answer else None),
                evidence=_with_links(evidence.get(node.code, []), instansi_code),
                tiers=[
                    TierCell(
                        tier=tier,
                        label=TIER_LABELS[tier],
                        review=by_tier.get(tier),
                        text=values.display(node, by_tier[tier].value) if tier in by_tier else "—",
                    )
                    for tier in TIER_ORDER
                ],
                verification=verifications.get(node.code),
                final_text=values.display(node, final.get(node.code)),
                clarifications=clarifications.get(node.code, []),
                own_review=by_tier.get(own_tier) if own_tier else None,
                unverifiable=node.code in nobody,
            )
        )
    return sheet


def review_row(assessment: Assessment, user, code: str) -> IndicatorRow:
    """One indicator's row, for the htmx swap after a save (the sheet is small enough to rebuild)."""
    for entry in review_sheet(assessment, user):
        if not entry.is_heading and entry.code == code:
            return entry
    raise Http404


def clarifications_of(assessment: Assessment) -> list[Clarification]:
    found = assessment.clarifications.select_related("asked_by", "answered_by").prefetch_related("evidence")
    return linked(list(found), assessment.period.instansi.code)


def linked(records: list, instansi_code: str) -> list:
    """Clarifications or appeals with the download link of each evidence they carry."""
    for record in records:
        _with_links(list(record.evidence.all()), instansi_code)
    return records


def unverifiable_areas(assessment: Assessment) -> dict[str, list[str]]:
    """RB area -> its indicators in this assessment, for every area of the instrument that has nobody to
    verify it (no unit pengampu owns it, or none of its people holds the verifier role). The admin is
    warned of these when the period opens and on the period page; they never block a hand-over."""
    areas: dict[str, list[str]] = {}
    for code, node in indicators_for(assessment.period).items():
        if node.pengampu:
            areas.setdefault(node.pengampu, []).append(code)
    if not areas:
        return {}
    owners = verifiers_of_areas(assessment.period.instansi_id, areas)
    return {area: codes for area, codes in areas.items() if not owners[area][1]}


def kept_against_pengampu(verification: Verification) -> str:
    return _("The unit pengampu marked %(code)s not valid (%(why)s): say why you keep the OPD's value.") % {
        "code": verification.indicator,
        "why": verification.note or "—",
    }


def review_gaps(assessment: Assessment) -> list[str]:
    """Why the evaluator cannot hand over yet, one message per indicator, in file order. A pengampu may
    reject an indicator after the evaluator scored it: a value kept against that verdict needs a reason. An
    indicator of an area nobody can verify is no gap (see unverifiable_areas)."""
    reviews = {r.indicator: r for r in Review.objects.filter(assessment=assessment, tier=Tier.EVALUATOR)}
    verifications = {v.indicator: v for v in Verification.objects.filter(assessment=assessment)}
    proposed = dict(Answer.objects.filter(assessment=assessment).values_list("indicator", "value"))
    nobody = {code for codes in unverifiable_areas(assessment).values() for code in codes}
    gaps = []
    for code, node in indicators_for(assessment.period).items():
        review = reviews.get(code)
        verification = verifications.get(code)
        if review is None:
            gaps.append(_("%(code)s has no score yet.") % {"code": code})
        elif review.verdict == Review.Verdict.NEEDS_CLARIFICATION:
            gaps.append(_("%(code)s still awaits clarification.") % {"code": code})
        elif node.pengampu and verification is None and code not in nobody:
            gaps.append(_("%(code)s awaits verification by the unit pengampu.") % {"code": code})
        elif (
            verification is not None
            and not verification.is_valid
            and review.value == proposed.get(code)
            and not review.note.strip()
        ):
            gaps.append(kept_against_pengampu(verification))
    return gaps
