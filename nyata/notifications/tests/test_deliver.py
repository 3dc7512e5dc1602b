"""The ground-floor service: deliver, list, mark read. It knows no evaluation; the kinds are registered by
the apps that send them (here a kind of the tests' own)."""

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.notifications.actions import Message, deliver
from nyata.notifications.kinds import register
from nyata.notifications.models import Notification

TOLD = register("test_told", "Told in a test")


def test_deliver_stores_one_row_per_person_and_message_and_mails_after_the_commit(
    opd_head, opd_operator, django_capture_on_commit_callbacks
):
    opd_head.email, opd_operator.email = "kepala@example.org", ""
    with django_capture_on_commit_callbacks(execute=True):
        rows = deliver(
            kind=TOLD,
            messages=[
                Message(opd_head, "Halo", "/a/"),
                Message(opd_head, "Halo", "/a/"),  # the same text to the same person once
                Message(opd_operator, "Halo", "/a/"),
            ],
        )
        assert len(rows) == 2
        assert mail.outbox == []  # nothing leaves before the work it announces is committed
    assert [m.to for m in mail.outbox] == [["kepala@example.org"]]
    assert mail.outbox[0].subject == "[Nyata] Told in a test"
    assert Notification.objects.get(recipient=opd_head).kind_label == "Told in a test"


def test_a_keyed_message_reaches_a_person_once_ever(opd_head):
    for _ in range(2):
        deliver(kind=TOLD, messages=[Message(opd_head, "Jendela ditutup", "", key="window:1")])
    assert Notification.objects.filter(recipient=opd_head).count() == 1


def test_an_unregistered_kind_is_refused(opd_head):
    with pytest.raises(ValueError, match="never_registered"):
        deliver(kind="never_registered", messages=[Message(opd_head, "x", "")])
    assert not Notification.objects.exists()


def test_the_header_badge_counts_unread_in_one_query(client, opd_head):
    Notification.objects.bulk_create(
        Notification(recipient=opd_head, kind=TOLD, message=f"Pesan {i}") for i in range(3)
    )
    client.force_login(opd_head)
    from nyata.notifications.context_processors import unread

    request = client.get(reverse("notifications:list")).wsgi_request
    with CaptureQueriesContext(connection) as queries:
        assert unread(request) == {"notifications_unread": 3}
    assert len(queries) == 1
    page = client.get(reverse("home")).content.decode()
    # Seen as a number, heard as "3 belum dibaca" (the digit itself is hidden from screen readers).
    assert (
        '<span class="badge unread"><span aria-hidden="true">3</span>'
        '<span class="visually-hidden">3 belum dibaca</span></span>'
    ) in page


def test_opening_a_notification_marks_it_read_and_follows_its_link(client, opd_head, opd_operator):
    mine = Notification.objects.create(
        recipient=opd_head, kind=TOLD, message="Pesan untuk kepala", url="/i/x/evaluasi/"
    )
    theirs = Notification.objects.create(recipient=opd_operator, kind=TOLD, message="Pesan untuk operator")
    client.force_login(opd_head)
    response = client.post(reverse("notifications:open", args=[mine.pk]))
    assert response["Location"] == "/i/x/evaluasi/"
    mine.refresh_from_db()
    assert mine.read_at is not None
    assert client.post(reverse("notifications:open", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.read_at is None
    page = client.get(reverse("notifications:list")).content.decode()
    assert "Pesan untuk kepala" in page
    assert "Pesan untuk operator" not in page


def test_a_notification_link_to_another_site_is_not_followed(client, opd_head):
    note = Notification.objects.create(
        recipient=opd_head, kind=TOLD, message="x", url="https://jahat.example/"
    )
    client.force_login(opd_head)
    assert client.post(reverse("notifications:open", args=[note.pk]))["Location"] == reverse(
        "notifications:list"
    )


def test_mark_all_read(client, opd_head):
    Notification.objects.bulk_create(
        Notification(recipient=opd_head, kind=TOLD, message="x") for _ in range(2)
    )
    client.force_login(opd_head)
    client.post(reverse("notifications:read-all"))
    assert opd_head.notifications.filter(read_at=None).count() == 0
