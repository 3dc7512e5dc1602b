"""Writes of notifications: `notify` is called at the end of an evaluation action, inside its transaction,
so that the rows commit or roll back with the work they announce; e-mail leaves only after the commit.

The evaluations actions import this module lazily (inside the function), because this app reads the
evaluations models to find whom to tell: evaluations is the lower layer."""

import logging
from collections.abc import Iterable
from datetime import datetime, timedelta

from django.conf import settings
from django.core.mail import EmailMessage, mailers
from django.db import transaction
from django.utils import timezone, translation

from nyata.notifications import recipients
from nyata.notifications.models import Notification
from nyata.notifications.recipients import Message

logger = logging.getLogger(__name__)
Kind = Notification.Kind


def _deliver(kind: str, messages: Iterable[Message]) -> list[Notification]:
    unique: dict[tuple[int, str, str], Message] = {}
    for message in messages:
        unique.setdefault((message.recipient.pk, message.text, message.key), message)
    keyed = [m for m in unique.values() if m.key]
    sent = (
        set(
            Notification.objects.filter(
                recipient_id__in={m.recipient.pk for m in keyed}, key__in={m.key for m in keyed}
            ).values_list("recipient_id", "key")
        )
        if keyed
        else set()
    )
    fresh = [m for m in unique.values() if not m.key or (m.recipient.pk, m.key) not in sent]
    rows = Notification.objects.bulk_create(
        Notification(recipient=m.recipient, kind=kind, message=m.text, url=m.url, key=m.key) for m in fresh
    )
    mails = [
        (f"[Nyata] {Kind(kind).label}", _mail_body(m), settings.DEFAULT_FROM_EMAIL, [m.recipient.email])
        for m in fresh
        if m.recipient.email
    ]
    if mails:
        transaction.on_commit(lambda: _send(mails))
    return rows


def _mail_body(message: Message) -> str:
    link = f"\n\n{settings.NYATA_BASE_URL.rstrip('/')}{message.url}" if message.url else ""
    return f"{message.text}{link}\n\n-- Nyata"


def _send(mails: list) -> None:
    # A mail server that is down must not undo or break the committed work; the in-product list has it.
    try:
        mailers.default.send_messages(
            [EmailMessage(subject, body, sender, to) for subject, body, sender, to in mails]
        )
    except Exception:
        logger.exception("Sending %d notification e-mails failed", len(mails))


def notify(kind: str, *, by=None, assessment=None, clarification=None, period=None) -> list[Notification]:
    """Tell the people concerned that `kind` just happened (see recipients.py for who they are)."""
    with translation.override(settings.LANGUAGE_CODE):
        messages = recipients.BUILDERS[kind](
            by=by, assessment=assessment, clarification=clarification, period=period
        )
        return _deliver(kind, messages)


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


@transaction.atomic
def remind_closing_windows(*, now: datetime | None = None, within: timedelta = timedelta(days=3)) -> int:
    """Remind the people who still have to act that a phase window closes within `within`. Run daily by
    `nyata notify_windows` or its task; each person hears once per window and closing time."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        messages = recipients.closing_windows(now=now, within=within)
        return len(_deliver(Kind.WINDOW_CLOSING, messages))
