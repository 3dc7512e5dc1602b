from django.core.exceptions import PermissionDenied

from nyata.org import rules


def require(user, name: str, obj=None) -> None:
    """Refuse (403) unless the permission module grants `name`; use after a 404-ing getter."""
    if not rules.has_perm(user, name, obj):
        raise PermissionDenied
