"""The citizens' survey addresses (/s/…) through a lighter middleware stack.

The survey's POST is Nyata's busiest path: a service's QR code at the counter, a kiosk, a campaign. A
citizen there is never signed in and needs no session, sign-in, two-factor, messages, htmx, history or login
throttling, and no static file lives under /s/. Those eleven layers cost every request a little, together a
measurable share of a submission (bench/skm_submissions.py). Every other middleware of settings.MIDDLEWARE
runs there in the same order: the security headers, the CSP, the language, the host check, the CSRF check,
the upload limit and the clickjacking header; a middleware added to the settings later runs there too unless
it is named below.
"""

from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.wsgi import WSGIHandler

PREFIX = "/s/"

# What a citizen's survey request never needs. Replaced by PublicVisitorMiddleware where the sign-in was.
SKIPPED = frozenset(
    {
        "nyata.core.middleware.HealthMiddleware",
        "whitenoise.middleware.WhiteNoiseMiddleware",
        "django.contrib.sessions.middleware.SessionMiddleware",
        "django.contrib.auth.middleware.AuthenticationMiddleware",
        "django_otp.middleware.OTPMiddleware",
        "django.contrib.messages.middleware.MessageMiddleware",
        "django_htmx.middleware.HtmxMiddleware",
        "nyata.org.middleware.InstansiTimeZoneMiddleware",
        "nyata.org.middleware.TwoFactorMiddleware",
        "simple_history.middleware.HistoryRequestMiddleware",
        "axes.middleware.AxesMiddleware",
    }
)
VISITOR = "nyata.core.public_path.PublicVisitorMiddleware"


class PublicVisitorMiddleware:
    """The person on a survey page is an anonymous visitor, whoever else they may be elsewhere: templates,
    context processors and error pages find the `request.user` they expect, and nothing reads a session."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user = AnonymousUser()
        return self.get_response(request)


def public_middleware(full: list[str]) -> list[str]:
    """settings.MIDDLEWARE without what a survey request never needs, the visitor where the sign-in was."""
    kept = []
    for path in full:
        if path == "django.contrib.auth.middleware.AuthenticationMiddleware":
            kept.append(VISITOR)
        elif path not in SKIPPED:
            kept.append(path)
    return kept


class PublicSurveyHandler(WSGIHandler):
    """Django's own WSGI handler, built with the lighter stack. Django reads settings.MIDDLEWARE once, while
    the handler is built; it is lent the lighter list for that moment, at import, before any request."""

    def load_middleware(self, is_async=False):
        full = settings.MIDDLEWARE
        settings.MIDDLEWARE = public_middleware(full)
        try:
            super().load_middleware(is_async)
        finally:
            settings.MIDDLEWARE = full


def dispatch(application: Callable) -> Callable:
    """The WSGI application: survey addresses to the lighter handler, everything else to `application`."""
    public = PublicSurveyHandler()

    def nyata(environ: dict, start_response: Callable):
        if environ.get("PATH_INFO", "").startswith(PREFIX):
            return public(environ, start_response)
        return application(environ, start_response)

    return nyata
