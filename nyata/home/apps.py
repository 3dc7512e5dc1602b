from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    """The top floor: each role's landing page and the `demo` command. It may import every app; no app
    imports it."""

    name = "nyata.home"
    label = "home"
    verbose_name = _("Home")
