"""A request larger than NYATA_UPLOAD_MAX_REQUEST_MB is refused before Django reads it (issue 14)."""

from django.core.files.uploadedfile import SimpleUploadedFile

from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.models import Evidence

MB = 1024 * 1024


def test_a_request_beyond_the_limit_is_refused_unread_with_a_message(
    client, opd_operator, urls, settings, evidence_storage
):
    settings.NYATA_UPLOAD_MAX_REQUEST_BYTES = 1 * MB
    client.force_login(opd_operator)
    files = [SimpleUploadedFile(f"{n}.pdf", pdf_bytes() + b" " * MB) for n in range(3)]
    response = client.post(
        urls.upload("I.1"), {"item": "dok-renaksi", "effective_date": "2026-02-01", "files": files}
    )
    assert response.status_code == 413
    body = response.content.decode()
    assert "Kiriman terlalu besar" in body
    assert "paling banyak 1 MB dapat dikirim sekaligus. Tidak ada yang dibaca atau disimpan." in body
    assert Evidence.objects.count() == 0
    assert not any(path.is_file() for path in evidence_storage.rglob("*"))


def test_a_request_within_the_limit_reaches_the_view(client, opd_operator, urls, settings):
    settings.NYATA_UPLOAD_MAX_REQUEST_BYTES = 1 * MB
    client.force_login(opd_operator)
    upload = SimpleUploadedFile("renaksi.pdf", pdf_bytes() + b" " * (MB // 2))
    response = client.post(
        urls.upload("I.1"), {"item": "dok-renaksi", "effective_date": "2026-02-01", "files": [upload]}
    )
    assert response.status_code == 302
    assert Evidence.objects.count() == 1
