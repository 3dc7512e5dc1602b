"""The documents: one unit's LHE (PDF, Word) and filled worksheet (Excel); the city recap (PDF, Word, Excel)
and the ranking (CSV, Excel); the period's page of documents, where every LHE as one zip and the period
workbook are made on the task worker with a progress bar. Every document taken is recorded."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from nyata.org import rules
from nyata.reports.actions import record_download, request_file
from nyata.reports.documents import pdf, sheets, word
from nyata.reports.models import GeneratedFile
from nyata.reports.queries import access
from nyata.reports.queries.city import city_table
from nyata.reports.queries.lhe import lhe_of
from nyata.reports.queries.recap import recap_of
from nyata.reports.queries.worksheet import worksheet_of
from nyata.reports.views.refusal import refused

CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "csv": "text/csv; charset=utf-8",
    "zip": "application/zip",
}


def _attachment(data: bytes, *, filename: str, file_format: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[file_format])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


def _unit_document_refusal(request, instansi, assessment) -> HttpResponse | None:
    """None when this reader may take the unit's documents; otherwise the page that says why. A unit closed
    instead of evaluated has none to take (a report would read 0,00 D)."""
    if not rules.has_perm(request.user, "reports.view_unit_documents", assessment):
        reason = _(
            "The report of a unit is published to its head and to the pimpinan when the period is "
            "finalised; drafts are for the Inspektorat only."
        )
    elif not assessment.is_evaluated:
        reason = _(
            "%(unit)s was not evaluated in this period (%(status)s: %(reason)s), so it has no evaluation "
            "report and no scored worksheet."
        ) % {
            "unit": assessment.unit.name,
            "status": assessment.get_status_display(),
            "reason": assessment.closure_reason,
        }
    else:
        return None
    return refused(
        request, instansi=instansi, period=assessment.period, title=assessment.unit.name, reason=reason
    )


def _period_refusal(request, instansi, period):
    return refused(
        request,
        instansi=instansi,
        period=period,
        title=period.title,
        reason=_(
            "The documents of the whole city are published to the pimpinan when the period is "
            "finalised; until then the figures are the Inspektorat's drafts."
        ),
    )


@login_required
@require_GET
def lhe(request: HttpRequest, instansi: str, period: int, assessment: int, file_format: str) -> HttpResponse:
    instansi_obj, assessment_obj = access.assessment_for(request.user, instansi, period, assessment)
    if refusal := _unit_document_refusal(request, instansi_obj, assessment_obj):
        return refusal
    report = lhe_of(assessment_obj)
    data = pdf.lhe_pdf(report) if file_format == "pdf" else word.lhe_docx(report)
    record_download(
        by=request.user,
        period=assessment_obj.period,
        assessment=assessment_obj,
        document="lhe",
        file_format=file_format,
        data=data,
    )
    return _attachment(data, filename=f"{report.filename_stem}.{file_format}", file_format=file_format)


@login_required
@require_GET
def worksheet(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = access.assessment_for(request.user, instansi, period, assessment)
    if refusal := _unit_document_refusal(request, instansi_obj, assessment_obj):
        return refusal
    internal = rules.has_perm(request.user, "reports.view_internal", assessment_obj.period)
    sheet = worksheet_of(assessment_obj, internal=internal, reader=request.user)
    data = sheets.worksheet_xlsx(sheet)
    record_download(
        by=request.user,
        period=assessment_obj.period,
        assessment=assessment_obj,
        document="worksheet",
        file_format="xlsx",
        data=data,
    )
    state = "" if sheet.is_final else "DRAF-"
    filename = f"{state}LKE-{assessment_obj.period.year}-{assessment_obj.unit.code}.xlsx"
    return _attachment(data, filename=filename, file_format="xlsx")


@login_required
@require_GET
def recap(request: HttpRequest, instansi: str, period: int, file_format: str) -> HttpResponse:
    instansi_obj, period_obj = access.period_for(request.user, instansi, period)
    if not rules.has_perm(request.user, "reports.view_period_documents", period_obj):
        return _period_refusal(request, instansi_obj, period_obj)
    report = recap_of(period_obj)
    render_ = {"pdf": pdf.recap_pdf, "docx": word.recap_docx, "xlsx": sheets.recap_xlsx}[file_format]
    data = render_(report)
    record_download(by=request.user, period=period_obj, document="recap", file_format=file_format, data=data)
    return _attachment(data, filename=f"{report.filename_stem}.{file_format}", file_format=file_format)


@login_required
@require_GET
def ranking(request: HttpRequest, instansi: str, period: int, file_format: str) -> HttpResponse:
    instansi_obj, period_obj = access.period_for(request.user, instansi, period)
    if not rules.has_perm(request.user, "reports.view_period_documents", period_obj):
        return _period_refusal(request, instansi_obj, period_obj)
    table = city_table(period_obj)
    data = sheets.ranking_csv(table) if file_format == "csv" else sheets.ranking_xlsx(table)
    record_download(
        by=request.user, period=period_obj, document="ranking", file_format=file_format, data=data
    )
    state = "" if period_obj.is_locked else "DRAF-"
    filename = f"{state}Peringkat-{period_obj.year}-{instansi_obj.code}.{file_format}"
    return _attachment(data, filename=filename, file_format=file_format)


@login_required
def documents_page(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = access.period_for(request.user, instansi, period)
    if not rules.has_perm(request.user, "reports.view_period_documents", period_obj):
        return _period_refusal(request, instansi_obj, period_obj)
    return render(request, "reports/documents.html", _documents_context(request, instansi_obj, period_obj))


def _documents_context(request, instansi, period) -> dict:
    rows = city_table(period).rows
    return {
        "instansi": instansi,
        "period": period,
        "files": access.latest_files(request.user, period),
        "kinds": GeneratedFile.Kind.choices,
        "rows": rows,
        "internal": rules.has_perm(request.user, "reports.view_internal", period),
    }


@login_required
@require_POST
def generate(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = access.period_for(request.user, instansi, period)
    if not rules.has_perm(request.user, "reports.view_period_documents", period_obj):
        return _period_refusal(request, instansi_obj, period_obj)
    try:
        file = request_file(period=period_obj, kind=request.POST.get("kind", ""), by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reports:documents", instansi=instansi_obj.code, period=period_obj.pk)
    if request.htmx:
        return render(request, "reports/documents.html#job", {"instansi": instansi_obj, "file": file})
    return redirect("reports:documents", instansi=instansi_obj.code, period=period_obj.pk)


@login_required
@require_GET
def job(request: HttpRequest, instansi: str, file: int) -> HttpResponse:
    """The progress bar of one file (htmx polls it every second while the file is being made)."""
    instansi_obj = access.instansi_for(request.user, instansi)
    found = access.get_file_for_user(request.user, instansi_obj, file)
    response = render(request, "reports/documents.html#job", {"instansi": instansi_obj, "file": found})
    if not found.is_pending:
        response["HX-Trigger"] = "file-ready"
    return response


@login_required
@require_GET
def job_download(request: HttpRequest, instansi: str, file: int) -> FileResponse:
    instansi_obj = access.instansi_for(request.user, instansi)
    found = access.get_file_for_user(request.user, instansi_obj, file)
    if found.status != GeneratedFile.Status.DONE:
        raise Http404
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    record_download(
        by=request.user,
        period=found.period,
        document=found.kind,
        file_format=found.filename.rsplit(".", 1)[-1],
        generated=found,
    )
    response = FileResponse(handle, as_attachment=True, filename=found.filename)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
