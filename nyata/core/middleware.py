from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import patch_vary_headers

from nyata.core import limits

# Room for the form's own fields and the multipart boundaries beside the files themselves.
_FORM_OVERHEAD_BYTES = 1024 * 1024


class ChosenLanguageMiddleware(LocaleMiddleware):
    """Bahasa Indonesia unless the person chose another language in Nyata itself.

    Django's own middleware follows the browser's Accept-Language header, but many Indonesian civil
    servants and citizens browse with an English-language browser or phone; the product speaks
    Indonesian first, and English only when someone picks it (the language cookie set by set_language).
    """

    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        """Django's answer without its search for a language in the address: Nyata's addresses carry none
        (no i18n_patterns), and that search ran on every response, the citizens' submissions included."""
        patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class UploadLimitMiddleware:
    """Refuses a request whose body is larger than NYATA_UPLOAD_MAX_REQUEST_MB (plus the form around the
    files) before any of it is read: Django would otherwise write every file of it to temporary files
    before a view could look at their sizes. It runs before the CSRF check, which reads the body.
    Smaller requests are checked file by file and in total by the actions (nyata.core.limits)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = limits.UPLOAD_MAX_REQUEST_BYTES.current()
        if length > limit + _FORM_OVERHEAD_BYTES:
            context = {
                "size": f"{length / (1024 * 1024):.1f}".replace(".", ","),
                "limit": limit // (1024 * 1024),
            }
            response = render(request, "core/too_large.html", context, status=413)
            response["Connection"] = "close"  # the unread body must not be taken for the next request
            return response
        return self.get_response(request)


class HealthMiddleware:
    """Answers the health endpoint first: before ALLOWED_HOSTS (a load balancer probes by address), the
    HTTPS redirect (it probes over plain HTTP inside the network), sessions and the rest, so a probe
    costs only the checks themselves."""

    path = "/sehat/"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == self.path:
            from nyata.core.views import health

            return health(request)
        return self.get_response(request)
