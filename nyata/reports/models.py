"""What the reports app keeps of its own: the Inspektorat's fixed texts and letterhead for the LHE, the
files generated in the background (with their checksum, reused while the results stay the same), and a
record of every document downloaded. It writes nothing else: every figure comes from the stored results."""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.org.models import Instansi, nip_validator


def letterhead_path(instance: "ReportSettings", filename: str) -> str:
    # An opaque name: nothing the admin typed reaches the file system.
    return f"reports/kop/{instance.instansi_id}/{uuid.uuid4().hex}"


def generated_path(instance: "GeneratedFile", filename: str) -> str:
    return f"reports/berkas/{instance.period_id}/{uuid.uuid4().hex}"


class ReportSettings(models.Model):
    """The fixed parts of the LHE that the Inspektorat edits: letterhead, texts and the signature block."""

    instansi = models.OneToOneField(Instansi, on_delete=models.CASCADE, related_name="report_settings")
    letterhead = models.FileField(
        _("letterhead image"), upload_to=letterhead_path, blank=True, max_length=300
    )
    letterhead_lines = models.TextField(_("letterhead text"), blank=True)
    number_pattern = models.CharField(_("number pattern"), max_length=120)
    place = models.CharField(_("place of signing"), max_length=80)
    purpose = models.TextField(_("purpose"))
    scope = models.TextField(_("scope"))
    method = models.TextField(_("method"))
    extra_basis = models.TextField(_("further legal basis"), blank=True)
    closing = models.TextField(_("closing"))
    signer_title = models.CharField(_("signer's position"), max_length=120)
    signer_name = models.CharField(_("signer's name"), max_length=150, blank=True)
    signer_nip = models.CharField(_("signer's NIP"), max_length=18, blank=True, validators=[nip_validator])
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("report settings")
        verbose_name_plural = _("report settings")

    def __str__(self) -> str:
        return str(self.instansi)


def stall_cutoff():
    """A job running whose last progress is older than this was interrupted (one unit's document takes
    seconds; the default of 10 minutes leaves a busy worker plenty)."""
    return timezone.now() - timedelta(minutes=settings.NYATA_REPORTS_STALL_MINUTES)


class GeneratedFile(models.Model):
    """A document made on the task worker: every LHE of a period as one zip, or the period workbook."""

    class Kind(models.TextChoices):
        LHE_ZIP = "lhe_zip", _("Every LHE of the period (zip)")
        WORKBOOK = "workbook", _("Period workbook (Excel)")

    class Audience(models.TextChoices):
        # Each tier's value and note are the Inspektorat's working papers; the published variant holds
        # the final values only, for the pimpinan.
        INTERNAL = "internal", _("Inspektorat (with each tier's review)")
        PUBLISHED = "published", _("Published results")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Waiting for the worker")
        RUNNING = "running", _("Being made")
        DONE = "done", _("Ready")
        FAILED = "failed", _("Failed")

    period = models.ForeignKey("evaluations.Period", on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    audience = models.CharField(_("audience"), max_length=20, choices=Audience.choices)
    is_final = models.BooleanField(_("final"), default=False)  # made from the published (locked) results
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    fingerprint = models.CharField(max_length=64, blank=True, db_index=True)  # SHA-256 of what it shows
    file = models.FileField(upload_to=generated_path, blank=True, max_length=300)
    filename = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    reused = models.BooleanField(default=False)  # the file of an earlier run with the same fingerprint
    error = models.TextField(blank=True)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the worker last said it was getting on (it starts, and after each unit): a worker killed halfway
    # says nothing more, and a job silent for longer than NYATA_REPORTS_STALL_MINUTES was interrupted.
    progress_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="done") | (~Q(file="") & ~Q(sha256="")), name="generated_done_has_file"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.period_id}"

    @property
    def is_interrupted(self) -> bool:
        """Being made, but the worker has said nothing for too long: it was stopped (a restart, a kill)."""
        return self.status == self.Status.RUNNING and (
            self.progress_at is None or self.progress_at < stall_cutoff()
        )

    @property
    def is_pending(self) -> bool:
        return self.status == self.Status.QUEUED or (
            self.status == self.Status.RUNNING and not self.is_interrupted
        )

    @property
    def percent(self) -> int:
        return self.done * 100 // self.total if self.total else 0


DOCUMENT_LABELS = {
    "lhe": _("LHE"),
    "worksheet": _("Filled worksheet"),
    "recap": _("City recap"),
    "ranking": _("Ranking"),
    GeneratedFile.Kind.LHE_ZIP: GeneratedFile.Kind.LHE_ZIP.label,
    GeneratedFile.Kind.WORKBOOK: GeneratedFile.Kind.WORKBOOK.label,
}


class Download(models.Model):
    """The audit trail of documents: who took which document of which unit, when, with its checksum."""

    instansi = models.ForeignKey(Instansi, on_delete=models.CASCADE, related_name="+")
    period = models.ForeignKey("evaluations.Period", on_delete=models.CASCADE, related_name="+")
    assessment = models.ForeignKey(
        "evaluations.Assessment", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    document = models.CharField(_("document"), max_length=40)
    file_format = models.CharField(_("format"), max_length=10)
    is_final = models.BooleanField(_("final"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    size = models.PositiveBigIntegerField(default=0)
    generated = models.ForeignKey(
        GeneratedFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="downloads"
    )
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.document}.{self.file_format}"

    @property
    def document_label(self) -> str:
        return str(DOCUMENT_LABELS.get(self.document, self.document))
