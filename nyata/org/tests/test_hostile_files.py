"""The units and people import refuses hostile workbooks with a message and changes nothing; its
templates are written for an Indonesian Excel and cannot run anything (issue 14)."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from nyata.core.tests import hostile
from nyata.org.tests.test_imports import _snapshot


@pytest.mark.parametrize("kind", ["units", "people"])
@pytest.mark.parametrize(
    ("data", "message"),
    [
        (hostile.xlsx_bomb(), "Isi berkas setelah diekstrak berukuran 1024,0 MB, melebihi batas 20 MB."),
        (hostile.many_parts_zip(), "Berkas memuat 10005 bagian; paling banyak 10000 bagian yang diterima."),
        (hostile.xlsx_xml_bomb(), "Berkas XLSX tidak dapat dibuka"),
    ],
    ids=["zip bomb", "too many parts", "xml entities"],
)
def test_a_hostile_workbook_is_refused_and_nothing_changes(
    client, inspektorat_admin, city, kind, data, message
):
    client.force_login(inspektorat_admin)
    before = _snapshot()
    response = client.post(
        reverse("org:import", args=[city.instansi.code]),
        {"kind": kind, "file": SimpleUploadedFile(f"{kind}.xlsx", data)},
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert _snapshot() == before


def test_the_templates_are_written_for_an_indonesian_excel(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    for kind in ("units", "people"):
        data = client.get(reverse("org:import-template", args=[city.instansi.code, kind, "csv"])).content
        assert data.startswith(b"\xef\xbb\xbf")
        rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))
        assert len(rows[0]) > 2  # one cell per column, not one line per cell
        assert len({len(row) for row in rows}) == 1
        workbook = load_workbook(
            io.BytesIO(
                client.get(reverse("org:import-template", args=[city.instansi.code, kind, "xlsx"])).content
            )
        )
        assert not any(cell.data_type == "f" for row in workbook.active.iter_rows() for cell in row)
