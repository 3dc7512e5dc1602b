"""The one way a figure becomes text for people: the active language's marks, by Django's localisation.

Bahasa Indonesia writes 1.250,5 (thousands dot, decimal comma), English 1,250.5. Every score, IKM, NRR,
percentage, count and typed answer shown on a page, in a notification, a timeline or an export meant for
reading goes through `figure` (or the template filters of the same names in `{% load numbers %}`).

Why not USE_THOUSAND_SEPARATOR: it would also group every integer a template prints, years ("2.024") and
the ids in links ("/periode/1.024/") among them. Figures are marked as figures instead.

Files meant for machines (CSV, the answer values stored as JSON, `nyata score --json`) keep the plain
decimal point: they are read back by programs, not by people.
"""

from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import formats

type Number = Decimal | int | float | str


def as_decimal(value: Number) -> Decimal | None:
    """`value` as a Decimal (decimal text as stored, with a point); None when it is no finite number."""
    if isinstance(value, bool):
        return None
    try:
        number = Decimal(str(value).strip()) if not isinstance(value, Decimal) else value
    except (InvalidOperation, ValueError):
        return None
    return number if number.is_finite() else None


def _rounded(number: Decimal, places: int | None) -> Decimal:
    if places is not None:
        number = number.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return abs(number) if number.is_zero() else number  # never "-0,00"


def figure(value: Number | None, places: int | None = None) -> str:
    """A figure as the active language writes it, grouped: 1.250,5 in Bahasa Indonesia, 1,250.5 in English.

    `places` rounds half-up to that many decimals (Django's own formatter would cut them off); None keeps
    the decimals the value has (Decimal("85.50") is 85,50). None and blank give ""; text that is no
    number is returned as it is, so a figure never hides what was stored."""
    if value is None or value == "":
        return ""
    number = as_decimal(value)
    if number is None:
        return str(value)
    return formats.number_format(_rounded(number, places), use_l10n=True, force_grouping=True)


def percent(value: Number | None, places: int | None = None) -> str:
    """85,5% in Bahasa Indonesia (no space, as Indonesian style guides write it), 85.5% in English."""
    text = figure(value, places)
    return f"{text}%" if text else ""


def typed(value: Number | None) -> str:
    """A figure as a person types it back into a text field: the language's decimal mark, no grouping
    (so that what is shown is read back the same, nyata.evaluations.values reads a comma or a point)."""
    if value is None or value == "":
        return ""
    number = as_decimal(value)
    if number is None:
        return str(value)
    return formats.number_format(_rounded(number, None), use_l10n=True, force_grouping=False)
