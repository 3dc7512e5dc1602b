"""Half-up rounding of exact values, done only at the output (contract, "Scores": rounding)."""

from __future__ import annotations

from decimal import Decimal
from fractions import Fraction

SCORE_PLACES = 2  # scores, totals, maxima and gains
FRACTION_PLACES = 4  # fractions score / weight


def round_ratio(*, numerator: int, denominator: int, places: int) -> Decimal:
    """numerator / denominator rounded half-up (ties away from zero) to `places` decimals.

    Integer arithmetic only: Decimal's own quantize would first need the exact quotient, which a
    Decimal cannot hold for values like 2/3.
    """
    if denominator < 0:
        numerator, denominator = -numerator, -denominator
    quotient, remainder = divmod(abs(numerator) * 10**places, denominator)
    if 2 * remainder >= denominator:
        quotient += 1
    sign = "-" if numerator < 0 and quotient else ""
    return Decimal(f"{sign}{quotient}E-{places}")


def round_half_up(value: Fraction | int, *, places: int) -> Decimal:
    """An exact value rounded half-up to `places` decimals."""
    return round_ratio(numerator=value.numerator, denominator=value.denominator, places=places)
