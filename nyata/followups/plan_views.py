"""Action-plan pages: the plans of a year (every unit for the Inspektorat, its own for a unit), and one
plan with its activities, quarterly targets and realisations, where each role acts (write, import, export,
submit, review, realise, desk-review). Thin: fetch through the permission-checked getters, validate with a
form, call one action, redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nyata.core import limits
from nyata.core.tabular import TableError, read_table
from nyata.evaluations.forms.errors import add_errors
from nyata.followups import plan_queries, plan_sheet, planning, quarters
from nyata.followups.dates import today_in
from nyata.followups.forms import (
    ActivityForm,
    DeskReviewForm,
    PlanCreateForm,
    PlanImportForm,
    PlanReviewForm,
    RealisationForm,
)
from nyata.followups.models import ActionPlan, Item
from nyata.org import rules
from nyata.org.models import Unit
from nyata.org.queries import get_instansi_for_user
from nyata.org.rules import require

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _year(request, instansi) -> int:
    wanted = request.GET.get("tahun", "")
    return int(wanted) if wanted.isdigit() and 2000 <= int(wanted) <= 2100 else today_in(instansi).year


@login_required
@require_GET
def plans_page(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "followups.view_overview", instansi_obj)
    year = _year(request, instansi_obj)
    own = plan_queries.own_plan_units(request.user, instansi_obj)
    context = {
        "instansi": instansi_obj,
        "year": year,
        "years": range(year - 2, year + 3),
        "rows": plan_queries.year_rows(request.user, instansi_obj, year),
        "create_form": PlanCreateForm(
            initial={"year": year, "unit": own[0].pk if own else None},
            units=Unit.objects.filter(pk__in=[u.pk for u in own]),
        )
        if own
        else None,
    }
    return render(request, "followups/plans.html", context)


@login_required
@require_POST
def plan_create(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    own = plan_queries.own_plan_units(request.user, instansi_obj)
    if not own:
        raise PermissionDenied
    form = PlanCreateForm(request.POST, units=Unit.objects.filter(pk__in=[u.pk for u in own]))
    if form.is_valid():
        require(request.user, "followups.create_plan", form.cleaned_data["unit"])
        try:
            plan = planning.create_plan(
                unit=form.cleaned_data["unit"], year=form.cleaned_data["year"], by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            return redirect("followups:plan", instansi=instansi_obj.code, plan=plan.pk)
    year = _year(request, instansi_obj)
    context = {
        "instansi": instansi_obj,
        "year": year,
        "years": range(year - 2, year + 3),
        "rows": plan_queries.year_rows(request.user, instansi_obj, year),
        "create_form": form,
    }
    return render(request, "followups/plans.html", context, status=400)


def _unit_items(plan: ActionPlan):
    return (
        Item.objects.filter(unit_id=plan.unit_id)
        .select_related("recommendation")
        .order_by("period__year", "node")
    )


def _plan_context(request, instansi, plan: ActionPlan, editing=None, **forms) -> dict:
    user = request.user
    today = today_in(instansi)
    current = quarters.open_quarter(plan.year, today) if plan.year <= today.year + 1 else None
    context = {
        "instansi": instansi,
        "plan": plan,
        "lines": plan_queries.grid(plan),
        "quarters": [(q, quarters.label(q), *quarters.window(plan.year, q)) for q in quarters.ROMAN],
        "current_quarter": current,
        "current_label": quarters.label(current) if current else "",
        "desk_reviews": {r.quarter: r for r in plan.desk_reviews.select_related("written_by")},
        "steps": plan.steps.select_related("actor")[:50],
        "can_export": True,
    }
    if plan.is_editable and rules.has_perm(user, "followups.edit_plan", plan):
        context["activity_form"] = forms.get("activity_form") or ActivityForm(items=_unit_items(plan))
        context["editing"] = editing
        context["import_form"] = forms.get("import_form") or PlanImportForm()
        context["import_problems"] = forms.get("import_problems")
    if plan.is_editable and rules.has_perm(user, "followups.submit_plan", plan):
        context["can_submit"] = True
    if plan.status == ActionPlan.Status.SUBMITTED and rules.has_perm(user, "followups.review_plan", plan):
        context["review_form"] = forms.get("review_form") or PlanReviewForm()
    if plan.status == ActionPlan.Status.APPROVED:
        if current and rules.has_perm(user, "followups.edit_plan", plan):
            context["realisation_form"] = forms.get("realisation_form") or RealisationForm(
                activities=plan.activities.all()
            )
        if rules.has_perm(user, "followups.review_plan", plan):
            context["desk_form"] = forms.get("desk_form") or DeskReviewForm(initial={"quarter": current or 1})
    return context


def _plan(request, instansi: str, plan: int):
    instansi_obj = get_instansi_for_user(request.user, instansi)
    return instansi_obj, plan_queries.get_plan_for_user(request.user, instansi_obj, plan)


@login_required
@require_GET
def plan_page(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.view_plan", plan_obj)
    return render(request, "followups/plan.html", _plan_context(request, instansi_obj, plan_obj))


def _act(request, instansi_obj, plan_obj, form_name, form, call, **extra) -> HttpResponse:
    if form.is_valid():
        try:
            call(form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("followups:plan", instansi=instansi_obj.code, plan=plan_obj.pk)
    plan_obj.refresh_from_db()
    context = _plan_context(request, instansi_obj, plan_obj, **extra, **{form_name: form})
    if context.get(form_name) is None:
        context["page_errors"] = [m for errors in form.errors.values() for m in errors]
    return render(request, "followups/plan.html", context, status=400)


@login_required
@require_POST
def activity_save(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.edit_plan", plan_obj)
    form = ActivityForm(request.POST, items=_unit_items(plan_obj))
    return _act(
        request,
        instansi_obj,
        plan_obj,
        "activity_form",
        form,
        lambda f: planning.save_activity(plan=plan_obj, data=f.data_value(), by=request.user),
    )


@login_required
@require_http_methods(["GET", "POST"])
def activity_edit(request: HttpRequest, instansi: str, plan: int, activity: int) -> HttpResponse:
    """One activity's form filled with its values (GET), saved through the same action as the add (POST):
    a unit corrects a mistyped target without deleting and re-entering the activity."""
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.edit_plan", plan_obj)
    found = plan_queries.get_activity(plan_obj, activity)
    if request.method == "GET":
        if not plan_obj.is_editable:
            messages.error(
                request,
                _("The plan is %(status)s: it is no longer changed.")
                % {"status": plan_obj.get_status_display().lower()},
            )
            return redirect("followups:plan", instansi=instansi_obj.code, plan=plan_obj.pk)
        form = ActivityForm(initial=ActivityForm.initial_of(found), items=_unit_items(plan_obj))
        context = _plan_context(request, instansi_obj, plan_obj, editing=found, activity_form=form)
        return render(request, "followups/plan.html", context)
    form = ActivityForm(request.POST, items=_unit_items(plan_obj))
    return _act(
        request,
        instansi_obj,
        plan_obj,
        "activity_form",
        form,
        lambda f: planning.save_activity(plan=plan_obj, data=f.data_value(), activity=found, by=request.user),
        editing=found,
    )


@login_required
@require_POST
def activity_delete(request: HttpRequest, instansi: str, plan: int, activity: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.edit_plan", plan_obj)
    found = plan_queries.get_activity(plan_obj, activity)
    try:
        planning.delete_activity(activity=found, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("followups:plan", instansi=instansi_obj.code, plan=plan_obj.pk)


@login_required
@require_POST
def plan_submit(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.submit_plan", plan_obj)
    try:
        planning.submit_plan(plan=plan_obj, by=request.user)
    except ValidationError as error:
        context = _plan_context(request, instansi_obj, plan_obj)
        context["page_errors"] = error.messages
        return render(request, "followups/plan.html", context, status=400)
    messages.success(request, _("The plan is submitted to the Inspektorat."))
    return redirect("followups:plan", instansi=instansi_obj.code, plan=plan_obj.pk)


@login_required
@require_POST
def plan_review(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.review_plan", plan_obj)
    form = PlanReviewForm(request.POST)
    return _act(
        request,
        instansi_obj,
        plan_obj,
        "review_form",
        form,
        lambda f: planning.review_plan(
            plan=plan_obj,
            approve=f.cleaned_data["decision"] == "approve",
            note=f.cleaned_data["note"],
            by=request.user,
        ),
    )


@login_required
@require_POST
def realisation_save(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.edit_plan", plan_obj)
    form = RealisationForm(request.POST, activities=plan_obj.activities.all())
    quarter = quarters.open_quarter(plan_obj.year, today_in(instansi_obj)) or 0
    return _act(
        request,
        instansi_obj,
        plan_obj,
        "realisation_form",
        form,
        lambda f: planning.record_realisation(
            activity=plan_queries.get_activity(plan_obj, f.cleaned_data["activity"]),
            quarter=quarter,
            value=f.cleaned_data["value"],
            evidence_url=f.cleaned_data["evidence_url"],
            constraints=f.cleaned_data["constraints"],
            solutions=f.cleaned_data["solutions"],
            by=request.user,
        ),
    )


@login_required
@require_POST
def desk_review_save(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.review_plan", plan_obj)
    form = DeskReviewForm(request.POST)
    return _act(
        request,
        instansi_obj,
        plan_obj,
        "desk_form",
        form,
        lambda f: planning.write_desk_review(
            plan=plan_obj, quarter=f.cleaned_data["quarter"], note=f.cleaned_data["note"], by=request.user
        ),
    )


@login_required
@require_POST
def plan_import(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    instansi_obj, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.edit_plan", plan_obj)
    form = PlanImportForm(request.POST, request.FILES)
    problems = None
    if form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > limits.IMPORT_MAX_BYTES.current():
            form.add_error(
                "file",
                _("The file is larger than %(mb)d MB.") % {"mb": limits.IMPORT_MAX_BYTES.current() // 2**20},
            )
        else:
            try:
                table = read_table(
                    name=upload.name, data=upload.read(), max_rows=limits.IMPORT_MAX_ROWS.current()
                )
            except TableError as error:
                form.add_error("file", str(error))
            else:
                rows, problems = plan_sheet.parse(plan_obj, table)
                if not problems:
                    try:
                        created = planning.replace_activities(plan=plan_obj, rows=rows, by=request.user)
                    except ValidationError as error:
                        add_errors(form, error)
                    else:
                        messages.success(request, _("%(n)d activities imported.") % {"n": len(created)})
                        return redirect("followups:plan", instansi=instansi_obj.code, plan=plan_obj.pk)
    context = _plan_context(request, instansi_obj, plan_obj, import_form=form, import_problems=problems)
    return render(request, "followups/plan.html", context, status=400)


@login_required
@require_GET
def plan_export(request: HttpRequest, instansi: str, plan: int) -> HttpResponse:
    _instansi, plan_obj = _plan(request, instansi, plan)
    require(request.user, "followups.view_plan", plan_obj)
    response = HttpResponse(plan_sheet.workbook(plan_obj), content_type=XLSX)
    response["Content-Disposition"] = (
        f'attachment; filename="rencana-aksi-{plan_obj.unit.code}-{plan_obj.year}.xlsx"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
