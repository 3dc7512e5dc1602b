from django.apps import AppConfig
from django.utils.translation import gettext_noop

# Messages of Django itself that its own Indonesian catalogue lacks: named here, so that makemessages keeps
# them in ours (nyata/locale, read before Django's). Django 6.1's blank choice of a select is one of them.
DJANGO_MESSAGES_WITHOUT_INDONESIAN = (gettext_noop("- Select an option -"),)


class CoreConfig(AppConfig):
    name = "nyata.core"
    label = "core"

    def ready(self) -> None:
        from nyata.core import checks  # noqa: F401  (registers the deployment checks)
