from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "nyata.figures"
    label = "figures"
    verbose_name = _("Outside figures")

    def ready(self) -> None:
        # The permissions, and the `data:<key>` source of the evaluation feed (nyata.evaluations.feeds).
        from nyata.figures import feed, rules  # noqa: F401
