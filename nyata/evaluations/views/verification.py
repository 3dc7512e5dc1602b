"""Pengampu verifiers: across every OPD of a period, only the indicators of their RB area, with the OPD's
proposal and the evidence of those indicators, and a valid / not valid verdict with a note. The page is
filtered (OPD, area, status) and paged on the server; "semua valid" marks every waiting indicator of one OPD
valid with one note."""

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.reviews import verify_all_valid, verify_indicator
from nyata.evaluations.forms.review import VerificationFilterForm, VerificationForm, VerifyAllForm
from nyata.evaluations.queries import pengampu, verification
from nyata.evaluations.rules import pengampu_areas
from nyata.evaluations.views.access import period_for
from nyata.org.rules import require

TEMPLATE = "evaluations/review/verification.html"


def _filters(request: HttpRequest, period, areas: frozenset[str]) -> VerificationFilterForm:
    """The filters as asked in the query string; without any, what waits for this verifier."""
    data = request.GET.copy()
    if not data.get("status"):
        data["status"] = verification.WAITING
    owners = pengampu.area_owners(period.instansi_id, areas)
    return VerificationFilterForm(
        data,
        assessments=verification.opd_choices(period),
        areas=[(area, f"{area} · {owners[area]}") for area in sorted(areas)],
        statuses=verification.STATUSES,
    )


def _list_url(instansi, period, **query) -> str:
    url = reverse("evaluations:verification-list", args=[instansi.code, period.pk])
    query = {key: value for key, value in query.items() if value}
    return f"{url}?{urlencode(query)}" if query else url


@login_required
def verification_list(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.verify_area", period_obj)
    areas = pengampu_areas(request.user, instansi_obj.pk)
    form = _filters(request, period_obj, areas)
    context = {"instansi": instansi_obj, "period": period_obj, "areas": sorted(areas), "filters": form}
    if not form.is_valid():
        return render(request, TEMPLATE, context, status=400)
    chosen = form.cleaned_data
    scope = frozenset({chosen["area"]}) if chosen["area"] else areas
    sheet = verification.verification_sheet(
        period_obj, scope, opd=chosen["opd"], status=chosen["status"], page=request.GET.get("page") or 1
    )
    query = {key: chosen[key] for key in ("opd", "area", "status")}
    context |= {
        "sheet": sheet,
        "groups": sheet.groups,
        "total_text": number_format(sheet.page.paginator.count, force_grouping=True),
        "query": urlencode({key: value for key, value in query.items() if value}),
        "verify_all_form": VerifyAllForm(initial={"area": chosen["area"]}),
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
    if not request.htmx:
        if errors:
            messages.error(request, " ".join(errors))
        else:
            messages.success(request, _("Verification of %(code)s saved.") % {"code": indicator})
        url = _list_url(instansi_obj, period_obj, opd=assessment_obj.pk, status=verification.ALL)
        return redirect(f"{url}#v-{assessment_obj.pk}-{indicator}")
    node, row = verification.verification_row(period_obj, areas, assessment_obj, indicator)
    row.errors, row.saved = errors, not errors
    if errors:
        row.posted = {"is_valid": request.POST.get("is_valid", ""), "note": request.POST.get("note", "")}
    context = {"instansi": instansi_obj, "period": period_obj, "node": node, "row": row}
    return render(request, f"{TEMPLATE}#row", context)


@login_required
@require_POST
def verification_all(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    """ "Semua valid" for one OPD: every indicator of the verifier's area (or of the one area chosen) that
    still waits is marked valid with the one note."""
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.verify_area", period_obj)
    areas = pengampu_areas(request.user, instansi_obj.pk)
    assessment_obj = verification.get_assessment_to_verify(period_obj, assessment)
    form = VerifyAllForm(request.POST)
    form.is_valid()  # both fields are optional text: always valid
    area = form.cleaned_data.get("area", "")
    back = _list_url(instansi_obj, period_obj, opd=assessment_obj.pk, area=area, status=verification.ALL)
    if area and area not in areas:
        messages.error(request, _("This indicator does not belong to your RB area."))
        return redirect(back)
    try:
        marked = verify_all_valid(
            assessment=assessment_obj,
            note=form.cleaned_data.get("note", ""),
            areas=frozenset({area}) if area else areas,
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            ngettext(
                "%(count)d indicator of %(unit)s marked valid.",
                "%(count)d indicators of %(unit)s marked valid.",
                len(marked),
            )
            % {"count": len(marked), "unit": assessment_obj.unit.name},
        )
    return redirect(back)
