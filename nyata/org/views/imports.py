from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nyata.core import exports
from nyata.core.tabular import TableError, read_table
from nyata.org import importing as imports
from nyata.org import queries
from nyata.org.forms import ImportForm
from nyata.org.rules import require


@login_required
def import_page(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "org.manage_instansi", instansi_obj)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        kind = form.cleaned_data["kind"]
        if upload.size > settings.NYATA_IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("The file is larger than %(mb)d MB.") % {"mb": settings.NYATA_IMPORT_MAX_BYTES // 2**20},
            )
        else:
            try:
                table = read_table(
                    name=upload.name, data=upload.read(), max_rows=settings.NYATA_IMPORT_MAX_ROWS
                )
            except TableError as error:
                form.add_error("file", str(error))
            else:
                run = imports.import_units if kind == "units" else imports.import_people
                result = run(instansi=instansi_obj, table=table, by=request.user)
                if result.ok:
                    messages.success(
                        request,
                        _("Import finished: %(created)d created, %(updated)d updated, %(roles)d roles added.")
                        % {"created": result.created, "updated": result.updated, "roles": result.roles_added},
                    )
                    return redirect("org:import", instansi=instansi_obj.code)
    status = 400 if result is not None or form.errors else 200
    context = {"instansi": instansi_obj, "form": form, "result": result, "kinds": imports.IMPORT_KIND_LABELS}
    return render(request, "org/import.html", context, status=status)


@login_required
def import_template(request: HttpRequest, instansi: str, kind: str, fmt: str) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "org.manage_instansi", instansi_obj)
    if kind not in imports.TEMPLATE_HEADERS or fmt not in ("csv", "xlsx"):
        raise Http404
    header, examples = imports.TEMPLATE_HEADERS[kind], imports.TEMPLATE_EXAMPLES[kind]
    filename = f"nyata-{kind}.{fmt}"
    if fmt == "csv":
        response = HttpResponse(exports.csv_bytes(header, examples), content_type="text/csv; charset=utf-8")
    else:
        response = HttpResponse(
            exports.xlsx_bytes([(kind, header, examples)]),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
