"""`{% load clinic_time %}`: how long something waited, in words ("2 hari 3 jam")."""

from datetime import timedelta

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.filter
def duration(value: timedelta | None) -> str:
    if value is None:
        return "—"
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, minutes = divmod(rest, 60)
    if days:
        text = ngettext("%(count)d day", "%(count)d days", days) % {"count": days}
        if hours:
            text += " " + ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
        return text
    if hours:
        return ngettext("%(count)d hour", "%(count)d hours", hours) % {"count": hours}
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


@register.filter
def waited_long(value: timedelta | None) -> bool:
    """Three working days is what the desk aims at; beyond it the age is shown as late."""
    return value is not None and value > timedelta(days=3)
