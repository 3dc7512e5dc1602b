"""Figures and dates written as Indonesians write them: decimal comma, thousands dot, "14 Juni 2024".

Documents (LHE, recap) are Indonesian whatever the reader's language: they are official letters of the
instansi. Figures are rounded half-up, as the engine and the regulation round (nyata.scoring.rounding).
"""

from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

from django.utils import formats, timezone, translation

from nyata.scoring import round_half_up

DASH = "—"


def number(value, places: int = 2) -> str:
    """1234.5 -> "1.234,50"; None -> "—"."""
    if value is None or value == "":
        return DASH
    rounded = round_half_up(Fraction(Decimal(str(value))), places=places)
    sign = "-" if rounded < 0 else ""
    whole, _dot, fraction = f"{abs(rounded):.{places}f}".partition(".")
    groups = []
    while len(whole) > 3:
        whole, groups = whole[:-3], [whole[-3:], *groups]
    text = ".".join([whole, *groups])
    return f"{sign}{text},{fraction}" if places else f"{sign}{text}"


def change(value, places: int = 2) -> str:
    """A change with its sign: "+1,25", "-0,50", "0,00"; None (no earlier figure) -> "—"."""
    if value is None or value == "":
        return DASH
    text = number(value, places)
    return f"+{text}" if Decimal(str(value)) > 0 else text


def long_date(moment: date | datetime, zone: str | None = None) -> str:
    """ "14 Juni 2024"; a datetime is read in the instansi's zone first."""
    if isinstance(moment, datetime):
        moment = timezone.localtime(moment, timezone=_zone(zone)).date()
    with translation.override("id"):
        return formats.date_format(moment, "j F Y")


def _zone(name: str | None):
    from zoneinfo import ZoneInfo

    return ZoneInfo(name) if name else None
