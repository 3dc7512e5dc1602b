"""What an evaluation concludes: findings (kondisi, kriteria, sebab, akibat, rekomendasi) and the stored
result, and the timeline of every transition that led there."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.evaluations.models.assessment import Assessment
from nyata.evaluations.models.period import CODE_LENGTH


class Finding(models.Model):
    """One finding of the evaluator team on one unit, on an RB area, a component or an indicator (a node of
    the instrument): kondisi (what is), kriteria (what should be), sebab (why), akibat (what follows) and one
    or more rekomendasi, the elements of an audit finding (Standar Audit Intern Pemerintah Indonesia, AAIPI
    2021). A component may carry several findings; each rekomendasi is followed up on its own."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="findings")
    node = models.CharField(_("component"), max_length=CODE_LENGTH)
    condition = models.TextField(_("kondisi"))
    criteria = models.TextField(_("kriteria"), blank=True)
    cause = models.TextField(_("sebab"), blank=True)
    effect = models.TextField(_("akibat"), blank=True)
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["node", "pk"]

    def __str__(self) -> str:
        return f"{self.node}: {self.condition[:60]}"

    @property
    def recommendation(self) -> str:
        """Every rekomendasi of the finding, one per line (prefetch `recommendations` when listing)."""
        return "\n".join(r.text for r in self.recommendations.all())


class Recommendation(models.Model):
    """One rekomendasi of a finding: what the unit is asked to do, followed up to closure on its own."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="recommendations")
    position = models.PositiveSmallIntegerField(default=1)
    text = models.TextField(_("rekomendasi"))
    history = HistoricalRecords()

    class Meta:
        ordering = ["finding", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["finding", "position"], name="recommendation_position_unique")
        ]

    def __str__(self) -> str:
        return self.text[:60]


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
