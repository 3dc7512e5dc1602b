"""Reads: a person sees their own notifications only."""

from django.db.models import QuerySet
from django.http import Http404

from nyata.notifications.models import Notification


def notifications_for_user(user) -> QuerySet[Notification]:
    return Notification.objects.filter(recipient=user)


def get_notification_for_user(user, pk: int) -> Notification:
    found = Notification.objects.filter(recipient=user, pk=pk).first()
    if found is None:
        raise Http404
    return found


def unread_count(user) -> int:
    return Notification.objects.filter(recipient=user, read_at=None).count()
