"""Kiosk links: a tablet at the counter on which citizen after citizen fills the survey.

The link is created by the unit's staff and signed, so that only a kiosk the unit set up skips the
one-response-per-device check (a citizen cannot skip it by typing a URL). It lasts NYATA_SKM_KIOSK_DAYS;
after that the tablet shows a page asking the staff for a new link.
"""

from django.conf import settings
from django.core import signing

from nyata.surveys.models import Service

KIOSK_SALT = "nyata.surveys.kiosk"


def kiosk_token(service: Service) -> str:
    return signing.dumps({"s": service.pk, "c": service.public_code}, salt=KIOSK_SALT, compress=False)


def kiosk_token_valid(token: str, *, service: Service) -> bool:
    try:
        value = signing.loads(token, salt=KIOSK_SALT, max_age=settings.NYATA_SKM_KIOSK_DAYS * 24 * 3600)
    except signing.BadSignature:  # SignatureExpired is a BadSignature too
        return False
    return isinstance(value, dict) and value.get("s") == service.pk and value.get("c") == service.public_code
