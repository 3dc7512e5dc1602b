"""Figures measured outside the Inspektorat (issue 13): the PEKPPP index of KemenPANRB, the Ombudsman's
maladministration assessment, the SAKIP score, SPIP maturity and the like, recorded per unit and year by
the Inspektorat admin with the document each came from. An indicator with `source: data:<key>` takes the
unit's figure of the kind `key` for the evaluation period's year (docs/instrument-extensions.md)."""

import uuid

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.org.models import Instansi, Unit

key_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]{0,39}$", _("Use lower-case letters, digits and hyphens (at most 40).")
)


class Kind(models.Model):
    """One kind of outside figure: the registry an instrument's `data:<key>` names.

    Ownership follows the instruments' (issue 14): a shared kind (owner empty, like the national PEKPPP or
    SAKIP, seeded by migration 0002) is named by shared instruments and read by every instansi, so only a
    system administrator changes it; a kind an instansi adds for itself (a local index) is its own, changed
    by its Inspektorat admin and seen by nobody else. Keys are unique across the installation, because an
    instrument names a kind by its key alone.
    """

    key = models.CharField(_("key"), max_length=40, unique=True, validators=[key_validator])
    owner = models.ForeignKey(
        Instansi,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="figure_kinds",
        verbose_name=_("owner"),
        help_text=_("Empty for a kind shared by every instansi, changed by a system administrator."),
    )
    name = models.CharField(_("name"), max_length=200)
    scale_min = models.DecimalField(_("lowest value"), max_digits=9, decimal_places=2)
    scale_max = models.DecimalField(_("highest value"), max_digits=9, decimal_places=2)
    places = models.PositiveSmallIntegerField(_("decimal places"), default=2)
    higher_is_better = models.BooleanField(_("a higher value is better"), default=True)
    issuer = models.CharField(_("issued by"), max_length=200)
    source_document = models.CharField(_("source document"), max_length=300)
    basis = models.CharField(_("legal basis"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(default=0)
    history = HistoricalRecords()

    class Meta:
        ordering = ["order", "key"]
        verbose_name = _("kind of figure")
        verbose_name_plural = _("kinds of figure")

    def __str__(self) -> str:
        return self.name


def document_path(instance: "Figure", filename: str) -> str:
    # An opaque random name, as evidence files have: nothing a person typed reaches the file system.
    return f"figures/{instance.year}/{instance.kind_id}/{uuid.uuid4().hex}"


class Figure(models.Model):
    """A unit's figure of one kind for one year, with its provenance. Corrections keep history."""

    kind = models.ForeignKey(Kind, on_delete=models.PROTECT, related_name="figures", verbose_name=_("kind"))
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="figures", verbose_name=_("unit"))
    year = models.PositiveSmallIntegerField(_("year"))
    value = models.DecimalField(_("value"), max_digits=9, decimal_places=2)
    document_title = models.CharField(_("document title"), max_length=300)
    document_number = models.CharField(_("document number"), max_length=120)
    document_date = models.DateField(_("document date"))
    document_url = models.URLField(_("document link"), max_length=500, blank=True)
    document_file = models.FileField(_("document file"), upload_to=document_path, blank=True, max_length=300)
    document_name = models.CharField(_("file name"), max_length=255, blank=True)
    document_type = models.CharField(max_length=100, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("entered by")
    )
    entered_at = models.DateTimeField(_("entered at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["kind", "unit", "year"], name="figures_one_per_kind_unit_year")
        ]
        ordering = ["kind", "year", "unit__code"]
        verbose_name = _("figure")
        verbose_name_plural = _("figures")

    def __str__(self) -> str:
        return f"{self.kind.key} {self.unit.code} {self.year}: {self.value}"
