"""The evaluation's tables, one module per part of the cycle; import them from here."""

from nyata.evaluations.models.assessment import (
    CLOSED_STATUSES,
    Answer,
    Assessment,
    Review,
    TeamMember,
    Verification,
)
from nyata.evaluations.models.evidence import Evidence, evidence_path
from nyata.evaluations.models.period import CODE_LENGTH, Period, Phase, PhaseWindow, WindowExtension
from nyata.evaluations.models.responses import Appeal, Clarification
from nyata.evaluations.models.results import Event, Finding, Recommendation, Result

__all__ = [
    "CLOSED_STATUSES",
    "CODE_LENGTH",
    "Answer",
    "Appeal",
    "Assessment",
    "Clarification",
    "Event",
    "Evidence",
    "Finding",
    "Period",
    "Phase",
    "PhaseWindow",
    "Recommendation",
    "Result",
    "Review",
    "TeamMember",
    "Verification",
    "WindowExtension",
    "evidence_path",
]
