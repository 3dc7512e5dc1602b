"""Writes of the SKM. Each is atomic and raises ValidationError, keyed by field, on input that breaks a rule.

responses.py stores and counts responses (the tallies change only in this package, in the same transaction
as the responses they count); public.py stores the public form's and the kiosk's with their burst
screening; paper.py imports paper forms and decides on them; services.py sets up
services, periods and the public summary; complaints.py answers citizens.
"""

from nyata.surveys.actions.complaints import reply_to_complaint
from nyata.surveys.actions.paper import PaperImportResult, decide_paper_import, import_paper_responses
from nyata.surveys.actions.public import submit_public_response
from nyata.surveys.actions.responses import (
    count_in_tallies,
    decide_inclusion,
    local_day,
    period_among,
    period_on,
    rebuild_tallies,
    recount,
    submit_response,
)
from nyata.surveys.actions.services import save_period, save_service, set_public_summary

__all__ = [
    "PaperImportResult",
    "count_in_tallies",
    "decide_inclusion",
    "decide_paper_import",
    "import_paper_responses",
    "local_day",
    "period_among",
    "period_on",
    "rebuild_tallies",
    "recount",
    "reply_to_complaint",
    "save_period",
    "save_service",
    "set_public_summary",
    "submit_public_response",
    "submit_response",
]
