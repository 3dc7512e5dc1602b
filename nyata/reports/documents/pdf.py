"""PDF documents by WeasyPrint: the LHE of a unit and the city recap. No JavaScript runs in a PDF, so the
charts are server-drawn SVG; nothing is fetched (data: URLs only), as for the SKM poster."""

import base64

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation

from nyata.reports.queries.lhe import Lhe
from nyata.reports.queries.recap import Recap


def _data_uri(data: bytes | None, mime: str) -> str:
    return f"data:{mime};base64,{base64.b64encode(data).decode()}" if data else ""


def _pdf(template: str, context: dict) -> bytes:
    # Imported here: WeasyPrint loads Pango, which no page needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    with translation.override("id"):  # an official letter of the instansi: Indonesian for every reader
        html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    stylesheet = CSS(filename=finders.find("reports/document.css"))
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])


def lhe_pdf(lhe: Lhe) -> bytes:
    return _pdf(
        "reports/pdf/lhe.html",
        {"lhe": lhe, "letterhead_uri": _data_uri(lhe.texts.letterhead, lhe.texts.letterhead_type)},
    )


def recap_pdf(recap: Recap) -> bytes:
    return _pdf(
        "reports/pdf/recap.html",
        {"recap": recap, "letterhead_uri": _data_uri(recap.texts.letterhead, recap.texts.letterhead_type)},
    )
