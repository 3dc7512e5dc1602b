"""What the task worker does for a GeneratedFile: read the data, and either give again the file of an
earlier run that showed exactly the same data (same fingerprint), or make the file unit by unit, reporting
its progress in the row that the progress bar polls. Writes only the reports' own GeneratedFile."""

import hashlib
import logging
import tempfile
import zipfile
from dataclasses import asdict

from django.core.files import File
from django.db import OperationalError
from django.utils import timezone

from nyata.evaluations.models import Period
from nyata.reports.documents.pdf import lhe_pdf
from nyata.reports.documents.sheets import workbook_xlsx
from nyata.reports.documents.word import lhe_docx
from nyata.reports.models import GeneratedFile
from nyata.reports.queries.lhe import fingerprint_of, lhes_of_period
from nyata.reports.queries.worksheet import Worksheet, worksheets_of_period

logger = logging.getLogger(__name__)
# Larger files go to disk while the zip is written, so a big city never holds the zip in memory.
SPOOL_BYTES = 8 * 1024 * 1024


def _progress(file: GeneratedFile, done: int) -> None:
    """Tell the progress bar how far the work is. Only a sign of life: a write refused because the
    database is busy (a reader holding SQLite's table in the tests' shared memory database, a writer past
    the busy timeout) skips this one step and never fails the file itself; the next step tries again."""
    try:
        GeneratedFile.objects.filter(pk=file.pk).update(done=done, progress_at=timezone.now())
    except OperationalError:
        logger.warning("Progress of file %s not recorded at %s: the database was busy", file.pk, done)


def _worksheet_data(worksheet: Worksheet) -> dict:
    return {
        "unit": worksheet.unit.name,
        "status": worksheet.assessment.status,  # a unit closed since is no longer scored
        "closure": worksheet.assessment.closure_reason,
        "final": worksheet.is_final,
        "total": worksheet.total,
        "predicate": worksheet.predicate,
        "lines": [
            (
                line.node.code,
                line.score,
                line.max,
                line.applicable,
                line.answer,
                line.explanation,
                [asdict(e) for e in line.evidence],
                line.tiers,
                line.final,
            )
            for line in worksheet.lines
        ],
    }


def make(file_id: int) -> GeneratedFile:
    file = GeneratedFile.objects.select_related("period__instansi", "period__instrument").get(pk=file_id)
    period = file.period
    total = period.assessments.count()
    GeneratedFile.objects.filter(pk=file.pk).update(
        status=GeneratedFile.Status.RUNNING, total=total, done=0, progress_at=timezone.now()
    )
    try:
        if file.kind == GeneratedFile.Kind.LHE_ZIP:
            _lhe_zip(file, period)
        else:
            _workbook(file, period)
    except Exception:
        logger.exception("Generating file %s failed", file.pk)
        GeneratedFile.objects.filter(pk=file.pk).update(
            status=GeneratedFile.Status.FAILED, finished_at=timezone.now()
        )
        raise
    file.refresh_from_db()
    return file


def _reuse(file: GeneratedFile, fingerprint: str, total: int) -> bool:
    earlier = (
        GeneratedFile.objects.filter(
            period=file.period,
            kind=file.kind,
            audience=file.audience,
            status=GeneratedFile.Status.DONE,
            fingerprint=fingerprint,
        )
        .exclude(pk=file.pk)
        .order_by("-finished_at")
        .first()
    )
    if earlier is None:
        return False
    GeneratedFile.objects.filter(pk=file.pk).update(
        status=GeneratedFile.Status.DONE,
        fingerprint=fingerprint,
        is_final=earlier.is_final,
        file=earlier.file.name,
        filename=earlier.filename,
        sha256=earlier.sha256,
        size=earlier.size,
        reused=True,
        done=total,
        finished_at=timezone.now(),
    )
    return True


def _store(file: GeneratedFile, handle, *, filename: str, fingerprint: str, is_final: bool) -> None:
    handle.seek(0)
    digest = hashlib.sha256()
    size = 0
    for chunk in iter(lambda: handle.read(1024 * 1024), b""):
        digest.update(chunk)
        size += len(chunk)
    handle.seek(0)
    file.file.save(filename, File(handle), save=False)
    GeneratedFile.objects.filter(pk=file.pk).update(
        status=GeneratedFile.Status.DONE,
        fingerprint=fingerprint,
        is_final=is_final,
        file=file.file.name,
        filename=filename,
        sha256=digest.hexdigest(),
        size=size,
        finished_at=timezone.now(),
    )


def _lhe_zip(file: GeneratedFile, period: Period) -> None:
    lhes = list(lhes_of_period(period))
    # The bar counts LHEs, and a unit closed without evaluation has none.
    GeneratedFile.objects.filter(pk=file.pk).update(total=len(lhes))
    fingerprint = fingerprint_of([lhe.fingerprint() for lhe in lhes])
    if _reuse(file, fingerprint, len(lhes)):
        return
    state = "" if period.is_locked else "DRAF-"
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as handle:
        with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for done, lhe in enumerate(lhes, start=1):
                archive.writestr(f"{lhe.filename_stem}.pdf", lhe_pdf(lhe))
                archive.writestr(f"{lhe.filename_stem}.docx", lhe_docx(lhe))
                _progress(file, done)
        _store(
            file,
            handle,
            filename=f"{state}LHE-{period.year}-{period.instansi.code}.zip",
            fingerprint=fingerprint,
            is_final=period.is_locked,
        )


def _workbook(file: GeneratedFile, period: Period) -> None:
    internal = file.audience == GeneratedFile.Audience.INTERNAL
    worksheets = list(worksheets_of_period(period, internal=internal))
    fingerprint = fingerprint_of([_worksheet_data(w) for w in worksheets])
    if _reuse(file, fingerprint, len(worksheets)):
        return
    state = "" if period.is_locked else "DRAF-"
    data = workbook_xlsx(worksheets, count=len(worksheets), progress=lambda done: _progress(file, done))
    with tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES) as handle:
        handle.write(data)
        _store(
            file,
            handle,
            filename=f"{state}LKE-{period.year}-{period.instansi.code}.xlsx",
            fingerprint=fingerprint,
            is_final=period.is_locked,
        )
