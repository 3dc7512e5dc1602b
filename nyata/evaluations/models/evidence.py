"""Evidence (data dukung): files or links attached to a checklist item of an indicator in an assessment.

Files live in Django's storage (a folder under var/ or an S3-compatible store), never under a public path,
and are served only through a permission-checked view. Replacing a file keeps the old revision.
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.evaluations.models.assessment import Assessment
from nyata.evaluations.models.period import CODE_LENGTH
from nyata.evaluations.models.responses import Appeal, Clarification


def evidence_path(instance: "Evidence", filename: str) -> str:
    # Stored under an opaque random name: the sanitised original name is kept in the row, never in the path,
    # so nothing a person typed reaches the file system, and two uploads of the same bytes never collide.
    return f"evidence/{instance.assessment.period_id}/{instance.assessment_id}/{uuid.uuid4().hex}"


class Evidence(models.Model):
    class Kind(models.TextChoices):
        FILE = "file", _("File")
        LINK = "link", _("Link")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence")
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH)
    item = models.CharField(_("checklist item"), max_length=CODE_LENGTH, blank=True)
    # Evidence sent with a clarification answer or an appeal is also kept against that record.
    clarification = models.ForeignKey(
        Clarification, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    appeal = models.ForeignKey(
        Appeal, null=True, blank=True, on_delete=models.PROTECT, related_name="evidence"
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    file = models.FileField(_("file"), upload_to=evidence_path, blank=True, max_length=300)
    url = models.URLField(_("link"), blank=True, max_length=1000)
    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    effective_date = models.DateField(_("effective date"), null=True, blank=True)
    replaces = models.OneToOneField(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replaced_by",
        verbose_name=_("replaces"),
    )
    is_current = models.BooleanField(_("current revision"), default=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    # The table names of the former evidence app are kept, so moving the model moved no rows.
    history = HistoricalRecords(table_name="evidence_historicalevidence")

    class Meta:
        db_table = "evidence_evidence"
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["indicator", "item", "-uploaded_at"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(kind="file") & ~Q(file="") & ~Q(sha256="")) | (Q(kind="link") & ~Q(url="")),
                name="evidence_file_or_link",
            ),
        ]
        indexes = [
            models.Index(fields=["assessment", "indicator", "is_current"], name="evidence_current_idx")
        ]

    def __str__(self) -> str:
        return self.name
