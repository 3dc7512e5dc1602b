"""Writes of evidence (data dukung): attaching files or links, replacing a file, withdrawing one.

Every file is checked before anything is stored: its type by content (nyata.core.files, which refuses
office files with macros and archives that unpack beyond NYATA_EVIDENCE_MAX_UNPACKED_MB), its size against
NYATA_EVIDENCE_MAX_MB, the files sent together against NYATA_UPLOAD_MAX_REQUEST_MB and all files of the
assessment against NYATA_EVIDENCE_MAX_ASSESSMENT_MB (nyata.core.limits). Several files sent together are
accepted together or refused together.
One upload may prove several checklist items at once (targets): each gets its own evidence row, and
the bytes are stored once and shared by those rows (evidence rows are never deleted, so shared bytes
are never removed from under one of them).

A validity date (effective_date: the date the document was signed or took effect) is required in
self-assessment where a target's checklist item says the date matters (`dated: true` in the instrument,
docs/instrument-extensions.md), and optional elsewhere.

Duplicates (the same SHA-256 already current in the assessment): attaching them to ANOTHER indicator or
checklist item is allowed and flagged, because one document (a decree, a report) often proves several
indicators and a copy would only hide that it is the same; attaching them again to the SAME item is
refused, because it adds nothing and would make the checklist look better proven than it is.
"""

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.actions.uploads import (
    MAX_FILES_AT_ONCE,
    Inspected,
    check_assessment_total,
    inspect_uploads,
    store_bytes,
)
from nyata.evaluations.guards import fresh, require_status, require_window
from nyata.evaluations.instrument import indicators_for
from nyata.evaluations.models import Appeal, Assessment, Clarification, Evidence, Phase
from nyata.org.models import User
from nyata.scoring import Node


@dataclass(frozen=True)
class Attached:
    evidence: Evidence
    # Current evidence elsewhere in the same assessment with the same bytes (flagged to the person).
    duplicates: tuple[Evidence, ...]


# Bounds checked before any work: how many checklist items one upload may prove.
MAX_TARGETS = 50

type Target = tuple[str, str]  # (indicator code, checklist item code; "" for the indicator as a whole)


def _node(assessment: Assessment, indicator: str, item: str, *, self_assessment: bool) -> Node:
    node = indicators_for(assessment.period).get(indicator)
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


def _targets(assessment: Assessment, targets: list[Target], *, self_assessment: bool) -> list[Target]:
    """The targets, each checked, duplicates dropped, in the order given."""
    unique = list(dict.fromkeys(targets))
    if not unique:
        raise ValidationError({"item": _("Choose the checklist item this evidence proves.")})
    if len(unique) > MAX_TARGETS:
        raise ValidationError(
            {"item": _("One upload proves at most %(limit)d checklist items.") % {"limit": MAX_TARGETS}}
        )
    for indicator, item in unique:
        _node(assessment, indicator, item, self_assessment=self_assessment)
    return unique


def _require_date(assessment: Assessment, targets: list[Target], effective_date: date | None) -> None:
    """In self-assessment, a checklist item marked `dated` needs the document's validity date."""
    if effective_date is not None:
        return
    nodes = indicators_for(assessment.period)
    dated = [
        f"{indicator} / {entry.title}"
        for indicator, item in targets
        for entry in nodes[indicator].evidence
        if entry.code == item and entry.dated
    ]
    if dated:
        raise ValidationError(
            {
                "effective_date": _(
                    "Enter the document's effective date (the date it was signed or took effect): "
                    "%(items)s asks for it."
                )
                % {"items": "; ".join(dated)}
            }
        )


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


def _check_replaces(replaces: Evidence | None, *, assessment, targets: list[Target]) -> None:
    if replaces is None:
        return
    if len(targets) != 1:
        raise ValidationError({"item": _("A file is replaced at one checklist item only.")})
    indicator, item = targets[0]
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


def _place(indicator: str, item: str) -> str:
    return f"{indicator} / {item}" if item else indicator


def _duplicates(assessment, entry: Inspected, *, targets: list[Target], replaces) -> tuple[Evidence, ...]:
    """Current evidence elsewhere with the same bytes; refused where it is already at a target."""
    same = Evidence.objects.filter(assessment=assessment, sha256=entry.sha256, is_current=True)
    if replaces is not None:
        same = same.exclude(pk=replaces.pk)
    found = tuple(same)
    here = [
        f"{e.indicator}{' / ' + e.item if e.item else ''}" for e in found if (e.indicator, e.item) in targets
    ]
    if here:
        raise ValidationError(
            {
                "file": _("%(name)s is already attached at %(places)s; nothing was added.")
                % {"name": entry.name, "places": ", ".join(here)}
            }
        )
    return found


