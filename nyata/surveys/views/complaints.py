"""Citizens' suggestions and complaints of a unit, and the unit's responses to them (the SKM follow-up)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.org import queries as org_queries
from nyata.org import rules
from nyata.org.rules import require
from nyata.surveys import actions, queries
from nyata.surveys.forms import ComplaintReplyForm
from nyata.surveys.views.results import chosen_period

STATUSES = ("", "new", "responded")


@login_required
def complaint_list(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_result_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "surveys.view_complaints", unit)
    period = chosen_period(request, instansi_obj)
    status = request.GET.get("status", "")
    if status not in STATUSES:
        status = ""
    page = Paginator(queries.complaints_of(unit, period, status=status), 25).get_page(request.GET.get("hal"))
    context = {
        "instansi": instansi_obj,
        "unit": unit,
        "period": period,
        "periods": queries.periods_of(instansi_obj),
        "status": status,
        "page": page,
        "counts": queries.complaint_counts(unit, period),
        "can_reply": rules.has_perm(request.user, "surveys.reply_complaint", unit),
        "reply_form": ComplaintReplyForm(),
    }
    return render(request, "surveys/complaints.html", context)


@login_required
@require_POST
def complaint_reply(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    complaint = queries.get_complaint_for_user(request.user, instansi_obj, pk)
    unit = complaint.service.unit
    require(request.user, "surveys.reply_complaint", unit)
    form = ComplaintReplyForm(request.POST)
    if form.is_valid():
        try:
            actions.reply_to_complaint(response=complaint, text=form.cleaned_data["text"], by=request.user)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Response saved."))
    else:
        messages.error(request, _("Write the response to the citizen."))
    back = reverse("surveys:complaints", args=[instansi_obj.code, unit.pk])
    query = request.POST.get("kembali", "")
    return redirect(f"{back}?{query}" if query and "//" not in query else back)
