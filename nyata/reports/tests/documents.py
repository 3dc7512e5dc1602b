"""Reading generated documents back, as a person's program would: pypdf for PDF text, python-docx for Word,
openpyxl for Excel. And the figures a document must show, computed from the engine's stored result."""

import io
import zipfile

from nyata.evaluations.models import Result
from nyata.reports.indonesian import change, number


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    assert data.startswith(b"%PDF-")
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    for section in document.sections:
        parts.extend(p.text for p in section.header.paragraphs)
    return "\n".join(parts)


def workbook(data: bytes):
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data))


def zip_names(data: bytes) -> list[str]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.namelist()


def zip_member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read(name)


def result_figures(result: Result, *, previous: Result | None = None) -> list[str]:
    """Every figure of a unit's LHE, the Indonesian way, straight from the stored engine result."""
    detail = result.detail
    figures = [
        number(result.total),
        number(result.max_total),
        result.predicate,
        number(result.proposed_total),
    ]
    for code in ("I", "II"):
        node = detail["nodes"][code]
        figures += [number(node["score"]), number(node["max"]), number(node["score"] * 100 / node["max"], 1)]
    figures += ["+" + number(g["gain"]) for g in detail["gains"][:10] if g["gain"] > 0]
    if previous is not None:
        figures += [number(previous.total), change(result.total - previous.total)]
        for code in ("I", "II"):
            before = previous.detail["nodes"][code]["score"]
            figures += [number(before), change(detail["nodes"][code]["score"] - before)]
    return figures
