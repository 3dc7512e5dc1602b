"""Importing a table of figures: all or nothing, every bad row named with its row, column and why."""

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from nyata.figures.models import Figure

HEADER = "kode_unit,jenis,tahun,nilai,judul_dokumen,nomor_dokumen,tanggal_dokumen,tautan_dokumen"
GOOD = 'dinkes,pekppp,2025,"3,85",KepmenPANRB Hasil PEKPPP 2025,3 Tahun 2026,2026-01-20,https://jdih.example.go.id/k.pdf'


def _post(client, city, body: bytes, name: str = "angka.csv"):
    url = reverse("figures:import", args=[city.instansi.code])
    return client.post(url, {"file": SimpleUploadedFile(name, body)})


@pytest.fixture
def admin_client(client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    return client


def test_a_good_workbook_records_every_row_with_its_provenance(admin_client, city, inspektorat_admin):
    book = Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    sheet.append(
        [
            "dinkes",
            "pekppp",
            2025,
            3.85,
            "KepmenPANRB Hasil PEKPPP 2025",
            "3 Tahun 2026",
            "20/01/2026",
            "https://jdih.example.go.id/k.pdf",
        ]
    )
    sheet.append(
        [
            "dikbud",
            "PEKPPP",
            "2025",
            "4,1",
            "KepmenPANRB Hasil PEKPPP 2025",
            "3 Tahun 2026",
            "2026-01-20",
            "https://jdih.example.go.id/k.pdf",
        ]
    )
    data = io.BytesIO()
    book.save(data)
    response = _post(admin_client, city, data.getvalue(), "angka.xlsx")
    assert response.status_code == 302
    figures = {f.unit.code: f for f in Figure.objects.select_related("unit")}
    assert figures["dinkes"].value == Decimal("3.85")
    assert figures["dikbud"].value == Decimal("4.10")
    assert str(figures["dinkes"].document_date) == "2026-01-20"
    assert figures["dikbud"].document_url == "https://jdih.example.go.id/k.pdf"
    assert figures["dinkes"].entered_by == inspektorat_admin
    assert figures["dinkes"].history.get().history_change_reason == "Diimpor dari angka.xlsx"


def test_every_kind_of_bad_row_is_named_and_nothing_is_recorded(admin_client, city):
    rows = [
        GOOD,  # row 2: good, but not recorded while any row is bad
        "tidak-ada,pekppp,2025,3,KepmenPANRB,3 Tahun 2026,2026-01-20,",  # 3: unknown unit
        "dikbud,indeks-x,2025,3,KepmenPANRB,3 Tahun 2026,2026-01-20,",  # 4: unknown kind
        "dikbud,pekppp,dua ribu,3,KepmenPANRB,3 Tahun 2026,2026-01-20,",  # 5: year not a number
        "dikbud,pekppp,1999,3,KepmenPANRB,3 Tahun 2026,2026-01-20,",  # 6: year out of range
        "dikbud,pekppp,2025,tinggi,KepmenPANRB,3 Tahun 2026,2026-01-20,",  # 7: value not a number
        "dikbud,pekppp,2025,7,KepmenPANRB,3 Tahun 2026,2026-01-20,",  # 8: value outside the scale 1-5
        'dikbud,pekppp,2025,"3,855",KepmenPANRB,3 Tahun 2026,2026-01-20,',  # 9: three decimals
        "dikbud,pekppp,2025,3,,3 Tahun 2026,2026-01-20,",  # 10: no document title
        "dikbud,pekppp,2025,3,KepmenPANRB,,2026-01-20,",  # 11: no document number
        "dikbud,pekppp,2025,3,KepmenPANRB,3 Tahun 2026,20 Januari,",  # 12: unreadable date
        "dikbud,pekppp,2025,3,KepmenPANRB,3 Tahun 2026,2026-01-20,jdih kendari",  # 13: bad link
        "dikbud,pekppp,2025,3,KepmenPANRB,3 Tahun 2026,2026-01-20,",  # 14: no link to the document
        GOOD,  # 15: the same unit, kind and year as row 2
    ]
    response = _post(admin_client, city, "\n".join([HEADER, *rows]).encode())
    assert response.status_code == 400
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [
        (3, "kode_unit"),
        (4, "jenis"),
        (5, "tahun"),
        (6, "tahun"),
        (7, "nilai"),
        (8, "nilai"),
        (9, "nilai"),
        (10, "judul_dokumen"),
        (11, "nomor_dokumen"),
        (12, "tanggal_dokumen"),
        (13, "tautan_dokumen"),
        (14, "tautan_dokumen"),
        (15, "kode_unit"),
    ]
    body = response.content.decode()
    assert "Tidak ada unit dengan kode tidak-ada." in body
    assert "Indeks Pelayanan Publik (PEKPPP) berskala 1,00 sampai 5,00; 7 di luar skala itu." in body
    assert "memakai 2 angka desimal" in body
    assert "sudah ada di baris 2" in body
    assert Figure.objects.count() == 0


@pytest.mark.parametrize(
    ("body", "name", "message"),
    [
        (b"kode_unit,jenis,tahun\ndinkes,pekppp,2025\n", "angka.csv", "Kolom yang belum ada: nilai"),
        (b"%PDF-1.7 not a table", "angka.xlsx", None),
        ((HEADER + "\n").encode(), "angka.csv", "Berkas tidak memuat nilai."),
    ],
)
def test_a_file_that_is_no_table_of_figures_is_refused_whole(admin_client, city, body, name, message):
    response = _post(admin_client, city, body, name)
    assert response.status_code == 400
    assert response.context["import_form"].errors["file"]
    if message:
        assert message in response.content.decode()
    assert Figure.objects.count() == 0


def test_a_file_over_the_import_limit_is_refused_before_it_is_read(admin_client, city, settings):
    settings.NYATA_IMPORT_MAX_BYTES = 100
    response = _post(admin_client, city, "\n".join([HEADER, GOOD, GOOD.replace("dinkes", "dikbud")]).encode())
    assert response.status_code == 400
    assert "Berkas lebih besar dari" in response.content.decode()
    assert Figure.objects.count() == 0


def test_an_inactive_unit_and_a_kind_of_another_instansi_are_bad_rows_too(
    admin_client, city, other_city, other_city_admin
):
    from nyata.figures.actions import KindValues, save_kind

    save_kind(
        instansi=other_city.instansi,
        kind=None,
        values=KindValues(
            key="indeks-baubau",
            name="Indeks Kota Baubau",
            scale_min=Decimal("0"),
            scale_max=Decimal("100"),
            places=2,
            higher_is_better=True,
            issuer="Pemerintah Kota Baubau",
            source_document="Laporan indeks kota",
        ),
        by=other_city_admin,
    )
    dikbud = city.units["dikbud"]
    dikbud.is_active = False
    dikbud.save(update_fields=["is_active"])
    rows = [
        GOOD.replace("dinkes", "dikbud"),  # row 2: a unit no longer active
        GOOD.replace('pekppp,2025,"3,85"', "indeks-baubau,2025,80"),  # row 3: another instansi's kind
    ]
    response = _post(admin_client, city, "\n".join([HEADER, *rows]).encode())
    assert response.status_code == 400
    problems = [(p.row, p.column, p.message) for p in response.context["problems"]]
    assert problems[0] == (2, "kode_unit", "Unit ini bukan unit aktif instansi ini.")
    assert problems[1][:2] == (3, "jenis")
    assert "indeks-baubau" not in problems[1][2]  # the other instansi's kinds are not even listed
    assert Figure.objects.count() == 0
