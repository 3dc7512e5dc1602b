"""Excel and CSV, opened with openpyxl and csv as a reader's program would: figures are numbers in cells
with a number format (an Indonesian Excel shows them with its decimal comma), texts are texts, and each
reader gets only what they may read."""

import csv
import io
from decimal import Decimal

from django.urls import reverse

from nyata.evaluations.models import Result
from nyata.reports.tests.documents import workbook


def _url(name, *args):
    return reverse(f"reports:{name}", args=args)


def _rows(sheet):
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def test_the_filled_worksheet_holds_answers_each_tier_and_the_scores_as_numbers(
    client, published, inspektorat_admin, city, assessment
):
    client.force_login(inspektorat_admin)
    response = client.get(_url("worksheet", city.instansi.code, published.pk, assessment.pk))
    assert response.status_code == 200
    book = workbook(response.content)
    sheet = book.worksheets[0]
    assert book.sheetnames == ["Dinas Kesehatan", "Data dukung"]
    rows = _rows(sheet)
    header = rows[7]
    assert header[:5] == ["Kode", "Komponen / indikator", "Jawaban unit", "Penjelasan", "Data dukung"]
    assert header[5:11] == [
        "Evaluator (anggota tim): nilai",
        "Evaluator (anggota tim): catatan",
        "Ketua tim: nilai",
        "Ketua tim: catatan",
        "Pengendali teknis: nilai",
        "Pengendali teknis: catatan",
    ]
    by_code = {row[0]: row for row in rows[8:]}
    result = Result.objects.get(assessment=assessment)
    ii1 = by_code["II.1"]
    assert ii1[2] == 85  # the unit's own answer, a number
    assert ii1[-4] == 70  # the final value after the evaluator's adjustment
    assert ii1[-3] == float(result.detail["nodes"]["II.1"]["score"])
    assert by_code["I"][-3] == float(result.detail["nodes"]["I"]["score"]) == 57
    assert rows[4][1] == float(result.total)
    score_cell = next(c for c in sheet[9 + list(by_code).index("I")] if c.value == 57)
    assert score_cell.number_format == "#,##0.00"
    assert by_code["I.1"][4] == "Bukti I.1"
    links = _rows(book["Data dukung"])
    assert links[1][:4] == ["Dinas Kesehatan", "I.1", "dok-renaksi", "Bukti I.1"]
    assert links[1][4] == "https://kendari.example/I.1.pdf"


def test_the_pimpinan_s_worksheet_has_no_tier_notes(client, published, leader, city, assessment):
    client.force_login(leader)
    book = workbook(client.get(_url("worksheet", city.instansi.code, published.pk, assessment.pk)).content)
    header = _rows(book.worksheets[0])[7]
    assert not any(": catatan" in str(h) for h in header if h)
    assert "Nilai akhir" in header


def test_a_formula_typed_by_a_unit_stays_text_in_excel(
    client, published, inspektorat_admin, city, assessment
):
    from nyata.evaluations.models import Answer

    Answer.objects.filter(assessment=assessment, indicator="I.2").update(explanation='=HYPERLINK("http://x")')
    client.force_login(inspektorat_admin)
    book = workbook(client.get(_url("worksheet", city.instansi.code, published.pk, assessment.pk)).content)
    cell = next(
        c for row in book.worksheets[0].iter_rows() for c in row if c.value == '=HYPERLINK("http://x")'
    )
    assert cell.data_type == "s"


def test_the_ranking_csv_is_what_an_indonesian_excel_opens(client, published, leader, city):
    client.force_login(leader)
    response = client.get(_url("ranking", city.instansi.code, published.pk, "csv"))
    assert response.content.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:5] == ["Peringkat", "Unit", "Total", "Maksimum", "Predikat"]
    assert rows[1][:5] == ["1", "Dinas Kesehatan", "81,00", "100,00", "BAIK"]
    assert rows[0][-2:] == ["Status", "Alasan"]  # said only for a unit closed instead of evaluated
    assert rows[1][-4:] == ["56,00", "25,00", "", ""]
    assert rows[2][:3] == ["2", "Dinas Pendidikan dan Kebudayaan", "25,33"]


def test_the_ranking_xlsx_holds_numbers(client, published, leader, city):
    client.force_login(leader)
    book = workbook(client.get(_url("ranking", city.instansi.code, published.pk, "xlsx")).content)
    rows = _rows(book["Peringkat"])
    assert rows[1][:5] == [1, "Dinas Kesehatan", 81, 100, "BAIK"]
    assert rows[2][2] == 25.33
    assert rows[2][-3:] == [float(Decimal("25.33") - Decimal("44.00")), None, None]


def test_the_city_recap_workbook_has_results_heatmap_distribution_and_findings(
    client, published, leader, city
):
    client.force_login(leader)
    book = workbook(client.get(_url("recap", city.instansi.code, published.pk, "xlsx")).content)
    assert book.sheetnames == ["Hasil", "Peta panas", "Sebaran", "Temuan"]
    results = _rows(book["Hasil"])
    assert results[4][:5] == [1, "Dinas Kesehatan", 81, 100, "BAIK"]
    assert results[3][-3:] == ["IKM", "Status", "Alasan"]
    assert results[4][-3:] == [77.78, None, None]
    heat = _rows(book["Peta panas"])
    assert heat[1][0] == "Dinas Kesehatan"
    assert heat[1][1] == 0.95
    assert book["Peta panas"]["B2"].number_format == "0.0%"
    findings = _rows(book["Temuan"])
    assert findings[1][:3] == ["I", "Komponen pengungkit", 2]
    assert "Rencana aksi belum memuat target yang terukur. (2)" in findings[1][3]
