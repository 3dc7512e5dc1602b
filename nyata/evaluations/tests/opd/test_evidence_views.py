"""Uploading from the worksheet and downloading evidence: by content, within limits, only if entitled."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nyata.core.tests.files import docx_bytes, exe_bytes, pdf_bytes, png_bytes, xlsx_bytes
from nyata.evaluations.models import Evidence, Period
from nyata.evaluations.tests.opd.conftest import attach_pdf, pdf_upload

HTMX = {"HX-Request": "true"}


def _form(**extra):
    return {"item": "dok-renaksi", "effective_date": "2026-02-01", **extra}


def test_the_operator_uploads_several_files_at_once(client, opd_operator, urls, evidence_storage):
    client.force_login(opd_operator)
    files = [
        pdf_upload("renaksi.pdf"),
        SimpleUploadedFile("rekap.xlsx", xlsx_bytes()),
        SimpleUploadedFile("sk.docx", docx_bytes()),
    ]
    body = client.post(urls.upload("I.1"), _form(files=files), headers=HTMX).content.decode()
    assert sorted(Evidence.objects.values_list("name", "content_type")) == [
        ("rekap.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("renaksi.pdf", "application/pdf"),
        ("sk.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    ]
    assert 'id="i-I_1-evidence" hx-swap-oob="true"' in body
    assert "renaksi.pdf</a>" in body
    assert "<strong>1 / 1</strong>" in body  # the required item is now present


def test_without_javascript_an_upload_redirects_to_the_indicator(client, opd_operator, urls):
    client.force_login(opd_operator)
    response = client.post(urls.upload("I.1"), _form(files=[pdf_upload()]))
    assert (response.status_code, response["Location"]) == (302, urls.worksheet + "?area=I#i-I_1")


def test_a_png_named_pdf_is_stored_as_png(client, opd_operator, urls):
    client.force_login(opd_operator)
    client.post(urls.upload("I.1"), _form(files=[SimpleUploadedFile("foto.pdf", png_bytes())]), headers=HTMX)
    assert list(Evidence.objects.values_list("name", "content_type")) == [("foto.png", "image/png")]


def test_an_exe_renamed_pdf_is_refused_with_an_indonesian_message(client, opd_operator, urls):
    client.force_login(opd_operator)
    upload = SimpleUploadedFile("laporan.pdf", exe_bytes())
    body = client.post(urls.upload("I.1"), _form(files=[upload]), headers=HTMX).content.decode()
    assert "laporan.pdf bukan jenis berkas yang diterima" in body
    assert Evidence.objects.count() == 0
    response = client.post(urls.upload("I.1"), _form(files=[SimpleUploadedFile("laporan.pdf", exe_bytes())]))
    assert response.status_code == 400


def test_a_file_over_the_limit_is_refused_saying_the_limit(client, opd_operator, urls, settings):
    settings.NYATA_EVIDENCE_MAX_BYTES = 1024 * 1024
    client.force_login(opd_operator)
    big = SimpleUploadedFile("besar.pdf", pdf_bytes() + b" " * (2 * 1024 * 1024))
    body = client.post(urls.upload("I.1"), _form(files=[big]), headers=HTMX).content.decode()
    assert "besar.pdf terlalu besar (2,0 MB); batas ukurannya 1 MB." in body
    assert Evidence.objects.count() == 0


def test_an_item_that_does_not_need_a_date_takes_an_upload_without_one(client, opd_operator, urls):
    client.force_login(opd_operator)
    client.post(urls.upload("I.1"), {"item": "dok-renaksi", "files": [pdf_upload()]}, headers=HTMX)
    assert list(Evidence.objects.values_list("item", "effective_date")) == [("dok-renaksi", None)]


def test_a_duplicate_on_another_indicator_is_flagged(client, opd_operator, urls):
    attach_pdf(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    body = client.post(
        urls.upload("I.2"), _form(item="", files=[pdf_upload("lagi.pdf")]), headers=HTMX
    ).content.decode()
    assert "lagi.pdf sama dengan berkas yang sudah dilampirkan di I.1 / dok-renaksi" in body
    assert Evidence.objects.count() == 2


def test_a_link_is_attached(client, opd_operator, urls):
    client.force_login(opd_operator)
    client.post(
        urls.upload("I.1"), _form(url="https://jdih.kendari.example/sk", title="SK Renaksi"), headers=HTMX
    )
    assert list(Evidence.objects.values_list("kind", "name", "url")) == [
        ("link", "SK Renaksi", "https://jdih.kendari.example/sk")
    ]


def test_replacing_through_the_worksheet_keeps_the_old_revision(client, opd_operator, urls):
    old = attach_pdf(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    client.post(
        urls.upload("I.1"), _form(replaces=old.pk, files=[pdf_upload("v2.pdf", "Revisi")]), headers=HTMX
    )
    new = Evidence.objects.get(is_current=True)
    assert (new.name, new.replaces_id) == ("v2.pdf", old.pk)
    assert client.get(urls.download(old.pk)).status_code == 200  # the old revision stays readable


def test_withdrawing_through_the_worksheet(client, opd_operator, urls):
    evidence = attach_pdf(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    client.post(urls.withdraw, {"evidence": evidence.pk}, headers=HTMX)
    assert Evidence.objects.get().is_current is False


def test_an_evaluator_and_the_head_cannot_upload(client, evaluator, opd_head, urls):
    for person in (evaluator, opd_head):
        client.force_login(person)
        assert client.post(urls.upload("I.1"), _form(files=[pdf_upload()])).status_code == 403
    assert Evidence.objects.count() == 0


def test_a_locked_period_refuses_uploads(client, opd_operator, urls):
    Period.objects.filter(pk=urls.assessment.period_id).update(
        status="finalised", finalised_at=timezone.now()
    )
    client.force_login(opd_operator)
    body = client.post(urls.upload("I.1"), _form(files=[pdf_upload()]), headers=HTMX).content.decode()
    assert "dikunci" in body
    assert Evidence.objects.count() == 0


def test_the_download_is_an_attachment_that_is_never_sniffed(client, opd_operator, urls):
    evidence = attach_pdf(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    response = client.get(urls.download(evidence.pk))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="renaksi.pdf"'
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == pdf_bytes()


def test_who_may_download_evidence(
    client,
    opd_operator,
    opd_head,
    evaluator,
    inspektorat_admin,
    outsider_opd_operator,
    pengampu_verifier,
    leader,
    other_city_admin,
    urls,
):
    in_area = attach_pdf(urls.assessment, opd_operator)  # I.1: pengampu kelembagaan
    outside_area = attach_pdf(urls.assessment, opd_operator, indicator="I.2", item="", text="Lain")
    expected = {
        opd_operator: (200, 200),
        opd_head: (200, 200),
        evaluator: (200, 200),
        inspektorat_admin: (200, 200),
        pengampu_verifier: (200, 404),  # only the indicators of the area kelembagaan
        outsider_opd_operator: (404, 404),
        leader: (404, 404),  # the pimpinan reads only after the period is locked
        other_city_admin: (404, 404),
    }
    for person, statuses in expected.items():
        client.force_login(person)
        got = (
            client.get(urls.download(in_area.pk)).status_code,
            client.get(urls.download(outside_area.pk)).status_code,
        )
        assert got == statuses, person.username


def test_anonymous_people_are_sent_to_log_in(client, opd_operator, urls):
    evidence = attach_pdf(urls.assessment, opd_operator)
    assert client.get(urls.download(evidence.pk)).status_code == 302
    assert client.get(urls.worksheet).status_code == 302