def attach_files_to(
    *,
    assessment: Assessment,
    targets: list[Target],
    uploads: list[UploadedFile],
    effective_date: date | None,
    by: User,
    clarification: Clarification | None = None,
    appeal: Appeal | None = None,
    replaces: Evidence | None = None,
) -> list[Attached]:
    """Attach one or more files to one or more checklist items, all or none."""
    if not uploads:
        raise ValidationError({"file": _("Choose a file to upload.")})
    if len(uploads) > MAX_FILES_AT_ONCE:
        raise ValidationError(
            {"file": _("At most %(limit)d files at once, please.") % {"limit": MAX_FILES_AT_ONCE}}
        )
    if replaces is not None and len(uploads) != 1:
        raise ValidationError({"file": _("A file is replaced by exactly one new file.")})
    self_assessment = clarification is None and appeal is None
    targets = _targets(assessment, targets, self_assessment=self_assessment)
    # The date and every file are judged together, so that one round trip shows all there is to fix.
    problems: dict[str, list[str]] = {}
    if self_assessment:
        try:
            _require_date(assessment, targets, effective_date)
        except ValidationError as error:
            problems.update(error.message_dict)
    try:
        inspected = inspect_uploads(uploads)
    except ValidationError as error:
        problems.update(error.message_dict)
    if problems:
        raise ValidationError(problems)
    seen: set[str] = set()
    for entry in inspected:
        if entry.sha256 in seen:
            raise ValidationError(
                {"file": _("The same file was chosen twice: %(name)s.") % {"name": entry.name}}
            )
        seen.add(entry.sha256)
    # The bytes are written before the transaction, not inside it: on SQLite the transaction holds the
    # database's one write lock, and writing megabytes under it would make every other writer wait. If the
    # transaction then fails, the files written for it are removed; if the worker dies in between, the
    # files are left without a row, which `nyata cleanup_media` finds and removes. A row never lacks its
    # file. Each file's bytes are stored once, shared by the rows of every target.
    written: list[tuple[Evidence, Inspected]] = []
    try:
        for entry in inspected:
            holder = Evidence(assessment=assessment, kind=Evidence.Kind.FILE, name=entry.name)
            store_bytes(holder, entry)
            written.append((holder, entry))
        with transaction.atomic():
            _require_stage(assessment, clarification=clarification, appeal=appeal)
            _check_replaces(replaces, assessment=assessment, targets=targets)
            check_assessment_total(assessment, inspected)
            duplicates = {
                entry.sha256: _duplicates(assessment, entry, targets=targets, replaces=replaces)
                for entry in inspected
            }
            _retire(replaces, by=by)
            results = []
            for holder, entry in written:
                for indicator, item in targets:
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
                    evidence.file.name = holder.file.name
                    evidence._history_user = by
                    evidence.save()
                    record(
                        assessment,
                        by=by,
                        kind="evidence_replaced" if replaces else "evidence_attached",
                        indicator=indicator,
                        after={"item": item, "name": entry.name, "sha256": entry.sha256},
                    )
                    results.append(Attached(evidence, duplicates[entry.sha256]))
            return results
    except BaseException:
        # The rows were rolled back (or never written): remove the bytes written for them.
        for holder, _entry in written:
            holder.file.storage.delete(holder.file.name)
        raise


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
    """Attach one or more files to one checklist item, all or none."""
    return attach_files_to(
        assessment=assessment,
        targets=[(indicator, item)],
        uploads=uploads,
        effective_date=effective_date,
        by=by,
        clarification=clarification,
        appeal=appeal,
        replaces=replaces,
    )


@transaction.atomic
def attach_link_to(
    *,
    assessment: Assessment,
    targets: list[Target],
    url: str,
    name: str = "",
    effective_date: date | None,
    by: User,
    clarification: Clarification | None = None,
    appeal: Appeal | None = None,
) -> list[Attached]:
    """Attach one link to one or more checklist items."""
    url = url.strip()
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        raise ValidationError(
            {"url": _("Enter a full web address starting with https:// or http://.")}
        ) from None
    self_assessment = clarification is None and appeal is None
    targets = _targets(assessment, targets, self_assessment=self_assessment)
    if self_assessment:
        _require_date(assessment, targets, effective_date)
    _require_stage(assessment, clarification=clarification, appeal=appeal)
    results = []
    for indicator, item in targets:
        if Evidence.objects.filter(
            assessment=assessment, indicator=indicator, item=item, url=url, is_current=True
        ).exists():
            raise ValidationError(
                {"url": _("This link is already attached at %(place)s.") % {"place": _place(indicator, item)}}
            )
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
        record(
            assessment, by=by, kind="evidence_attached", indicator=indicator, after={"item": item, "url": url}
        )
        results.append(Attached(evidence, ()))
    return results


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
    return attach_link_to(
        assessment=assessment,
        targets=[(indicator, item)],
        url=url,
        name=name,
        effective_date=effective_date,
        by=by,
        clarification=clarification,
        appeal=appeal,
    )[0]


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
