"""Nothing half-stored: a full or read-only disk, or a worker killed mid-upload, never leaves a file without
its row or a row without its file; `nyata cleanup_media` finds and removes what a crash left behind.

The crashes are real: a `nyata` process killed with SIGKILL (no clean-up code runs) at the worst moments,
on a copy of the demo installation.
"""

import errno
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.urls import reverse

from nyata.core import storage as durable
from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.models import Evidence

# The moments to die at, each in a process of its own; {folder} holds the PDF to upload.
KILL = """
import os, signal
from datetime import date, timedelta
from django.core.files.uploadedfile import SimpleUploadedFile, TemporaryUploadedFile
from django.utils import timezone
from nyata.core import storage
from nyata.evaluations.actions import evidence
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Evidence, Phase, PhaseWindow
from nyata.org.models import Membership
from nyata.surveys import actions as surveys
from nyata.surveys.models import Service

operator = Membership.objects.filter(role="opd_operator").order_by("pk").first()
assessment = Assessment.objects.get(period__year=2025, unit=operator.unit)
PhaseWindow.objects.filter(period=assessment.period, phase=Phase.SELF_ASSESSMENT).update(
    starts_at=timezone.now() - timedelta(days=1), ends_at=timezone.now() + timedelta(days=1))
code, node = next((c, n) for c, n in indicators_of(assessment.period.instrument).items() if n.evidence)
data = open("{folder}/bukti.pdf", "rb").read()

def die(*args, **kwargs):
    os.kill(os.getpid(), signal.SIGKILL)

moment = "{moment}"
if moment == "receiving":
    # Django spools a large request body to FILE_UPLOAD_TEMP_DIR while it arrives.
    upload = TemporaryUploadedFile("bukti.pdf", "application/pdf", len(data), None)
    upload.write(data[: len(data) // 2])
    upload.flush()
    die()
if moment == "writing":
    def half_then_die(handle, content):
        handle.write(data[: len(data) // 2])
        handle.flush()
        die()
    storage.write_chunks = half_then_die
if moment == "committing":
    Evidence.save = die  # the file is written; the row's INSERT never happens
if moment == "counting":
    service = Service.objects.order_by("pk").first()
    surveys.responses._add_to_tally = die  # the response is inserted; its tally never moves
    surveys.submit_response(service=service, answers=(4,) * 9)
evidence.attach_files(
    assessment=assessment, indicator=code, item=node.evidence[0].code, effective_date=date(2025, 1, 15),
    uploads=[SimpleUploadedFile("bukti.pdf", data)], by=operator.user)
"""

CHECK = """
from django.db.models import Sum
from nyata.surveys import queries
from nyata.surveys.models import Response, Service, ServiceDayTally
recount = queries.recount_from_responses(services=Service.objects.all(), period=None)
kept = ServiceDayTally.objects.aggregate(n=Sum("n"), **{f"s{i}": Sum(f"s{i}") for i in range(1, 10)})
same = recount.n == kept["n"] and list(recount.sums) == [kept[f"s{i}"] for i in range(1, 10)]
print(Response.objects.count(), same)
"""


def _nyata(var: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{var / 'nyata.sqlite3'}", "NYATA_VAR_DIR": str(var)}
    return subprocess.run(
        [sys.executable, "-m", "nyata", *args], env=env, capture_output=True, text=True, timeout=600
    )


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file()) if folder.exists() else []


def _age(paths: list[Path], hours: int) -> None:
    then = time.time() - hours * 3600
    for path in paths:
        os.utime(path, (then, then))


@pytest.fixture
def installation(tmp_path, demo_installation) -> Path:
    var = tmp_path / "var"
    shutil.copytree(demo_installation, var)
    (tmp_path / "bukti.pdf").write_bytes(pdf_bytes("Bukti dukung yang terpotong"))
    return var


def _kill_at(installation: Path, moment: str) -> None:
    script = KILL.replace("{folder}", str(installation.parent)).replace("{moment}", moment)
    done = _nyata(installation, "shell", "-c", script)
    assert done.returncode == -signal.SIGKILL, done.stderr


