"""What every uploaded file passes before anything is stored, for evidence and for every other upload that
follows its rules (clinic questions, follow-up reports, outside figures' documents): its type by content
(nyata.core.files: office files with macros and archives that unpack beyond their limit refused), its
size, the files sent together, the files of one assessment (nyata.core.limits); and the writing of its
bytes, which says plainly when the disk cannot take them."""

import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _

from nyata.core import files as content
from nyata.core import limits
from nyata.core.numbers import figure
from nyata.core.storage import STORAGE_FULL, STORAGE_READ_ONLY
from nyata.evaluations.models import Assessment, Evidence

# Bounds checked before any work: how many files one upload may carry.
MAX_FILES_AT_ONCE = 20

ACCEPTED_LABELS = ", ".join(kind.label for kind in content.ACCEPTED)


@dataclass(frozen=True)
class Inspected:
    upload: UploadedFile
    kind: content.FileType
    name: str
    sha256: str
    size: int


def _megabytes(size: int) -> str:
    return figure(Decimal(size) / (1024 * 1024), 1)


def inspect_upload(upload: UploadedFile) -> Inspected:
    """Check one uploaded file; raise ValidationError (key "file") saying which file and why."""
    original = upload.name or ""
    limit = limits.EVIDENCE_MAX_BYTES.current()
    if upload.size is not None and upload.size > limit:
        raise ValidationError(
            {
                "file": _("%(name)s is too large (%(size)s MB); the limit is %(limit)s MB.")
                % {"name": original, "size": _megabytes(upload.size), "limit": limit // (1024 * 1024)}
            }
        )
    if not upload.size:
        raise ValidationError({"file": _("%(name)s is empty.") % {"name": original}})
    upload.seek(0)
    try:
        kind = content.detect(upload.file, archive=limits.for_evidence())
    except content.Refused as refusal:
        raise ValidationError({"file": f"{original}: {refusal}"}) from None
    if kind is None:
        raise ValidationError(
            {
                "file": _(
                    "%(name)s is not an accepted kind of file. Accepted: %(kinds)s. The kind is read "
                    "from the file's content, not from its name."
                )
                % {"name": original, "kinds": ACCEPTED_LABELS}
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return Inspected(upload, kind, content.safe_name(original, kind), digest.hexdigest(), upload.size)


def inspect_uploads(uploads: list[UploadedFile]) -> list[Inspected]:
    """Check every file; one bad file refuses the whole lot, listing each problem."""
    inspected, problems = [], []
    for upload in uploads:
        try:
            inspected.append(inspect_upload(upload))
        except ValidationError as error:
            problems.extend(error.message_dict["file"])
    if problems:
        raise ValidationError({"file": problems})
    total, limit = sum(entry.size for entry in inspected), limits.UPLOAD_MAX_REQUEST_BYTES.current()
    if total > limit:
        raise ValidationError(
            {
                "file": _(
                    "The files sent together come to %(size)s MB; at most %(limit)s MB can be sent at once. "
                    "Send them in smaller groups."
                )
                % {"size": _megabytes(total), "limit": limit // (1024 * 1024)}
            }
        )
    return inspected


def check_assessment_total(assessment: Assessment, inspected: list[Inspected]) -> None:
    """All stored files of the assessment, replaced and withdrawn ones included (their bytes are kept),
    with the new ones, stay within NYATA_EVIDENCE_MAX_ASSESSMENT_MB. Bytes shared by the rows of one
    upload to several items count once."""
    stored = sum(
        size
        for _name, size in Evidence.objects.filter(assessment=assessment, kind=Evidence.Kind.FILE)
        .values_list("file", "size")
        .distinct()
    )
    total, limit = (
        stored + sum(entry.size for entry in inspected),
        limits.EVIDENCE_MAX_ASSESSMENT_BYTES.current(),
    )
    if total > limit:
        raise ValidationError(
            {
                "file": _(
                    "The evidence of this assessment would come to %(size)s MB, more than the %(limit)s MB "
                    "an assessment may hold. Ask the Inspektorat administrator."
                )
                % {"size": _megabytes(total), "limit": limit // (1024 * 1024)}
            }
        )


def store_bytes(evidence: Evidence, entry: Inspected) -> None:
    """Write the file's bytes to storage under the evidence's opaque name; a disk that cannot take them
    is the person's clear message, and nothing of the file is left behind (nyata.core.storage)."""
    try:
        evidence.file.save(entry.name, entry.upload, save=False)
    except OSError as error:
        if error.errno in STORAGE_FULL:
            message = _("The server's storage is full: %(name)s was not saved.")
        elif error.errno in STORAGE_READ_ONLY:
            message = _("The server's storage cannot be written to: %(name)s was not saved.")
        else:
            message = _("The server could not store %(name)s.")
        advice = _("Nothing of this upload was kept. Please tell the administrator.")
        raise ValidationError({"file": [f"{message % {'name': entry.name}} {advice}"]}) from error
