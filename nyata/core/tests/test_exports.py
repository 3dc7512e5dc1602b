"""Cells that would run as formulas are written inert, readable, and come back unchanged when read in."""

import csv
import io

from hypothesis import given
from hypothesis import strategies as st
from openpyxl import load_workbook

from nyata.core import exports
from nyata.core.tabular import read_table

HOSTILE = [
    '=HYPERLINK("http://example.org/x","klik")',
    "+62 812 0000 0000",
    "-2+3",
    "@SUM(A1:A9)",
    "\t=1+1",
    "\r=1+1",
    "'=already quoted",
]


def test_formula_like_text_gets_one_apostrophe_and_everything_else_is_unchanged():
    assert [exports.inert(v) for v in HOSTILE] == ["'" + v for v in HOSTILE]
    for harmless in ("Antrean panjang", "Dinas Kesehatan", "a=b", "", "'kutip", 42, -3, 1.5, None, True):
        assert exports.inert(harmless) == harmless


@given(st.text())
def test_restore_undoes_inert_for_every_text(text):
    assert exports.restore(exports.inert(text)) == text
    assert not str(exports.inert(text)).startswith(exports.FORMULA_STARTS)


def test_the_csv_is_for_an_indonesian_excel_and_reads_back_inert_and_whole():
    rows = [[1, value, "titik;koma", 'kutip "ganda"', "baris\nbaru"] for value in HOSTILE]
    data = exports.csv_bytes(["no", "saran", "a", "b", "c"], rows)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "no;saran;a;b;c"
    assert '"titik;koma";"kutip ""ganda""";"baris\nbaru"' in text  # quoted only where needed
    read = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    assert [row[1] for row in read[1:]] == ["'" + v for v in HOSTILE]
    assert read[1][2:] == ["titik;koma", 'kutip "ganda"', "baris\nbaru"]
    # Nyata's own reader takes the apostrophes off again.
    table = read_table(name="ekspor.csv", data=data, max_rows=100)
    assert [row.values["saran"] for row in table.rows] == [v.strip() for v in HOSTILE]


def test_the_workbook_holds_text_cells_never_formulas():
    data = exports.xlsx_bytes([("Data", ["saran"], [[v] for v in HOSTILE])])
    sheet = load_workbook(io.BytesIO(data))["Data"]
    cells = [row[0] for row in sheet.iter_rows(min_row=2)]
    # Read back, a carriage return stays one (openpyxl over lxml, which python-docx brings) or becomes a
    # line feed (the standard library's XML parser); either way it sits after the apostrophe.
    read_back = [cell.value.replace("\r", "\n") for cell in cells]
    assert read_back == ["'" + v.replace("\r", "\n") for v in HOSTILE]
    assert {cell.data_type for cell in cells} == {"s"}
    table = read_table(name="ekspor.xlsx", data=data, max_rows=100)
    assert [row.values["saran"] for row in table.rows] == [v.strip() for v in HOSTILE]


def test_a_long_workbook_is_given_out_in_pieces_and_opens_with_every_row_and_type():
    header = [f"kolom {n}" for n in range(30)]  # past Z: AA, AB, ...
    rows = ([n, n / 4, n % 2 == 0, f"Saran <{n}> & \x01lainnya", None, *range(25)] for n in range(2500))
    pieces = list(exports.xlsx_chunks([("SKM", header, rows), ("Kedua", ["a"], [["b"]])]))
    assert len(pieces) >= 3  # the first rows leave before the last are read
    workbook = load_workbook(io.BytesIO(b"".join(pieces)))
    sheet = workbook["SKM"]
    assert sheet.max_row == 2501
    assert [c.value for c in sheet[1]] == header
    assert [c.value for c in sheet[2501]][:5] == [2499, 624.75, False, "Saran <2499> & lainnya", None]
    assert sheet["AD2"].value == 24
    assert workbook["Kedua"]["A2"].value == "b"


def test_a_csv_is_given_out_in_pieces_that_join_to_the_whole_file():
    rows = [[n, f"saran {n}"] for n in range(2500)]
    pieces = list(exports.csv_chunks(["no", "saran"], rows))
    assert len(pieces) == 3
    assert b"".join(pieces) == exports.csv_bytes(["no", "saran"], rows)
    assert b"".join(pieces).decode("utf-8-sig").count("\r\n") == 2501
