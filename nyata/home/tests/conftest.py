"""The evaluations test scene (instrument, period, team) for the landing pages of every role."""

from nyata.evaluations.tests.conftest import (  # noqa: F401
    all_windows_open,
    assessment,
    instrument,
    ketua,
    pengendali,
    period,
    team,
)
