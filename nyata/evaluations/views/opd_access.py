"""Fetching an assessment for the OPD pages: instansi, period, assessment, each 404 when not visible."""

from django.core.exceptions import ValidationError
from django.http import HttpRequest

from nyata.evaluations.guards import require_window
from nyata.evaluations.models import Assessment, Phase
from nyata.evaluations.queries import get_assessment_for_user, get_period_for_user
from nyata.org import rules
from nyata.org.queries import get_instansi_for_user


def assessment_for(request: HttpRequest, instansi: str, period: int, pk: int) -> Assessment:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    period_obj = get_period_for_user(request.user, instansi_obj, period)
    return get_assessment_for_user(request.user, period_obj, pk)


def editing(user, assessment: Assessment) -> tuple[bool, str]:
    """Whether this person may change answers and evidence now, and if not (while they could), why not."""
    if not rules.has_perm(user, "evaluations.answer", assessment):
        return False, ""
    if assessment.status != Assessment.Status.SELF_ASSESSMENT:
        return False, ""
    try:
        require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)
    except ValidationError as error:
        return False, " ".join(error.messages)
    return True, ""
