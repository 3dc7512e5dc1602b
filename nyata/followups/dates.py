"""Follow-up days are the instansi's days: due dates and ageing are read in its zone."""

from datetime import date
from zoneinfo import ZoneInfo

from django.utils import timezone


def today_in(instansi) -> date:
    return timezone.localtime(timezone.now(), ZoneInfo(instansi.time_zone)).date()
