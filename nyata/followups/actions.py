"""Writes of follow-up: keyword-only, atomic, on the item's timeline (Step), notified through notices.

Files are checked as the worksheet's evidence is, before anything is stored (nyata.evaluations.actions.
uploads.inspect_uploads: type by content, per-file and per-request size, archives by their declared sizes),
and the follow-up files of one assessment together stay within NYATA_EVIDENCE_MAX_ASSESSMENT_MB."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.core import limits
from nyata.evaluations.actions.uploads import Inspected, inspect_uploads
from nyata.evaluations.models import Assessment, Period, Recommendation
from nyata.evaluations.rules import is_published
from nyata.followups import notices
from nyata.followups.dates import today_in
from nyata.followups.models import Attachment, Item, Report, Schedule, Step
from nyata.org.models import Membership, Role, User

MAX_LINKS = 10
MAX_TEXT = 5000


def _step(item: Item, *, by: User | None, kind: str, before=None, after=None, note: str = "") -> Step:
    return Step.objects.create(item=item, actor=by, kind=kind, before=before, after=after, note=note)


def _state(item: Item) -> dict:
    return {"status": item.status, "stage": item.stage}


def _fresh(item: Item) -> Item:
    """The item as stored now, locked for the rest of the transaction (two verifiers never race)."""
    return (
        Item.objects.select_for_update(of=("self",))
        .select_related("period__instansi", "unit", "owner")
        .get(pk=item.pk)
    )


def _save(item: Item, by: User, fields: list[str]) -> None:
    item._history_user = by
    item.save(update_fields=fields)


def _text(value: str, *, field: str, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ValidationError({field: [_("This field is required.")]})
    if len(value) > MAX_TEXT:
        raise ValidationError({field: [_("At most %(n)d characters.") % {"n": MAX_TEXT}]})
    return value


# --- opening -------------------------------------------------------------------------------------------


@transaction.atomic
def open_follow_up(*, period: Period, default_due: date, by: User) -> list[Item]:
    """Every rekomendasi of the period's published results that has no item yet becomes one, due on the
    period's default date; run again after more units are published, it adds theirs. Changing the default
    later moves the due date of the items that still carry the old default and are not closed."""
    if default_due <= today_in(period.instansi):
        raise ValidationError({"default_due": [_("The default due date must fall after today.")]})
    schedule = Schedule.objects.filter(period=period).first()
    if schedule is None:
        schedule = Schedule.objects.create(period=period, default_due=default_due, opened_by=by)
    elif schedule.default_due != default_due:
        moved = Item.objects.filter(period=period, due=schedule.default_due).exclude(stage=Item.Stage.CLOSED)
        for item in moved:
            _step(
                item,
                by=by,
                kind="due_changed",
                before={"due": str(item.due)},
                after={"due": str(default_due)},
            )
        moved.update(due=default_due)
        schedule.default_due = default_due
        schedule.save(update_fields=["default_due"])
    published = [
        a for a in Assessment.objects.filter(period=period).select_related("period") if is_published(a)
    ]
    if not published:
        raise ValidationError(_("No result of this period is published yet: there is nothing to follow up."))
    fresh = Recommendation.objects.filter(
        finding__assessment__in=published, follow_up__isnull=True
    ).select_related("finding__assessment")
    items = [
        Item(
            recommendation=recommendation,
            assessment=recommendation.finding.assessment,
            unit_id=recommendation.finding.assessment.unit_id,
            period=period,
            node=recommendation.finding.node,
            due=default_due,
        )
        for recommendation in fresh.order_by("finding__assessment__unit__name", "finding__node", "position")
    ]
    created = Item.objects.bulk_create(items)
    Step.objects.bulk_create(Step(item=item, actor=by, kind="opened", after=_state(item)) for item in created)
    for item in created:
        item.period = period
    notices.opened(created)
    return created


# --- the OPD -------------------------------------------------------------------------------------------


@transaction.atomic
def assign_owner(*, item: Item, owner: User | None, by: User) -> Item:
    """The person responsible in the OPD: one of the unit's own staff."""
    item = _fresh(item)
    if item.is_closed:
        raise ValidationError(_("This follow-up is closed."))
    if (
        owner is not None
        and not Membership.objects.filter(
            user=owner,
            unit_id=item.unit_id,
            role__in=[Role.OPD_HEAD, Role.OPD_OPERATOR],
            user__is_active=True,
        ).exists()
    ):
        raise ValidationError({"owner": [_("Choose a person of %(unit)s.") % {"unit": item.unit.name}]})
    before = {"owner": item.owner.name if item.owner else ""}
    item.owner = owner
    _save(item, by, ["owner"])
    _step(item, by=by, kind="owner_assigned", before=before, after={"owner": owner.name if owner else ""})
    return item


