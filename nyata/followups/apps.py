from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FollowupsConfig(AppConfig):
    name = "nyata.followups"
    label = "followups"
    verbose_name = _("Follow-up")

    def ready(self) -> None:
        # Registers the permissions, the kinds of notice and reminders, and the `follow-up` and `action-plan`
        # sources of the evaluation feed (nyata.evaluations.feeds).
        from nyata.followups import feed, notices, rules  # noqa: F401
