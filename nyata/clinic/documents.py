"""Printable documents of the clinic by WeasyPrint: a session's attendance list and minutes, and the resep
klinik of an OPD. Nothing is fetched while rendering (no URL but data: is allowed)."""

from django.contrib.staticfiles import finders
from django.template.loader import render_to_string
from django.utils import translation


def pdf(template: str, context: dict) -> bytes:
    # Imported here: WeasyPrint loads Pango, which no page needs.
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    with translation.override("id"):  # a document of the instansi: Indonesian for every reader
        html = render_to_string(template, context)
    fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    stylesheet = CSS(filename=finders.find("clinic/document.css"))
    return HTML(string=html, url_fetcher=fetcher).write_pdf(stylesheets=[stylesheet])
