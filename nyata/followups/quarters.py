"""The quarters (triwulan) of a plan year and the window in which each quarter's realisation is entered:
from the first day of the quarter's last month to the 15th of the month after it (TW I: 1 March to
15 April; TW IV: 1 December to 15 January of the next year), the usual calendar of quarterly RB monitoring
reports. Pure date logic."""

from datetime import date

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def window(year: int, quarter: int) -> tuple[date, date]:
    last_month = quarter * 3
    opens = date(year, last_month, 1)
    closes = date(year + 1, 1, 15) if quarter == 4 else date(year, last_month + 1, 15)
    return opens, closes


def is_open(year: int, quarter: int, today: date) -> bool:
    opens, closes = window(year, quarter)
    return opens <= today <= closes


def open_quarter(year: int, today: date) -> int | None:
    return next((q for q in (1, 2, 3, 4) if is_open(year, q, today)), None)


def closed_quarters(year: int, today: date) -> list[int]:
    """Quarters whose window has closed: their realisation is final."""
    return [q for q in (1, 2, 3, 4) if window(year, q)[1] < today]


def label(quarter: int) -> str:
    return f"TW {ROMAN[quarter]}"
