"""Evaluation instruments (LKE) as stored reference data: one row per instrument version.

The verbatim YAML source and its sha256 are kept, and nothing else of the file: every page and every
scorer reads the parsed source (queries.py), so the numbers Nyata prints trace back to exactly the
file that was reviewed (docs/instrument-format.md), and no second copy can drift from it (issue 8).
Later records (answers, evidence) name a node by its code.

Ownership (issue 14): an instrument is shared (owner empty: loaded by a system administrator, read by
every instansi, like the national rb-pd) or belongs to one instansi, whose administrators alone read its
drafts, replace and publish them, and whose people alone read it. Its code says which: an instansi's
codes begin with the instansi's code and a dot (`kota-kendari.lke-internal`), shared codes have no dot.
So no instansi can take a code and version that another one, or everyone, will need.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Instrument(models.Model):
    """One version of an instrument family, e.g. rb-pd 2025.1. A published version never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("code"), max_length=60)
    owner = models.ForeignKey(
        "org.Instansi",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="instruments",
        verbose_name=_("owner"),
        help_text=_("Empty for a shared instrument, loaded by a system administrator for every instansi."),
    )
    version = models.CharField(_("version"), max_length=40)
    title = models.CharField(_("title"), max_length=500)
    legal_basis = models.JSONField(_("legal basis"), default=list, blank=True)
    weights_sum_to_parent = models.BooleanField(_("weights sum to parent"), default=False)
    checksum = models.CharField(_("checksum (sha256)"), max_length=64)
    source = models.TextField(_("source file"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    loaded_at = models.DateTimeField(_("loaded at"))
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("loaded by"),
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("published by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instrument")
        verbose_name_plural = _("instruments")
        ordering = ["code", "-loaded_at"]
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="instrument_code_version_unique"),
            models.CheckConstraint(
                condition=Q(status="draft", published_at__isnull=True)
                | Q(status="published", published_at__isnull=False),
                name="instrument_published_at_iff_published",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.version}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def is_shared(self) -> bool:
        return self.owner_id is None
