import zoneinfo

from django.utils import timezone


class InstansiTimeZoneMiddleware:
    """Show every time in the zone of the person's own instansi (WIB, WITA or WIT)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        instansi = getattr(user, "instansi", None) if user is not None and user.is_authenticated else None
        if instansi is not None:
            timezone.activate(zoneinfo.ZoneInfo(instansi.time_zone))
        else:
            timezone.deactivate()
        return self.get_response(request)
