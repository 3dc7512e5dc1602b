"""Which units of a period may be released, finalised or closed now, and if not why: one late OPD never
holds back the others, so each rule is asked per unit. The actions refuse with the same words."""

from dataclasses import dataclass
from datetime import datetime

from django.db.models import Count, Q
from django.utils.translation import gettext as _

from nyata.evaluations.guards import moment_text, window_refusal
from nyata.evaluations.models import Appeal, Assessment, Period, Phase
from nyata.evaluations.workflow import UNDELIVERED_STAGES

Status = Assessment.Status


def _closed(assessment: Assessment) -> str:
    """Why nothing more can happen to a unit that is finalised, closed or withdrawn ('' if it is open)."""
    unit = assessment.unit.name
    if assessment.status == Status.FINALISED:
        return _("%(unit)s is finalised.") % {"unit": unit}
    if assessment.status == Status.NOT_SUBMITTED:
        return _("%(unit)s is closed as not submitted (tidak menyampaikan).") % {"unit": unit}
    if assessment.status == Status.WITHDRAWN:
        return _("%(unit)s is withdrawn from this period.") % {"unit": unit}
    return ""


def _not_reviewed(assessment: Assessment) -> str:
    if assessment.status == Status.REVIEWED:
        return ""
    return _("%(unit)s is still at the stage: %(stage)s.") % {
        "unit": assessment.unit.name,
        "stage": assessment.get_status_display(),
    }


def release_blocker(assessment: Assessment) -> str:
    """Why this unit's preliminary results cannot be released now ('' when they can)."""
    if blocker := _closed(assessment) or _not_reviewed(assessment):
        return blocker
    if assessment.released_at is not None:
        return _("%(unit)s: the preliminary results were released on %(when)s.") % {
            "unit": assessment.unit.name,
            "when": moment_text(assessment.released_at, assessment.period.instansi.time_zone),
        }
    return ""


def finalise_blocker(assessment: Assessment, *, pending_appeals: int) -> str:
    """Why this unit cannot be finalised now ('' when it can): it must be reviewed, its preliminary results
    released (so that it had its chance to appeal) and no appeal of it pending."""
    if blocker := _closed(assessment) or _not_reviewed(assessment):
        return blocker
    if assessment.released_at is None:
        return _(
            "%(unit)s: the preliminary results are not released yet, so the OPD has had no chance to appeal."
        ) % {"unit": assessment.unit.name}
    if pending_appeals:
        return _("%(unit)s: %(count)d appeals are still pending.") % {
            "unit": assessment.unit.name,
            "count": pending_appeals,
        }
    return ""


def not_submitted_blocker(assessment: Assessment, *, now: datetime | None = None) -> str:
    """Why this unit cannot be closed as not submitted ('' when it can): only a unit that did not deliver
    its self-assessment, and only once its own self-assessment window (extension included) has closed."""
    if blocker := _closed(assessment):
        return blocker
    unit = assessment.unit.name
    if assessment.status not in UNDELIVERED_STAGES:
        return _("%(unit)s delivered its self-assessment: it is evaluated, not closed as not submitted.") % {
            "unit": unit
        }
    refused = window_refusal(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id, now=now)
    if refused is None:
        return _("%(unit)s may still submit: its self-assessment window is open.") % {"unit": unit}
    return ""


@dataclass(frozen=True)
class ClosingRow:
    assessment: Assessment
    pending_appeals: int
    release_blocker: str
    finalise_blocker: str
    not_submitted_blocker: str

    @property
    def is_open(self) -> bool:
        return not self.assessment.is_closed


def pending_appeals(period: Period) -> dict[int, int]:
    """assessment id -> its appeals still waiting for the ketua's decision."""
    return dict(
        period.assessments.annotate(
            n=Count("appeals", filter=Q(appeals__decision=Appeal.Decision.PENDING))
        ).values_list("pk", "n")
    )


def closing_rows(period: Period, *, now: datetime | None = None) -> list[ClosingRow]:
    """Every unit of the period with what may happen to it now and what still blocks it."""
    pending = pending_appeals(period)
    assessments = period.assessments.select_related("unit", "period__instansi").order_by("unit__name")
    rows = []
    for assessment in assessments:
        assessment.period = period
        rows.append(
            ClosingRow(
                assessment=assessment,
                pending_appeals=pending.get(assessment.pk, 0),
                release_blocker=release_blocker(assessment),
                finalise_blocker=finalise_blocker(assessment, pending_appeals=pending.get(assessment.pk, 0)),
                not_submitted_blocker=not_submitted_blocker(assessment, now=now),
            )
        )
    return rows
