"""Pengampu verifiers: across every OPD of a period, only the indicators of their RB area, with the OPD's
proposal and the evidence of those indicators, and a valid / not valid verdict with a note."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.reviews import verify_indicator
from nyata.evaluations.forms.review import VerificationForm
from nyata.evaluations.queries import verification
from nyata.evaluations.rules import pengampu_areas
from nyata.evaluations.views.access import period_for
from nyata.org.rules import require

TEMPLATE = "evaluations/review/verification.html"


@login_required
def verification_list(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.verify_area", period_obj)
    areas = pengampu_areas(request.user, instansi_obj.pk)
    context = {
        "instansi": instansi_obj,
        "period": period_obj,
        "areas": sorted(areas),
        "groups": verification.verification_sheet(period_obj, areas),
    }
    return render(request, TEMPLATE, context)


@login_required
@require_POST
def verification_save(
    request: HttpRequest, instansi: str, period: int, assessment: int, indicator: str
) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.verify_area", period_obj)
    areas = pengampu_areas(request.user, instansi_obj.pk)
    assessment_obj = verification.get_assessment_to_verify(period_obj, assessment)
    form = VerificationForm(request.POST)
    errors: list[str] = []
    if form.is_valid():
        try:
            verify_indicator(
                assessment=assessment_obj,
                indicator=indicator,
                is_valid=form.cleaned_data["is_valid"],
                note=form.cleaned_data["note"],
                areas=areas,
                by=request.user,
            )
        except ValidationError as error:
            errors = error.messages
    else:
        errors = [message for found in form.errors.values() for message in found]
    if not errors and not request.htmx:
        messages.success(request, _("Verification of %(code)s saved.") % {"code": indicator})
        url = reverse("evaluations:verification-list", args=[instansi_obj.code, period_obj.pk])
        return redirect(f"{url}#v-{assessment_obj.pk}-{indicator}")
    if errors and not request.htmx:
        messages.error(request, " ".join(errors))
        url = reverse("evaluations:verification-list", args=[instansi_obj.code, period_obj.pk])
        return redirect(f"{url}#v-{assessment_obj.pk}-{indicator}")
    node, row = verification.verification_row(period_obj, areas, assessment_obj, indicator)
    row.errors, row.saved = errors, not errors
    if errors:
        row.posted = {"is_valid": request.POST.get("is_valid", ""), "note": request.POST.get("note", "")}
    context = {"instansi": instansi_obj, "period": period_obj, "node": node, "row": row}
    return render(request, f"{TEMPLATE}#row", context)
