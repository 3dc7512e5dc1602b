"""The public satisfaction survey (SKM): services, survey periods, responses and their running tallies."""

import secrets

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from nyata.org.models import Instansi, Unit, User
from nyata.surveys.questionnaire import AGE_MAX, AGE_MIN, ANSWER_FIELDS, Education, Occupation, Sex

# Unambiguous letters and digits only: the code is typed from posters and read aloud at counters.
PUBLIC_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"
PUBLIC_CODE_LENGTH = 8


def new_public_code() -> str:
    return "".join(secrets.choice(PUBLIC_CODE_ALPHABET) for _position in range(PUBLIC_CODE_LENGTH))


class Service(models.Model):
    """A kind of service (jenis layanan) a unit gives to the public, surveyed on its own public page."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="services", verbose_name=_("unit"))
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    # N of Krejcie-Morgan: the expected number of users of the service in one survey period.
    population = models.PositiveIntegerField(
        _("expected users per period"), validators=[MinValueValidator(1)], default=1000
    )
    # The public address /s/<code>/ stays the same when the service is renamed: posters are printed.
    public_code = models.CharField(_("public code"), max_length=16, unique=True, default=new_public_code)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["unit__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="service_name_unique_in_unit",
                violation_error_message=_("This unit already has a service with this name."),
            ),
            models.CheckConstraint(condition=Q(population__gte=1), name="service_population_positive"),
        ]

    def __str__(self) -> str:
        return self.name


class SurveyPeriod(models.Model):
    """A survey period of an instansi, in whole days of the instansi's own time zone (both ends included)."""

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="survey_periods", verbose_name=_("instansi")
    )
    name = models.CharField(_("name"), max_length=100)
    starts_on = models.DateField(_("first day"))
    ends_on = models.DateField(_("last day"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey period")
        verbose_name_plural = _("survey periods")
        ordering = ["-starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["instansi", "name"], name="survey_period_name_unique"),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")),
                name="survey_period_ends_after_start",
                violation_error_message=_("The last day cannot come before the first day."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Channel(models.TextChoices):
    ONLINE = "online", _("Online form")
    KIOSK = "kiosk", _("Kiosk at the counter")
    PAPER = "paper", _("Paper form (imported)")


class Flag(models.TextChoices):
    """Why a response looks automated or repeated; it is kept, but not counted until an admin includes it."""

    HONEYPOT = "honeypot", _("A field hidden from people was filled in")
    TOO_FAST = "too_fast", _("Sent faster than a person can read the form")
    BAD_TIMESTAMP = "bad_timestamp", _("The form's signed start time was missing or altered")
    RATE_LIMITED = "rate_limited", _("Too many responses from one address in an hour")
    REPEAT_DEVICE = "repeat_device", _("This device had already answered for this service")
    EXPIRED_FORM = "expired_form", _("Sent long after the form was served")
    REUSED_FORM = "reused_form", _("The same served form was sent more than once")
    PREFIX_BURST = "prefix_burst", _("Part of a burst of responses from one network")
    SURGE = "surge", _("Part of a surge far above the service's normal volume")


def _answer_field(number: int) -> models.PositiveSmallIntegerField:
    # Null only for paper forms with an unanswered question (contract: an empty cell is not answered).
    return models.PositiveSmallIntegerField(
        f"U{number}", null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(4)]
    )


class Response(models.Model):
    """One citizen's answers. Never changed after it is stored except whether it counts (`included`, and a
    burst's flags given to its earlier members, see screening.py); never deleted.

    No HistoricalRecords here: the record is immutable, and the one decision taken on it (include or
    exclude) is audited in ResponseDecision with who, when and why, without doubling every insert.
    """

    # No index of its own for any of the three keys (db_index=False): every insert of the public form writes
    # each index, and the Meta indexes below already begin with the service and the period; a paper import's
    # index holds only paper responses.
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="responses", verbose_name=_("service"), db_index=False
    )
    # Resolved from the submission time in the instansi's zone; null when no period covers that day.
    period = models.ForeignKey(
        SurveyPeriod,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("survey period"),
        db_index=False,
    )
    submitted_at = models.DateTimeField(_("submitted at"))
    day = models.DateField(_("day (local)"))  # submitted_at's date in the instansi's zone: the tally key
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.ONLINE)
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices, blank=True)
    age = models.PositiveSmallIntegerField(
        _("age"), null=True, blank=True, validators=[MinValueValidator(AGE_MIN), MaxValueValidator(AGE_MAX)]
    )
    education = models.CharField(_("education"), max_length=10, choices=Education.choices, blank=True)
    occupation = models.CharField(_("occupation"), max_length=10, choices=Occupation.choices, blank=True)
    u1 = _answer_field(1)
    u2 = _answer_field(2)
    u3 = _answer_field(3)
    u4 = _answer_field(4)
    u5 = _answer_field(5)
    u6 = _answer_field(6)
    u7 = _answer_field(7)
    u8 = _answer_field(8)
    u9 = _answer_field(9)
    suggestion = models.TextField(_("suggestion or complaint"), blank=True)
    suspicious = models.BooleanField(_("suspicious"), default=False)
    flags = models.JSONField(_("reasons"), default=list, blank=True)  # Flag values
    # Only included responses count in the IKM; a suspicious one starts excluded.
    included = models.BooleanField(_("included"), default=True)
    # HMAC of the client address with a rotating random salt (see screening.py); for rate limits only.
    client_hash = models.CharField(max_length=32, blank=True)
    # The same HMAC of the address's network (/24 for IPv4, /48 for IPv6): bursts from one network.
    prefix_hash = models.CharField(max_length=32, blank=True)
    # The random part of the served form's signed start token: a served form counts once (screening.py).
    start_token = models.CharField(max_length=32, blank=True)
    # The file a paper response came from (channel "paper"); null for every other channel.
    paper_import = models.ForeignKey(
        "PaperImport",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="responses",
        verbose_name=_("paper import"),
        db_index=False,
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-submitted_at"]
        indexes = [
            models.Index(fields=["service", "day"], name="response_service_day"),
            # The burst screening's three counts of the last hour (screening.py): by address, by network,
            # and of the whole service; each reads only its index.
            models.Index(fields=["service", "client_hash", "submitted_at"], name="response_rate_limit"),
            models.Index(fields=["service", "prefix_hash", "submitted_at"], name="response_network"),
            models.Index(fields=["service", "submitted_at", "channel"], name="response_service_time"),
            models.Index(fields=["period", "service"], name="response_period_service"),
            models.Index(
                fields=["paper_import"], condition=Q(paper_import__isnull=False), name="response_paper_import"
            ),
        ]
        constraints = [
            *(
                models.CheckConstraint(
                    condition=Q(**{f"{field}__isnull": True}) | Q(**{f"{field}__gte": 1, f"{field}__lte": 4}),
                    name=f"response_{field}_in_1_4",
                )
                for field in ANSWER_FIELDS
            ),
            # A response answers at least one unsur, so every stored response is one respondent (n).
            models.CheckConstraint(
                condition=Q(u1__isnull=False)
                | Q(u2__isnull=False)
                | Q(u3__isnull=False)
                | Q(u4__isnull=False)
                | Q(u5__isnull=False)
                | Q(u6__isnull=False)
                | Q(u7__isnull=False)
                | Q(u8__isnull=False)
                | Q(u9__isnull=False),
                name="response_answers_at_least_one_unsur",
            ),
            models.CheckConstraint(
                condition=Q(age__isnull=True) | Q(age__gte=AGE_MIN, age__lte=AGE_MAX),
                name="response_age_range",
            ),
            # A served form is answered once: a second submission with its token is stored flagged.
            models.UniqueConstraint(
                fields=["start_token"], condition=~Q(start_token=""), name="response_start_token_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.submitted_at:%Y-%m-%d %H:%M}"

    @property
    def flag_labels(self) -> list[str]:
        return [str(Flag(code).label) for code in self.flags if code in Flag.values]

    @property
    def answers(self) -> tuple[int | None, ...]:
        return tuple(getattr(self, field) for field in ANSWER_FIELDS)


class ResponseDecision(models.Model):
    """The audit trail of including or excluding a response: who decided, when, and why."""

    response = models.ForeignKey(
        Response, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("response")
    )
    included = models.BooleanField(_("included"))
    reason = models.TextField(_("reason"))
    by = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        verbose_name = _("inclusion decision")
        verbose_name_plural = _("inclusion decisions")
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.response_id}: {'included' if self.included else 'excluded'}"


class ServiceDayTally(models.Model):
    """Exact running sums of the included responses of one service on one local day.

    Kept up to date in the transaction that stores or re-decides a response, by an additive upsert
    (`SET n = n + excluded.n`), which is correct under concurrent writers on SQLite and PostgreSQL alike.
    Days, not months, because survey periods are arbitrary date ranges; any period or month is a sum
    of a few hundred rows at most, however many responses there are.
    """

    service = models.ForeignKey(Service, on_delete=models.CASCADE, related_name="tallies")
    day = models.DateField()
    n = models.PositiveIntegerField(default=0)
    c1 = models.PositiveIntegerField(default=0)  # answers to U1
    s1 = models.PositiveIntegerField(default=0)  # their sum
    c2 = models.PositiveIntegerField(default=0)  # answers to U2
    s2 = models.PositiveIntegerField(default=0)  # their sum
    c3 = models.PositiveIntegerField(default=0)  # answers to U3
    s3 = models.PositiveIntegerField(default=0)  # their sum
    c4 = models.PositiveIntegerField(default=0)  # answers to U4
    s4 = models.PositiveIntegerField(default=0)  # their sum
    c5 = models.PositiveIntegerField(default=0)  # answers to U5
    s5 = models.PositiveIntegerField(default=0)  # their sum
    c6 = models.PositiveIntegerField(default=0)  # answers to U6
    s6 = models.PositiveIntegerField(default=0)  # their sum
    c7 = models.PositiveIntegerField(default=0)  # answers to U7
    s7 = models.PositiveIntegerField(default=0)  # their sum
    c8 = models.PositiveIntegerField(default=0)  # answers to U8
    s8 = models.PositiveIntegerField(default=0)  # their sum
    c9 = models.PositiveIntegerField(default=0)  # answers to U9
    s9 = models.PositiveIntegerField(default=0)  # their sum
    paper = models.PositiveIntegerField(default=0)  # of the n, respondents on a paper form (the paper share)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["service", "day"], name="tally_service_day_unique")]

    def __str__(self) -> str:
        return f"{self.service_id} {self.day}: {self.n}"


class ClientSalt(models.Model):
    """The random salt of one rotation window; deleted after the window, so old hashes cannot be reversed."""

    window = models.CharField(max_length=20, unique=True)  # e.g. "d2026-03-14" or "w2026-11"
    salt = models.CharField(max_length=64)

    def __str__(self) -> str:
        return self.window


class PaperImport(models.Model):
    """One file of paper responses typed in by the unit: who brought it in, when, and its fingerprint.

    A unit's own file is pending until the Inspektorat accepts it: a unit cannot raise its own IKM with
    forms nobody else has seen. Its responses are stored at once but count only from the acceptance on;
    a rejected file's responses stay stored, never counted. The decision is taken once, with who and why.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting the Inspektorat's acceptance")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="paper_imports", verbose_name=_("service")
    )
    file_name = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    rows = models.PositiveIntegerField(_("rows"))
    by = models.ForeignKey(User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("by"))
    at = models.DateTimeField(_("imported at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    decided_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("paper import")
        verbose_name_plural = _("paper imports")
        ordering = ["-at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="pending", decided_at__isnull=True)
                | (~Q(status="pending") & Q(decided_at__isnull=False)),
                name="paper_import_decided_iff_not_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.file_name} ({self.rows})"


class UnitSurveySettings(models.Model):
    """A unit's choices about its survey; today only whether its summary is published (off by default)."""

    unit = models.OneToOneField(
        Unit, on_delete=models.CASCADE, related_name="survey_settings", verbose_name=_("unit")
    )
    # PermenPANRB 14/2017 asks units to publish their IKM; publishing on Nyata is the unit's own decision.
    public_summary = models.BooleanField(_("public summary page"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("survey settings of a unit")
        verbose_name_plural = _("survey settings of units")

    def __str__(self) -> str:
        return str(self.unit)


class ComplaintReply(models.Model):
    """The unit's answer to a citizen's suggestion or complaint: the follow-up of the SKM."""

    response = models.OneToOneField(
        Response, on_delete=models.PROTECT, related_name="reply", verbose_name=_("response")
    )
    text = models.TextField(_("response to the citizen"))
    by = models.ForeignKey(
        User, null=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("responded by")
    )
    at = models.DateTimeField(_("responded at"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("complaint reply")
        verbose_name_plural = _("complaint replies")

    def __str__(self) -> str:
        return f"{self.response_id}: {self.at:%Y-%m-%d}"
