"""Abuse screening that never turns a citizen away: it only flags a response, with the reason.

A flagged response is stored but not counted until the Inspektorat administrator includes it.

- The client address is never stored. We keep HMAC-SHA256(secret, salt || address), where the salt is
  random per rotation window (a day or a week) and deleted once the window has passed: with the secret
  alone, nobody can test the 2^32 IPv4 addresses against an old hash. The network of the address (its /24
  for IPv4, its /48 for IPv6: what one subscriber or one organisation usually holds) is kept the same way.
- The form carries a signed start token: when it was served, and a random part. A response sent faster
  than NYATA_SKM_MIN_FILL_SECONDS, or later than NYATA_SKM_FORM_VALID_MINUTES after the form was served,
  is flagged; so is a second response sent with the same served form (the random part is stored once).
- A cookie remembers that this device answered for this service (a soft check: many people share a
  phone or a counter tablet, so a repeat is flagged for an admin, not refused). It is not signed: it can
  only ever flag its own holder's response, and a signature would not stop anyone who could plant it in
  another's browser (they would plant the signed value their own answer earned). Signing it cost every
  submission a few per cent.
- Bursts, counted over the last NYATA_SKM_BURST_MINUTES among the service's online and kiosk responses:
  more than NYATA_SKM_RATE_LIMIT from one address flags the next ones; more than NYATA_SKM_PREFIX_LIMIT
  from one network, or a surge of NYATA_SKM_SURGE_FACTOR times the service's normal volume, flags the
  whole burst, its earlier members included (actions.submit_public_response): forged responses spread
  over many addresses never count, not even the first few of them.
"""

import hmac
import ipaddress
import math
import secrets
import time
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest, HttpResponse

from nyata.core.addresses import ipv4_octets
from nyata.core.database import prepared_cursor
from nyata.surveys.models import Channel, ClientSalt, Flag, Response, Service, ServiceDayTally

STARTED_SALT = "nyata.surveys.started"
# The normal volume of a service: its counted responses per day over the days before today.
NORMAL_VOLUME_DAYS = 28
# A service day is about eight opening hours: the normal hour is an eighth of the normal day.
SERVICE_HOURS_PER_DAY = 8
_salt_cache: dict[str, str] = {}


def rotation_window(moment: datetime) -> str:
    if settings.NYATA_SKM_HASH_ROTATION == "weekly":
        year, week, _weekday = moment.isocalendar()
        return f"w{year}-{week:02d}"
    return f"d{moment:%Y-%m-%d}"


def _salt(window: str) -> str:
    cached = _salt_cache.get(window)
    if cached is not None:
        return cached
    row = ClientSalt.objects.filter(window=window).first()
    if row is None:
        try:
            with transaction.atomic():
                row = ClientSalt.objects.create(window=window, salt=secrets.token_hex(32))
        except IntegrityError:  # another worker made it first; theirs is the salt
            row = ClientSalt.objects.get(window=window)
        # Salts of past windows are forgotten: the hashes made with them become unlinkable.
        ClientSalt.objects.exclude(window=window).delete()
    _salt_cache.clear()
    _salt_cache[window] = row.salt
    return row.salt


def client_address(request: HttpRequest) -> str:
    header = settings.NYATA_SKM_CLIENT_IP_HEADER
    if header:
        forwarded = request.META.get(header, "")
        if forwarded:
            # X-Forwarded-For: "client, proxy1, proxy2": the right-most entry was added by our own proxy.
            return forwarded.split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def network_of(address: str) -> str:
    """The /24 of an IPv4 address, the /48 of an IPv6 one (an IPv4-mapped IPv6 address is IPv4); "" if
    the text is no address."""
    text = address.strip()
    octets = ipv4_octets(text)
    if octets is not None:
        return f"{octets[0]}.{octets[1]}.{octets[2]}.0/24"
    try:
        parsed = ipaddress.ip_address(text)
    except ValueError:
        return ""
    if isinstance(parsed, ipaddress.IPv6Address) and parsed.ipv4_mapped is not None:
        parsed = parsed.ipv4_mapped
    prefix = 24 if parsed.version == 4 else 48
    return str(ipaddress.ip_network(f"{parsed}/{prefix}", strict=False))


def _hmac(salt: str, text: str) -> str:
    message = f"{salt}|{text}".encode()
    return hmac.digest(settings.SECRET_KEY.encode(), message, "sha256").hex()[:32]


@dataclass(frozen=True)
class Origin:
    """Where a submission came from, as salted HMACs only: the address and its network."""

    client_hash: str
    prefix_hash: str


def origin(request: HttpRequest, *, now: datetime) -> Origin:
    salt = _salt(rotation_window(now))
    address = client_address(request)
    network = network_of(address)
    # "net:" keeps a network's hash apart from any address's hash made with the same salt.
    return Origin(
        client_hash=_hmac(salt, address), prefix_hash=_hmac(salt, f"net:{network}") if network else ""
    )


