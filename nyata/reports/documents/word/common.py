"""The building blocks of Nyata's Word documents: the page with the instansi's letterhead in its header,
titles, the draft note, plain tables, numbered headings and the signature block."""

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

from nyata.reports.indonesian import long_date
from nyata.reports.queries.texts import Texts

RED = RGBColor(0xB4, 0x28, 0x28)


def DRAFT_NOTE() -> str:  # noqa: N802  (the same words as the PDF's note)
    return _(
        "Draft: computed from the values so far; the period is not finalised and nothing here is published."
    )


def new_document(texts: Texts, *, landscape: bool = False):
    document = Document()
    section = document.sections[0]
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.left_margin, section.right_margin = Mm(22), Mm(18)
    section.top_margin, section.bottom_margin = Mm(15), Mm(18)
    normal = document.styles["Normal"]
    normal.font.name = "Arial"
    normal.font.size = Pt(10.5)
    header = section.header.paragraphs[0]
    header.alignment = WD_ALIGN_PARAGRAPH.CENTER
    if texts.letterhead:
        width = section.page_width - section.left_margin - section.right_margin
        header.add_run().add_picture(io.BytesIO(texts.letterhead), width=width)
    else:
        for index, line in enumerate(texts.letterhead_lines):
            run = header.add_run(line)
            run.bold = True
            run.font.size = Pt(13 if index == 0 else 11)
            if index < len(texts.letterhead_lines) - 1:
                run.add_break()
    _bottom_border(header)
    return document


def _bottom_border(paragraph) -> None:
    """The double rule under a letterhead (a paragraph border, which Word keeps when the text is edited)."""
    properties = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "double"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "000000")):
        bottom.set(qn(key), value)
    borders.append(bottom)
    properties.append(borders)


def add_title(document, lines: list[str]) -> None:
    paragraph = document.add_paragraph()
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for index, line in enumerate(lines):
        run = paragraph.add_run(line.upper())
        run.bold = True
        run.font.size = Pt(12)
        if index < len(lines) - 1:
            run.add_break()


def add_draft_note(document, is_final: bool) -> None:
    if is_final:
        return
    paragraph = document.add_paragraph()
    run = paragraph.add_run(DRAFT_NOTE())
    run.bold = True
    run.font.color.rgb = RED


def add_table(document, header: list[str], rows: list[list[str]], *, numeric: set[int] = frozenset()):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for index, text in enumerate(header):
        cell = table.rows[0].cells[index]
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for values in rows:
        cells = table.add_row().cells
        for index, text in enumerate(values):
            cells[index].text = text
            if index in numeric:
                cells[index].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    document.add_paragraph()
    return table


def add_pairs(document, rows: list[tuple[str, str]]) -> None:
    table = document.add_table(rows=0, cols=2)
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value
    document.add_paragraph()


def add_numbered_heading(document, index: int, text: str) -> None:
    document.add_heading(f"{index}. {text}", level=2)


def add_texts(document, text: str) -> None:
    for block in text.split("\n\n"):
        document.add_paragraph(block.strip())


def add_signature(document, texts: Texts, when) -> None:
    table = document.add_table(rows=1, cols=2)
    cell = table.rows[0].cells[1]
    cell.text = f"{texts.place}, {long_date(when)}"
    cell.add_paragraph(texts.signer_title)
    for _blank in range(3):
        cell.add_paragraph()
    name = cell.add_paragraph().add_run(texts.signer_name or "……………………………………")
    name.bold = name.underline = True
    cell.add_paragraph(f"NIP {texts.signer_nip or '……………………………………'}")


def to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
