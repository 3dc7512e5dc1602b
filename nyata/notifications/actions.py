"""Writes of notifications. `deliver` is the one public way in: an app that knows why someone must be told
builds the messages and calls it inside its own transaction, so that the rows commit or roll back with the
work they announce; e-mail leaves only after the commit."""

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone

from nyata.notifications.kinds import KINDS, label_of
from nyata.notifications.models import Notification

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Message:
    recipient: object  # a User
    text: str
    url: str
    key: str = ""  # set for reminders that reach a person once only
    # Files sent with the e-mail only, as (file name, bytes, MIME type): e.g. a session's calendar file.
    attachments: tuple[tuple[str, bytes, str], ...] = ()


def deliver(*, kind: str, messages: Iterable[Message]) -> list[Notification]:
    """Store one notification per message (the same text to the same person once; a keyed message once per
    person ever) and e-mail those whose recipient has an address, after the commit."""
    if kind not in KINDS:
        raise ValueError(f"unknown notification kind {kind!r}: register it in nyata.notifications.kinds")
    unique: dict[tuple[int, str, str], Message] = {}
    for message in messages:
        unique.setdefault((message.recipient.pk, message.text, message.key), message)
    fresh = _not_sent_before(list(unique.values()))
    rows = Notification.objects.bulk_create(
        Notification(recipient=m.recipient, kind=kind, message=m.text, url=m.url, key=m.key) for m in fresh
    )
    mails = [
        (
            f"[Nyata] {label_of(kind)}",
            _mail_body(m),
            settings.DEFAULT_FROM_EMAIL,
            [m.recipient.email],
            m.attachments,
        )
        for m in fresh
        if m.recipient.email
    ]
    if mails:
        transaction.on_commit(lambda: _send(mails))
    return rows


def _not_sent_before(messages: list[Message]) -> list[Message]:
    keyed = [m for m in messages if m.key]
    if not keyed:
        return messages
    sent = set(
        Notification.objects.filter(
            recipient_id__in={m.recipient.pk for m in keyed}, key__in={m.key for m in keyed}
        ).values_list("recipient_id", "key")
    )
    return [m for m in messages if not m.key or (m.recipient.pk, m.key) not in sent]


def _mail_body(message: Message) -> str:
    link = f"\n\n{settings.NYATA_BASE_URL.rstrip('/')}{message.url}" if message.url else ""
    return f"{message.text}{link}\n\n-- Nyata"


def _send(mails: list) -> None:
    # A mail server that is down must not undo or break the committed work; the in-product list has it.
    try:
        mailers.default.send_messages(
            [
                EmailMessage(subject, body, sender, to, attachments=list(files))
                for subject, body, sender, to, files in mails
            ]
        )
    except Exception:
        logger.exception("Sending %d notification e-mails failed", len(mails))


@transaction.atomic
def mark_read(*, notification: Notification, by) -> Notification:
    if notification.recipient_id != by.pk:
        raise PermissionError("a notification is marked read by its recipient only")
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    return notification


@transaction.atomic
def mark_all_read(*, by) -> int:
    return Notification.objects.filter(recipient=by, read_at=None).update(read_at=timezone.now())
