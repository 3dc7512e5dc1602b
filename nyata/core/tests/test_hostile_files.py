"""Hostile files are refused before they are unpacked or parsed, each with a message saying which limit."""

import io

import pytest
from django.utils import translation

from nyata.core import files, limits
from nyata.core.tabular import TableError, read_table
from nyata.core.tests import hostile
from nyata.core.tests.files import docx_bytes, odt_bytes, xlsx_bytes


@pytest.fixture(autouse=True)
def english():
    """The messages are read in English here; the pages' tests read them in Bahasa Indonesia."""
    with translation.override("en"):
        yield


def test_a_workbook_unpacking_to_a_gigabyte_is_refused_unread():
    bomb = hostile.xlsx_bomb()
    assert len(bomb) < 2 * hostile.MB
    with pytest.raises(files.Refused, match=r"unpacks to 1024,0 MB, more than the 20 MB accepted"):
        files.detect(io.BytesIO(bomb), archive=limits.for_imports())


def test_a_part_compressed_beyond_the_ratio_is_refused_even_under_the_size_limit():
    bomb = hostile.xlsx_bomb(unpacked=10 * hostile.MB)
    with pytest.raises(
        files.Refused, match=r"xl/worksheets/sheet1.xml\) is compressed \d+ times, more than the 100"
    ):
        files.detect(io.BytesIO(bomb), archive=limits.for_imports())


def test_an_archive_of_too_many_parts_is_refused():
    with pytest.raises(files.Refused, match="holds 10005 parts; at most 10000"):
        files.detect(io.BytesIO(hostile.many_parts_zip()), archive=limits.for_imports())


def test_evidence_archives_have_their_own_larger_limit(settings):
    # 150 MB of one large picture is a real presentation, not a bomb: within the evidence limit...
    settings.NYATA_ARCHIVE_MAX_RATIO = 10_000
    big = hostile.docx_bomb(unpacked=150 * hostile.MB)
    assert files.detect(io.BytesIO(big), archive=limits.for_evidence()) == files.DOCX
    # ... while a gigabyte is not.
    with pytest.raises(files.Refused, match="more than the 200 MB accepted"):
        files.detect(io.BytesIO(hostile.docx_bomb()), archive=limits.for_evidence())


@pytest.mark.parametrize(
    ("data", "part"),
    [
        (hostile.docx_with_vba(), "word/vbaProject.bin"),
        (hostile.docm(), "word/vbaProject.bin"),
        (hostile.xlsx_with_macro_sheet(), "xl/macrosheets/sheet1.xml"),
        (hostile.odt_with_basic(), "Basic/Standard/Module1.xml"),
        (hostile.odt_with_event_script(), "content.xml"),
    ],
    ids=[
        "docx carrying vba",
        "docm",
        "xlsx with an xlm macro sheet",
        "odt with basic",
        "odt with an event script",
    ],
)
def test_office_files_with_macros_are_refused_whatever_they_declare(data, part):
    with pytest.raises(files.Refused, match=f"contains macros \\({part}\\)"):
        files.detect(io.BytesIO(data), archive=limits.for_evidence())


def test_a_macro_enabled_declaration_alone_is_refused():
    data = docx_bytes('<Override ContentType="application/vnd.ms-excel.sheet.macroEnabled.main+xml"/>')
    with pytest.raises(files.Refused, match="macroenabled"):
        files.detect(io.BytesIO(data), archive=limits.for_evidence())


def test_ordinary_office_files_still_pass():
    assert files.detect(io.BytesIO(xlsx_bytes()), archive=limits.for_imports()) == files.XLSX
    assert files.detect(io.BytesIO(docx_bytes()), archive=limits.for_evidence()) == files.DOCX
    # LibreOffice writes an empty <office:scripts/> into every document: that is not a macro.
    empty_scripts = hostile.odt_with(
        content="<office:document-content><office:scripts/></office:document-content>"
    )
    assert files.detect(io.BytesIO(empty_scripts), archive=limits.for_evidence()) == files.ODT
    assert files.detect(io.BytesIO(odt_bytes()), archive=limits.for_evidence()) == files.ODT


def test_reading_a_table_refuses_the_bomb_with_the_limit_in_its_message():
    with pytest.raises(TableError, match="more than the 20 MB accepted"):
        read_table(name="skm.xlsx", data=hostile.xlsx_bomb(), max_rows=5000)


def test_reading_a_table_refuses_a_workbook_declaring_xml_entities():
    with pytest.raises(TableError, match="cannot be opened"):
        read_table(name="skm.xlsx", data=hostile.xlsx_xml_bomb(), max_rows=5000)


def test_the_unpacked_limit_is_a_setting(settings):
    settings.NYATA_IMPORT_MAX_UNPACKED_BYTES = 2 * hostile.MB
    settings.NYATA_ARCHIVE_MAX_RATIO = 10_000
    with pytest.raises(TableError, match="unpacks to 3,0 MB, more than the 2 MB accepted"):
        read_table(name="skm.xlsx", data=hostile.xlsx_bomb(3 * hostile.MB), max_rows=5000)


def test_a_csv_field_beyond_the_csv_modules_own_limit_is_a_message_not_an_error():
    data = ("tanggal;saran\n2025-01-02;" + "x" * 200_000 + "\n").encode()
    with pytest.raises(TableError, match="Line 2: a cell is longer than 10000 characters"):
        read_table(name="skm.csv", data=data, max_rows=5000)


@pytest.mark.parametrize("kind", ["csv", "xlsx"])
def test_a_cell_longer_than_the_limit_is_refused_with_its_row_and_column(kind):
    rows = [["tanggal", "saran"], ["2025-01-02", "x" * 10_001]]
    data = hostile.xlsx_of_rows(rows) if kind == "xlsx" else "\n".join(";".join(r) for r in rows).encode()
    with pytest.raises(TableError, match="Row 2, column B: the cell holds 10001 characters; at most 10000"):
        read_table(name=f"skm.{kind}", data=data, max_rows=5000)


def test_rows_beyond_the_limit_are_refused_without_reading_the_rest():
    data = ("tanggal\n" + "2025-01-02\n" * 50).encode()
    with pytest.raises(TableError, match="more than 10 rows; at most 10"):
        read_table(name="skm.csv", data=data, max_rows=10)


def test_a_sheet_declaring_a_million_rows_and_16384_columns_is_read_only_as_far_as_the_limit():
    # Before the column bound and the blank-row count, these 700 bytes took 80 s to read.
    with pytest.raises(TableError, match="more than 5000 rows; at most 5000"):
        read_table(name="skm.xlsx", data=hostile.xlsx_sparse_giant(), max_rows=5000)


def test_a_workbook_whose_shared_texts_would_take_a_minute_to_parse_is_refused_unread():
    # 3.5 MB, compressed six times, within the unpacked limit: openpyxl parsed it for 83 s.
    with pytest.raises(TableError, match=r"texts and styles unpack to 19,0 MB, more than the 2 MB accepted"):
        read_table(name="skm.xlsx", data=hostile.xlsx_shared_strings(), max_rows=5000)
    # The texts of a real survey file pass.
    assert read_table(
        name="skm.xlsx", data=hostile.xlsx_shared_strings(hostile.MB), max_rows=5000
    ).header == ["tanggal"]
