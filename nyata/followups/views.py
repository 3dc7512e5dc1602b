"""Follow-up pages: the overview of a period (completion per OPD and for the city, with ageing), one unit's
items, and one item with its reports, evidence and timeline, where each role acts. Thin: fetch through the
permission-checked getters, validate with a form, call one action, redirect or render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_POST

from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.queries.periods import get_period_for_user
from nyata.followups import actions, queries
from nyata.followups.dates import today_in
from nyata.followups.forms import (
    DecisionForm,
    DueForm,
    OpenForm,
    OwnerForm,
    ReportForm,
    ReturnForm,
    VerifyForm,
)
from nyata.followups.models import Attachment, Item
from nyata.followups.rules import sees_every_unit
from nyata.org import rules
from nyata.org.models import Membership, Role, User
from nyata.org.queries import get_instansi_for_user
from nyata.org.rules import require


def _chosen_period(request, instansi, periods):
    wanted = request.GET.get("periode", "")
    if wanted.isdigit():
        for period in periods:
            if period.pk == int(wanted):
                return period
        raise Http404
    return periods[0] if periods else None


@login_required
@require_GET
def overview(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "followups.view_overview", instansi_obj)
    periods = queries.follow_up_periods(instansi_obj)
    period = _chosen_period(request, instansi_obj, periods)
    context = {"instansi": instansi_obj, "periods": periods, "period": period, "ageing": queries.AGEING}
    if period is not None:
        items = queries.visible_items(request.user, instansi_obj).filter(period=period)
        context["units"], context["city"] = queries.completion(items, today_in(instansi_obj))
        context["whole_city"] = sees_every_unit(request.user, instansi_obj.pk)
        context["schedule"] = queries.schedule_of(period)
        if rules.has_perm(request.user, "followups.open", period):
            initial = {"default_due": context["schedule"].default_due} if context["schedule"] else None
            context["open_form"] = OpenForm(initial=initial)
    return render(request, "followups/overview.html", context)


@login_required
@require_POST
def open_period(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    period_obj = get_period_for_user(request.user, instansi_obj, period)
    require(request.user, "followups.open", period_obj)
    form = OpenForm(request.POST)
    if form.is_valid():
        try:
            created = actions.open_follow_up(
                period=period_obj, default_due=form.cleaned_data["default_due"], by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)d recommendation is now followed up.",
                    "%(n)d recommendations are now followed up.",
                    len(created),
                )
                % {"n": len(created)},
            )
            return redirect(f"{_overview_url(instansi_obj)}?periode={period_obj.pk}")
    periods = queries.follow_up_periods(instansi_obj)
    context = {"instansi": instansi_obj, "periods": periods, "period": period_obj, "open_form": form}
    items = queries.visible_items(request.user, instansi_obj).filter(period=period_obj)
    context["units"], context["city"] = queries.completion(items, today_in(instansi_obj))
    context["whole_city"], context["ageing"] = True, queries.AGEING
    context["schedule"] = queries.schedule_of(period_obj)
    return render(request, "followups/overview.html", context, status=400)


def _overview_url(instansi) -> str:
    return reverse("followups:overview", args=[instansi.code])


@login_required
@require_GET
def unit_page(request: HttpRequest, instansi: str, period: int, unit: int) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "followups.view_overview", instansi_obj)
    items = queries.visible_items(request.user, instansi_obj).filter(period_id=period)
    found = queries.unit_items(items, unit)
    if not found:
        raise Http404
    today = today_in(instansi_obj)
    rows = [(item, queries.is_overdue(item, today)) for item in found]
    return render(
        request,
        "followups/unit.html",
        {"instansi": instansi_obj, "period": found[0].period, "unit": found[0].unit, "rows": rows},
    )


def _item_context(request, instansi, item: Item, **forms) -> dict:
    user = request.user
    context = {
        "instansi": instansi,
        "item": item,
        "finding": item.recommendation.finding,
        "reports": queries.reports(item),
        "steps": queries.timeline(item),
        "overdue": queries.is_overdue(item, today_in(instansi)),
    }
    if item.stage == Item.Stage.WITH_OPD and rules.has_perm(user, "followups.report", item):
        context["report_form"] = forms.get("report_form") or ReportForm()
    if not item.is_closed and rules.has_perm(user, "followups.assign_owner", item):
        context["owner_form"] = forms.get("owner_form") or OwnerForm(
            initial={"owner": item.owner}, people=_unit_people(item), unit=item.unit
        )
    if rules.has_perm(user, "followups.verify", item):
        if not item.is_closed:
            context["due_form"] = forms.get("due_form") or DueForm(initial={"due": item.due})
        if item.stage == Item.Stage.VERIFYING:
            context["verify_form"] = forms.get("verify_form") or VerifyForm()
            context["return_form"] = forms.get("return_form") or ReturnForm()
    if item.stage == Item.Stage.APPROVAL and rules.has_perm(user, "followups.approve_exemption", item):
        context["decision_form"] = forms.get("decision_form") or DecisionForm()
    return context


def _unit_people(item: Item):
    ids = Membership.objects.filter(
        unit_id=item.unit_id, role__in=[Role.OPD_HEAD, Role.OPD_OPERATOR], user__is_active=True
    ).values("user_id")
    return User.objects.filter(pk__in=ids).order_by("name")


def _item(request, instansi: str, item: int):
    instansi_obj = get_instansi_for_user(request.user, instansi)
    return instansi_obj, queries.get_item_for_user(request.user, instansi_obj, item)


@login_required
@require_GET
def item_page(request: HttpRequest, instansi: str, item: int) -> HttpResponse:
    instansi_obj, item_obj = _item(request, instansi, item)
    require(request.user, "followups.view_item", item_obj)
    return render(request, "followups/item.html", _item_context(request, instansi_obj, item_obj))


def _act(request, instansi_obj, item_obj, form_name: str, form, call) -> HttpResponse:
    """Validate, call the action, then back to the item; on refusal the page again with the form's errors."""
    if form.is_valid():
        try:
            call(form)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("followups:item", instansi=instansi_obj.code, item=item_obj.pk)
    item_obj.refresh_from_db()
    context = _item_context(request, instansi_obj, item_obj, **{form_name: form})
    context.setdefault(form_name, None)
    if context[form_name] is None:  # the item moved on meanwhile: say why on the page
        context["page_errors"] = [m for errors in form.errors.values() for m in errors]
    return render(request, "followups/item.html", context, status=400)


