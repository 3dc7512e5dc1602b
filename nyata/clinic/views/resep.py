"""The resep klinik of an OPD, as a page and as a PDF for its head."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from nyata.clinic import documents
from nyata.clinic.queries.resep import get_resep_unit_for_user, resep_of
from nyata.clinic.views.access import instansi_for


@login_required
def resep(request: HttpRequest, instansi: str, unit: int) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    found = get_resep_unit_for_user(request.user, instansi_obj, unit)
    return render(
        request,
        "clinic/resep.html",
        # Links to the action plan on the page only: the PDF is read on paper.
        {"instansi": instansi_obj, "resep": resep_of(request.user, found), "link_plan": True},
    )


@login_required
def resep_pdf(request: HttpRequest, instansi: str, unit: int) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    found = get_resep_unit_for_user(request.user, instansi_obj, unit)
    context = {"instansi": instansi_obj, "resep": resep_of(request.user, found), "printed_at": timezone.now()}
    response = HttpResponse(documents.pdf("clinic/pdf/resep.html", context), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="resep-klinik-{found.code}.pdf"'
    return response
