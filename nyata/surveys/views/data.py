"""A unit's responses in and out: export of the counted ones (CSV, XLSX), import of paper forms."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from nyata.core.tabular import TableError, read_table
from nyata.org import queries as org_queries
from nyata.org.rules import require
from nyata.surveys import actions, exports, paper, queries
from nyata.surveys.forms import PaperImportForm
from nyata.surveys.models import PaperImport
from nyata.surveys.views.results import chosen_period

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
@require_GET
def export(request: HttpRequest, instansi: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("csv", "xlsx"):
        raise Http404
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    unit = queries.get_result_unit_for_user(request.user, instansi_obj, pk)
    require(request.user, "surveys.export_responses", unit)
    period = chosen_period(request, instansi_obj)
    responses = queries.responses_for_export(unit, period)
    # Written as it is read: tens of thousands of rows leave at once, in bounded memory (issue 14).
    if fmt == "csv":
        response = StreamingHttpResponse(
            exports.csv_chunks(responses), content_type="text/csv; charset=utf-8"
        )
    else:
        response = StreamingHttpResponse(exports.xlsx_chunks(responses), content_type=XLSX)
    suffix = f"-{period.pk}" if period else ""
    response["Content-Disposition"] = f'attachment; filename="skm-{unit.code}{suffix}.{fmt}"'
    return response


@login_required
def import_paper(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    service = queries.get_service_for_user(request.user, instansi_obj, pk)
    require(request.user, "surveys.import_responses", service.unit)
    form = PaperImportForm(request.POST or None, request.FILES or None)
    problems = []
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > settings.NYATA_IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(mb)d MB.") % {"mb": settings.NYATA_IMPORT_MAX_BYTES // 2**20},
            )
        else:
            data = upload.read()
            try:
                table = read_table(name=upload.name, data=data, max_rows=settings.NYATA_IMPORT_MAX_ROWS)
            except TableError as error:
                form.add_error("file", str(error))
            else:
                result = actions.import_paper_responses(
                    service=service, table=table, file_name=upload.name, data=data, by=request.user
                )
                if result.ok:
                    if result.batch.status == PaperImport.Status.ACCEPTED:
                        done = _("%(count)d paper responses imported; they count in the IKM at once.")
                    else:
                        done = _(
                            "%(count)d paper responses imported; they count in the IKM once the Inspektorat "
                            "accepts the file."
                        )
                    messages.success(request, done % {"count": result.created})
                    return redirect("surveys:service", instansi=instansi_obj.code, pk=service.pk)
                problems = result.problems
    context = {
        "instansi": instansi_obj,
        "service": service,
        "form": form,
        "problems": problems,
        "columns": paper.COLUMNS,
        "example": paper.TEMPLATE_EXAMPLE,
        "back_url": reverse("surveys:service", args=[instansi_obj.code, service.pk]),
    }
    return render(request, "surveys/import.html", context, status=400 if problems or form.errors else 200)
