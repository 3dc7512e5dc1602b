"""What the product tells a person: one row per message per recipient, shown in the product and e-mailed.

No HistoricalRecords here: a notification is itself a delivery log (who was told what, when, and when they
read it); the audit trail of the work it points to lives on the assessment's timeline."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nyata.notifications.kinds import label_of


class Notification(models.Model):
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("recipient"),
    )
    # A key registered in nyata.notifications.kinds by the app that sends it.
    kind = models.CharField(_("kind"), max_length=40)
    message = models.TextField(_("message"))
    url = models.CharField(_("link"), max_length=500, blank=True)
    # Set for reminders that must reach a person once only (e.g. one per window closing); blank otherwise.
    key = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="notification_unread")]
        constraints = [
            models.UniqueConstraint(
                fields=["recipient", "key"], condition=~Q(key=""), name="notification_once_per_key"
            )
        ]

    def __str__(self) -> str:
        return f"{self.recipient} · {self.kind_label}"

    @property
    def kind_label(self) -> str:
        return label_of(self.kind)
