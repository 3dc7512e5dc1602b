from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EvidenceConfig(AppConfig):
    name = "nyata.evidence"
    label = "evidence"
    verbose_name = _("Evidence (data dukung)")

    def ready(self) -> None:
        from nyata.evidence import rules  # noqa: F401  (registers the permissions)
