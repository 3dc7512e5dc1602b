"""Long work on the task worker: every LHE as one zip and the period workbook, made once, kept with their
checksum, given again while the results stay the same, and followed by a progress bar."""

import hashlib

import pytest
from django.urls import reverse

from nyata.evaluations.models import Result
from nyata.reports.actions import request_file
from nyata.reports.indonesian import number
from nyata.reports.models import Download, GeneratedFile
from nyata.reports.tests.documents import docx_text, pdf_text, workbook, zip_member, zip_names


@pytest.fixture
def immediate(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _make(kind, period, by, capture):
    with capture(execute=True):
        file = request_file(period=period, kind=kind, by=by)
    file.refresh_from_db()
    return file


def _read(file) -> bytes:
    with file.file.open("rb") as handle:
        return handle.read()


def test_every_lhe_of_the_period_comes_as_one_zip_with_its_checksum(
    immediate, published, inspektorat_admin, django_capture_on_commit_callbacks
):
    file = _make("lhe_zip", published, inspektorat_admin, django_capture_on_commit_callbacks)
    assert (file.status, file.done, file.total, file.is_final, file.reused) == ("done", 2, 2, True, False)
    data = _read(file)
    assert hashlib.sha256(data).hexdigest() == file.sha256
    assert len(data) == file.size
    assert file.filename == "LHE-2026-kota-kendari.zip"
    assert sorted(zip_names(data)) == [
        "LHE-2026-dikbud.docx",
        "LHE-2026-dikbud.pdf",
        "LHE-2026-dinkes.docx",
        "LHE-2026-dinkes.pdf",
    ]
    dikbud = Result.objects.get(assessment__period=published, assessment__unit__code="dikbud")
    for text in (
        pdf_text(zip_member(data, "LHE-2026-dikbud.pdf")),
        docx_text(zip_member(data, "LHE-2026-dikbud.docx")),
    ):
        assert number(dikbud.total) in text
        assert "Dinas Pendidikan dan Kebudayaan" in text
        assert "-18,67" in text


def test_asking_again_with_unchanged_results_gives_the_same_file(
    immediate, published, inspektorat_admin, django_capture_on_commit_callbacks
):
    first = _make("lhe_zip", published, inspektorat_admin, django_capture_on_commit_callbacks)
    again = _make("lhe_zip", published, inspektorat_admin, django_capture_on_commit_callbacks)
    assert again.pk != first.pk
    assert (again.reused, again.file.name, again.sha256, again.status) == (
        True,
        first.file.name,
        first.sha256,
        "done",
    )


def test_new_lhe_texts_make_a_new_zip(
    immediate, published, inspektorat_admin, city, django_capture_on_commit_callbacks
):
    from nyata.reports.actions import save_settings
    from nyata.reports.queries.texts import defaults

    first = _make("lhe_zip", published, inspektorat_admin, django_capture_on_commit_callbacks)
    texts = defaults(city.instansi) | {"signer_name": "Dra. Contoh Inspektur"}
    save_settings(
        instansi=city.instansi, texts=texts, letterhead=None, remove_letterhead=False, by=inspektorat_admin
    )
    again = _make("lhe_zip", published, inspektorat_admin, django_capture_on_commit_callbacks)
    assert not again.reused
    assert again.sha256 != first.sha256


def test_the_period_workbook_has_a_sheet_per_unit_and_the_recap_of_final_values(
    immediate, published, inspektorat_admin, django_capture_on_commit_callbacks
):
    file = _make("workbook", published, inspektorat_admin, django_capture_on_commit_callbacks)
    assert (file.status, file.audience, file.filename) == ("done", "internal", "LKE-2026-kota-kendari.xlsx")
    book = workbook(_read(file))
    assert book.sheetnames == ["Rekap", "Dinas Kesehatan", "Dinas Pendidikan dan Kebudayaan", "Data dukung"]
    recap = [list(r) for r in book["Rekap"].iter_rows(values_only=True)]
    assert recap[0] == ["Unit", "Total", "Predikat", "I.1", "I.2", "II.1", "Status", "Alasan"]
    assert recap[1] == ["Dinas Kesehatan", 81, "BAIK", "A · Lengkap", 90, 70, None, None]
    dikbud = ["Dinas Pendidikan dan Kebudayaan", 25.33, "KURANG", "C · Tidak ada", 40, 50, None, None]
    assert recap[2] == dikbud


def test_the_pimpinan_gets_the_published_workbook_without_tier_notes(
    immediate, published, leader, inspektorat_admin, django_capture_on_commit_callbacks
):
    internal = _make("workbook", published, inspektorat_admin, django_capture_on_commit_callbacks)
    mine = _make("workbook", published, leader, django_capture_on_commit_callbacks)
    assert (internal.audience, mine.audience) == ("internal", "published")
    header = [c for c in list(workbook(_read(mine))["Dinas Kesehatan"].iter_rows(values_only=True))[7] if c]
    assert not any("catatan" in str(h) for h in header)


def test_the_progress_bar_polls_until_ready_then_offers_the_download(
    client, immediate, published, inspektorat_admin, city, django_capture_on_commit_callbacks
):
    client.force_login(inspektorat_admin)
    url = reverse("reports:generate", args=[city.instansi.code, published.pk])
    with django_capture_on_commit_callbacks(execute=False) as pending:
        fragment = client.post(url, {"kind": "lhe_zip"}, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 1s"' in fragment
    assert "<progress" in fragment
    assert "Menunggu giliran diproses" in fragment
    for callback in pending:
        callback()
    file = GeneratedFile.objects.get()
    status = client.get(reverse("reports:job", args=[city.instansi.code, file.pk]))
    body = status.content.decode()
    assert status["HX-Trigger"] == "file-ready"
    assert "every 1s" not in body
    assert "Siap diunduh" in body
    download = client.get(reverse("reports:job-download", args=[city.instansi.code, file.pk]))
    assert download.status_code == 200
    assert hashlib.sha256(b"".join(download.streaming_content)).hexdigest() == file.sha256
    assert Download.objects.get().generated == file


def test_an_unknown_kind_is_refused_and_changes_nothing(published, inspektorat_admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        request_file(period=published, kind="everything", by=inspektorat_admin)
    assert not GeneratedFile.objects.exists()


def test_a_file_that_cannot_be_made_says_so_and_offers_nothing(
    client, immediate, published, inspektorat_admin, city, monkeypatch, django_capture_on_commit_callbacks
):
    from nyata.reports import generation

    def broken(lhe):
        raise RuntimeError("Pango is missing")

    monkeypatch.setattr(generation, "lhe_pdf", broken)
    with django_capture_on_commit_callbacks(execute=True):  # the worker records the task as failed
        request_file(period=published, kind="lhe_zip", by=inspektorat_admin)
    file = GeneratedFile.objects.get()
    assert (file.status, file.sha256, file.file.name) == ("failed", "", "")
    client.force_login(inspektorat_admin)
    body = client.get(reverse("reports:job", args=[city.instansi.code, file.pk])).content.decode()
    assert "Berkas tidak dapat dibuat." in body
    assert client.get(reverse("reports:job-download", args=[city.instansi.code, file.pk])).status_code == 404


def test_a_job_the_worker_stopped_halfway_is_shown_as_interrupted_and_asking_again_makes_it_anew(
    client, immediate, published, inspektorat_admin, city, settings, django_capture_on_commit_callbacks
):
    """A worker killed while making the zip leaves its job 'being made'; once it has been silent longer
    than NYATA_REPORTS_STALL_MINUTES the page stops polling and says so, and a new request does not wait
    for it forever but makes the file."""
    from datetime import timedelta

    from django.utils import timezone

    settings.NYATA_REPORTS_STALL_MINUTES = 10
    with django_capture_on_commit_callbacks(execute=False):  # the worker never gets to it
        stuck = request_file(period=published, kind="lhe_zip", by=inspektorat_admin)
    GeneratedFile.objects.filter(pk=stuck.pk).update(
        status="running", done=1, progress_at=timezone.now() - timedelta(minutes=3)
    )
    # Still within the stall time: it is being made, and asking again returns the same job.
    with django_capture_on_commit_callbacks(execute=False):
        assert request_file(period=published, kind="lhe_zip", by=inspektorat_admin) == stuck
    GeneratedFile.objects.filter(pk=stuck.pk).update(progress_at=timezone.now() - timedelta(minutes=11))
    client.force_login(inspektorat_admin)
    body = client.get(reverse("reports:job", args=[city.instansi.code, stuck.pk])).content.decode()
    assert "every 1s" not in body
    assert "Pekerja berhenti saat membuat berkas ini" in body

    fresh = _make("lhe_zip", published, inspektorat_admin, django_capture_on_commit_callbacks)
    assert fresh.pk != stuck.pk
    assert (fresh.status, fresh.done, fresh.total) == ("done", 2, 2)
    stuck.refresh_from_db()
    assert (stuck.status, stuck.error) == ("failed", "interrupted")


def test_a_progress_step_the_busy_database_refuses_is_skipped_and_the_file_is_still_made(
    immediate, published, inspektorat_admin, monkeypatch, django_capture_on_commit_callbacks
):
    """On a busy machine the progress write met 'database table is locked' and failed the whole zip."""
    from django.db import OperationalError
    from django.db.models import QuerySet

    real_update, refused = QuerySet.update, []

    def busy_once(self, **values):
        if self.model is GeneratedFile and values.get("done") == 1 and not refused:
            refused.append(values)
            raise OperationalError("database table is locked: reports_generatedfile")
        return real_update(self, **values)

    monkeypatch.setattr(QuerySet, "update", busy_once)
    file = _make("lhe_zip", published, inspektorat_admin, django_capture_on_commit_callbacks)
    assert refused
    assert (file.status, file.done, file.total) == ("done", 2, 2)
