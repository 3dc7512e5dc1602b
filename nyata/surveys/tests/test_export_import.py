"""Responses out (CSV, XLSX: the counted ones, flags as columns) and paper responses in (CSV, XLSX)."""

import csv
import io
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from nyata.surveys import actions, queries
from nyata.surveys.models import Channel, PaperImport, Response, Service
from nyata.surveys.questionnaire import ANSWER_FIELDS

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(service, dikbud_service, period):
    actions.submit_response(service=service, answers=[4, 3, 3, 4, 3, 3, 4, 3, 2], sex="P", age=34)
    actions.submit_response(service=service, answers=[1] * 9, flags=["honeypot"])  # not counted
    flagged_then_included = actions.submit_response(
        service=service, answers=[3] * 9, flags=["repeat_device"], suggestion="=HYPERLINK(1)"
    )
    actions.decide_inclusion(response=flagged_then_included, included=True, reason="Orang lain", by=None)
    actions.submit_response(service=dikbud_service, answers=[2] * 9)
    return service


def _export_url(city, fmt):
    return reverse("surveys:export", args=[city.instansi.code, city.units["dinkes"].pk, fmt])


def test_the_csv_export_holds_the_counted_responses_with_each_flag_as_a_column(
    client, opd_operator, city, answered
):
    client.force_login(opd_operator)
    response = client.get(_export_url(city, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="skm-dinkes')
    assert response.streaming  # written as it is read, however many rows
    body = response.getvalue()
    assert body.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheets read it as UTF-8
    # Written for an Indonesian Excel, whose list separator is ";".
    rows = list(csv.DictReader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2  # the honeypot response and Dikbud's are not in it
    assert [r["u1"] for r in rows] == ["4", "3"]
    assert [r["ditandai"] for r in rows] == ["0", "1"]
    assert [r["tanda_repeat_device"] for r in rows] == ["0", "1"]
    assert [r["tanda_honeypot"] for r in rows] == ["0", "0"]
    assert rows[0]["jenis_kelamin"] == "P"
    assert rows[0]["usia"] == "34"
    assert rows[1]["saran"] == "'=HYPERLINK(1)"  # never a formula in a spreadsheet


def test_the_xlsx_export_opens_as_a_workbook_with_the_same_rows(client, inspektorat_admin, city, answered):
    client.force_login(inspektorat_admin)
    response = client.get(_export_url(city, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.getvalue()), read_only=True).active
    values = list(sheet.iter_rows(values_only=True))
    header = values[0]
    assert header[:9] == (
        "id",
        "layanan",
        "dikirim",
        "tanggal",
        "saluran",
        "jenis_kelamin",
        "usia",
        "pendidikan",
        "pekerjaan",
    )
    assert "tanda_too_fast" in header
    assert len(values) == 3
    assert values[1][header.index("u9")] == 2
    assert values[2][header.index("saran")] == "'=HYPERLINK(1)"


def test_exports_are_refused_to_other_opds_other_instansi_and_readers_of_the_whole_instansi(
    client, outsider_opd_operator, other_city_admin, pengampu_verifier, leader, city, answered
):
    for person, status in (
        (outsider_opd_operator, 404),
        (other_city_admin, 404),
        (pengampu_verifier, 403),  # reads the figures, not citizens' rows
        (leader, 403),
    ):
        client.force_login(person)
        assert client.get(_export_url(city, "csv")).status_code == status, person
        assert client.get(_export_url(city, "xlsx")).status_code == status, person


def _import(client, city, service, name, content):
    url = reverse("surveys:import", args=[city.instansi.code, service.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def _indonesian_csv(rows):
    """As a spreadsheet in an Indonesian locale saves it: byte-order mark and `;` between cells."""
    header = "Tanggal;Jenis_Kelamin;Usia;Pendidikan;Pekerjaan;U1;U2;U3;U4;U5;U6;U7;U8;U9;Saran"
    return ("\ufeff" + "\r\n".join([header, *rows]) + "\r\n").encode()


def test_a_csv_from_an_indonesian_spreadsheet_imports_and_once_accepted_counts_like_online_responses(
    client, opd_operator, inspektorat_admin, city, service, period
):
    client.force_login(opd_operator)
    yesterday = actions.local_day(timezone.now(), city.instansi) - timedelta(days=1)
    content = _indonesian_csv(
        [
            f"{yesterday:%d/%m/%Y};L;45;SMA/SMK;Wirausaha;4;4;3;3;4;4;3;3;2;Antrean panjang",
            f"{yesterday:%Y-%m-%d};p;;s1;;3;3;3;3;3;3;3;3;;",
        ]
    )
    response = _import(client, city, service, "kertas.csv", content)
    assert response.status_code == 302
    stored = list(Response.objects.order_by("pk"))
    assert [r.channel for r in stored] == [Channel.PAPER, Channel.PAPER]
    assert [r.day for r in stored] == [yesterday, yesterday]
    assert [r.period_id for r in stored] == [period.pk, period.pk]
    assert (stored[0].sex, stored[0].age, stored[0].education, stored[0].occupation) == (
        "L",
        45,
        "sma",
        "wirausaha",
    )
    assert (stored[1].sex, stored[1].age, stored[1].education, stored[1].occupation) == ("P", None, "s1", "")
    assert stored[1].u9 is None  # an empty cell is not answered (contract)
    assert stored[0].suggestion == "Antrean panjang"
    record = PaperImport.objects.get()
    assert (record.file_name, record.rows, record.by) == ("kertas.csv", 2, opd_operator)
    assert {r.paper_import_id for r in stored} == {record.pk}
    assert queries.service_result(service, period).tally.n == 0  # the unit's own file waits
    actions.decide_paper_import(
        batch=record, accept=True, reason="Sesuai formulir asli", by=inspektorat_admin
    )
    services = Service.objects.filter(pk=service.pk)
    # The running tallies moved exactly as they do for online responses.
    assert (
        queries.recount_from_responses(services=services, period=period)
        == queries.service_result(service, period).tally
    )
    assert queries.service_result(service, period).tally.n == 2


def test_a_plain_xlsx_imports_too(client, inspektorat_admin, city, service, period):
    client.force_login(inspektorat_admin)  # the Inspektorat's own import counts at once
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["tanggal", *ANSWER_FIELDS])
    day = actions.local_day(timezone.now(), city.instansi)
    sheet.append([day, 4, 4, 4, 4, 4, 4, 4, 4, 4])  # a real date cell
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert _import(client, city, service, "kertas.xlsx", buffer.getvalue()).status_code == 302
    assert Response.objects.get().day == day
    assert queries.service_result(service, period).rounded_ikm() == 100


def test_a_file_with_any_bad_row_imports_nothing_and_names_each_row_column_and_why(
    client, opd_operator, city, service, period
):
    client.force_login(opd_operator)
    today = actions.local_day(timezone.now(), city.instansi)
    content = _indonesian_csv(
        [
            f"{today:%Y-%m-%d};P;30;sma;swasta;4;4;4;4;4;4;4;4;4;",
            f"{today:%Y-%m-%d};X;30;sma;swasta;4;5;4;4;4;4;4;4;4;",
            "kemarin;P;7;doktor;swasta;;;;;;;;;;",
            f"{today + timedelta(days=3):%Y-%m-%d};P;30;sma;petani;4;4;4;4;4;4;4;4;4;",
        ]
    )
    response = _import(client, city, service, "kertas.csv", content)
    assert response.status_code == 400
    problems = [(p.row, p.column) for p in response.context["problems"]]
    assert problems == [
        (3, "u2"),
        (3, "jenis_kelamin"),
        (4, "tanggal"),
        (4, "u1..u9"),
        (4, "usia"),
        (4, "pendidikan"),
        (5, "tanggal"),
        (5, "pekerjaan"),
    ]
    body = response.content.decode()
    assert "<h2>Berkas tidak diimpor: 8 masalah</h2>" in body
    assert "“5” bukan jawaban: gunakan 1, 2, 3, atau 4." in body
    assert not Response.objects.exists()
    assert not PaperImport.objects.exists()
    assert queries.service_result(service, period).tally.n == 0


def test_a_file_without_the_answer_columns_is_refused_whole(client, opd_operator, city, service):
    client.force_login(opd_operator)
    response = _import(client, city, service, "kertas.csv", b"tanggal,u1\n2026-01-02,4\n")
    assert response.status_code == 400
    assert [p.column for p in response.context["problems"]] == [
        "u2",
        "u3",
        "u4",
        "u5",
        "u6",
        "u7",
        "u8",
        "u9",
    ]
    assert not Response.objects.exists()


def test_an_export_reads_back_through_the_import(client, opd_operator, city, service, period):
    client.force_login(opd_operator)
    actions.submit_response(service=service, answers=[4, 3, 2, 1, 4, 3, 2, 1, None], sex="L", age=50)
    exported = client.get(_export_url(city, "csv")).getvalue()
    assert _import(client, city, service, "kembali.csv", exported).status_code == 302
    first, second = Response.objects.order_by("pk")
    assert second.answers == first.answers
    assert (second.sex, second.age, second.day) == (first.sex, first.age, first.day)


def test_only_the_units_own_staff_and_the_inspektorat_admin_import(
    client, outsider_opd_operator, pengampu_verifier, city, service
):
    url = reverse("surveys:import", args=[city.instansi.code, service.pk])
    client.force_login(outsider_opd_operator)
    assert client.get(url).status_code == 404
    client.force_login(pengampu_verifier)
    assert client.get(url).status_code == 403
