"""Writes of evidence (data dukung): attaching files or links, replacing a file, withdrawing one.

Every file is checked before anything is stored: its type by content (nyata.core.files), its size
against NYATA_EVIDENCE_MAX_MB. Several files sent together are accepted together or refused together.

Duplicates (the same SHA-256 already current in the assessment): attaching them to ANOTHER indicator or
checklist item is allowed and flagged, because one document (a decree, a report) often proves several
indicators and a copy would only hide that it is the same; attaching them again to the SAME item is
refused, because it adds nothing and would make the checklist look better proven than it is.
"""

import hashlib
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.core import files as content
from nyata.core.storage import STORAGE_FULL, STORAGE_READ_ONLY
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, require_status, require_window
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Appeal, Assessment, Clarification, Evidence, Phase
from nyata.org.models import User
from nyata.scoring import Node

ACCEPTED_LABELS = ", ".join(kind.label for kind in content.ACCEPTED)


@dataclass(frozen=True)
class Inspected:
    upload: UploadedFile
    kind: content.FileType
    name: str
    sha256: str
    size: int


@dataclass(frozen=True)
class Attached:
    evidence: Evidence
    # Current evidence elsewhere in the same assessment with the same bytes (flagged to the person).
    duplicates: tuple[Evidence, ...]


def _megabytes(size: int) -> str:
    return f"{size / (1024 * 1024):.1f}".replace(".", ",")


def inspect_upload(upload: UploadedFile) -> Inspected:
    """Check one uploaded file; raise ValidationError (key "file") saying which file and why."""
    original = upload.name or ""
    limit = settings.NYATA_EVIDENCE_MAX_BYTES
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
    kind = content.detect(upload.file)
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
    return inspected


def _node(assessment: Assessment, indicator: str, item: str, *, self_assessment: bool) -> Node:
    node = indicators_of(assessment.period.instrument).get(indicator)
    if node is None:
        raise ValidationError(_("Unknown indicator %(code)s.") % {"code": indicator})
    # In the worksheet, evidence proves a checklist item; an indicator without a checklist takes it as a
    # whole (empty item). A clarification answer or an appeal may prove the indicator as a whole.
    if self_assessment and node.evidence and not item:
        raise ValidationError({"item": _("Choose the checklist item this evidence proves.")})
    if item and item not in {entry.code for entry in node.evidence}:
        raise ValidationError(
            {"item": _("%(item)s is not on the checklist of %(code)s.") % {"item": item, "code": indicator}}
        )
    return node


def _require_stage(assessment: Assessment, *, clarification, appeal) -> None:
    """The lock, the phase window and the stage that allow attaching evidence now."""
    period, unit_id = assessment.period, assessment.unit_id
    if clarification is not None:
        require_window(period, Phase.CLARIFICATION, unit_id=unit_id)
        if (
            clarification.assessment_id != assessment.pk
            or clarification.status == Clarification.Status.CLOSED
        ):
            raise ValidationError(_("This clarification request no longer takes answers."))
        return
    if appeal is not None:
        require_window(period, Phase.APPEAL, unit_id=unit_id)
        if appeal.assessment_id != assessment.pk or appeal.decision != Appeal.Decision.PENDING:
            raise ValidationError(_("This appeal has already been decided."))
        return
    require_window(period, Phase.SELF_ASSESSMENT, unit_id=unit_id)
    require_status(fresh(assessment), Assessment.Status.SELF_ASSESSMENT)


def _check_replaces(replaces: Evidence | None, *, assessment, indicator: str, item: str) -> None:
    if replaces is None:
        return
    same_place = (replaces.assessment_id, replaces.indicator, replaces.item) == (
        assessment.pk,
        indicator,
        item,
    )
    current = Evidence.objects.filter(pk=replaces.pk, is_current=True).exists()
    if not same_place or not current:
        raise ValidationError(_("Only a current file of the same checklist item can be replaced."))


def _retire(replaces: Evidence | None, *, by: User) -> None:
    if replaces is not None:
        replaces.is_current = False
        replaces._history_user = by
        replaces.save(update_fields=["is_current"])


def _duplicates(assessment, sha256: str, *, indicator: str, item: str, replaces) -> tuple[Evidence, ...]:
    same = Evidence.objects.filter(assessment=assessment, sha256=sha256, is_current=True)
    if replaces is not None:
        same = same.exclude(pk=replaces.pk)
    found = tuple(same)
    if any(e.indicator == indicator and e.item == item for e in found):
        raise ValidationError(
            {"file": _("This file is already attached to this checklist item; it was not added again.")}
        )
    return found


def _stored_bytes(evidence: Evidence, entry: Inspected) -> None:
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


