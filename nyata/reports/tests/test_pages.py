"""The dashboard, the drill-down to one unit, the documents page, the LHE settings and the trail of
downloads, as each person sees them."""

import re

from django.urls import reverse

from nyata.reports.models import Download


def _url(name, *args):
    return reverse(f"reports:{name}", args=args)


def test_the_pimpinan_sees_the_published_city_with_change_heatmap_and_skm(client, published, leader, city):
    client.force_login(leader)
    page = client.get(_url("dashboard", city.instansi.code))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Dasbor hasil evaluasi" in body
    assert re.search(
        r"Dinas Kesehatan</a></td>\s*<td[^>]*>81,00</td>\s*<td[^>]*>BAIK</td>\s*<td[^>]*>\+25,00", body
    )
    assert re.search(r"Dinas Pendidikan dan Kebudayaan</a></td>\s*<td[^>]*>25,33</td>", body)
    assert "-18,67" in body  # Dikbud: 25,33 against 44,00
    assert 'class="heat heat-9"' in body
    assert ">95,0</a>" in body
    assert ">77,78</td>" in body  # Dinkes's IKM
    assert 'id="report-chart-data"' in body
    assert "81.00" not in body


def test_a_heatmap_cell_drills_down_to_the_unit_and_its_lhe(client, published, leader, city, assessment):
    client.force_login(leader)
    unit = _url("unit", city.instansi.code, published.pk, assessment.pk)
    assert unit in client.get(_url("dashboard", city.instansi.code)).content.decode()
    body = client.get(unit).content.decode()
    assert "Dinas Kesehatan" in body
    assert _url("lhe", city.instansi.code, published.pk, assessment.pk, "pdf") in body
    assert "rata-rata kota 53,17" in body  # (81,00 + 25,33) / 2, 53,165 rounded half-up


def test_an_opd_head_sees_only_their_own_unit_against_the_city(client, published, opd_head, city):
    client.force_login(opd_head)
    body = client.get(_url("dashboard", city.instansi.code)).content.decode()
    assert "Dinas Kesehatan" in body
    assert "81,00" in body
    assert "Dinas Pendidikan dan Kebudayaan" not in body
    assert "25,33" not in body
    assert "rata-rata kota 53,17" in body


def test_the_home_page_links_the_dashboard_for_those_who_may_open_it(client, published, leader, opd_operator):
    client.force_login(leader)
    assert "Dasbor hasil evaluasi" in client.get(reverse("home")).content.decode()
    client.force_login(opd_operator)
    assert "Dasbor hasil evaluasi" not in client.get(reverse("home")).content.decode()


def test_an_operator_is_refused_the_dashboard_on_a_styled_page(client, published, opd_operator, city):
    client.force_login(opd_operator)
    response = client.get(_url("dashboard", city.instansi.code))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Dasbor ini untuk pimpinan" in body
    assert '<html lang="id">' in body
    assert "Forbidden" not in body


def test_the_pimpinan_asking_for_an_unpublished_recap_is_told_why(client, with_findings, leader, city):
    client.force_login(leader)
    response = client.get(_url("recap", city.instansi.code, with_findings.pk, "pdf"))
    assert response.status_code == 403
    assert "setelah periode difinalisasi" in response.content.decode()


def test_the_pimpinan_asking_for_the_provisional_ranking_gets_a_styled_page(
    client, with_findings, leader, city
):
    client.force_login(leader)
    response = client.get(reverse("evaluations:ranking", args=[city.instansi.code, with_findings.pk]))
    assert response.status_code == 403
    body = response.content.decode()
    assert "Peringkat diumumkan setelah periode difinalisasi" in body
    assert '<html lang="id">' in body
    assert "Forbidden" not in body


