"""Reading instruments: the list, one instrument as a tree, two versions compared, and downloads."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from nyata.instruments import queries
from nyata.instruments.annotations import annotations_for
from nyata.instruments.compare import compare_instruments
from nyata.instruments.forms import CompareForm
from nyata.instruments.xlsx import write_workbook
from nyata.org import rules
from nyata.org.rules import require


@login_required
def instrument_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "instruments.view_published")
    context = {
        "instruments": queries.instrument_list(request.user),
        "can_manage": rules.has_perm(request.user, "instruments.manage"),
    }
    return render(request, "instruments/list.html", context)


@login_required
def detail(request: HttpRequest, code: str, version: str) -> HttpResponse:
    instrument = queries.get_instrument_for_user(request.user, code, version)
    versions = queries.versions_for_user(request.user, code)
    context = {
        "instrument": instrument,
        "definition": queries.engine_instrument(instrument),
        "other_versions": [other for other in versions if other.pk != instrument.pk],
        "can_publish": rules.has_perm(request.user, "instruments.publish", instrument),
        "annotations": annotations_for(request.user, instrument=instrument),
    }
    return render(request, "instruments/detail.html", context)


@login_required
def compare(request: HttpRequest, code: str) -> HttpResponse:
    require(request.user, "instruments.view_published")
    versions = [instrument.version for instrument in queries.versions_for_user(request.user, code)]
    if not versions:
        raise Http404
    initial = {"old": versions[-2] if len(versions) > 1 else versions[0], "new": versions[-1]}
    form = CompareForm(request.GET or initial, versions=versions)
    comparison = None
    if form.is_valid():
        old = queries.get_instrument_for_user(request.user, code, form.cleaned_data["old"])
        new = queries.get_instrument_for_user(request.user, code, form.cleaned_data["new"])
        comparison = compare_instruments(
            old=queries.engine_instrument(old), new=queries.engine_instrument(new)
        )
    context = {"code": code, "form": form, "comparison": comparison}
    return render(request, "instruments/compare.html", context)


@login_required
def download_xlsx(request: HttpRequest, code: str, version: str) -> HttpResponse:
    instrument = queries.get_instrument_for_user(request.user, code, version)
    response = HttpResponse(
        write_workbook(queries.engine_instrument(instrument)),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{code}-{version}.xlsx"'
    return response


@login_required
def download_yaml(request: HttpRequest, code: str, version: str) -> HttpResponse:
    instrument = queries.get_instrument_for_user(request.user, code, version)
    response = HttpResponse(instrument.source.encode("utf-8"), content_type="application/yaml; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{code}-{version}.yaml"'
    return response
