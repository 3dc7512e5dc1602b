"""Finalising a period unit by unit: the admin chooses which ready units to finalise now, closes an OPD
that never submitted as "tidak menyampaikan" or withdraws a unit, each with its reason; the period locks
once every unit is finalised, closed or withdrawn."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nyata.evaluations.actions.finalise import close_not_submitted, finalise_units, withdraw_unit
from nyata.evaluations.forms.admin import ClosureForm, UnitChoiceForm
from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.guards import moment_text, phase_is_open, window_end
from nyata.evaluations.models import Phase
from nyata.evaluations.queries.closing import closing_rows
from nyata.evaluations.views.access import assessment_for, period_for
from nyata.org import rules
from nyata.org.rules import require


def _finalise_context(request, instansi, period, *, refused: UnitChoiceForm | None = None) -> dict:
    """The page; after a refused post, its reasons and the units that were chosen."""
    rows = closing_rows(period)
    ready = [row.assessment for row in rows if not row.finalise_blocker]
    return {
        "instansi": instansi,
        "period": period,
        "rows": rows,
        "errors": refused.messages() if refused else [],
        "chosen": set(refused.data.getlist("assessments")) if refused else set(),
        "ready": ready,
        "left": sum(1 for row in rows if row.is_open),
        "window": _window_text(period),
        "window_open": phase_is_open(period, Phase.FINALISATION, unit_id=None),
        "can_close": rules.has_perm(request.user, "evaluations.close_unit", period),
    }


def _window_text(period) -> tuple[str, str] | None:
    bounds = window_end(period, Phase.FINALISATION, None)
    if bounds is None:
        return None
    zone = period.instansi.time_zone
    return moment_text(bounds[0], zone), moment_text(bounds[1], zone)


@login_required
def finalise_page(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.finalise", period_obj)
    if request.method != "POST":
        context = _finalise_context(request, instansi_obj, period_obj)
        return render(request, "evaluations/admin/finalise.html", context)
    form = UnitChoiceForm(request.POST, units=list(period_obj.assessments.select_related("unit")))
    if form.is_valid():
        try:
            results = finalise_units(period=period_obj, assessments=form.chosen(), by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            period_obj.refresh_from_db()
            if period_obj.is_locked:
                text = _("Every unit is finalised, closed or withdrawn: the period is locked.")
            else:
                text = _("%(count)d units finalised: their results are published to their OPD.")
            messages.success(request, text % {"count": len(results)})
            return redirect("evaluations:finalise", instansi=instansi_obj.code, period=period_obj.pk)
    context = _finalise_context(request, instansi_obj, period_obj, refused=form)
    return render(request, "evaluations/admin/finalise.html", context, status=400)


@login_required
def unit_close(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.close_unit", assessment_obj.period)
    form = ClosureForm(request.POST) if request.method == "POST" else ClosureForm()
    status = 200
    if request.method == "POST":
        if form.is_valid():
            close = close_not_submitted if form.cleaned_data["kind"] == "not_submitted" else withdraw_unit
            try:
                close(assessment=assessment_obj, reason=form.cleaned_data["reason"], by=request.user)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request,
                    _("%(unit)s is closed: %(status)s.")
                    % {"unit": assessment_obj.unit.name, "status": _status_after(assessment_obj)},
                )
                return redirect("evaluations:finalise", instansi=instansi_obj.code, period=period)
        status = 400
    row = next(r for r in closing_rows(assessment_obj.period) if r.assessment.pk == assessment_obj.pk)
    context = {
        "instansi": instansi_obj,
        "period": assessment_obj.period,
        "assessment": assessment_obj,
        "row": row,
        "form": form,
    }
    return render(request, "evaluations/admin/unit_close.html", context, status=status)


def _status_after(assessment) -> str:
    assessment.refresh_from_db(fields=["status"])
    return assessment.get_status_display()
