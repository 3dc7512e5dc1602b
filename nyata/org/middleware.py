import zoneinfo
from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django_htmx.http import HttpResponseClientRedirect

from nyata.org import two_factor


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


# What a half-signed-in person may open: the step they must take, signing out, choosing a language.
VERIFYING = frozenset({"org:two-factor-verify", "logout", "set_language"})
ENROLLING = frozenset({"org:two-factor-enrol", "org:two-factor-recovery-codes", "logout", "set_language"})


class TwoFactorMiddleware:
    """Default deny for a person who has given a password but not yet a second factor.

    After django-otp's OTPMiddleware. A person with a confirmed authenticator who has not entered a code in
    this session is sent to the verification page from every other page; an administrator who must use two
    factors (two_factor.must_use_two_factor) and has none is sent to enrol before anything else.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        view_name = request.resolver_match.view_name if request.resolver_match else ""
        if two_factor.session_has_device(request):
            return None if view_name in VERIFYING else _send(request, "org:two-factor-verify")
        if two_factor.must_use_two_factor(user):
            return None if view_name in ENROLLING else _send(request, "org:two-factor-enrol")
        return None


def _send(request, view_name: str):
    target = reverse(view_name)
    if request.method == "GET" and not request.htmx:
        target += "?" + urlencode({"next": request.get_full_path()})
    if request.htmx:
        return HttpResponseClientRedirect(target)
    return redirect(target)
