"""Evaluation instruments (LKE) as stored reference data: one row per instrument version and per node.

The verbatim YAML source and its sha256 are kept: the engine is always built from the source, so the
numbers Nyata prints trace back to exactly the file that was reviewed (docs/instrument-format.md). The
rows below mirror that file so that pages can browse it and later records (answers, evidence) can point
at a node. Installation-wide: an instrument belongs to no instansi.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Weights and option values are stored exactly; the loader refuses a file whose numbers do not fit.
DECIMAL_DIGITS = 18
DECIMAL_PLACES = 8


def _decimal(verbose_name, **kwargs) -> models.DecimalField:
    return models.DecimalField(
        verbose_name, max_digits=DECIMAL_DIGITS, decimal_places=DECIMAL_PLACES, **kwargs
    )


class Instrument(models.Model):
    """One version of an instrument family, e.g. rb-pd 2025.1. A published version never changes."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    code = models.CharField(_("code"), max_length=60)
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


class AnswerDefinition(models.Model):
    """How an indicator is answered: a named answer type of the file, or one indicator's inline answer."""

    class Kind(models.TextChoices):
        CHOICE = "choice", _("Choice")
        PERCENT = "percent", _("Percentage")
        NUMBER = "number", _("Number in a range")
        TARGET = "target", _("Target and realisation")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="answer_definitions", verbose_name=_("instrument")
    )
    name = models.CharField(_("name"), max_length=100, blank=True)  # empty for an inline definition
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    min = _decimal(_("minimum"), null=True, blank=True)
    max = _decimal(_("maximum"), null=True, blank=True)
    higher_is_better = models.BooleanField(_("higher is better"), default=True)
    position = models.PositiveIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer definition")
        verbose_name_plural = _("answer definitions")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["instrument", "name"],
                condition=~Q(name=""),
                name="answer_definition_name_unique",
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.get_kind_display()


class AnswerOption(models.Model):
    definition = models.ForeignKey(
        AnswerDefinition, on_delete=models.CASCADE, related_name="options", verbose_name=_("answer")
    )
    code = models.CharField(_("code"), max_length=60)
    label = models.TextField(_("label"), blank=True)
    value = _decimal(_("value (fraction of the weight)"))
    position = models.PositiveIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("answer option")
        verbose_name_plural = _("answer options")
        ordering = ["definition", "position"]
        constraints = [
            models.UniqueConstraint(fields=["definition", "code"], name="answer_option_code_unique"),
            models.CheckConstraint(condition=Q(value__gte=0, value__lte=1), name="answer_option_value_0_1"),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.value})"


class Node(models.Model):
    """A node of the tree: a group (has children) or an indicator (has an answer definition)."""

    class Kind(models.TextChoices):
        # PermenPANRB 9/2023 splits indicators into hasil (outcome) and pengungkit (enabler).
        ENABLER = "enabler", _("Enabler (pengungkit)")
        OUTCOME = "outcome", _("Outcome (hasil)")

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="nodes", verbose_name=_("instrument")
    )
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        verbose_name=_("parent"),
    )
    code = models.CharField(_("code"), max_length=60)
    title = models.TextField(_("title"))
    position = models.PositiveIntegerField(_("position"))  # file order (pre-order) within the instrument
    depth = models.PositiveSmallIntegerField(_("depth"))
    weight = _decimal(_("weight"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ENABLER)
    is_indicator = models.BooleanField(_("indicator"))
    answer = models.ForeignKey(
        AnswerDefinition,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="indicators",
        verbose_name=_("answer"),
    )
    allow_na = models.BooleanField(_("may be not applicable"), default=False)
    pengampu = models.CharField(_("pengampu"), max_length=60, blank=True)
    # Where the answer comes from instead of the unit's own entry: "skm-ikm" (docs/instrument-extensions.md).
    source = models.CharField(_("answer source"), max_length=20, blank=True)
    values = models.JSONField(_("BerAKHLAK values"), default=list, blank=True)
    guidance = models.TextField(_("guidance"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("node")
        verbose_name_plural = _("nodes")
        ordering = ["instrument", "position"]
        constraints = [
            models.UniqueConstraint(fields=["instrument", "code"], name="node_code_unique_in_instrument"),
            models.UniqueConstraint(fields=["instrument", "position"], name="node_position_unique"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="node_weight_positive"),
            models.CheckConstraint(
                condition=Q(is_indicator=True, answer__isnull=False)
                | Q(is_indicator=False, answer__isnull=True),
                name="node_indicator_iff_answer",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class EvidenceItem(models.Model):
    """One item of an indicator's data dukung checklist."""

    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="evidence", verbose_name=_("node"))
    code = models.CharField(_("code"), max_length=60)
    title = models.TextField(_("label"))
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        ordering = ["node", "position"]
        constraints = [
            models.UniqueConstraint(fields=["node", "code"], name="evidence_item_code_unique"),
        ]

    def __str__(self) -> str:
        return self.title


class PredicateBand(models.Model):
    """A predicate band; bands are ordered best first and the first whose lower bound is met wins."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="predicates", verbose_name=_("instrument")
    )
    code = models.CharField(_("code"), max_length=20)
    label = models.CharField(_("label"), max_length=200, blank=True)
    lower = _decimal(_("from"))
    inclusive = models.BooleanField(_("from inclusive"), default=True)
    position = models.PositiveIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("predicate band")
        verbose_name_plural = _("predicate bands")
        ordering = ["instrument", "position"]

    def __str__(self) -> str:
        return self.code


class Award(models.Model):
    """A classification such as WBK or WBBM (PermenPANRB 90/2021): a minimum total and node minimums."""

    instrument = models.ForeignKey(
        Instrument, on_delete=models.CASCADE, related_name="awards", verbose_name=_("instrument")
    )
    code = models.CharField(_("code"), max_length=40)
    label = models.CharField(_("label"), max_length=200, blank=True)
    min_total = _decimal(_("minimum total"), null=True, blank=True)
    position = models.PositiveIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award")
        verbose_name_plural = _("awards")
        ordering = ["instrument", "position"]

    def __str__(self) -> str:
        return self.code


class AwardMinimum(models.Model):
    """An award's minimum fraction of one node's weight."""

    award = models.ForeignKey(
        Award, on_delete=models.CASCADE, related_name="minimums", verbose_name=_("award")
    )
    node = models.ForeignKey(Node, on_delete=models.CASCADE, related_name="+", verbose_name=_("node"))
    minimum = _decimal(_("minimum fraction"))
    position = models.PositiveIntegerField(_("position"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award minimum")
        verbose_name_plural = _("award minimums")
        ordering = ["award", "position"]

    def __str__(self) -> str:
        return f"{self.award} {self.node.code} ≥ {self.minimum}"