def client_hash(request: HttpRequest, *, now: datetime) -> str:
    return origin(request, now=now).client_hash


def sign_start(*, service: Service) -> str:
    """The served form's token: when it was served and a random part, signed for this service."""
    return signing.dumps(
        [time.time(), secrets.token_hex(8)], salt=f"{STARTED_SALT}.{service.pk}", compress=False
    )


@dataclass(frozen=True)
class Start:
    seconds: float  # since the form was served
    token: str  # the random part: one response per served form


def read_start(value: str, *, service: Service) -> Start | None:
    """The served form's token, or None when it is missing or altered."""
    try:
        started, token = signing.loads(value, salt=f"{STARTED_SALT}.{service.pk}")
        started = float(started)
    except (signing.BadSignature, TypeError, ValueError):
        return None
    if not isinstance(token, str) or not 0 < len(token) <= 32:
        return None
    return Start(seconds=time.time() - started, token=token)


def device_cookie_name(service: Service) -> str:
    return f"skm_{service.public_code}"


def device_answered(request: HttpRequest, *, service: Service) -> bool:
    """Whether this device answered for the service before (an earlier, signed cookie counts too)."""
    return bool(request.COOKIES.get(device_cookie_name(service)))


def remember_device(response: HttpResponse, *, service: Service) -> None:
    """Mark the device as having answered for this service, for NYATA_SKM_DEVICE_DAYS; only on its path."""
    response.set_cookie(
        device_cookie_name(service),
        "1",
        max_age=settings.NYATA_SKM_DEVICE_DAYS * 24 * 3600,
        path=f"/s/{service.public_code}/",
        httponly=True,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
    )


def screen(
    *,
    request: HttpRequest,
    service: Service,
    start: Start | None,
    honeypot: str,
    check_device: bool = True,
) -> list[str]:
    """The reasons (Flag values) read from the submission itself; bursts are judged when it is stored.

    A kiosk (check_device=False) is one tablet that many citizens share by design, so the device check
    would flag every respondent after the first; every other check applies to it as to any phone.
    """
    flags = []
    if honeypot.strip():
        flags.append(Flag.HONEYPOT)
    if start is None:
        flags.append(Flag.BAD_TIMESTAMP)
    elif start.seconds < settings.NYATA_SKM_MIN_FILL_SECONDS:
        flags.append(Flag.TOO_FAST)
    elif start.seconds > settings.NYATA_SKM_FORM_VALID_MINUTES * 60:
        flags.append(Flag.EXPIRED_FORM)
    if check_device and device_answered(request, service=service):
        flags.append(Flag.REPEAT_DEVICE)
    return [str(flag) for flag in flags]


# --- bursts ---------------------------------------------------------------------------------------------

RESPONSE_TABLE = Response._meta.db_table
TALLY_TABLE = ServiceDayTally._meta.db_table


def _capped(where: str) -> str:
    # COUNT over at most `cap` rows: a count only has to reach its threshold, so a flood costs no more
    # than a quiet hour. Each reads one index (response_rate_limit, response_network, response_service_time).
    return f"(SELECT COUNT(*) FROM (SELECT 1 FROM {RESPONSE_TABLE} WHERE {where} LIMIT %s) AS recent)"  # noqa: S608


_WINDOW = "service_id = %s AND submitted_at >= %s AND channel <> %s"
# One statement on the hot path: this address's, this network's and the whole service's online and kiosk
# responses of the window, and today's counted ones. Built from the model's own names only; every value is a
# bound parameter. (A paper response has no address: it never matches an address or a network.)
RECENT = (
    f"SELECT {_capped('service_id = %s AND client_hash = %s AND submitted_at >= %s')}, "  # noqa: S608
    f"{_capped('service_id = %s AND prefix_hash = %s AND submitted_at >= %s')}, "
    f"{_capped(_WINDOW)}, "
    f"(SELECT n - paper FROM {TALLY_TABLE} WHERE service_id = %s AND day = %s)"
)
_SERVICE = f"SELECT {_capped(_WINDOW)}"
_NORMAL = (
    f"SELECT COALESCE(SUM(n - paper), 0) FROM {TALLY_TABLE} "  # noqa: S608
    "WHERE service_id = %s AND day >= %s AND day < %s"
)


@dataclass(frozen=True)
class Burst:
    """What the burst screening found: the flags of this response, and which earlier ones share them."""

    flags: tuple[str, ...] = ()
    # The earlier counted responses of the window to flag with this one: of this network, or all of the
    # service's online and kiosk ones (a surge).
    network: bool = False
    service: bool = False
    since: datetime | None = None

    @property
    def reaches_back(self) -> bool:
        """Whether earlier responses of the window stop counting with this one."""
        return self.network or self.service