def test_every_document_taken_is_recorded_with_its_checksum(client, published, opd_head, city, assessment):
    import hashlib

    client.force_login(opd_head)
    response = client.get(_url("lhe", city.instansi.code, published.pk, assessment.pk, "pdf"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="LHE-2026-dinkes.pdf"'
    record = Download.objects.get()
    assert (record.by, record.assessment, record.document, record.file_format, record.is_final) == (
        opd_head,
        assessment,
        "lhe",
        "pdf",
        True,
    )
    assert record.sha256 == hashlib.sha256(response.content).hexdigest()


def test_the_admin_reads_who_took_which_document(
    client, published, leader, inspektorat_admin, city, assessment
):
    client.force_login(leader)
    client.get(_url("lhe", city.instansi.code, published.pk, assessment.pk, "docx"))
    client.force_login(inspektorat_admin)
    body = client.get(_url("downloads", city.instansi.code)).content.decode()
    assert leader.name in body
    assert "LHE (DOCX)" in body
    assert "Dinas Kesehatan" in body


def test_the_admin_sets_the_lhe_texts_and_a_bad_letterhead_changes_nothing(
    client, published, inspektorat_admin, city
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nyata.reports.models import ReportSettings

    client.force_login(inspektorat_admin)
    url = _url("settings", city.instansi.code)
    form = client.get(url)
    assert form.status_code == 200
    data = {k: v for k, v in form.context["form"].initial.items() if v is not None}
    data.update({"signer_name": "Dra. Contoh Inspektur", "signer_nip": "19750101 200003 1 001"})
    bad = SimpleUploadedFile("kop.png", b"%PDF-1.4 not an image", content_type="image/png")
    refused = client.post(url, {**data, "letterhead": bad})
    assert refused.status_code == 400
    assert "Kop surat harus berupa gambar PNG atau JPG." in refused.content.decode()
    assert not ReportSettings.objects.exists()
    saved = client.post(url, data)
    assert saved.status_code == 302
    settings = ReportSettings.objects.get()
    assert (settings.signer_name, settings.signer_nip) == ("Dra. Contoh Inspektur", "197501012000031001")


def test_the_dashboard_costs_the_same_queries_for_two_units_or_many(client, published, leader, city):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nyata.evaluations.models import Assessment, Result
    from nyata.org.models import Unit

    client.force_login(leader)
    url = _url("dashboard", city.instansi.code)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    model = Result.objects.filter(assessment__period=published).first()
    for index in range(12):
        unit = Unit.objects.create(
            instansi=city.instansi, code=f"opd-{index}", name=f"OPD {index}", kind="opd"
        )
        assessment = Assessment.objects.create(period=published, unit=unit, status="finalised")
        Result.objects.create(
            assessment=assessment,
            total=model.total,
            max_total=model.max_total,
            predicate=model.predicate,
            proposed_total=model.proposed_total,
            detail=model.detail,
            final_values=model.final_values,
            instrument_checksum=model.instrument_checksum,
            engine_version=model.engine_version,
        )
    with CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert "OPD 11" in response.content.decode()
    assert len(many) == len(few)


def test_the_dashboard_passes_its_chart_figures_as_json_and_runs_no_inline_code(
    client, published, leader, city
):
    import json

    client.force_login(leader)
    response = client.get(_url("dashboard", city.instansi.code))
    body = response.content.decode()
    data = json.loads(
        re.search(r'<script id="report-chart-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert data["ranking"]["values"] == [81.0, 25.33]
    assert data["distribution"]["labels"] == ["BAIK", "KURANG"]
    assert data["distribution"]["values"] == [1, 1]
    assert data["ikm"]["values"] == [77.78, None]
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<script src="/static/vendor/chart.umd.min.js" nonce="{nonce}" defer>' in body
    assert f'<script src="/static/reports/dashboard.js" nonce="{nonce}" defer>' in body
    assert re.findall(r"<script(?![^>]*(?:src=|application/json))", body) == []
    assert re.findall(r"\sstyle=", body) == []
    for table in ("table-distribution", "table-ranking", "table-heatmap", "table-ikm"):
        assert f'id="{table}"' in body
