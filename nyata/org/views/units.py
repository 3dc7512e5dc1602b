from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.core.history import history_entries
from nyata.org import actions, queries, rules
from nyata.org.forms import UnitAwardForm, UnitForm
from nyata.org.models import Unit
from nyata.org.rules import require


@login_required
def unit_list(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "org.view_directory", instansi_obj)
    units = queries.unit_list(
        queries.units_for_user(request.user, instansi_obj),
        kind=request.GET.get("jenis", ""),
        search=request.GET.get("q", "").strip(),
        active=request.GET.get("aktif", ""),
    )
    context = {
        "instansi": instansi_obj,
        "units": units,
        "kinds": Unit.Kind.choices,
        "can_manage": rules.has_perm(request.user, "org.manage_instansi", instansi_obj),
    }
    template = "org/unit_list.html#results" if request.htmx else "org/unit_list.html"
    return render(request, template, context)


def _save(request: HttpRequest, instansi, unit: Unit | None) -> HttpResponse:
    form = UnitForm(request.POST or None, instance=unit, instansi=instansi)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        predecessors = list(data.pop("predecessors"))
        try:
            saved = actions.save_unit(
                instansi=instansi, by=request.user, unit=unit, predecessors=predecessors, **data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Unit %(name)s saved.") % {"name": saved.name})
            return redirect("org:unit-detail", instansi=instansi.code, pk=saved.pk)
    back = (
        reverse("org:unit-list", args=[instansi.code])
        if unit is None
        else reverse("org:unit-detail", args=[instansi.code, unit.pk])
    )
    heading = _("New unit") if unit is None else _("Edit %(name)s") % {"name": unit.name}
    return render(request, "core/form.html", {"form": form, "heading": heading, "back_url": back})


@login_required
def unit_create(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "org.manage_instansi", instansi_obj)
    return _save(request, instansi_obj, None)


@login_required
def unit_edit(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_unit", unit)
    return _save(request, instansi_obj, unit)


@login_required
def unit_detail(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_unit_for_user(request.user, instansi_obj, pk)
    visible = queries.units_for_user(request.user, instansi_obj)
    context = {
        "instansi": instansi_obj,
        "unit": unit,
        "staff": queries.unit_staff(unit),
        "children": visible.filter(parent=unit),
        "predecessors": visible.filter(successors=unit),
        "awards": queries.unit_awards(unit),
        "successors": visible.filter(predecessors=unit),
        "can_change": rules.has_perm(request.user, "org.change_unit", unit),
        "can_view_people": rules.has_perm(request.user, "org.view_directory", instansi_obj)
        or unit.pk in rules.own_unit_ids(request.user),
    }
    return render(request, "org/unit_detail.html", context)


@login_required
def unit_history(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_unit", unit)
    context = {
        "object": unit,
        "entries": history_entries(unit),
        "back_url": reverse("org:unit-detail", args=[instansi_obj.code, unit.pk]),
    }
    return render(request, "core/history.html", context)


@login_required
def unit_award_add(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    """Record a predicate the unit holds by decree (WBK, WBBM): its award history."""
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_unit", unit)
    form = UnitAwardForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            record = actions.record_award(unit=unit, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(award)s of %(name)s recorded.") % {"award": record.award, "name": unit.name}
            )
            return redirect("org:unit-detail", instansi=instansi_obj.code, pk=unit.pk)
    context = {
        "form": form,
        "heading": _("Record a predicate of %(name)s") % {"name": unit.name},
        "back_url": reverse("org:unit-detail", args=[instansi_obj.code, unit.pk]),
    }
    return render(request, "core/form.html", context)


@login_required
@require_POST
def unit_award_remove(request: HttpRequest, instansi: str, pk: int, award_pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_unit", unit)
    record = queries.unit_awards(unit).filter(pk=award_pk).first()
    if record is None:
        raise Http404
    try:
        actions.remove_award(record=record, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(award)s removed from the history.") % {"award": record.award})
    return redirect("org:unit-detail", instansi=instansi_obj.code, pk=unit.pk)
