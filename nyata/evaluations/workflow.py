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
# What each tier does on an assessment's timeline: one person never acts in two tiers of the same
# assessment (the four-eyes principle of the tiered review: the ketua tim and the pengendali teknis check
# someone else's work, never their own).
ACTS_OF_TIER = {
    Tier.EVALUATOR: ("review_evaluator", "submitted_to_ketua", "clarification_asked", "clarification_closed"),
    Tier.KETUA_TIM: ("review_ketua_tim", "approved_by_ketua", "returned_to_evaluator"),
    Tier.PENGENDALI_TEKNIS: ("review_pengendali_teknis", "approved_by_pengendali", "returned_to_ketua"),
}
TIER_OF_ACT = {kind: tier for tier, kinds in ACTS_OF_TIER.items() for kind in kinds}
# The stages a unit passes in order, as the progress matrix shows them; a closed-as-not-submitted or
# withdrawn unit leaves the flow and is shown by its status instead.
FLOW_STAGES = (
    Assessment.Status.SELF_ASSESSMENT,
    Assessment.Status.AWAITING_HEAD,
    Assessment.Status.DESK_REVIEW,
    Assessment.Status.TEAM_REVIEW,
    Assessment.Status.CONTROL_REVIEW,
    Assessment.Status.REVIEWED,
    Assessment.Status.FINALISED,
)
# A unit that never delivered its self-assessment may be closed as not submitted from these stages.
UNDELIVERED_STAGES = (Assessment.Status.SELF_ASSESSMENT, Assessment.Status.AWAITING_HEAD)
