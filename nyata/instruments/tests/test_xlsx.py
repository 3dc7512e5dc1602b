"""Excel authoring: YAML -> XLSX -> YAML is lossless, and a bad workbook names sheet, row and column."""

import io

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from nyata.instruments.actions import load_instrument
from nyata.instruments.serialise import canonical_text, content_checksum, dump_yaml, instrument_to_data
from nyata.instruments.tests.conftest import DATA, SHIPPED
from nyata.instruments.xlsx import WorkbookError, read_workbook, write_workbook
from nyata.scoring import read_instrument

FILES = sorted(SHIPPED.glob("*.yaml")) + [DATA / "contoh-2025.yaml", DATA / "contoh-2026.yaml"]


@pytest.mark.parametrize("path", FILES, ids=lambda path: path.name)
def test_yaml_to_xlsx_to_yaml_is_lossless(path):
    original = read_instrument(text=path.read_text(encoding="utf-8"))
    through_excel = read_workbook(data=write_workbook(original))
    assert through_excel == original
    assert canonical_text(through_excel) == canonical_text(original)
    assert content_checksum(through_excel) == content_checksum(original)
    written = dump_yaml(data=instrument_to_data(through_excel))
    assert read_instrument(text=written) == original


def test_the_commands_round_trip_a_stored_instrument_through_excel(db, tmp_path):
    load_instrument(data=(DATA / "contoh-2025.yaml").read_bytes(), by=None)
    call_command("instrument", "export", "contoh", "2025.1", "--xlsx", str(tmp_path / "contoh.xlsx"))
    call_command(
        "instrument", "import-xlsx", str(tmp_path / "contoh.xlsx"), "--out", str(tmp_path / "c.yaml")
    )
    text = (tmp_path / "c.yaml").read_text(encoding="utf-8")
    assert text.startswith("# Converted from contoh.xlsx by `nyata instrument import-xlsx`.\n")
    assert read_instrument(text=text) == read_instrument(text=(DATA / "contoh-2025.yaml").read_text())


def test_numbers_a_float_cannot_hold_are_kept_exactly_as_text_cells():
    text = (DATA / "contoh-2025.yaml").read_text().replace("value: 0.67", "value: 0.66666666666666666667")
    original = read_instrument(text=text)
    workbook = load_workbook(io.BytesIO(write_workbook(original)))
    values = [row[4] for row in workbook["options"].iter_rows(min_row=2, values_only=True)]
    assert "0.66666666666666666667" in values
    assert read_workbook(data=write_workbook(original)) == original


def edited(changes: dict[tuple[str, str], object]) -> bytes:
    original = read_instrument(text=(DATA / "contoh-2025.yaml").read_text())
    workbook = load_workbook(io.BytesIO(write_workbook(original)))
    for (sheet, cell), value in changes.items():
        workbook[sheet][cell] = value
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def problems(data: bytes) -> list[str]:
    with pytest.raises(WorkbookError) as caught:
        read_workbook(data=data)
    return [str(problem) for problem in caught.value.problems]


def test_a_bad_workbook_reports_every_problem_by_sheet_row_and_column():
    found = problems(
        edited(
            {
                ("nodes", "D4"): "sepuluh",  # P.A.1 weight
                ("nodes", "B6"): "TIDAK.ADA",  # P.A.3 parent
                ("nodes", "K3"): "mungkin",  # P.A allow_na
                ("options", "E3"): 2,  # ya_tidak Tidak value
                ("evidence", "A2"): "Z",
                ("award_minimums", "B2"): "Q",
                ("meta", "A2"): "kode",
            }
        )
    )
    assert found == [
        "lembar meta, baris 2, kolom A (key): kunci tidak dikenal 'kode'; "
        "salah satu dari code, version, title, weights_sum_to_parent, legal_basis",
        "lembar nodes, baris 3, kolom K (allow_na): tulis TRUE atau FALSE (atau ya/tidak), bukan 'mungkin'",
        "lembar nodes, baris 6, kolom B (parent): "
        "induk 'TIDAK.ADA' bukan node yang tercantum di atas baris ini",
        "lembar evidence, baris 2, kolom A (node): node tidak dikenal 'Z'",
        "lembar meta: kunci wajib 'code' tidak ada",
        "lembar options, baris 3, kolom E (value): harus berada di antara 0..1, tetapi diisi 2",
        "lembar nodes, baris 4, kolom D (weight), node P.A.1: "
        "bobot harus berupa angka positif, tetapi diisi 'sepuluh'",
        "lembar award_minimums, baris 2, kolom C (minimum): "
        "predikat khusus 'WBK' menyebut node 'Q' yang tidak ada",
    ]


def test_a_file_that_is_not_a_workbook_is_reported():
    assert problems(b"bukan excel") == ["lembar -: bukan buku kerja XLSX (File is not a zip file)"]


def test_a_missing_nodes_sheet_and_a_wrong_header_are_reported():
    original = read_instrument(text=(DATA / "contoh-2025.yaml").read_text())
    workbook = load_workbook(io.BytesIO(write_workbook(original)))
    del workbook["nodes"]
    workbook["predicates"]["A1"] = "kode"
    buffer = io.BytesIO()
    workbook.save(buffer)
    found = problems(buffer.getvalue())
    assert "lembar nodes: lembar ini tidak ada" in found
    assert (
        "lembar predicates, baris 1: baris pertama harus menamai kolom code, label, from, from_inclusive, "
        "ditemukan kode, label, from, from_inclusive"
    ) in found


def test_the_dated_column_goes_to_excel_and_back():
    original = read_instrument(text=(SHIPPED / "rb-pd-2025.yaml").read_text(encoding="utf-8"))
    sheet = load_workbook(io.BytesIO(write_workbook(original)))["evidence"]
    assert [cell.value for cell in sheet[1]] == ["node", "code", "title", "required", "dated"]
    dated = {(row[0], row[1]) for row in sheet.iter_rows(min_row=2, values_only=True) if row[4]}
    assert ("I.B.3.1.a", "1") in dated
    assert ("I.A.1.2.a", "1") not in dated
    assert read_workbook(data=write_workbook(original)) == original


def test_a_workbook_from_before_the_dated_column_still_imports_with_nothing_dated():
    original = read_instrument(text=(DATA / "contoh-2025.yaml").read_text())
    workbook = load_workbook(io.BytesIO(write_workbook(original)))
    workbook["evidence"].delete_cols(5)
    buffer = io.BytesIO()
    workbook.save(buffer)
    imported = read_workbook(data=buffer.getvalue())
    assert imported == original  # contoh-2025 has no dated item
    assert all(not item.dated for node in imported.leaves() for item in node.evidence)


def test_a_dated_cell_that_is_not_true_or_false_is_reported_by_sheet_row_and_column():
    assert problems(edited({("evidence", "E2"): "kadang"})) == [
        "lembar evidence, baris 2, kolom E (dated): tulis TRUE atau FALSE (atau ya/tidak), bukan 'kadang'"
    ]
