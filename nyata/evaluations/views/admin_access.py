"""Shared pieces of the admin and results views: fetching through the permission-checked getters, and
putting an action's ValidationError onto a form."""

from django.core.exceptions import ValidationError

from nyata.evaluations import queries
from nyata.evaluations.models import Assessment, Period
from nyata.org import queries as org_queries
from nyata.org.models import Instansi


def period_for(request, instansi: str, period: int) -> tuple[Instansi, Period]:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    return instansi_obj, queries.get_period_for_user(request.user, instansi_obj, period)


def assessment_for(request, instansi: str, period: int, assessment: int) -> tuple[Instansi, Assessment]:
    instansi_obj, period_obj = period_for(request, instansi, period)
    return instansi_obj, queries.get_assessment_for_user(request.user, period_obj, assessment)


def add_errors(form, error: ValidationError) -> None:
    """An action's errors on the form: on the field they name if the form has it, else on the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)
