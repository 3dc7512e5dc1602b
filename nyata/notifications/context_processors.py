from django.utils.functional import SimpleLazyObject

from nyata.notifications.queries import unread_count


def unread(request) -> dict:
    """The header's badge: one COUNT query per page that shows it, only for signed-in people."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Counted when a template shows it: htmx fragments (an autosave's answer) never do.
    return {"notifications_unread": SimpleLazyObject(lambda: unread_count(user))}
