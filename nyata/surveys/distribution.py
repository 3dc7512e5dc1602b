"""Getting the survey to citizens: the short link, its QR code (SVG and PNG) and the A4 poster (PDF).

The QR code encodes the short link itself, with error correction level M: readable from a printed poster
by a cheap phone camera, small enough to stay simple. The poster is Indonesian whatever the staff's
language, since it hangs at the counter for the public.
"""

import base64
import io

import segno
from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from nyata.surveys.models import Service

QR_ERROR = "m"


def short_link(service: Service, *, base: str) -> str:
    """The public survey address, e.g. https://nyata.kendari.example/s/ab3k9xyz/ (base without a slash)."""
    return base.rstrip("/") + reverse("surveys:survey", args=[service.public_code])


def display_link(link: str) -> str:
    """The link as printed for people to type: without the scheme."""
    return link.split("://", 1)[-1]


def _qr(link: str) -> segno.QRCode:
    return segno.make(link, error=QR_ERROR, micro=False)


def qr_svg(link: str, *, scale: int = 8) -> bytes:
    buffer = io.BytesIO()
    _qr(link).save(buffer, kind="svg", scale=scale, border=4, xmldecl=True, title=link)
    return buffer.getvalue()


def qr_png(link: str, *, scale: int = 10) -> bytes:
    buffer = io.BytesIO()
    _qr(link).save(buffer, kind="png", scale=scale, border=4)
    return buffer.getvalue()


def poster_pdf(service: Service, *, link: str) -> bytes:
    """An A4 poster for the counter: service, unit, QR code, the short link and a call to answer."""
    # Imported here: WeasyPrint loads Pango, which no other page needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    svg = qr_svg(link, scale=10)
    with translation.override("id"):
        html = render_to_string(
            "surveys/poster.html",
            {
                "service": service,
                "unit": service.unit,
                "link": display_link(link),
                "qr_data_uri": "data:image/svg+xml;base64," + base64.b64encode(svg).decode(),
            },
        )
    # No base URL, and data: URLs only: everything the poster shows is in the HTML, nothing is fetched.
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    stylesheet = CSS(filename=finders.find("surveys/poster.css"))
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
