"""Results for the units (their own services) and the Inspektorat (every unit), plus the few admin writes."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.org import queries as org_queries
from nyata.org import rules
from nyata.org.rules import require
from nyata.surveys import actions, distribution, kiosk, queries
from nyata.surveys.forms import DecisionForm, PeriodForm, ServiceForm
from nyata.surveys.models import Response, Service
from nyata.surveys.presentation import chart_data, result_view


def chosen_period(request: HttpRequest, instansi):
    today = actions.local_day(timezone.now(), instansi)
    return queries.chosen_period(instansi, pk=request.GET.get("periode"), today=today)


@login_required
def overview(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    units = list(queries.result_units_for_user(request.user, instansi_obj).order_by("name"))
    period = chosen_period(request, instansi_obj)
    results = queries.unit_results(units, period)
    context = {
        "instansi": instansi_obj,
        "period": period,
        "periods": queries.periods_of(instansi_obj),
        "rows": [(unit, result_view(results[unit.pk])) for unit in units],
        "whole_instansi": rules.has_perm(request.user, "surveys.view_instansi_results", instansi_obj),
        "can_manage_periods": rules.has_perm(request.user, "surveys.manage_periods", instansi_obj),
        "own_units": org_queries.units_for_user(request.user, instansi_obj).filter(
            pk__in=rules.own_unit_ids(request.user)
        ),
        "pending_paper": queries.pending_paper_imports(instansi_obj).count()
        if rules.has_perm(request.user, "surveys.view_paper_imports", instansi_obj)
        else 0,
    }
    return render(request, "surveys/overview.html", context)


@login_required
def unit_results(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_result_unit_for_user(request.user, instansi_obj, pk)
    period = chosen_period(request, instansi_obj)
    services = Service.objects.filter(unit=unit).order_by("-is_active", "name")
    total = result_view(queries.unit_result(unit, period))
    trend = [(month, result_view(r)) for month, r in queries.monthly_trend(services=services, period=period)]
    sees_complaints = rules.has_perm(request.user, "surveys.view_complaints", unit)
    public = queries.public_summary_enabled(unit)
    context = {
        "instansi": instansi_obj,
        "unit": unit,
        "period": period,
        "periods": queries.periods_of(instansi_obj),
        "total": total,
        "paper": queries.paper_share(services, period),
        "services": [
            (row.service, result_view(row.result)) for row in queries.service_results(services, period)
        ],
        "trend": trend,
        "charts": chart_data(total, trend),
        "can_manage": rules.has_perm(request.user, "surveys.manage_services", unit),
        "can_export": rules.has_perm(request.user, "surveys.export_responses", unit),
        "complaints": queries.complaint_counts(unit, period) if sees_complaints else None,
        "can_publish": rules.has_perm(request.user, "surveys.publish_summary", unit),
        "public_summary": public,
        "public_url": request.build_absolute_uri(
            reverse("surveys:public-summary", args=[instansi_obj.code, unit.code])
        )
        if public
        else "",
    }
    return render(request, "surveys/unit.html", context)


@login_required
def service_results(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    service = queries.get_service_for_user(request.user, instansi_obj, pk)
    period = chosen_period(request, instansi_obj)
    services = Service.objects.filter(pk=service.pk)
    can_decide = rules.has_perm(request.user, "surveys.decide_inclusion", service)
    can_manage = rules.has_perm(request.user, "surveys.manage_services", service.unit)
    total = result_view(queries.service_result(service, period))
    trend = [(month, result_view(r)) for month, r in queries.monthly_trend(services=services, period=period)]
    kiosk_url = ""
    if can_manage:
        kiosk_url = request.build_absolute_uri(
            reverse("surveys:kiosk", args=[service.public_code, kiosk.kiosk_token(service)])
        )
    context = {
        "instansi": instansi_obj,
        "service": service,
        "period": period,
        "periods": queries.periods_of(instansi_obj),
        "total": total,
        "trend": trend,
        "charts": chart_data(total, trend),
        "can_manage": can_manage,
        "can_import": rules.has_perm(request.user, "surveys.import_responses", service.unit),
        "can_decide": can_decide,
        "flagged": queries.flagged_responses(service)[:50] if can_decide else [],
        "paper": queries.paper_share(services, period),
        "paper_imports": list(queries.paper_imports_of(service)[:20]),
        "decision_form": DecisionForm(),
        "survey_url": distribution.short_link(service, base=request.build_absolute_uri("/")),
        "kiosk_url": kiosk_url,
    }
    return render(request, "surveys/service.html", context)


def _save_service(request: HttpRequest, instansi, unit, service: Service | None) -> HttpResponse:
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        try:
            saved = actions.save_service(unit=unit, by=request.user, service=service, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Service %(name)s saved.") % {"name": saved.name})
            return redirect("surveys:service", instansi=instansi.code, pk=saved.pk)
    heading = _("New service of %(unit)s") % {"unit": unit.name} if service is None else service.name
    back = reverse("surveys:unit", args=[instansi.code, unit.pk])
    return render(request, "core/form.html", {"form": form, "heading": heading, "back_url": back})


@login_required
def service_create(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_result_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "surveys.manage_services", unit)
    return _save_service(request, instansi_obj, unit, None)


@login_required
def service_edit(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    service = queries.get_service_for_user(request.user, instansi_obj, pk)
    require(request.user, "surveys.manage_services", service.unit)
    return _save_service(request, instansi_obj, service.unit, service)


@login_required
def period_create(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "surveys.manage_periods", instansi_obj)
    form = PeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            period = actions.save_period(instansi=instansi_obj, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Survey period %(name)s saved.") % {"name": period.name})
            return redirect(f"{reverse('surveys:overview', args=[instansi_obj.code])}?periode={period.pk}")
    back = reverse("surveys:overview", args=[instansi_obj.code])
    return render(
        request, "core/form.html", {"form": form, "heading": _("New survey period"), "back_url": back}
    )


@login_required
@require_POST
def response_decide(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    response = get_object_or_404(
        Response.objects.select_related("service__unit"), pk=pk, service__unit__instansi=instansi_obj
    )
    service = queries.get_service_for_user(request.user, instansi_obj, response.service_id)
    require(request.user, "surveys.decide_inclusion", service)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            actions.decide_inclusion(
                response=response,
                included=form.cleaned_data["included"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Decision recorded; the IKM is up to date."))
    else:
        messages.error(request, _("Choose a decision and give a reason."))
    return redirect("surveys:service", instansi=instansi_obj.code, pk=service.pk)