def test_workers_killed_mid_upload_leave_no_file_without_its_row_once_cleanup_has_run(installation):
    media, uploads = installation / "media", installation / "tmp" / "uploads"
    rows_before = _nyata(
        installation,
        "shell",
        "-c",
        "from nyata.evaluations.models import Evidence; print(Evidence.objects.filter(kind='file').count())",
    ).stdout.split()[-1]
    for moment in ("receiving", "writing", "committing"):
        _kill_at(installation, moment)
    left = _files(media) + _files(uploads)
    names = sorted(p.name for p in left)
    # Killed while receiving: the spooled body; while writing: only the unfinished temporary file, never a
    # half file under a real name; between writing and committing: a whole file no row names.
    assert len(left) == 3, names
    assert sum(n.startswith(".incoming-") and n.endswith(".part") for n in names) == 1
    assert sum(".upload" in n for n in names) == 1
    rows_after = _nyata(
        installation,
        "shell",
        "-c",
        "from nyata.evaluations.models import Evidence; print(Evidence.objects.filter(kind='file').count())",
    ).stdout.split()[-1]
    assert rows_after == rows_before  # no row was committed for any of them

    fresh = _nyata(installation, "cleanup_media")
    assert "tidak ada yang tertinggal" in fresh.stdout  # too young: may belong to a request in progress
    _age(left, hours=7)
    dry = _nyata(installation, "cleanup_media")
    assert dry.returncode == 0, dry.stderr
    assert "berkas tanpa baris data: evidence/" in dry.stdout
    assert "penulisan yang tidak selesai: evidence/" in dry.stdout
    assert "unggahan yang tertinggal: " in dry.stdout
    assert "Uji coba: 3 sisa" in dry.stdout
    assert len(_files(media) + _files(uploads)) == 3  # a dry run removes nothing
    removed = _nyata(installation, "cleanup_media", "--delete")
    assert "3 sisa dihapus" in removed.stdout
    assert _files(media) + _files(uploads) == []
    assert "tidak ada yang tertinggal" in _nyata(installation, "cleanup_media").stdout


def test_a_survey_worker_killed_mid_submission_stores_nothing_and_the_tallies_equal_a_recount(installation):
    before = _nyata(installation, "shell", "-c", CHECK).stdout.split()
    assert before[-1] == "True"
    _kill_at(installation, "counting")
    after = _nyata(installation, "shell", "-c", CHECK).stdout.split()
    assert after == before  # the response and its tally went together: neither is there


def test_a_row_whose_file_is_gone_is_reported(installation):
    script = (
        "from nyata.evaluations.models import Evidence, Assessment\n"
        "from nyata.org.models import User\n"
        "Evidence.objects.create(assessment=Assessment.objects.order_by('pk').first(), indicator='x', "
        "kind='file', file='evidence/hilang', name='hilang.pdf', sha256='0' * 64, "
        "uploaded_by=User.objects.order_by('pk').first())\n"
    )
    assert _nyata(installation, "shell", "-c", script).returncode == 0
    reported = _nyata(installation, "cleanup_media")
    assert reported.returncode != 0
    assert "evidence/hilang" in reported.stderr
    assert "1 baris data merujuk berkas yang tidak ada di penyimpanan" in reported.stderr


# --- a disk that cannot take the file ------------------------------------------------------------------


def _upload(client, assessment, name="bukti.pdf"):
    url = reverse(
        "evaluations:evidence-upload",
        args=[assessment.period.instansi.code, assessment.period_id, assessment.pk, "I.1"],
    )
    return client.post(
        url,
        {"item": "dok-renaksi", "effective_date": "2026-01-15", "files": [_pdf(name)]},
        HTTP_HX_REQUEST="true",
    )


def _pdf(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes("Bukti"), content_type="application/pdf")


@pytest.mark.django_db
def test_a_full_disk_says_so_and_leaves_no_partial_file_and_no_row(
    client, assessment, opd_operator, evidence_storage, monkeypatch
):
    def fills_up(handle, content):
        handle.write(b"%PDF-1.4 setengah")
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(durable, "write_chunks", fills_up)
    client.force_login(opd_operator)
    body = _upload(client, assessment).content.decode()
    assert "Penyimpanan di server penuh: bukti.pdf tidak disimpan." in body
    assert "Tidak ada bagian unggahan ini yang disimpan. Mohon beri tahu administrator." in body
    assert Evidence.objects.count() == 0
    assert _files(evidence_storage) == []


@pytest.mark.django_db
def test_a_read_only_disk_says_so_and_stores_nothing(
    client, assessment, opd_operator, evidence_storage, monkeypatch
):
    def read_only(*args, **kwargs):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(durable.tempfile, "mkstemp", read_only)
    client.force_login(opd_operator)
    body = _upload(client, assessment).content.decode()
    assert "Penyimpanan di server tidak dapat ditulisi: bukti.pdf tidak disimpan." in body
    assert Evidence.objects.count() == 0
    assert _files(evidence_storage) == []


@pytest.mark.django_db
def test_of_two_files_the_second_failing_leaves_neither(
    assessment, opd_operator, evidence_storage, monkeypatch
):
    from nyata.evaluations.actions.evidence import attach_files

    real, calls = durable.write_chunks, []

    def second_fails(handle, content):
        calls.append(1)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real(handle, content)

    monkeypatch.setattr(durable, "write_chunks", second_fails)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="penuh"):
        attach_files(
            assessment=assessment,
            indicator="I.1",
            item="dok-renaksi",
            uploads=[_pdf("a.pdf"), _pdf_other("b.pdf")],
            effective_date=None,
            by=opd_operator,
        )
    assert Evidence.objects.count() == 0
    assert _files(evidence_storage) == []


def _pdf_other(name):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, pdf_bytes("Bukti lain"), content_type="application/pdf")
