"""Who is who: governments (instansi), their units, people and the roles people hold in units."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

# Indonesia's three zones (WIB, WITA, WIT): an instansi lives in exactly one.
TIME_ZONES = [
    ("Asia/Jakarta", "WIB (Asia/Jakarta)"),
    ("Asia/Makassar", "WITA (Asia/Makassar)"),
    ("Asia/Jayapura", "WIT (Asia/Jayapura)"),
]

code_validator = RegexValidator(
    r"^[a-z0-9][a-z0-9-]*$", _("Use lowercase letters, digits and hyphens only, e.g. dinas-kesehatan.")
)
# NIP (Nomor Induk Pegawai) of PNS and PPPK is 18 digits (PP 11/2017 and BKN practice).
nip_validator = RegexValidator(r"^\d{18}$", _("A NIP has exactly 18 digits."))


def normalise_nip(value: str) -> str:
    """A NIP as typed, "19800101 200501 1 001" (birth date, appointment, sex, sequence: the way BKN prints
    it), kept as its 18 digits: the spaces, whatever their kind, are only for reading."""
    return "".join(value.split())


def formatted_nip(nip: str) -> str:
    """The 18 digits grouped as BKN prints them; anything else as it is."""
    if len(nip) != 18 or not nip.isdigit():
        return nip
    return f"{nip[:8]} {nip[8:14]} {nip[14]} {nip[15:]}"


phone_validator = RegexValidator(r"^\+?[0-9 ()-]{6,20}$", _("Enter a phone number such as 0812 3456 7890."))


def default_time_zone() -> str:
    return settings.TIME_ZONE


class Instansi(models.Model):
    """A government (pemerintah daerah) whose internal RB evaluation runs in Nyata."""

    class Kind(models.TextChoices):
        PROVINSI = "provinsi", _("Province")
        KABUPATEN = "kabupaten", _("Regency")
        KOTA = "kota", _("City")

    name = models.CharField(_("name"), max_length=200, unique=True)
    code = models.CharField(_("code"), max_length=40, unique=True, validators=[code_validator])
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.KOTA)
    time_zone = models.CharField(_("time zone"), max_length=40, choices=TIME_ZONES, default=default_time_zone)
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("instansi")
        verbose_name_plural = _("instansi")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Unit(models.Model):
    """An organisational unit of an instansi: an OPD, a unit pengampu, the Inspektorat or the leadership."""

    class Kind(models.TextChoices):
        OPD = "opd", _("OPD")
        PENGAMPU = "pengampu", _("Unit pengampu")
        INSPEKTORAT = "inspektorat", _("Inspektorat")
        PIMPINAN = "pimpinan", _("Leadership / Setda")

    instansi = models.ForeignKey(
        Instansi, on_delete=models.PROTECT, related_name="units", verbose_name=_("instansi")
    )
    code = models.CharField(_("code"), max_length=40, validators=[code_validator])
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=80, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
        verbose_name=_("parent unit"),
    )
    # Agencies are merged, split and renamed; the new unit names the old ones so that history follows it.
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors", verbose_name=_("predecessors")
    )
    # The RB area a unit pengampu owns (e.g. "kelembagaan"); instruments name the same code on their nodes.
    pengampu_area = models.CharField(
        _("pengampu area"), max_length=40, blank=True, validators=[code_validator]
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(m2m_fields=[predecessors])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["instansi", "code"],
                name="unit_code_unique_in_instansi",
                violation_error_message=_("Another unit of this instansi already uses this code."),
            ),
            models.UniqueConstraint(
                fields=["instansi", "pengampu_area"],
                condition=~Q(pengampu_area=""),
                name="unit_pengampu_area_unique_in_instansi",
                violation_error_message=_("Another unit already owns this RB area."),
            ),
            models.CheckConstraint(
                condition=Q(kind="pengampu", pengampu_area__gt="")
                | (~Q(kind="pengampu") & Q(pengampu_area="")),
                name="unit_pengampu_area_only_for_pengampu",
                violation_error_message=_(
                    "A unit pengampu, and only a unit pengampu, names the RB area it owns."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


class User(AbstractUser):
    """A person who signs in: civil servant, evaluator or administrator."""

    first_name = None
    last_name = None
    name = models.CharField(_("full name"), max_length=150)
    nip = models.CharField(_("NIP"), max_length=18, blank=True, validators=[nip_validator])
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[phone_validator])
    # Null only for system administrators, who serve every instansi of the installation.
    instansi = models.ForeignKey(
        Instansi,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="people",
        verbose_name=_("instansi"),
    )
    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    REQUIRED_FIELDS = ["name", "email"]

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["nip"],
                condition=~Q(nip=""),
                name="user_nip_unique",
                violation_error_message=_("Another person already has this NIP."),
            ),
        ]

    def __str__(self) -> str:
        return self.name or self.username

    def get_full_name(self) -> str:
        return self.name

    @property
    def nip_display(self) -> str:
        return formatted_nip(self.nip)

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.username


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", _("System administrator")
    INSPEKTORAT_ADMIN = "inspektorat_admin", _("Inspektorat administrator")
    PENGENDALI_TEKNIS = "pengendali_teknis", _("Pengendali teknis")
    KETUA_TIM = "ketua_tim", _("Ketua tim")
    EVALUATOR = "evaluator", _("Evaluator (anggota tim)")
    PENGAMPU_VERIFIER = "pengampu_verifier", _("Pengampu verifier")
    PIMPINAN = "pimpinan", _("Pimpinan")
    OPD_HEAD = "opd_head", _("OPD head (kepala)")
    OPD_OPERATOR = "opd_operator", _("OPD operator")


# The kind of unit each role is held in; a system administrator holds the role in no unit.
ROLE_UNIT_KINDS: dict[str, frozenset[str]] = {
    Role.SYSTEM_ADMIN: frozenset(),
    Role.INSPEKTORAT_ADMIN: frozenset({Unit.Kind.INSPEKTORAT}),
    Role.PENGENDALI_TEKNIS: frozenset({Unit.Kind.INSPEKTORAT}),
    Role.KETUA_TIM: frozenset({Unit.Kind.INSPEKTORAT}),
    Role.EVALUATOR: frozenset({Unit.Kind.INSPEKTORAT}),
    Role.PENGAMPU_VERIFIER: frozenset({Unit.Kind.PENGAMPU}),
    Role.PIMPINAN: frozenset({Unit.Kind.PIMPINAN}),
    Role.OPD_HEAD: frozenset({Unit.Kind.OPD}),
    Role.OPD_OPERATOR: frozenset({Unit.Kind.OPD}),
}


class Membership(models.Model):
    """A role a person holds in a unit; the unit scopes what the role may see and do."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    unit = models.ForeignKey(
        Unit,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="memberships",
        verbose_name=_("unit"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    created_at = models.DateTimeField(_("assigned at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role", "unit__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "unit", "role"], name="membership_unique"),
            models.UniqueConstraint(
                fields=["user"], condition=Q(role="system_admin"), name="membership_one_system_admin_role"
            ),
            models.CheckConstraint(
                condition=(Q(role="system_admin") & Q(unit__isnull=True))
                | (~Q(role="system_admin") & Q(unit__isnull=False)),
                name="membership_unit_required_except_system_admin",
            ),
        ]

    def __str__(self) -> str:
        if self.unit_id is None:
            return f"{self.user} · {self.get_role_display()}"
        return f"{self.user} · {self.get_role_display()} · {self.unit}"


class UnitAward(models.Model):
    """A predicate a unit holds by decree: WBK or WBBM of Zona Integritas (PermenPANRB 90/2021 as amended by
    PermenPANRB 5/2024). An instrument's award that `requires` another (WBBM requires WBK) is granted only
    to a unit whose history holds it; the codes are those the ZI instruments give their awards."""

    class Award(models.TextChoices):
        WBK = "WBK", _("WBK (Wilayah Bebas dari Korupsi)")
        WBBM = "WBBM", _("WBBM (Wilayah Birokrasi Bersih dan Melayani)")

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="awards", verbose_name=_("unit"))
    award = models.CharField(_("predicate"), max_length=20, choices=Award.choices)
    decree_number = models.CharField(_("decree number"), max_length=150)
    decree_date = models.DateField(_("decree date"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("award of a unit")
        verbose_name_plural = _("awards of units")
        ordering = ["unit", "decree_date", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "award"],
                name="unit_award_once",
                violation_error_message=_("This unit's history already holds this predicate."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit} {self.award} ({self.decree_number})"
