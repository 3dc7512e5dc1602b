"""Evaluation periods of an instansi, pinned to one published instrument version, with the time window
of each phase and the extensions granted to single units."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.org.models import Instansi, Unit

CODE_LENGTH = 60


class Phase(models.TextChoices):
    SELF_ASSESSMENT = "self_assessment", _("Self-assessment")
    DESK_REVIEW = "desk_review", _("Desk review")
    CLARIFICATION = "clarification", _("Clarification")
    APPEAL = "appeal", _("Appeal (sanggah)")
    FINALISATION = "finalisation", _("Finalisation")


class Period(models.Model):
    """One evaluation round of an instansi, pinned to one published instrument version."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FINALISED = "finalised", _("Finalised and locked")

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="periods", verbose_name=_("instansi")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    title = models.CharField(_("title"), max_length=200)
    instrument = models.ForeignKey(
        "instruments.Instrument",
        on_delete=models.PROTECT,
        related_name="periods",
        verbose_name=_("instrument"),
    )
    previous = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("previous period"),
    )
    # `source: skm-ikm` indicators take the unit's IKM over this survey period (instrument-extensions.md).
    survey_period = models.ForeignKey(
        "surveys.SurveyPeriod",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("survey period for the IKM"),
    )
    # RB Tematik themes of the year (`theme: true` nodes of the instrument) chosen for this period; the
    # others do not apply. None: no choice made, every theme the instrument offers applies.
    themes = models.JSONField(_("themes of the year"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # Preliminary results are shown to the OPD so that it may appeal; this is the first release in the
    # period, each unit's own is Assessment.released_at. Final results are published per unit as it is
    # finalised; the period locks once every unit is finalised, closed as not submitted or withdrawn.
    preliminary_released_at = models.DateTimeField(
        _("preliminary results released at"), null=True, blank=True
    )
    finalised_at = models.DateTimeField(_("finalised at"), null=True, blank=True)
    finalised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("evaluation period")
        verbose_name_plural = _("evaluation periods")
        ordering = ["-year", "title"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "year", "title"], name="period_unique_title_per_year"
            ),
            models.CheckConstraint(
                condition=Q(status="open", finalised_at__isnull=True)
                | Q(status="finalised", finalised_at__isnull=False),
                name="period_finalised_at_iff_finalised",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def is_locked(self) -> bool:
        return self.status == self.Status.FINALISED


class PhaseWindow(models.Model):
    """When a phase accepts writes; times are stored in UTC and shown in the instansi's zone."""

    period = models.ForeignKey(
        Period, on_delete=models.CASCADE, related_name="windows", verbose_name=_("period")
    )
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phase window")
        verbose_name_plural = _("phase windows")
        ordering = ["starts_at"]
        constraints = [
            models.UniqueConstraint(fields=["period", "phase"], name="window_one_per_phase"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="window_ends_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.period} · {self.get_phase_display()}"


class WindowExtension(models.Model):
    """A later closing time of one phase for one unit, granted by the admin with a reason."""

    period = models.ForeignKey(Period, on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    phase = models.CharField(_("phase"), max_length=20, choices=Phase.choices)
    ends_at = models.DateTimeField(_("extended until"))
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-granted_at"]

    def __str__(self) -> str:
        return f"{self.unit} · {self.get_phase_display()} → {self.ends_at:%Y-%m-%d %H:%M}"
