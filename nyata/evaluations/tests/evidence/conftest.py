import pytest


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    """Every test writes its uploads into its own folder, never into var/media."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "nyata.core.storage.DurableFileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


# The small instrument, its open period and Dinkes's assessment, shared with the evaluations tests.
from nyata.evaluations.tests.conftest import (  # noqa: E402, F401
    all_windows_open,
    assessment,
    instrument,
    period,
)
