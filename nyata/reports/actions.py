"""The reports' writes, to their own records only: the LHE settings, a request for a file made in the
background, and the audit trail of every document taken. Keyword-only, atomic, raising ValidationError."""

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.core import files, limits
from nyata.evaluations.models import Assessment, Period
from nyata.org import rules
from nyata.org.models import Instansi, User
from nyata.reports.models import Download, GeneratedFile, ReportSettings, stall_cutoff
from nyata.reports.queries.texts import PLACEHOLDERS
from nyata.reports.tasks import make_generated_file

LETTERHEAD_MAX_BYTES = 2 * 1024 * 1024
TEXT_FIELDS = (
    "letterhead_lines",
    "number_pattern",
    "place",
    "purpose",
    "scope",
    "method",
    "extra_basis",
    "closing",
    "signer_title",
    "signer_name",
    "signer_nip",
)
REQUIRED = ("number_pattern", "place", "purpose", "scope", "method", "closing", "signer_title")


@transaction.atomic
def save_settings(
    *,
    instansi: Instansi,
    texts: dict[str, str],
    letterhead: UploadedFile | None,
    remove_letterhead: bool,
    by: User,
) -> ReportSettings:
    """The LHE's fixed texts and letterhead; all of it or nothing. The letterhead is a PNG or JPG image
    (by its bytes), at most 2 MB."""
    unknown = set(texts) - set(TEXT_FIELDS)
    if unknown:
        raise TypeError(f"Unknown report settings: {sorted(unknown)}")
    errors: dict[str, list[str]] = {}
    for name in REQUIRED:
        if not texts.get(name, "").strip():
            errors.setdefault(name, []).append(_("Write this part of the LHE."))
    pattern = texts.get("number_pattern", "")
    if pattern and "{nomor}" not in pattern:
        errors.setdefault("number_pattern", []).append(
            _("The number pattern must hold {nomor} (the unit's sequence number); {tahun} is the year.")
        )
    stray = [part for part in pattern.split("{")[1:] if "{" + part.split("}")[0] + "}" not in PLACEHOLDERS]
    if stray:
        errors.setdefault("number_pattern", []).append(_("Only {nomor} and {tahun} may stand in braces."))
    if letterhead is not None:
        if letterhead.size > LETTERHEAD_MAX_BYTES:
            errors.setdefault("letterhead", []).append(_("The letterhead image may be at most 2 MB."))
        elif _image_kind(letterhead) not in (files.PNG, files.JPEG):
            errors.setdefault("letterhead", []).append(_("The letterhead must be a PNG or JPG image."))
    if errors:
        raise ValidationError(errors)
    saved = ReportSettings.objects.select_for_update().filter(instansi=instansi).first() or ReportSettings(
        instansi=instansi
    )
    for name in TEXT_FIELDS:
        setattr(saved, name, texts.get(name, "").strip())
    if remove_letterhead:
        saved.letterhead = ""
    if letterhead is not None:
        saved.letterhead.save("kop", letterhead, save=False)
    saved.updated_by = by
    saved._history_user = by
    saved.full_clean(exclude=["instansi"])
    saved.save()
    return saved


@transaction.atomic
def request_file(*, period: Period, kind: str, by: User) -> GeneratedFile:
    """Queue a file for the task worker. Each tier's review goes only into the Inspektorat's workbook; a
    request while the same file is still being made returns that one."""
    if kind not in GeneratedFile.Kind.values:
        raise ValidationError(_("Unknown kind of document."))
    internal = kind == GeneratedFile.Kind.WORKBOOK and rules.has_perm(by, "reports.view_internal", period)
    audience = GeneratedFile.Audience.INTERNAL if internal else GeneratedFile.Audience.PUBLISHED
    same = GeneratedFile.objects.filter(period=period, kind=kind, audience=audience)
    # A job the worker stopped making halfway (killed, restarted) is failed for good, never waited for.
    same.filter(status=GeneratedFile.Status.RUNNING).filter(
        Q(progress_at__isnull=True) | Q(progress_at__lt=stall_cutoff())
    ).update(status=GeneratedFile.Status.FAILED, error="interrupted", finished_at=timezone.now())
    pending = same.filter(status__in=[GeneratedFile.Status.QUEUED, GeneratedFile.Status.RUNNING]).first()
    if pending is not None:
        return pending
    file = GeneratedFile.objects.create(
        period=period,
        kind=kind,
        audience=audience,
        is_final=period.is_locked,
        total=period.assessments.count(),
        requested_by=by,
    )
    transaction.on_commit(lambda: make_generated_file.enqueue(file.pk))
    return file


def record_download(
    *,
    by: User,
    period: Period,
    document: str,
    file_format: str,
    data: bytes | None = None,
    assessment: Assessment | None = None,
    generated: GeneratedFile | None = None,
) -> Download:
    """The audit trail of documents: who took what, when, and the checksum of exactly what they took."""
    if generated is not None:
        sha256, size, is_final = generated.sha256, generated.size, generated.is_final
    else:
        sha256, size, is_final = hashlib.sha256(data or b"").hexdigest(), len(data or b""), period.is_locked
    return Download.objects.create(
        instansi_id=period.instansi_id,
        period=period,
        assessment=assessment,
        document=document,
        file_format=file_format,
        is_final=is_final,
        sha256=sha256,
        size=size,
        generated=generated,
        by=by,
    )


def _image_kind(upload: UploadedFile) -> files.FileType | None:
    """What the uploaded letterhead is by its bytes; an archive beyond the limits is no image either."""
    try:
        return files.detect(upload.file, archive=limits.for_evidence())
    except files.Refused:
        return None
