from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvaluationsConfig(AppConfig):
    name = "nyata.evaluations"
    label = "evaluations"
    verbose_name = _("Evaluations")

    def ready(self) -> None:
        # Registers the permissions and the kinds of notification this app sends.
        from nyata.evaluations import notices, rules  # noqa: F401

        # The satisfaction survey's IKM: the source this app serves itself (nyata.evaluations.feeds).
        from nyata.evaluations.queries import survey  # noqa: F401
