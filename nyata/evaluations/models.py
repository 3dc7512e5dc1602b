"""Evaluation periods and the assessment of each unit in them: answers, tiered reviews, clarification,
appeal, findings and results. Indicators are referred to by their stable code in the pinned instrument,
so that last year's answer can be shown beside this year's indicator of the same code."""

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
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    # Preliminary results are shown to the OPD so that it may appeal; final results are published after lock.
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


class Assessment(models.Model):
    """The evaluation of one unit in one period."""

    class Status(models.TextChoices):
        SELF_ASSESSMENT = "self_assessment", _("Self-assessment by the OPD")
        AWAITING_HEAD = "awaiting_head", _("Awaiting the OPD head's approval")
        DESK_REVIEW = "desk_review", _("Desk review by the evaluator")
        TEAM_REVIEW = "team_review", _("Review by the ketua tim")
        CONTROL_REVIEW = "control_review", _("Approval by the pengendali teknis")
        REVIEWED = "reviewed", _("Reviewed")
        FINALISED = "finalised", _("Finalised")

    period = models.ForeignKey(
        Period, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("period")
    )
    unit = models.ForeignKey(
        Unit, on_delete=models.PROTECT, related_name="assessments", verbose_name=_("unit")
    )
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.SELF_ASSESSMENT
    )
    return_note = models.TextField(_("note on return"), blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="assessment_one_per_unit_per_period")
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period}"


class TeamMember(models.Model):
    """The evaluator team of one assessment: anggota tim, ketua tim and pengendali teknis."""

    class Tier(models.TextChoices):
        EVALUATOR = "evaluator", _("Evaluator (anggota tim)")
        KETUA_TIM = "ketua_tim", _("Ketua tim")
        PENGENDALI_TEKNIS = "pengendali_teknis", _("Pengendali teknis")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="team")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="team_seats")
    tier = models.CharField(_("tier"), max_length=20, choices=Tier.choices)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "user", "tier"], name="team_member_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.get_tier_display()}"


class Answer(models.Model):
    """The OPD's own answer to one indicator (nilai usulan), with its explanation."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="answers")
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH)
    # Stored as in values.py: an option code, "na", {"number": "85.5"} or {"target": .., "realized": ..};
    # null means not answered yet. Numbers are kept as decimal text so that they stay exact.
    value = models.JSONField(_("answer"), null=True, blank=True)
    explanation = models.TextField(_("explanation"), blank=True)
    # Bumped on every save: a save based on an older revision is a conflict, never a silent overwrite.
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="answer_one_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.value}"


class Review(models.Model):
    """One tier's score of one indicator; every tier's value is kept side by side."""

    class Verdict(models.TextChoices):
        AGREE = "agree", _("Agree")
        ADJUSTED = "adjusted", _("Adjusted")
        NEEDS_CLARIFICATION = "needs_clarification", _("Needs clarification")

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="reviews")
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH)
    tier = models.CharField(_("tier"), max_length=20, choices=TeamMember.Tier.choices)
    value = models.JSONField(_("score"), null=True, blank=True)
    verdict = models.CharField(_("status"), max_length=30, choices=Verdict.choices)
    note = models.TextField(_("note"), blank=True)
    revision = models.PositiveIntegerField(default=0)
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator", "tier"], name="review_one_per_tier"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} · {self.get_tier_display()}: {self.value}"


class Verification(models.Model):
    """A unit pengampu's verdict on an indicator of its RB area, seen by evaluators before they finalise."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="verifications")
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH)
    is_valid = models.BooleanField(_("valid"))
    note = models.TextField(_("note"), blank=True)
    verified_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    verified_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "indicator"], name="verification_one_per_indicator")
        ]

    def __str__(self) -> str:
        return f"{self.indicator}: {'valid' if self.is_valid else 'not valid'}"


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


class Finding(models.Model):
    """Kondisi and rekomendasi of one component (a node of the instrument) for one unit: the LHE's core."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    node = models.CharField(_("component"), max_length=CODE_LENGTH)
    condition = models.TextField(_("kondisi"))
    recommendation = models.TextField(_("rekomendasi"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["assessment", "node"], name="finding_one_per_component")
        ]

    def __str__(self) -> str:
        return f"{self.node}: {self.recommendation[:60]}"


class Result(models.Model):
    """The scored outcome of an assessment at finalisation, with what produced it."""

    assessment = models.OneToOneField(Assessment, on_delete=models.PROTECT, related_name="result")
    total = models.DecimalField(max_digits=9, decimal_places=2)
    max_total = models.DecimalField(max_digits=9, decimal_places=2)
    predicate = models.CharField(max_length=20, blank=True)
    proposed_total = models.DecimalField(max_digits=9, decimal_places=2)  # what the OPD's own answers score
    detail = models.JSONField()  # the engine's full result: node scores, awards, missing, gains
    final_values = models.JSONField()  # indicator code -> the value that counted
    instrument_checksum = models.CharField(max_length=64)
    engine_version = models.CharField(max_length=40)
    computed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-total"]

    def __str__(self) -> str:
        return f"{self.assessment}: {self.total}"


class Event(models.Model):
    """The assessment's timeline: every transition and every score change, with who, when and why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=40)
    indicator = models.CharField(max_length=CODE_LENGTH, blank=True)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind} {self.indicator}".strip()
