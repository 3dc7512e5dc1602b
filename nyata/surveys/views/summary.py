"""The opt-in public summary of a unit's survey (no login), and the switch the unit turns it on with."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nyata.org import queries as org_queries
from nyata.org.rules import require
from nyata.surveys import actions, queries
from nyata.surveys.forms import PublicSummaryForm
from nyata.surveys.presentation import chart_data, result_view
from nyata.surveys.views.results import chosen_period


@require_GET
def public_summary(request: HttpRequest, instansi: str, unit: str) -> HttpResponse:
    """Aggregates only: IKM, band, NRR per unsur, sample sufficiency and the monthly trend. No response,
    no complaint text, no profile: nothing that could point at a citizen."""
    unit_obj = queries.get_public_summary_unit(instansi, unit)
    period = chosen_period(request, unit_obj.instansi)
    services = unit_obj.services.all()
    total = result_view(queries.unit_result(unit_obj, period))
    trend = [(month, result_view(r)) for month, r in queries.monthly_trend(services=services, period=period)]
    context = {
        "unit": unit_obj,
        "instansi": unit_obj.instansi,
        "period": period,
        "periods": queries.periods_of(unit_obj.instansi),
        "total": total,
        "trend": trend,
        "charts": chart_data(total, trend),
    }
    return render(request, "surveys/public_summary.html", context)


@login_required
@require_POST
def toggle_public_summary(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_result_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "surveys.publish_summary", unit)
    form = PublicSummaryForm(request.POST)
    if form.is_valid():
        enabled = form.cleaned_data["enabled"]
        actions.set_public_summary(unit=unit, enabled=enabled, by=request.user)
        if enabled:
            messages.success(request, _("The public summary page is on."))
        else:
            messages.success(request, _("The public summary page is off."))
    return redirect("surveys:unit", instansi=instansi_obj.code, pk=unit.pk)
