from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "nyata.org"
    label = "org"
    verbose_name = _("Organisation")

    def ready(self) -> None:
        # Connects the sign-in signal that reads whether the person has a second factor.
        from nyata.org import two_factor  # noqa: F401
