from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstrumentsConfig(AppConfig):
    name = "nyata.instruments"
    label = "instruments"
    verbose_name = _("Instruments")

    def ready(self) -> None:
        from nyata.instruments import rules  # noqa: F401  (registers the app's permissions)
