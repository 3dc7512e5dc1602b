"""Follow-up's tables: the follow-up of each rekomendasi (items.py) and the action plans (plans.py)."""

from nyata.followups.models.items import (
    STEP_LABELS,
    Attachment,
    Item,
    Report,
    Schedule,
    Step,
    attachment_path,
)
from nyata.followups.models.plans import ActionPlan, Activity, DeskReview, PlanStep, Realisation

__all__ = [
    "STEP_LABELS",
    "ActionPlan",
    "Activity",
    "Attachment",
    "DeskReview",
    "Item",
    "PlanStep",
    "Realisation",
    "Report",
    "Schedule",
    "Step",
    "attachment_path",
]
