"""For the staff who read a service's results: its QR code (SVG, PNG) and its A4 poster (PDF)."""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.utils.text import slugify
from django.views.decorators.http import require_GET

from nyata.org import queries as org_queries
from nyata.surveys import distribution, queries
from nyata.surveys.models import Service


def _service(request: HttpRequest, instansi: str, pk: int) -> Service:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    return queries.get_service_for_user(request.user, instansi_obj, pk)


def _link(request: HttpRequest, service: Service) -> str:
    return distribution.short_link(service, base=request.build_absolute_uri("/"))


@login_required
@require_GET
def qr_code(request: HttpRequest, instansi: str, pk: int, fmt: str) -> HttpResponse:
    if fmt not in ("svg", "png"):
        raise Http404
    service = _service(request, instansi, pk)
    link = _link(request, service)
    if fmt == "svg":
        response = HttpResponse(distribution.qr_svg(link), content_type="image/svg+xml")
    else:
        response = HttpResponse(distribution.qr_png(link), content_type="image/png")
    if request.GET.get("unduh"):
        response["Content-Disposition"] = f'attachment; filename="qr-{service.public_code}.{fmt}"'
    return response


@login_required
@require_GET
def poster(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    service = _service(request, instansi, pk)
    pdf = distribution.poster_pdf(service, link=_link(request, service))
    response = HttpResponse(pdf, content_type="application/pdf")
    name = slugify(service.name) or service.public_code
    response["Content-Disposition"] = f'attachment; filename="poster-skm-{name}.pdf"'
    return response
