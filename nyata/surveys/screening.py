"""Abuse screening that never turns a citizen away: it only flags a response, with the reason.

- The client address is never stored. We keep HMAC-SHA256(secret, salt || address), where the salt is
  random per rotation window (a day or a week) and deleted once the window has passed: with the secret
  alone, nobody can test the 2^32 IPv4 addresses against an old hash. The hash serves the rate limit only.
- The form carries its start time, signed; a response sent faster than NYATA_SKM_MIN_FILL_SECONDS is flagged.
- A signed cookie remembers that this device answered for this service (a soft check: many people share a
  phone or a counter tablet, so a repeat is flagged for an admin, not refused).
"""

import hashlib
import hmac
import secrets
import time
from datetime import datetime, timedelta

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, connection, transaction
from django.http import HttpRequest

from nyata.surveys.models import ClientSalt, Flag, Response, Service

STARTED_SALT = "nyata.surveys.started"
DEVICE_SALT = "nyata.surveys.device"
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


def client_hash(request: HttpRequest, *, now: datetime) -> str:
    salt = _salt(rotation_window(now))
    key = settings.SECRET_KEY.encode()
    message = f"{salt}|{client_address(request)}".encode()
    return hmac.new(key, message, hashlib.sha256).hexdigest()[:32]


def sign_start(*, service: Service) -> str:
    return signing.dumps(time.time(), salt=f"{STARTED_SALT}.{service.pk}", compress=False)


def seconds_since_start(value: str, *, service: Service) -> float | None:
    """Seconds since the form was served, or None when the signed value is missing or altered."""
    try:
        started = float(signing.loads(value, salt=f"{STARTED_SALT}.{service.pk}"))
    except (signing.BadSignature, TypeError, ValueError):
        return None
    return time.time() - started


def device_cookie_name(service: Service) -> str:
    return f"skm_{service.public_code}"


def device_answered(request: HttpRequest, *, service: Service) -> bool:
    value = request.get_signed_cookie(
        device_cookie_name(service), default=None, salt=DEVICE_SALT, max_age=device_cookie_max_age()
    )
    return value is not None


def device_cookie_max_age() -> int:
    return settings.NYATA_SKM_DEVICE_DAYS * 24 * 3600


# The rate-limit count as one prepared statement (served by the index response_rate_limit): building it
# through the ORM on every submission cost more than running it. Built from the model's own names only.
_RECENT = (
    f"SELECT COUNT(*) FROM {Response._meta.db_table} "  # noqa: S608
    "WHERE service_id = %s AND client_hash = %s AND submitted_at >= %s"
)


def recent_from_client(*, service_id: int, hashed: str, since: datetime) -> int:
    with connection.cursor() as cursor:
        cursor.execute(_RECENT, [service_id, hashed, connection.ops.adapt_datetimefield_value(since)])
        return cursor.fetchone()[0]


def screen(
    *,
    request: HttpRequest,
    service: Service,
    started: str,
    honeypot: str,
    now: datetime,
    hashed: str,
    check_device: bool = True,
) -> list[str]:
    """The reasons (Flag values) that make this submission suspicious; empty for an ordinary citizen.

    A kiosk (check_device=False) is one tablet that many citizens share by design, so the device check
    would flag every respondent after the first; every other check applies to it as to any phone.
    """
    flags = []
    if honeypot.strip():
        flags.append(Flag.HONEYPOT)
    elapsed = seconds_since_start(started, service=service)
    if elapsed is None:
        flags.append(Flag.BAD_TIMESTAMP)
    elif elapsed < settings.NYATA_SKM_MIN_FILL_SECONDS:
        flags.append(Flag.TOO_FAST)
    if recent_from_client(service_id=service.pk, hashed=hashed, since=now - timedelta(hours=1)) >= (
        settings.NYATA_SKM_RATE_LIMIT
    ):
        flags.append(Flag.RATE_LIMITED)
    if check_device and device_answered(request, service=service):
        flags.append(Flag.REPEAT_DEVICE)
    return [str(flag) for flag in flags]
