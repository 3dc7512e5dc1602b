from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


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
