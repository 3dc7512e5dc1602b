"""Action plans (rencana aksi RB) per unit per year, monitored each quarter.

A unit (an OPD; a unit pengampu for its RB area) writes its activities: output, indicator, yearly target
and the target of each quarter (TW I-IV), budget, person responsible, the RB area or indicator it serves and
the follow-up items (rekomendasi) it answers. The Inspektorat reviews the plan ex ante (approves, or returns
it with notes) before the year starts; each quarter, within its window, the unit enters the realisation of
every activity with evidence, constraints and solutions, and the Inspektorat writes its desk-review note.
PermenPANRB 3/2023 (road map RB 2020-2024 and the RB action plans of instansi pemerintah) asks for exactly
these elements, and for quarterly monitoring by the APIP."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.followups.models.items import Item
from nyata.org.models import Unit

QUARTERS = (1, 2, 3, 4)
QUARTER_LABELS = {1: "TW I", 2: "TW II", 3: "TW III", 4: "TW IV"}


class ActionPlan(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted for review")
        RETURNED = "returned", _("Returned with notes")
        APPROVED = "approved", _("Approved")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="action_plans")
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    review_note = models.TextField(_("review note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["-year", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="action_plan_one_per_unit_year")]

    def __str__(self) -> str:
        return f"{self.unit} {self.year}"

    @property
    def is_editable(self) -> bool:
        return self.status in (self.Status.DRAFT, self.Status.RETURNED)


class Activity(models.Model):
    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="activities")
    position = models.PositiveSmallIntegerField(default=1)
    name = models.CharField(_("activity"), max_length=500)
    output = models.CharField(_("output"), max_length=500)
    indicator = models.CharField(_("indicator"), max_length=500)
    target = models.DecimalField(_("yearly target"), max_digits=12, decimal_places=2)
    unit_of_measure = models.CharField(_("unit of measure"), max_length=40, blank=True)
    target_q1 = models.DecimalField(_("target TW I"), max_digits=12, decimal_places=2, default=0)
    target_q2 = models.DecimalField(_("target TW II"), max_digits=12, decimal_places=2, default=0)
    target_q3 = models.DecimalField(_("target TW III"), max_digits=12, decimal_places=2, default=0)
    target_q4 = models.DecimalField(_("target TW IV"), max_digits=12, decimal_places=2, default=0)
    budget = models.DecimalField(_("budget (Rp)"), max_digits=15, decimal_places=0, default=0)
    responsible = models.CharField(_("person responsible"), max_length=200)
    node = models.CharField(_("RB area or indicator"), max_length=40, blank=True)
    answers = models.ManyToManyField(
        Item, blank=True, related_name="activities", verbose_name=_("recommendations")
    )
    history = HistoricalRecords(m2m_fields=[])

    class Meta:
        ordering = ["plan", "position", "pk"]

    def __str__(self) -> str:
        return self.name

    def target_of(self, quarter: int):
        return getattr(self, f"target_q{quarter}")


class Realisation(models.Model):
    """What an activity achieved in one quarter, entered by the unit within that quarter's window."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="realisations")
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    value = models.DecimalField(_("realisation"), max_digits=12, decimal_places=2)
    evidence_url = models.URLField(_("link to evidence"), max_length=1000)
    constraints = models.TextField(_("constraints"), blank=True)
    solutions = models.TextField(_("solutions"), blank=True)
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    entered_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["activity", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["activity", "quarter"], name="realisation_one_per_quarter"),
            models.CheckConstraint(
                condition=models.Q(quarter__gte=1, quarter__lte=4), name="realisation_quarter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.activity} TW{self.quarter}: {self.value}"


class DeskReview(models.Model):
    """The Inspektorat's desk-review note on one quarter of a plan."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="desk_reviews")
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    note = models.TextField(_("desk-review note"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["plan", "quarter"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "quarter"], name="desk_review_one_per_quarter")
        ]

    def __str__(self) -> str:
        return f"{self.plan} TW{self.quarter}"


PLAN_STEP_LABELS = {
    "created": _("Plan started"),
    "activity_saved": _("Activity saved"),
    "activity_changed": _("Activity changed"),
    "activity_deleted": _("Activity removed"),
    "imported": _("Activities imported from Excel"),
    "submitted": _("Submitted for review"),
    "approved": _("Approved by the Inspektorat"),
    "returned": _("Returned with notes"),
    "realised": _("Realisation entered"),
    "desk_review": _("Desk-review note written"),
}


class PlanStep(models.Model):
    """The plan's timeline."""

    plan = models.ForeignKey(ActionPlan, on_delete=models.CASCADE, related_name="steps")
    at = models.DateTimeField(auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(max_length=30)
    quarter = models.PositiveSmallIntegerField(null=True, blank=True)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.kind}"

    @property
    def label(self) -> str:
        return str(PLAN_STEP_LABELS.get(self.kind, self.kind))
