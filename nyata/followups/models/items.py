"""Follow-up (tindak lanjut) of every rekomendasi of a published result, to closure.

Each Recommendation of a published assessment becomes one Item: its unit, the node it addresses, the person
responsible in the OPD and a due date (the period's default, changed per item by the Inspektorat). The OPD
reports what it did with evidence (Report, Attachment); the Inspektorat verifies and sets the status named by
the follow-up practice of APIP (Permendagri 23/2007 on the monitoring of follow-up, kept in the Inspektorat's
register of tindak lanjut): sesuai rekomendasi (closed), belum sesuai / dalam proses, belum ditindaklanjuti,
or tidak dapat ditindaklanjuti (with a reason, closed only with the Inspektur's approval), or returns it with
a note. Every change is a Step on the item's timeline."""

import uuid
from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.evaluations.models import Assessment, Period, Recommendation
from nyata.org.models import Unit


class Schedule(models.Model):
    """Follow-up opened for a period's published results, with the due date every new item takes."""

    period = models.OneToOneField(Period, on_delete=models.PROTECT, related_name="follow_up")
    default_due = models.DateField(_("default due date"))
    opened_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    opened_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.period}: {self.default_due}"


class Item(models.Model):
    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not followed up yet (belum ditindaklanjuti)")
        IN_PROGRESS = "in_progress", _("Not yet as recommended / in progress (belum sesuai / dalam proses)")
        DONE = "done", _("As recommended (sesuai rekomendasi)")
        CANNOT = "cannot", _("Cannot be followed up (tidak dapat ditindaklanjuti)")

    class Stage(models.TextChoices):
        WITH_OPD = "with_opd", _("With the OPD")
        VERIFYING = "verifying", _("Awaiting the Inspektorat's verification")
        APPROVAL = "approval", _("Awaiting the Inspektur's approval")
        CLOSED = "closed", _("Closed")

    recommendation = models.OneToOneField(Recommendation, on_delete=models.PROTECT, related_name="follow_up")
    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="follow_ups")
    # Copied from the assessment: every list is filtered by unit and period, without a join.
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="follow_ups")
    period = models.ForeignKey(Period, on_delete=models.PROTECT, related_name="follow_ups")
    node = models.CharField(_("area or indicator"), max_length=40)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("person responsible"),
    )
    due = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED)
    stage = models.CharField(_("stage"), max_length=20, choices=Stage.choices, default=Stage.WITH_OPD)
    reason = models.TextField(_("reason it cannot be followed up"), blank=True)
    note = models.TextField(_("the Inspektorat's last note"), blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "node", "pk"]
        indexes = [
            models.Index(fields=["period", "unit", "stage"], name="followup_period_unit_stage"),
            models.Index(fields=["stage", "due"], name="followup_stage_due"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(stage="closed") | Q(status__in=["done", "cannot"]), name="followup_closed_status"
            ),
            models.CheckConstraint(
                condition=~Q(status="cannot") | ~Q(reason=""), name="followup_cannot_reason"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.node}: {self.recommendation.text[:50]}"

    @property
    def is_closed(self) -> bool:
        return self.stage == self.Stage.CLOSED


class Report(models.Model):
    """What the OPD did about the rekomendasi, sent for verification."""

    item = models.ForeignKey(Item, on_delete=models.PROTECT, related_name="reports")
    text = models.TextField(_("what was done"))
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reported_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-reported_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:60]


def attachment_path(instance: "Attachment", filename: str) -> str:
    # An opaque random name, as evidence_path: nothing a person typed reaches the file system.
    return f"followups/{instance.report.item.period_id}/{instance.report.item_id}/{uuid.uuid4().hex}"


class Attachment(models.Model):
    """Evidence of a follow-up report: a file (checked as the worksheet's evidence is) or a link."""

    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    report = models.ForeignKey(Report, on_delete=models.PROTECT, related_name="attachments")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    file = models.FileField(upload_to=attachment_path, blank=True, max_length=300)
    url = models.URLField(blank=True, max_length=1000)
    name = models.CharField(max_length=200)
    content_type = models.CharField(max_length=120, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="") & ~Q(sha256="")) | (Q(kind="link") & ~Q(url="")),
                name="followup_attachment_file_or_link",
            ),
        ]

    def __str__(self) -> str:
        return self.name


STEP_LABELS = {
    "opened": _("Follow-up opened"),
    "owner_assigned": _("Person responsible chosen"),
    "reported": _("Reported by the OPD"),
    "verified": _("Verified by the Inspektorat"),
    "returned": _("Returned to the OPD"),
    "due_changed": _("Due date changed"),
    "exemption_approved": _("Cannot be followed up: approved by the Inspektur"),
    "exemption_refused": _("Cannot be followed up: refused by the Inspektur"),
}


class Step(models.Model):
    """The item's timeline: who did what, when, from which status and stage to which, and why."""

    item = models.ForeignKey(Item, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    @property
    def label(self) -> str:
        return str(STEP_LABELS.get(self.kind, self.kind))

    @property
    def due_change(self) -> tuple[date, date] | None:
        """The due date before and after, for a due-date step (kept as ISO text in the JSON)."""
        if (
            self.kind != "due_changed"
            or not (self.before or {}).get("due")
            or not (self.after or {}).get("due")
        ):
            return None
        return date.fromisoformat(self.before["due"]), date.fromisoformat(self.after["due"])

    @property
    def owner_chosen(self) -> str | None:
        """The person chosen at an owner step ("" when the choice was cleared); None for other steps."""
        if self.kind != "owner_assigned":
            return None
        return (self.after or {}).get("owner", "")
