"""Two-factor sign-in: an authenticator app (TOTP, RFC 6238) and ten single-use recovery codes, kept by
django-otp (`otp_totp` and `otp_static` devices; both slow down after each wrong code).

Required of system and Inspektorat administrators when settings.NYATA_REQUIRE_TWO_FACTOR is on (the default
in production), available to everyone. Once a person has confirmed an authenticator, every sign-in asks
for a code, whatever that setting says. The middleware (nyata.org.middleware.TwoFactorMiddleware) holds a
half-signed-in person at the verification or enrolment page. Writes here are atomic and recorded on the
person's history.
"""

import secrets
from base64 import b32encode
from dataclasses import dataclass

import segno
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.db import transaction
from django.dispatch import receiver
from django.http import HttpRequest
from django.utils import timezone
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, user_has_device
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nyata.org import rules
from nyata.org.models import Role, User

RECOVERY_CODE_COUNT = 10
TOTP_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
# Whether the person had a confirmed device when they signed in: read once per session, not per request.
SESSION_STATE_KEY = "org.two_factor"
HAS_DEVICE, NO_DEVICE = "device", "none"


@receiver(user_logged_in)
def _read_state_at_sign_in(sender, request, user, **kwargs) -> None:
    # Read once, when the password was given, so that the pages after it cost no query for this.
    if request is not None and hasattr(request, "session"):
        request.session[SESSION_STATE_KEY] = HAS_DEVICE if has_two_factor(user) else NO_DEVICE


def must_use_two_factor(user: User) -> bool:
    """System and Inspektorat administrators must, where the installation requires it."""
    if not settings.NYATA_REQUIRE_TWO_FACTOR or not rules.is_signed_in(user):
        return False
    return rules.is_system_admin(user) or any(g.role == Role.INSPEKTORAT_ADMIN for g in rules.grants_of(user))


def has_two_factor(user: User) -> bool:
    return user_has_device(user, confirmed=True)


def session_has_device(request: HttpRequest) -> bool:
    state = request.session.get(SESSION_STATE_KEY)
    if state is None:  # a session opened before two-factor sign-in existed
        state = HAS_DEVICE if has_two_factor(request.user) else NO_DEVICE
        request.session[SESSION_STATE_KEY] = state
    return state == HAS_DEVICE


def _remember(request: HttpRequest, device: Device | None) -> None:
    request.session[SESSION_STATE_KEY] = HAS_DEVICE if device is not None else NO_DEVICE
    if device is not None:
        otp_login(request, device)
    else:
        request.session.pop(DEVICE_ID_SESSION_KEY, None)


@dataclass(frozen=True)
class Enrolment:
    secret: str  # base32, grouped by four for typing
    qr_data_uri: str  # an SVG data URI (CSP allows data: images, never inline script or style)


def pending_enrolment(*, person: User) -> Enrolment:
    """The authenticator being set up: the same secret until it is confirmed, so a refresh changes nothing."""
    device = TOTPDevice.objects.filter(user=person, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=person, name=TOTP_NAME, confirmed=False)
    secret = b32encode(device.bin_key).decode()
    grouped = " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))
    qr = segno.make(device.config_url, error="m")
    return Enrolment(secret=grouped, qr_data_uri=qr.svg_data_uri(scale=5, border=2))


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


@transaction.atomic
def confirm_enrolment(*, request: HttpRequest, person: User, code: str) -> list[str] | None:
    """Confirm the pending authenticator with a code it shows; returns the new recovery codes (to show
    once) or None when the code is wrong. Any earlier authenticator and recovery codes are replaced."""
    device = (
        TOTPDevice.objects.select_for_update().filter(user=person, confirmed=False).order_by("pk").first()
    )
    if device is None or not device.verify_token(_clean(code)):
        return None
    TOTPDevice.objects.filter(user=person, confirmed=True).delete()
    device.confirmed = True
    device.save()
    codes = _new_recovery_codes(person)
    _audit(person, by=person, reason="two-factor sign-in enabled")
    _remember(request, device)
    return codes


def _new_recovery_codes(person: User) -> list[str]:
    StaticDevice.objects.filter(user=person).delete()
    device = StaticDevice.objects.create(user=person, name=RECOVERY_NAME, confirmed=True)
    codes = []
    while len(codes) < RECOVERY_CODE_COUNT:
        code = secrets.token_hex(5)  # 10 hexadecimal characters, shown as xxxxx-xxxxx
        if code not in codes:
            codes.append(code)
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return [f"{code[:5]}-{code[5:]}" for code in codes]


@transaction.atomic
def replace_recovery_codes(*, person: User) -> list[str]:
    """New recovery codes (the old ones stop working), for a person who has an authenticator."""
    codes = _new_recovery_codes(person)
    _audit(person, by=person, reason="recovery codes replaced")
    return codes


def recovery_codes_left(person: User) -> int:
    return StaticToken.objects.filter(device__user=person, device__confirmed=True).count()


def verify(*, request: HttpRequest, person: User, code: str) -> bool:
    """The second step of signing in: a code of the authenticator, or one recovery code (used up).
    Each device slows down after a wrong code (django-otp's throttling), so guessing is hopeless."""
    token = _clean(code)
    with transaction.atomic():
        for device in devices_for_user(person, confirmed=True, for_verify=True):
            if device.verify_token(token):
                if isinstance(device, StaticDevice):
                    _audit(person, by=person, reason="signed in with a recovery code")
                _remember(request, device)
                return True
    return False


def seconds_to_wait(person: User) -> int:
    """How long until a code can be checked again after wrong ones: 0 while any device still checks."""
    waits = []
    for device in devices_for_user(person, confirmed=True):
        allowed, data = device.verify_is_allowed()
        if allowed:
            return 0
        until = (data or {}).get("locked_until")
        if until is not None:
            waits.append(max(1, int((until - timezone.now()).total_seconds()) + 1))
    return min(waits, default=0)


@transaction.atomic
def remove_two_factor(*, person: User, by: User, request: HttpRequest | None = None) -> None:
    """Remove the authenticator and the recovery codes: by the person, or by an administrator for a person
    who lost them (rules: org.reset_two_factor)."""
    for model in (TOTPDevice, StaticDevice):
        model.objects.filter(user=person).delete()
    _audit(person, by=by, reason="two-factor sign-in removed")
    if request is not None and request.user.pk == person.pk:
        _remember(request, None)


def _audit(person: User, *, by: User, reason: str) -> None:
    # A saved-again person with a reason: the person's history shows who changed the second factor, when.
    person._history_user = by
    person._change_reason = reason
    person.save()