def _check_links(urls: list[str]) -> list[str]:
    urls = [url.strip() for url in urls if url.strip()]
    if len(urls) > MAX_LINKS:
        raise ValidationError({"links": [_("At most %(n)d links at once.") % {"n": MAX_LINKS}]})
    for url in urls:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise ValidationError(
                {
                    "links": [
                        _("%(url)s is not a full web address starting with https:// or http://.")
                        % {"url": url}
                    ]
                }
            ) from None
    return urls


def _check_total(item: Item, inspected: list[Inspected]) -> None:
    stored = Attachment.objects.filter(
        report__item__assessment_id=item.assessment_id, kind=Attachment.Kind.FILE
    )
    total = (stored.aggregate(total=Sum("size"))["total"] or 0) + sum(entry.size for entry in inspected)
    limit = limits.EVIDENCE_MAX_ASSESSMENT_BYTES.current()
    if total > limit:
        raise ValidationError(
            {
                "file": [
                    _(
                        "The follow-up files of this unit would come to more than the %(limit)s MB an "
                        "assessment may hold. Ask the Inspektorat administrator."
                    )
                    % {"limit": limit // (1024 * 1024)}
                ]
            }
        )


def report_follow_up(
    *, item: Item, text: str, uploads: list[UploadedFile], links: list[str], by: User
) -> Report:
    """What the OPD did, with at least one file or link, sent to the Inspektorat for verification; all or
    nothing (a refused file stores nothing)."""
    text = _text(text, field="text")
    urls = _check_links(links)
    inspected = inspect_uploads(uploads) if uploads else []
    if not inspected and not urls:
        raise ValidationError({"file": [_("Attach at least one file or link as evidence of what was done.")]})
    stored: list[Attachment] = []
    try:
        with transaction.atomic():
            item = _fresh(item)
            if item.stage != Item.Stage.WITH_OPD:
                raise ValidationError(
                    _("This follow-up is %(stage)s: it takes no report now.")
                    % {"stage": Item.Stage(item.stage).label.lower()}
                )
            _check_total(item, inspected)
            report = Report.objects.create(item=item, text=text, reported_by=by)
            seen: set[str] = set()
            for entry in inspected:
                if entry.sha256 in seen:
                    raise ValidationError(
                        {"file": [_("The same file was chosen twice: %(name)s.") % {"name": entry.name}]}
                    )
                seen.add(entry.sha256)
                attachment = Attachment(
                    report=report,
                    kind=Attachment.Kind.FILE,
                    name=entry.name,
                    content_type=entry.kind.mime,
                    size=entry.size,
                    sha256=entry.sha256,
                    uploaded_by=by,
                )
                attachment.file.save(entry.name, entry.upload, save=False)
                stored.append(attachment)
                attachment.save()
            for url in urls:
                Attachment.objects.create(
                    report=report, kind=Attachment.Kind.LINK, url=url, name=url[:200], uploaded_by=by
                )
            before = _state(item)
            item.stage = Item.Stage.VERIFYING
            _save(item, by, ["stage"])
            _step(item, by=by, kind="reported", before=before, after=_state(item), note=text)
            notices.reported(item)
            return report
    except BaseException:
        for attachment in stored:  # the rows were rolled back: remove their bytes too
            attachment.file.storage.delete(attachment.file.name)
        raise


# --- the Inspektorat -----------------------------------------------------------------------------------


@transaction.atomic
def set_due(*, item: Item, due: date, reason: str, by: User) -> Item:
    item = _fresh(item)
    if item.is_closed:
        raise ValidationError(_("This follow-up is closed."))
    reason = _text(reason, field="reason")
    before = {"due": str(item.due)}
    item.due = due
    _save(item, by, ["due"])
    _step(item, by=by, kind="due_changed", before=before, after={"due": str(due)}, note=reason)
    return item


@transaction.atomic
def verify_follow_up(*, item: Item, status: str, note: str, by: User) -> Item:
    """The Inspektorat's verdict on a reported item. Sesuai closes it; belum sesuai / dalam proses and
    belum ditindaklanjuti give it back to the OPD; tidak dapat ditindaklanjuti needs the reason (the note)
    and waits for the Inspektur's approval."""
    item = _fresh(item)
    if item.stage != Item.Stage.VERIFYING:
        raise ValidationError(_("Only a reported follow-up is verified."))
    if status not in Item.Status.values:
        raise ValidationError({"status": [_("Choose a status.")]})
    note = _text(note, field="note", required=status != Item.Status.DONE)
    before = _state(item)
    item.status, item.note = status, note
    if status == Item.Status.DONE:
        item.stage, item.closed_at = Item.Stage.CLOSED, timezone.now()
    elif status == Item.Status.CANNOT:
        item.stage, item.reason = Item.Stage.APPROVAL, note
    else:
        item.stage = Item.Stage.WITH_OPD
    _save(item, by, ["status", "stage", "note", "reason", "closed_at"])
    _step(item, by=by, kind="verified", before=before, after=_state(item), note=note)
    if item.stage == Item.Stage.APPROVAL:
        notices.approval_needed(item)
    else:
        notices.verified(item)
    return item


@transaction.atomic
def return_follow_up(*, item: Item, note: str, by: User) -> Item:
    """Back to the OPD with a note, its status unchanged (the report does not yet say enough to judge)."""
    item = _fresh(item)
    if item.stage != Item.Stage.VERIFYING:
        raise ValidationError(_("Only a reported follow-up is returned."))
    note = _text(note, field="note")
    before = _state(item)
    item.stage, item.note = Item.Stage.WITH_OPD, note
    _save(item, by, ["stage", "note"])
    _step(item, by=by, kind="returned", before=before, after=_state(item), note=note)
    notices.returned(item, note)
    return item


@transaction.atomic
def decide_exemption(*, item: Item, approve: bool, note: str, by: User) -> Item:
    """The Inspektur approves "tidak dapat ditindaklanjuti" (the item closes) or refuses it (back to the
    OPD as in progress, with the note)."""
    item = _fresh(item)
    if item.stage != Item.Stage.APPROVAL:
        raise ValidationError(_("No approval is pending on this follow-up."))
    note = _text(note, field="note", required=not approve)
    before = _state(item)
    if approve:
        item.stage, item.approved_by, item.closed_at = Item.Stage.CLOSED, by, timezone.now()
    else:
        item.stage, item.status, item.reason, item.note = (
            Item.Stage.WITH_OPD,
            Item.Status.IN_PROGRESS,
            "",
            note,
        )
    _save(item, by, ["stage", "status", "reason", "note", "approved_by", "closed_at"])
    _step(
        item,
        by=by,
        kind="exemption_approved" if approve else "exemption_refused",
        before=before,
        after=_state(item),
        note=note,
    )
    notices.verified(item)
    return item
