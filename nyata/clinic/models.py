"""The Klinik of the Inspektorat: the consultation desk (questions, their threads and attachments), the
FAQ published at an indicator, asistensi before submission, and clinic sessions with their attendance.

Indicators are referred to by their stable code (and the instrument family's code for the FAQ), so that an
answer given in one year stays beside the same indicator in the next version of the instrument."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.evaluations.models import Assessment, Period
from nyata.org.models import Instansi, Unit

CODE_LENGTH = 60


class Question(models.Model):
    """A question of an OPD or a unit pengampu to the Inspektorat, about one indicator or in general."""

    class Route(models.TextChoices):
        # The evaluator team of the asking unit's assessment (or the Inspektorat when it has none yet).
        TEAM = "team", _("Evaluator team")
        # The unit pengampu that owns the indicator's RB area: it knows the area's substance best.
        PENGAMPU = "pengampu", _("Unit pengampu of the area")

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting an answer")
        ANSWERED = "answered", _("Answered")

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name=_("unit"))
    period = models.ForeignKey(
        Period, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("period")
    )
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("question"))
    route = models.CharField(_("routed to"), max_length=20, choices=Route.choices)
    area = models.CharField(_("RB area"), max_length=40, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    asked_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    asked_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    # The first answer from the desk: the response time the Inspektorat watches.
    first_answered_at = models.DateTimeField(_("first answered at"), null=True, blank=True)
    # Since when the question waits (asked, or the asker wrote again after an answer).
    waiting_since = models.DateTimeField(_("waiting since"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["-asked_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(indicator="") | Q(route="team"), name="question_pengampu_route_needs_indicator"
            ),
            models.CheckConstraint(
                condition=Q(indicator="") | Q(period__isnull=False), name="question_indicator_needs_period"
            ),
        ]

    def __str__(self) -> str:
        return self.subject


class Reply(models.Model):
    """One message of a question's thread: an answer of the desk or a further word of the asking unit."""

    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="replies")
    body = models.TextField(_("reply"))
    from_desk = models.BooleanField(_("from the desk"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.question} · {self.written_at:%Y-%m-%d %H:%M}"


def attachment_path(instance: "Attachment", filename: str) -> str:
    # An opaque random name, as for evidence: nothing a person typed reaches the file system.
    return f"clinic/questions/{instance.question_id}/{uuid.uuid4().hex}"


class StoredFile(models.Model):
    """A file checked by its bytes before it was stored (nyata.core.files), kept with its digest."""

    name = models.CharField(_("name"), max_length=200)
    content_type = models.CharField(_("type"), max_length=120)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name


class Attachment(StoredFile):
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="attachments")
    reply = models.ForeignKey(
        Reply, null=True, blank=True, on_delete=models.PROTECT, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=300)

    class Meta:
        ordering = ["uploaded_at", "pk"]


class Faq(models.Model):
    """A question and its answer, anonymised and published by the Inspektorat beside an indicator."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    instrument_code = models.CharField(_("instrument"), max_length=60)
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"))
    # Where it came from, for the Inspektorat only; never shown with the FAQ.
    source = models.OneToOneField(
        Question, null=True, blank=True, on_delete=models.SET_NULL, related_name="faq"
    )
    published_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("FAQ")
        verbose_name_plural = _("FAQ")
        ordering = ["instrument_code", "indicator", "published_at", "pk"]
        indexes = [models.Index(fields=["instansi", "instrument_code", "indicator"], name="faq_indicator")]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.question[:60]}"


class Asistensi(models.Model):
    """A non-binding look by the evaluators at chosen indicators of a draft, while the self-assessment window
    is open. Its comments never count as review: no score is written, none is read from here."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="+")
    indicators = models.JSONField(_("indicators"), default=list)
    note = models.TextField(_("what the unit asks"), blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.OPEN)
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("asistensi")
        verbose_name_plural = _("asistensi")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.assessment} · {self.requested_at:%Y-%m-%d}"


class AsistensiComment(models.Model):
    asistensi = models.ForeignKey(Asistensi, on_delete=models.PROTECT, related_name="comments")
    indicator = models.CharField(_("indicator"), max_length=CODE_LENGTH)
    text = models.TextField(_("comment"))
    written_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["indicator", "written_at", "pk"]

    def __str__(self) -> str:
        return f"{self.indicator}: {self.text[:60]}"


class Session(models.Model):
    """A clinic session of the Inspektorat: a topic, the RB areas and indicators it covers, when and where."""

    instansi = models.ForeignKey(Instansi, on_delete=models.PROTECT, related_name="+")
    topic = models.CharField(_("topic"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    areas = models.JSONField(_("RB areas"), default=list, blank=True)
    indicators = models.JSONField(_("indicators"), default=list, blank=True)
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    online_link = models.URLField(_("online link"), blank=True, max_length=500)
    units = models.ManyToManyField(Unit, related_name="+", verbose_name=_("invited units"))
    people = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name=_("invited people")
    )
    minutes = models.TextField(_("minutes (notulen)"), blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(m2m_fields=[units, people])

    class Meta:
        verbose_name = _("clinic session")
        verbose_name_plural = _("clinic sessions")
        ordering = ["-starts_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=models.F("starts_at")), name="clinic_session_ends_after_start"
            ),
            models.CheckConstraint(
                condition=~Q(place="") | ~Q(online_link=""), name="clinic_session_has_place_or_link"
            ),
        ]

    def __str__(self) -> str:
        return self.topic


class Attendance(models.Model):
    """A person present at a session, for the unit they came for."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="attendance")
    person = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+")
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        ordering = ["unit__name", "person__name"]
        constraints = [
            models.UniqueConstraint(fields=["session", "person"], name="clinic_attendance_once_per_person")
        ]

    def __str__(self) -> str:
        return f"{self.person} · {self.session}"


def material_path(instance: "Material", filename: str) -> str:
    return f"clinic/sessions/{instance.session_id}/{uuid.uuid4().hex}"


class Material(StoredFile):
    """A file of a session: its slides, handouts or the signed minutes."""

    session = models.ForeignKey(Session, on_delete=models.PROTECT, related_name="materials")
    file = models.FileField(_("file"), upload_to=material_path, max_length=300)

    class Meta:
        ordering = ["uploaded_at", "pk"]
