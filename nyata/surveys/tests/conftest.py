"""Fixtures of the SKM tests: a service of Dinkes (the personas' OPD) and one of Dikbud (the outsider's)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from nyata.surveys import actions


@pytest.fixture
def service(city):
    return actions.save_service(
        unit=city.units["dinkes"], by=None, name="Pelayanan Puskesmas Rawat Jalan", population=550
    )


@pytest.fixture
def dikbud_service(city):
    return actions.save_service(unit=city.units["dikbud"], by=None, name="Legalisasi Ijazah", population=100)


@pytest.fixture
def period(city):
    """A period around today, so that responses sent now fall in it."""
    today = actions.local_day(timezone.now(), city.instansi)
    return actions.save_period(
        instansi=city.instansi,
        by=None,
        name="SKM berjalan",
        starts_on=today - timedelta(days=200),
        ends_on=today + timedelta(days=200),
    )


@pytest.fixture
def quick_form(settings):
    """No minimum fill time: tests post the form at machine speed."""
    settings.NYATA_SKM_MIN_FILL_SECONDS = 0
    return settings
