"""What the OPD answers back during review: clarification requests and appeals (sanggah)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.evaluations.models.assessment import Assessment
from nyata.evaluations.models.period import CODE_LENGTH


class Clarification(models.Model):
    """An evaluator's question on some indicators, answered by the OPD within the clarification window."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        ANSWERED = "answered", _("Answered")
        CLOSED = "closed", _("Closed")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="clarifications")
    indicators = models.JSONField(_("indicators"), default=list)
    question = models.TextField(_("question"))
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(auto_now_add=True)
    response = models.TextField(_("answer"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    answered_at = models.DateTimeField(null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-asked_at"]

    def __str__(self) -> str:
        return ", ".join(self.indicators) + ": " + self.question[:60]


class Appeal(models.Model):
    """An OPD's sanggah of one indicator's preliminary score, decided by the ketua tim."""

    class Decision(models.TextChoices):
        PENDING = "pending", _("Pending")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="appeals")
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH)
    reason = models.TextField(_("reason"))
    filed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    filed_at = models.DateTimeField(auto_now_add=True)
    decision = models.CharField(
        _("decision"), max_length=20, choices=Decision.choices, default=Decision.PENDING
    )
    new_value = models.JSONField(_("new score"), null=True, blank=True)
    decision_reason = models.TextField(_("reason for the decision"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-filed_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "indicator"],
                condition=Q(decision="pending"),
                name="appeal_one_pending_per_indicator",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.get_decision_display()}"
