from nyata.notifications.queries import unread_count


def unread(request) -> dict:
    """The header's badge: one COUNT query per page, only for signed-in people."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {"notifications_unread": unread_count(user)}
