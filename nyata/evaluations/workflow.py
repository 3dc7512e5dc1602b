"""The stages an assessment passes and the review tiers that act on them: the one place that says which tier
writes in which stage and whose value wins. Reads, guards and actions all take these from here."""

from nyata.evaluations.models import Assessment, TeamMember

Tier = TeamMember.Tier
TIER_LABELS = dict(Tier.choices)
STAGE_OF_TIER = {
    Tier.EVALUATOR: Assessment.Status.DESK_REVIEW,
    Tier.KETUA_TIM: Assessment.Status.TEAM_REVIEW,
    Tier.PENGENDALI_TEKNIS: Assessment.Status.CONTROL_REVIEW,
}
# Later tiers override earlier ones: the final value is the last approved tier's.
TIER_ORDER = (Tier.EVALUATOR, Tier.KETUA_TIM, Tier.PENGENDALI_TEKNIS)
REVIEWING_STAGES = (
    Assessment.Status.DESK_REVIEW,
    Assessment.Status.TEAM_REVIEW,
    Assessment.Status.CONTROL_REVIEW,
)
TIER_PERMISSION = {
    Tier.EVALUATOR: "evaluations.review_as_evaluator",
    Tier.KETUA_TIM: "evaluations.review_as_ketua",
    Tier.PENGENDALI_TEKNIS: "evaluations.review_as_pengendali",
}
