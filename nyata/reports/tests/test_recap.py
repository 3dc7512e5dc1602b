"""The city recap as PDF and Word: every unit's total, predicate, change and components, the distribution,
the heatmap, the recurring findings and the recommendations by area, the Indonesian way."""

import io

from nyata.evaluations.models import Result
from nyata.reports.actions import save_settings
from nyata.reports.documents.pdf import lhe_pdf, recap_pdf
from nyata.reports.documents.word import lhe_docx, recap_docx
from nyata.reports.indonesian import change, number
from nyata.reports.queries.lhe import lhe_of
from nyata.reports.queries.recap import recap_of
from nyata.reports.queries.texts import defaults
from nyata.reports.tests.documents import docx_text, pdf_text


def _expected(published, earlier):
    figures = [
        "Rencana aksi belum memuat target yang terukur. (2 unit)",
        "Susun rencana aksi bersama Bagian Organisasi.",
    ]
    for result in Result.objects.filter(assessment__period=published).select_related("assessment__unit"):
        previous = Result.objects.get(assessment__period=earlier, assessment__unit=result.assessment.unit)
        nodes = result.detail["nodes"]
        figures += [
            result.assessment.unit.name,
            number(result.total),
            result.predicate,
            change(result.total - previous.total),
            *(number(nodes[code]["score"]) for code in ("I", "II")),
            *(number(nodes[code]["score"] * 100 / nodes[code]["max"], 1) for code in ("I", "II")),
        ]
    return figures


def test_the_recap_pdf_shows_every_unit_and_what_recurs(published, earlier):
    text = pdf_text(recap_pdf(recap_of(published)))
    assert [figure for figure in _expected(published, earlier) if figure not in text] == []
    assert "53,17" in text  # the average total, (81,00 + 25,33) / 2 rounded half-up
    assert "DRAF" not in text


def test_the_recap_in_word_shows_the_same(published, earlier):
    text = docx_text(recap_docx(recap_of(published)))
    assert [figure for figure in _expected(published, earlier) if figure not in text] == []
    assert "53,17" in text


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (600, 80), (11, 94, 138)).save(buffer, format="PNG")
    return buffer.getvalue()


def test_the_uploaded_letterhead_heads_the_lhe_in_both_formats(
    published, assessment, inspektorat_admin, city
):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from docx import Document
    from pypdf import PdfReader

    upload = SimpleUploadedFile("kop.png", _png(), content_type="image/png")
    save_settings(
        instansi=city.instansi,
        texts=defaults(city.instansi),
        letterhead=upload,
        remove_letterhead=False,
        by=inspektorat_admin,
    )
    assessment.refresh_from_db()
    report = lhe_of(assessment)
    assert len(PdfReader(io.BytesIO(lhe_pdf(report))).pages[0].images) == 1
    header = Document(io.BytesIO(lhe_docx(report))).sections[0].header
    assert header._element.xpath(".//pic:pic")