def attach_files(
    *,
    assessment: Assessment,
    indicator: str,
    item: str,
    uploads: list[UploadedFile],
    effective_date: date | None,
    by: User,
    clarification: Clarification | None = None,
    appeal: Appeal | None = None,
    replaces: Evidence | None = None,
) -> list[Attached]:
    """Attach one or more files to a checklist item, all or none.

    The bytes are written before the transaction, not inside it: on SQLite the transaction holds the
    database's one write lock, and writing megabytes under it would make every other writer wait. If the
    transaction then fails, the files written for it are removed; if the worker dies in between, the files
    are left without a row, which `nyata cleanup_media` finds and removes. A row never lacks its file.
    """
    if not uploads:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if replaces is not None and len(uploads) != 1:
        raise ValidationError({"file": _("A file is replaced by exactly one new file.")})
    inspected = inspect_uploads(uploads)
    seen: set[str] = set()
    for entry in inspected:
        if entry.sha256 in seen:
            raise ValidationError(
                {"file": _("The same file was chosen twice: %(name)s.") % {"name": entry.name}}
            )
        seen.add(entry.sha256)
    prepared: list[tuple[Evidence, Inspected]] = []
    try:
        for entry in inspected:
            evidence = Evidence(
                assessment=assessment,
                indicator=indicator,
                item=item,
                clarification=clarification,
                appeal=appeal,
                kind=Evidence.Kind.FILE,
                name=entry.name,
                content_type=entry.kind.mime,
                size=entry.size,
                sha256=entry.sha256,
                effective_date=effective_date,
                replaces=replaces,
                uploaded_by=by,
            )
            _stored_bytes(evidence, entry)
            prepared.append((evidence, entry))
        with transaction.atomic():
            _require_stage(assessment, clarification=clarification, appeal=appeal)
            _node(assessment, indicator, item, self_assessment=clarification is None and appeal is None)
            _check_replaces(replaces, assessment=assessment, indicator=indicator, item=item)
            results = []
            for evidence, entry in prepared:
                duplicates = _duplicates(
                    assessment, entry.sha256, indicator=indicator, item=item, replaces=replaces
                )
                _retire(replaces, by=by)
                evidence._history_user = by
                evidence.save()
                record(
                    assessment,
                    by=by,
                    kind="evidence_replaced" if replaces else "evidence_attached",
                    indicator=indicator,
                    after={"item": item, "name": entry.name, "sha256": entry.sha256},
                )
                results.append(Attached(evidence, duplicates))
            return results
    except BaseException:
        # The rows were rolled back (or never written): remove the bytes written for them.
        for evidence, _entry in prepared:
            evidence.file.storage.delete(evidence.file.name)
        raise


@transaction.atomic
def attach_link(
    *,
    assessment: Assessment,
    indicator: str,
    item: str,
    url: str,
    name: str = "",
    effective_date: date | None,
    by: User,
    clarification: Clarification | None = None,
    appeal: Appeal | None = None,
) -> Attached:
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("Enter a full web address starting with https:// or http://.")}
        ) from None
    _require_stage(assessment, clarification=clarification, appeal=appeal)
    _node(assessment, indicator, item, self_assessment=clarification is None and appeal is None)
    if Evidence.objects.filter(
        assessment=assessment, indicator=indicator, item=item, url=url, is_current=True
    ).exists():
        raise ValidationError({"url": _("This link is already attached to this checklist item.")})
    evidence = Evidence(
        assessment=assessment,
        indicator=indicator,
        item=item,
        clarification=clarification,
        appeal=appeal,
        kind=Evidence.Kind.LINK,
        url=url,
        name=(name.strip() or url)[:200],
        effective_date=effective_date,
        uploaded_by=by,
    )
    evidence._history_user = by
    evidence.save()
    record(assessment, by=by, kind="evidence_attached", indicator=indicator, after={"item": item, "url": url})
    return Attached(evidence, ())


def attach_evidence(
    *,
    assessment: Assessment,
    indicator: str,
    item: str,
    upload: UploadedFile | None = None,
    url: str = "",
    effective_date: date | None,
    by: User,
    clarification: Clarification | None = None,
    appeal: Appeal | None = None,
    replaces: Evidence | None = None,
) -> Attached:
    """Attach one file or one link. Reused for clarification answers and appeals: pass the record, and
    the clarification or appeal window is checked instead of the self-assessment one. Permission is the
    caller's check (evidence.attach for self-assessment, evaluations.respond for the others)."""
    if (upload is None) == (not url):
        raise ValidationError({"file": _("Attach either a file or a link.")})
    if upload is not None:
        return attach_files(
            assessment=assessment,
            indicator=indicator,
            item=item,
            uploads=[upload],
            effective_date=effective_date,
            by=by,
            clarification=clarification,
            appeal=appeal,
            replaces=replaces,
        )[0]
    return attach_link(
        assessment=assessment,
        indicator=indicator,
        item=item,
        url=url,
        effective_date=effective_date,
        by=by,
        clarification=clarification,
        appeal=appeal,
    )


@transaction.atomic
def withdraw_evidence(*, evidence: Evidence, by: User) -> Evidence:
    """Take a file or link off the checklist during self-assessment; the row and its bytes are kept."""
    _require_stage(evidence.assessment, clarification=None, appeal=None)
    if evidence.clarification_id or evidence.appeal_id:
        raise ValidationError(_("Evidence sent with a clarification or an appeal stays on record."))
    if not Evidence.objects.filter(pk=evidence.pk, is_current=True).exists():
        raise ValidationError(_("This file was already replaced or withdrawn."))
    _retire(evidence, by=by)
    record(
        evidence.assessment,
        by=by,
        kind="evidence_withdrawn",
        indicator=evidence.indicator,
        before={"item": evidence.item, "name": evidence.name},
    )
    return evidence
