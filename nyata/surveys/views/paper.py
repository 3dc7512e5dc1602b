"""The Inspektorat's decision on paper files: the list of files waiting, and one file with its decision."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nyata.org import queries as org_queries
from nyata.org import rules
from nyata.org.rules import require
from nyata.surveys import actions, queries
from nyata.surveys.forms import PaperDecisionForm
from nyata.surveys.models import PaperImport
from nyata.surveys.presentation import result_view


@login_required
@require_GET
def paper_imports(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "surveys.view_paper_imports", instansi_obj)
    context = {"instansi": instansi_obj, "pending": list(queries.pending_paper_imports(instansi_obj))}
    return render(request, "surveys/paper_imports.html", context)


@login_required
def paper_import(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    batch = queries.get_paper_import_for_user(request.user, instansi_obj, pk)
    can_decide = (
        batch.status == PaperImport.Status.PENDING
        and rules.has_perm(request.user, "surveys.decide_paper_import", batch.service)
        and batch.by_id != request.user.pk
    )
    form = PaperDecisionForm(request.POST or None)
    if request.method == "POST":
        require(request.user, "surveys.decide_paper_import", batch.service)
        if not can_decide:
            raise PermissionDenied  # decided already, or the person's own file
        if form.is_valid():
            try:
                actions.decide_paper_import(
                    batch=batch,
                    accept=form.cleaned_data["accept"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                done = (
                    _("File accepted: its forms count in the IKM.")
                    if form.cleaned_data["accept"]
                    else _("File rejected: its forms stay on record and never count.")
                )
                messages.success(request, done)
                return redirect("surveys:paper-import", instansi=instansi_obj.code, pk=batch.pk)
    days = batch.responses.order_by("day").values_list("day", flat=True)
    first_day, last_day = days.first(), days.last()
    # The service's figures in the survey period of the file's forms: what accepting it would move.
    period = queries.chosen_period(
        instansi_obj, pk=None, today=last_day or actions.local_day(batch.at, instansi_obj)
    )
    context = {
        "instansi": instansi_obj,
        "batch": batch,
        "batch_result": result_view(queries.paper_import_result(batch)),
        "service_result": result_view(queries.service_result(batch.service, period)),
        "period": period,
        "first_day": first_day,
        "last_day": last_day,
        "can_decide": can_decide,
        "own_file": batch.by_id == request.user.pk,
        "form": form,
    }
    return render(request, "surveys/paper_import.html", context, status=400 if form.errors else 200)
