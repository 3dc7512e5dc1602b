"""The type of an uploaded file is read from its bytes, never from its name."""

import io

import pytest

from nyata.core import files as content
from nyata.core import limits
from nyata.core.tests.files import (
    docx_bytes,
    exe_bytes,
    odt_bytes,
    pdf_bytes,
    png_bytes,
    xlsx_bytes,
)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (pdf_bytes(), content.PDF),
        (png_bytes(), content.PNG),
        (b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\x00" * 32, content.JPEG),
        (xlsx_bytes(), content.XLSX),
        (docx_bytes(), content.DOCX),
        (odt_bytes(), content.ODT),
        (odt_bytes("application/vnd.oasis.opendocument.spreadsheet"), content.ODS),
    ],
)
def test_each_accepted_kind_is_recognised_by_its_content(data, expected):
    assert content.detect(io.BytesIO(data), archive=limits.for_evidence()) == expected


def test_a_pptx_declaration_is_recognised_as_pptx():
    declaration = (
        '<Override PartName="/ppt/presentation.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml"/>'
    )
    assert content.detect(io.BytesIO(docx_bytes(declaration)), archive=limits.for_evidence()) == content.PPTX


@pytest.mark.parametrize(
    "data",
    [
        exe_bytes(),
        b"plain text pretending to be a PDF",
        b"",
        b"PK\x03\x04 not really a zip",
        docx_bytes("<Types></Types>"),  # a zip without an office declaration
        odt_bytes("application/vnd.oasis.opendocument.graphics"),
    ],
)
def test_anything_else_is_not_accepted(data):
    assert content.detect(io.BytesIO(data), archive=limits.for_evidence()) is None


def test_detection_leaves_the_stream_at_its_start():
    stream = io.BytesIO(xlsx_bytes())
    content.detect(stream, archive=limits.for_evidence())
    assert stream.tell() == 0


@pytest.mark.parametrize(
    ("original", "kind", "expected"),
    [
        ("Laporan Kinerja 2025.pdf", content.PDF, "Laporan_Kinerja_2025.pdf"),
        ("../../etc/passwd.pdf", content.PDF, "passwd.pdf"),
        ("C:\\Users\\op\\SK Tim RB.docx", content.DOCX, "SK_Tim_RB.docx"),
        ("foto.pdf", content.PNG, "foto.png"),  # the real type's extension
        ("Évaluasi<script>.png", content.PNG, "Evaluasi_script.png"),
        ("....pdf", content.PDF, "berkas.pdf"),
    ],
)
def test_names_are_sanitised_and_end_with_the_real_extension(original, kind, expected):
    assert content.safe_name(original, kind) == expected
