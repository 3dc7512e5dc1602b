from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "nyata.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from nyata.reports import rules  # noqa: F401  (registers the app's permissions)
