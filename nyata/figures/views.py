"""The Inspektorat's pages of outside figures: record, import, compare; the document of a figure."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from nyata.core.tabular import Table, TableError, read_table
from nyata.evaluations.forms.errors import add_errors
from nyata.figures import actions, importing, queries
from nyata.figures.forms import FigureForm, ImportForm, KindForm, kind_initial
from nyata.figures.models import Kind
from nyata.org.models import Instansi
from nyata.org.queries import get_instansi_for_user
from nyata.org.rules import has_perm, require


def _chosen(request: HttpRequest, instansi: Instansi):
    kinds = queries.kinds(instansi)
    key = request.GET.get("jenis", "")
    kind = next((k for k in kinds if k.key == key), kinds[0] if kinds else None)
    years = queries.years_of(instansi)
    try:
        year = int(request.GET.get("tahun", ""))
    except ValueError:
        year = years[0] if years else None
    return kinds, kind, years, year


def _page(request, instansi, *, form=None, import_form=None, problems=None, status=200) -> HttpResponse:
    kinds, kind, years, year = _chosen(request, instansi)
    manages = has_perm(request.user, "figures.manage", instansi)
    context = {
        "instansi": instansi,
        "kinds": kinds,
        "kind": kind,
        "years": years,
        "year": year,
        "figures": queries.figures_of(instansi, kind=kind, year=year) if kind and year else [],
        "manages": manages,
        "form": form
        or (FigureForm(instansi=instansi, initial={"kind": kind, "year": year}) if manages else None),
        "import_form": import_form or (ImportForm() if manages else None),
        "problems": problems,
        "columns": list(importing.COLUMNS),
    }
    return render(request, "figures/index.html", context, status=status)


def _listing(instansi: Instansi, key: str, year: int) -> str:
    return f"{reverse('figures:index', args=[instansi.code])}?jenis={key}&tahun={year}"


def _table(form: ImportForm) -> Table | None:
    """The uploaded table within the import limits (nyata.core.limits), with its columns; None after putting
    the reason on the form."""
    upload = form.cleaned_data["file"]
    if upload.size > settings.NYATA_IMPORT_MAX_BYTES:
        limit = settings.NYATA_IMPORT_MAX_BYTES // 2**20
        form.add_error("file", _("The file is larger than %(mb)d MB.") % {"mb": limit})
        return None
    try:
        table = read_table(name=upload.name, data=upload.read(), max_rows=settings.NYATA_IMPORT_MAX_ROWS)
    except TableError as error:
        form.add_error("file", str(error))
        return None
    missing = importing.missing_columns(table)
    if missing:
        form.add_error("file", _("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
        return None
    return table


@login_required
@require_GET
def index(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "figures.view", instansi_obj)
    return _page(request, instansi_obj)


@login_required
@require_POST
def record(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "figures.manage", instansi_obj)
    form = FigureForm(request.POST, request.FILES, instansi=instansi_obj)
    if form.is_valid():
        data = form.cleaned_data
        try:
            figure = actions.record_figure(
                instansi=instansi_obj,
                kind=data["kind"],
                unit=data["unit"],
                year=data["year"],
                value=data["value"],
                source=actions.Provenance(
                    data["document_title"],
                    data["document_number"],
                    data["document_date"],
                    data["document_url"],
                ),
                document=data["file"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Recorded: %(figure)s.")
                % {"figure": f"{figure.kind.name} · {figure.unit.name} · {figure.year}"},
            )
            return redirect(_listing(instansi_obj, figure.kind.key, figure.year))
    return _page(request, instansi_obj, form=form, status=400)


@login_required
@require_POST
def import_table(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "figures.manage", instansi_obj)
    form = ImportForm(request.POST, request.FILES)
    table = _table(form) if form.is_valid() else None
    checked = importing.check_table(table, instansi_obj) if table is not None else None
    if checked is not None and not checked.rows and not checked.errors:
        form.add_error("file", _("The file holds no figures."))
    elif checked is not None and not checked.errors:
        count = actions.record_figures(
            instansi=instansi_obj,
            rows=checked.rows,
            file_name=form.cleaned_data["file"].name,
            by=request.user,
        )
        messages.success(request, _("%(n)d figures imported.") % {"n": count})
        return redirect(_listing(instansi_obj, checked.rows[0].kind.key, checked.rows[0].year))
    problems = checked.errors if checked is not None else None
    return _page(request, instansi_obj, import_form=form, problems=problems, status=400)


@login_required
@require_GET
def compare(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "figures.view", instansi_obj)
    kinds, kind, _years, _year = _chosen(request, instansi_obj)
    context = {
        "instansi": instansi_obj,
        "kinds": kinds,
        "kind": kind,
        "comparison": queries.comparison(instansi_obj, kind) if kind else None,
    }
    return render(request, "figures/compare.html", context)


@login_required
@require_GET
def document(request: HttpRequest, instansi: str, pk: int) -> FileResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    figure = queries.get_figure_for_user(request.user, instansi_obj, pk)
    if not figure.document_file:
        raise Http404
    try:
        handle = figure.document_file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # As evidence is served: an attachment, never rendered as a page of this site.
    response = FileResponse(
        handle, as_attachment=True, filename=figure.document_name, content_type=figure.document_type or None
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response


# --- the registry of kinds ---------------------------------------------------------------------------


def _kind_values(form: KindForm) -> actions.KindValues:
    data = form.cleaned_data
    return actions.KindValues(
        key=data["key"],
        name=data["name"],
        scale_min=data["scale_min"],
        scale_max=data["scale_max"],
        places=data["places"],
        higher_is_better=data["higher_is_better"],
        issuer=data["issuer"],
        source_document=data["source_document"],
        basis=data["basis"],
    )


def _kinds_page(request, instansi: Instansi, *, form: KindForm | None = None, status=200) -> HttpResponse:
    may_share = has_perm(request.user, "figures.add_shared_kind")
    listed = [
        (kind, usage, has_perm(request.user, "figures.change_kind", kind))
        for kind, usage in queries.kinds_with_usage(instansi)
    ]
    context = {
        "instansi": instansi,
        "kinds": listed,
        "form": form or KindForm(may_share=may_share),
    }
    return render(request, "figures/kinds.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def kinds(request: HttpRequest, instansi: str) -> HttpResponse:
    """The registry of kinds: every kind the instansi uses, and a form to add one."""
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "figures.manage_kinds", instansi_obj)
    if request.method != "POST":
        return _kinds_page(request, instansi_obj)
    form = KindForm(request.POST, may_share=has_perm(request.user, "figures.add_shared_kind"))
    if form.is_valid():
        try:
            kind = actions.save_kind(
                instansi=instansi_obj,
                kind=None,
                values=_kind_values(form),
                shared=form.cleaned_data.get("shared", False),
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Kind added: %(kind)s.") % {"kind": kind.name})
            return redirect("figures:kinds", instansi_obj.code)
    return _kinds_page(request, instansi_obj, form=form, status=400)


def _kind_form(kind: Kind, usage: queries.Usage, data=None) -> KindForm:
    locked = actions.key_in_use(kind, usage) if usage.in_use else ""
    return KindForm(data, initial=kind_initial(kind), key_locked=locked)


@login_required
@require_http_methods(["GET", "POST"])
def kind_edit(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "figures.manage_kinds", instansi_obj)
    kind = queries.get_kind_for_user(request.user, instansi_obj, pk)
    usage = queries.usage_of(kind)
    form = _kind_form(kind, usage, request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                actions.save_kind(
                    instansi=instansi_obj, kind=kind, values=_kind_values(form), by=request.user
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Kind saved: %(kind)s.") % {"kind": form.cleaned_data["name"]})
                return redirect("figures:kinds", instansi_obj.code)
    context = {"instansi": instansi_obj, "kind": kind, "usage": usage, "form": form}
    return render(request, "figures/kind.html", context, status=status)


@login_required
@require_POST
def kind_delete(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    require(request.user, "figures.manage_kinds", instansi_obj)
    kind = queries.get_kind_for_user(request.user, instansi_obj, pk)
    try:
        actions.delete_kind(kind=kind, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("figures:kind", instansi_obj.code, kind.pk)
    messages.success(request, _("Kind deleted: %(kind)s.") % {"kind": kind.name})
    return redirect("figures:kinds", instansi_obj.code)
