"""The error pages: 400, 403 (including a refused form), 404 and 500, in the person's language, each with
a way back. Django's own handlers would answer in English, unstyled, with no way back.

400, 403 and 404 extend the site layout (the header, the menu and the language switch stay), so their
context processors run as on any page. The 500 page cannot count on them: the error may be the database
itself, a context processor or the layout. `server_error` therefore renders a self-contained template
with no context processors, no database query and no inheritance, and falls back to fixed HTML when even
that fails."""

from django.conf import settings
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import DisallowedHost
from django.http import HttpRequest, HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template import loader
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.csrf import requires_csrf_token

# The last resort when the 500 template itself cannot be rendered: Bahasa Indonesia, no dependency at all.
BARE_500 = (
    '<!doctype html><html lang="id"><head><meta charset="utf-8"><title>Terjadi kesalahan · Nyata</title>'
    '</head><body><main class="error-page" data-status="500"><h1>Terjadi kesalahan di sistem kami</h1>'
    "<p>Kesalahan ini sudah dicatat. Coba lagi sebentar lagi.</p>"
    '<p><a href="/">Kembali ke beranda</a></p></main></body></html>'
)


def _back(request: HttpRequest) -> str:
    """The page the person came from, when it is on this site and is not the failing page itself."""
    referer = request.META.get("HTTP_REFERER", "")
    try:
        host, here = request.get_host(), request.build_absolute_uri()
    except DisallowedHost:  # the 400 answering a request for a host this site is not
        return ""
    same_site = url_has_allowed_host_and_scheme(
        referer, allowed_hosts={host}, require_https=request.is_secure()
    )
    return referer if referer and same_site and referer != here else ""


def _page(request: HttpRequest, status: int, heading: str, *explanation: str) -> HttpResponse:
    context = {"status": status, "heading": heading, "explanation": explanation, "back": _back(request)}
    return render(request, "core/error.html", context, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _page(
        request,
        400,
        _("The request could not be processed"),
        _("The address or the data sent is incomplete or malformed. Nothing was changed."),
        _("Go back and try again from the page itself."),
    )


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # The exception's text is never shown: it may name what the person is not allowed to know of.
    return _page(
        request,
        403,
        _("Access denied"),
        _("Your role does not allow this page or this action."),
        _("If your work needs it, ask the Inspektorat administrator of your instansi for the right role."),
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from a page that is too old (or without the site's cookie): say so, nothing was saved."""
    return _page(
        request,
        403,
        _("The form has expired"),
        _(
            "For your safety, a form sent from a page that is too old, or without this site's cookie, is "
            "refused. Nothing was saved."
        ),
        _(
            "Go back, reload the page and send the form again. If it keeps happening, allow cookies for "
            "this site."
        ),
    )


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    # Nyata's getters answer 404 for work a person may not see, so as not to tell that it exists.
    return _page(
        request,
        404,
        _("Page not found"),
        _("The address may be mistyped, or the page was moved or removed."),
        _(
            "Work of a unit you do not belong to is not shown either: if someone sent you this link, ask "
            "whether it is meant for your role."
        ),
    )


def _stylesheet() -> str:
    try:
        return staticfiles_storage.url("nyata/nyata.css")
    except Exception:  # e.g. a missing manifest: the page must render all the same
        return f"{settings.STATIC_URL}nyata/nyata.css"


def server_error(request: HttpRequest) -> HttpResponse:
    try:
        template = loader.get_template("core/500.html")
        body = template.render({"stylesheet": _stylesheet(), "language": get_language() or "id"})
    except Exception:  # rendering the error page must never raise a second error
        body = BARE_500
    return HttpResponseServerError(body)
