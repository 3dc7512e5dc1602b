"""What an assessment scores: the OPD's proposal, each tier's view, and the final values that count."""

from dataclasses import dataclass

from nyata.evaluations import values
from nyata.evaluations.instrument import compiled_of, definition_of, indicators_of
from nyata.evaluations.models import Answer, Appeal, Assessment, Review
from nyata.evaluations.workflow import TIER_ORDER
from nyata.scoring import AnswersError, ScoreResult


def proposed_values(assessment: Assessment) -> dict[str, values.Stored]:
    return dict(Answer.objects.filter(assessment=assessment).values_list("indicator", "value"))


def final_values(assessment: Assessment) -> dict[str, values.Stored]:
    """Per indicator: an accepted appeal's new score, else the last tier that scored it."""
    tiers = tier_values(assessment)
    accepted = dict(
        Appeal.objects.filter(assessment=assessment, decision=Appeal.Decision.ACCEPTED)
        .order_by("decided_at")
        .values_list("indicator", "new_value")
    )
    return _final(assessment.period.instrument, tiers, accepted)


def _final(instrument, tiers: dict, accepted: dict) -> dict[str, values.Stored]:
    final: dict[str, values.Stored] = {}
    for code in indicators_of(instrument):
        if code in accepted:
            final[code] = accepted[code]
            continue
        by_tier = tiers.get(code, {})
        final[code] = next((by_tier[t] for t in reversed(TIER_ORDER) if by_tier.get(t) is not None), None)
    return final


def final_values_of_period(period) -> dict[int, dict[str, values.Stored]]:
    """final_values of every assessment of a period in two queries (the ranking and progress pages)."""
    tiers: dict[int, dict[str, dict[str, values.Stored]]] = {}
    for assessment_id, indicator, tier, value in Review.objects.filter(assessment__period=period).values_list(
        "assessment_id", "indicator", "tier", "value"
    ):
        tiers.setdefault(assessment_id, {}).setdefault(indicator, {})[tier] = value
    accepted: dict[int, dict[str, values.Stored]] = {}
    for assessment_id, indicator, new_value in (
        Appeal.objects.filter(assessment__period=period, decision=Appeal.Decision.ACCEPTED)
        .order_by("decided_at")
        .values_list("assessment_id", "indicator", "new_value")
    ):
        accepted.setdefault(assessment_id, {})[indicator] = new_value
    return {
        pk: _final(period.instrument, tiers.get(pk, {}), accepted.get(pk, {}))
        for pk in period.assessments.values_list("pk", flat=True)
    }


def score(assessment: Assessment, stored: dict[str, values.Stored]) -> ScoreResult:
    return compiled_of(assessment.period.instrument).score(answers=values.engine_answers(stored))


@dataclass(frozen=True)
class SelfScore:
    """The nilai usulan: what the engine makes of the OPD's own answers, before any review."""

    result: ScoreResult
    predicate_label: str

    @property
    def unanswered(self) -> int:
        return len(self.result.missing)


def self_score(assessment: Assessment, stored: dict[str, values.Stored]) -> SelfScore | None:
    """Score the OPD's answers as they stand (unanswered indicators earn 0, as the engine says); None
    when a stored answer no longer fits the pinned instrument, which the worksheet then shows instead."""
    try:
        result = score(assessment, {code: value for code, value in stored.items() if value is not None})
    except AnswersError:
        return None
    labels = {band.code: band.label for band in definition_of(assessment.period.instrument).predicates}
    return SelfScore(result, labels.get(result.predicate or "", ""))


def tier_values(assessment: Assessment) -> dict[str, dict[str, values.Stored]]:
    """indicator -> {tier: value} for every review written so far."""
    found: dict[str, dict[str, values.Stored]] = {}
    for indicator, tier, value in Review.objects.filter(assessment=assessment).values_list(
        "indicator", "tier", "value"
    ):
        found.setdefault(indicator, {})[tier] = value
    return found