@login_required
@require_POST
def item_report(request: HttpRequest, instansi: str, item: int) -> HttpResponse:
    instansi_obj, item_obj = _item(request, instansi, item)
    require(request.user, "followups.report", item_obj)
    form = ReportForm(request.POST)
    return _act(
        request,
        instansi_obj,
        item_obj,
        "report_form",
        form,
        lambda f: actions.report_follow_up(
            item=item_obj,
            text=f.cleaned_data["text"],
            uploads=request.FILES.getlist("files"),
            links=f.urls(),
            by=request.user,
        ),
    )


@login_required
@require_POST
def item_owner(request: HttpRequest, instansi: str, item: int) -> HttpResponse:
    instansi_obj, item_obj = _item(request, instansi, item)
    require(request.user, "followups.assign_owner", item_obj)
    form = OwnerForm(request.POST, people=_unit_people(item_obj), unit=item_obj.unit)
    return _act(
        request,
        instansi_obj,
        item_obj,
        "owner_form",
        form,
        lambda f: actions.assign_owner(item=item_obj, owner=f.cleaned_data["owner"], by=request.user),
    )


@login_required
@require_POST
def item_due(request: HttpRequest, instansi: str, item: int) -> HttpResponse:
    instansi_obj, item_obj = _item(request, instansi, item)
    require(request.user, "followups.verify", item_obj)
    form = DueForm(request.POST)
    return _act(
        request,
        instansi_obj,
        item_obj,
        "due_form",
        form,
        lambda f: actions.set_due(
            item=item_obj, due=f.cleaned_data["due"], reason=f.cleaned_data["reason"], by=request.user
        ),
    )


@login_required
@require_POST
def item_verify(request: HttpRequest, instansi: str, item: int) -> HttpResponse:
    instansi_obj, item_obj = _item(request, instansi, item)
    require(request.user, "followups.verify", item_obj)
    form = VerifyForm(request.POST)
    return _act(
        request,
        instansi_obj,
        item_obj,
        "verify_form",
        form,
        lambda f: actions.verify_follow_up(
            item=item_obj, status=f.cleaned_data["status"], note=f.cleaned_data["note"], by=request.user
        ),
    )


@login_required
@require_POST
def item_return(request: HttpRequest, instansi: str, item: int) -> HttpResponse:
    instansi_obj, item_obj = _item(request, instansi, item)
    require(request.user, "followups.verify", item_obj)
    form = ReturnForm(request.POST)
    return _act(
        request,
        instansi_obj,
        item_obj,
        "return_form",
        form,
        lambda f: actions.return_follow_up(item=item_obj, note=f.cleaned_data["note"], by=request.user),
    )


@login_required
@require_POST
def item_decide(request: HttpRequest, instansi: str, item: int) -> HttpResponse:
    instansi_obj, item_obj = _item(request, instansi, item)
    require(request.user, "followups.approve_exemption", item_obj)
    form = DecisionForm(request.POST)
    return _act(
        request,
        instansi_obj,
        item_obj,
        "decision_form",
        form,
        lambda f: actions.decide_exemption(
            item=item_obj,
            approve=f.cleaned_data["decision"] == "approve",
            note=f.cleaned_data["note"],
            by=request.user,
        ),
    )


@login_required
@require_GET
def attachment_download(request: HttpRequest, instansi: str, item: int, attachment: int) -> FileResponse:
    _instansi, item_obj = _item(request, instansi, item)
    found = queries.get_attachment_for_user(request.user, item_obj, attachment)
    require(request.user, "followups.view_attachment", found)
    if found.kind != Attachment.Kind.FILE:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type or None
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