def surge_thresholds(normal_day: float) -> tuple[int, int]:
    """(per hour, per day): NYATA_SKM_SURGE_FACTOR times the normal volume, never below the floors."""
    factor = settings.NYATA_SKM_SURGE_FACTOR
    per_hour = max(
        settings.NYATA_SKM_SURGE_MIN_PER_HOUR, math.ceil(factor * normal_day / SERVICE_HOURS_PER_DAY)
    )
    per_day = max(settings.NYATA_SKM_SURGE_MIN_PER_DAY, math.ceil(factor * normal_day))
    return per_hour, per_day


def normal_day(*, service_id: int, today: date) -> float:
    """The service's counted online and kiosk responses per day over the NORMAL_VOLUME_DAYS before today."""
    first = today - timedelta(days=NORMAL_VOLUME_DAYS)
    with connection.cursor() as cursor:
        cursor.execute(
            _NORMAL,
            [
                service_id,
                connection.ops.adapt_datefield_value(first),
                connection.ops.adapt_datefield_value(today),
            ],
        )
        return cursor.fetchone()[0] / NORMAL_VOLUME_DAYS


@dataclass(frozen=True)
class Window:
    """The submission's window of bursts: what its counts are about and the thresholds they are held to."""

    service_id: int
    origin: Origin
    start: datetime
    today: date

    @classmethod
    def of(cls, *, service_id: int, origin: Origin, now: datetime, today: date) -> "Window":
        start = now - timedelta(minutes=settings.NYATA_SKM_BURST_MINUTES)
        return cls(service_id=service_id, origin=origin, start=start, today=today)

    def count_params(self) -> list:
        """The parameters of RECENT: each count capped at the threshold it is held to."""
        since = connection.ops.adapt_datetimefield_value(self.start)
        service_id, origin = self.service_id, self.origin
        return [
            service_id, origin.client_hash, since, settings.NYATA_SKM_RATE_LIMIT,
            service_id, origin.prefix_hash, since, settings.NYATA_SKM_PREFIX_LIMIT,
            service_id, since, Channel.PAPER.value, settings.NYATA_SKM_SURGE_MIN_PER_HOUR,
            service_id, connection.ops.adapt_datefield_value(self.today),
        ]  # fmt: skip


# The counts of RECENT all below the thresholds they are held to: nothing to judge, the submission counts.
# (Stricter than judge() for a submission without an address, which then goes through judge().)
QUIET = "from_address < %s AND from_network < %s AND in_window < %s AND COALESCE(counted_today, 0) < %s"


def quiet_params() -> list:
    return [
        settings.NYATA_SKM_RATE_LIMIT,
        settings.NYATA_SKM_PREFIX_LIMIT,
        settings.NYATA_SKM_SURGE_MIN_PER_HOUR,
        settings.NYATA_SKM_SURGE_MIN_PER_DAY,
    ]


def burst(window: Window) -> Burst:
    """Judge this submission against the service's recent ones; run inside the storing transaction, so that
    on SQLite (one writer at a time) every submission sees every earlier one."""
    with prepared_cursor() as cursor:
        cursor.execute(RECENT, window.count_params())
        counts = cursor.fetchone()
    return judge(window, counts)


def judge(window: Window, counts: tuple[int, int, int, int | None]) -> Burst:
    """The flags that the counts of RECENT earn this submission, and which earlier ones share them."""
    from_address, from_network, in_window, counted_today = counts
    counted_today = counted_today or 0
    origin, service_id, today = window.origin, window.service_id, window.today
    rate_limit, prefix_limit = settings.NYATA_SKM_RATE_LIMIT, settings.NYATA_SKM_PREFIX_LIMIT
    hour_floor, day_floor = settings.NYATA_SKM_SURGE_MIN_PER_HOUR, settings.NYATA_SKM_SURGE_MIN_PER_DAY
    flags = []
    if origin.client_hash and from_address >= rate_limit:
        flags.append(Flag.RATE_LIMITED)
    network = bool(origin.prefix_hash) and from_network >= prefix_limit
    if network:
        flags.append(Flag.PREFIX_BURST)
    surge = False
    # The thresholds never fall below their floors: below both, the normal volume need not be read.
    if in_window >= hour_floor or counted_today >= day_floor:
        per_hour, per_day = surge_thresholds(normal_day(service_id=service_id, today=today))
        if in_window >= hour_floor and per_hour > hour_floor:  # a busy service: count on, up to its own
            since = connection.ops.adapt_datetimefield_value(window.start)
            with connection.cursor() as cursor:
                cursor.execute(_SERVICE, [service_id, since, Channel.PAPER.value, per_hour])
                in_window = cursor.fetchone()[0]
        surge = in_window >= per_hour
        if surge or counted_today >= per_day:
            flags.append(Flag.SURGE)
    return Burst(flags=tuple(str(f) for f in flags), network=network, service=surge, since=window.start)
