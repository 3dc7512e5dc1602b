from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "nyata.surveys"
    label = "surveys"
    verbose_name = _("Public satisfaction survey")

    def ready(self) -> None:
        from nyata.surveys import rules  # noqa: F401  (registers the app's permissions)
