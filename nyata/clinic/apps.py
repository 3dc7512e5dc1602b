from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ClinicConfig(AppConfig):
    name = "nyata.clinic"
    label = "clinic"
    verbose_name = _("Clinic")

    def ready(self) -> None:
        # Registers the app's permissions, its notification kinds and what it says beside an indicator.
        from nyata.clinic import annotations, notices, rules  # noqa: F401
