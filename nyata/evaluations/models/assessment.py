"""The assessment of one unit in a period: the OPD's answers, the evaluator team, each tier's review and
the pengampu verification. Indicators are referred to by their stable code in the pinned instrument, so that
last year's answer can be shown beside this year's indicator of the same code."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.evaluations.models.period import CODE_LENGTH, Period
from nyata.org.models import Unit


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
        # Closed by the admin, with a reason, instead of being evaluated: an OPD that never delivered its
        # self-assessment (tidak menyampaikan), or a unit taken out of the period (withdrawn).
        NOT_SUBMITTED = "not_submitted", _("Not submitted (tidak menyampaikan)")
        WITHDRAWN = "withdrawn", _("Withdrawn from the period")

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
    # This unit's preliminary results were shown to its OPD (its appeal opens); units are released one by
    # one or in groups, so that a late OPD never holds back the others.
    released_at = models.DateTimeField(_("preliminary results released at"), null=True, blank=True)
    # Why the admin closed the unit as not submitted or withdrew it; the timeline says who and when.
    closure_reason = models.TextField(_("reason for closing"), blank=True)
    # The OPD head's notes on single indicators (indicator code -> note), written while the assessment
    # waits for their decision: the operator finds them at the indicators when it comes back.
    head_notes = models.JSONField(_("the head's notes per indicator"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["period", "unit"], name="assessment_one_per_unit_per_period"),
            models.CheckConstraint(
                condition=Q(status__in=["not_submitted", "withdrawn"], closure_reason__gt="")
                | (~Q(status__in=["not_submitted", "withdrawn"]) & Q(closure_reason="")),
                name="assessment_closure_reason_iff_closed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} · {self.period}"

    @property
    def is_closed(self) -> bool:
        """Finalised, closed as not submitted or withdrawn: nothing in the assessment changes any more."""
        return self.status in CLOSED_STATUSES

    @property
    def is_evaluated(self) -> bool:
        """Scored and ranked; a unit that did not submit or was withdrawn is neither."""
        return self.status not in (self.Status.NOT_SUBMITTED, self.Status.WITHDRAWN)


CLOSED_STATUSES = (
    Assessment.Status.FINALISED,
    Assessment.Status.NOT_SUBMITTED,
    Assessment.Status.WITHDRAWN,
)


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
