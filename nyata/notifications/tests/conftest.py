"""The evaluation fixtures (a small instrument, an open period, Dinkes's assessment, its team)."""

from nyata.evaluations.tests.conftest import (  # noqa: F401
    all_windows_open,
    assessment,
    instrument,
    ketua,
    pengendali,
    period,
    team,
)
