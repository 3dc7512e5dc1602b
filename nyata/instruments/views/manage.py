"""Upload (validate, store as draft) and publish: for system and Inspektorat administrators."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.core import files, limits
from nyata.instruments import actions, queries
from nyata.instruments.forms import UploadForm
from nyata.instruments.messages import localised, localised_place
from nyata.instruments.serialise import dump_yaml, instrument_to_data
from nyata.instruments.xlsx import WorkbookError, read_workbook
from nyata.org.rules import require
from nyata.scoring import InstrumentError


@dataclass(frozen=True)
class ReportRow:
    """One problem of an uploaded file: where (YAML path or sheet and column), node, line or row, what."""

    place: str
    node: str
    line: int | None
    message: str


def _yaml_report(error: InstrumentError) -> list[ReportRow]:
    return [ReportRow(localised_place(p), p.code or "", p.line, localised(p)) for p in error.problems]


def _sheet_report(error: WorkbookError) -> list[ReportRow]:
    rows = []
    for problem in error.problems:
        place = _("sheet %(sheet)s") % {"sheet": problem.sheet}
        if problem.column:
            place += ", " + _("column %(column)s (%(header)s)") % {
                "column": problem.column,
                "header": problem.header,
            }
        rows.append(ReportRow(place, problem.code or "", problem.row, problem.message))
    return rows


def _file_bytes(upload) -> bytes:
    """The YAML bytes to load: the file itself when it is text, or the YAML written from an uploaded
    workbook. What the file is comes from its bytes (nyata.core.files), never from its name."""
    try:
        kind = files.detect(upload, archive=limits.for_imports())
    except files.Refused as refusal:
        raise ValidationError({"file": [str(refusal)]}) from None
    data = upload.read()
    if kind == files.XLSX:
        parsed = read_workbook(data=data)
        # Not translated: the header is part of the stored bytes, so part of the checksum.
        header = f"Converted from {upload.name} when it was uploaded to Nyata."
        return dump_yaml(data=instrument_to_data(parsed), header=header).encode("utf-8")
    if kind is not None or upload.name.lower().endswith(".xlsx"):
        raise ValidationError({"file": [_("Upload the instrument as a YAML file or as an XLSX workbook.")]})
    return data


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    require(request.user, "instruments.manage")
    form = UploadForm(request.POST or None, request.FILES or None)
    report: list[ReportRow] = []
    if request.method == "POST" and form.is_valid():
        file = form.cleaned_data["file"]
        if file.size > settings.NYATA_IMPORT_MAX_BYTES:
            limit = settings.NYATA_IMPORT_MAX_BYTES // 2**20
            form.add_error("file", _("The file is larger than %(mb)d MB.") % {"mb": limit})
        else:
            try:
                result = actions.load_instrument(data=_file_bytes(file), by=request.user)
            except WorkbookError as error:
                report = _sheet_report(error)
            except InstrumentError as error:
                report = _yaml_report(error)
            except ValidationError as error:
                form.add_error("file", error.message_dict.get("file", error.messages))
            else:
                instrument = result.instrument
                text = {
                    actions.Outcome.CREATED: _("%(instrument)s was stored as a draft."),
                    actions.Outcome.REPLACED: _("The draft %(instrument)s was replaced by this file."),
                    actions.Outcome.UNCHANGED: _("%(instrument)s is already loaded from exactly this file."),
                }[result.outcome]
                messages.success(request, text % {"instrument": instrument})
                return redirect("instruments:detail", code=instrument.code, version=instrument.version)
    status = 400 if report or form.errors else 200
    context = {"form": form, "report": report, "file_name": request.FILES.get("file", "")}
    return render(request, "instruments/upload.html", context, status=status)


@login_required
@require_POST
def publish(request: HttpRequest, code: str, version: str) -> HttpResponse:
    instrument = queries.get_instrument_for_user(request.user, code, version)
    require(request.user, "instruments.publish", instrument)
    try:
        actions.publish_instrument(instrument=instrument, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(instrument)s is published; it can no longer change.") % {"instrument": instrument}
        )
    return redirect("instruments:detail", code=code, version=version)
