"""The SKM's files in and out under attack: exports that cannot run in the reader's spreadsheet, and
imports that refuse hostile files with a message and store nothing (issue 14)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from nyata.core.tests import hostile
from nyata.surveys import actions
from nyata.surveys.models import PaperImport, Response

pytestmark = pytest.mark.django_db

SUGGESTIONS = ['=HYPERLINK("http://example.org/x","klik")', "+62 812 0000 0000", "-antre lama", "@SUM(1)"]


@pytest.fixture
def hostile_service(city, period):
    service = actions.save_service(unit=city.units["dinkes"], by=None, name="=1+1 Layanan", population=100)
    for suggestion in SUGGESTIONS:
        actions.submit_response(service=service, answers=[4] * 9, suggestion=suggestion)
    return service


def export(client, city, fmt):
    return client.get(reverse("surveys:export", args=[city.instansi.code, city.units["dinkes"].pk, fmt]))


def import_file(client, city, service, name, content):
    url = reverse("surveys:import", args=[city.instansi.code, service.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_the_csv_export_writes_service_names_and_suggestions_inert(
    client, opd_operator, city, hostile_service
):
    client.force_login(opd_operator)
    text = export(client, city, "csv").getvalue().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [r["saran"] for r in rows] == ["'" + s for s in SUGGESTIONS]
    assert {r["layanan"] for r in rows} == {"'=1+1 Layanan"}
    for row in rows:
        assert not any(value.startswith(("=", "+", "-", "@", "\t", "\r")) for value in row.values())


def test_the_xlsx_export_holds_inert_text_cells(client, opd_operator, city, hostile_service):
    client.force_login(opd_operator)
    sheet = load_workbook(io.BytesIO(export(client, city, "xlsx").getvalue())).active
    header = [cell.value for cell in sheet[1]]
    rows = list(sheet.iter_rows(min_row=2))
    suggestions = [row[header.index("saran")] for row in rows]
    assert [cell.value for cell in suggestions] == ["'" + s for s in SUGGESTIONS]
    assert {cell.data_type for cell in suggestions} == {"s"}
    assert {row[header.index("layanan")].value for row in rows} == {"'=1+1 Layanan"}
    assert not any(cell.data_type == "f" for row in sheet.iter_rows() for cell in row)


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_inert_export_reads_back_as_the_citizens_wrote_it(
    client, opd_operator, city, hostile_service, fmt
):
    client.force_login(opd_operator)
    exported = export(client, city, fmt).getvalue()
    assert import_file(client, city, hostile_service, f"kembali.{fmt}", exported).status_code == 302
    imported = Response.objects.filter(paper_import__isnull=False).order_by("pk")
    assert [r.suggestion for r in imported] == SUGGESTIONS


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        (
            "bom.xlsx",
            hostile.xlsx_bomb(),
            "Isi berkas setelah diekstrak berukuran 1024,0 MB, melebihi batas 20 MB.",
        ),
        ("entitas.xlsx", hostile.xlsx_xml_bomb(), "Berkas XLSX tidak dapat dibuka"),
        ("makro.xlsx", hostile.xlsx_with_macro_sheet(), "Berkas berisi makro (xl/macrosheets/sheet1.xml)"),
        (
            "panjang.csv",
            (
                "tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;saran\n2025-01-02;4;4;4;4;4;4;4;4;4;" + "x" * 200_000
            ).encode(),
            "Baris 2: ada sel yang lebih panjang dari 10000 karakter.",
        ),
        (
            "saran.csv",
            (
                "tanggal;u1;u2;u3;u4;u5;u6;u7;u8;u9;saran\n2025-01-02;4;4;4;4;4;4;4;4;4;" + "x" * 10_001
            ).encode(),
            "Baris 2, kolom K: sel berisi 10001 karakter",
        ),
    ],
    ids=[
        "zip bomb",
        "xml entities",
        "macro sheet",
        "field over the csv module's limit",
        "cell over the limit",
    ],
)
def test_a_hostile_paper_import_is_refused_with_its_reason_and_stores_nothing(
    client, opd_operator, city, service, name, content, message
):
    client.force_login(opd_operator)
    response = import_file(client, city, service, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Response.objects.exists()
    assert not PaperImport.objects.exists()


def test_the_ikm_command_refuses_a_hostile_workbook_with_a_message(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "jawaban.xlsx"
    path.write_bytes(hostile.xlsx_bomb())
    with pytest.raises(
        CommandError, match="Isi berkas setelah diekstrak berukuran 1024,0 MB, melebihi batas 20 MB"
    ):
        call_command("skm", "ikm", str(path))
