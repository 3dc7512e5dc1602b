"""The clinic's scene: the evaluations' small instrument (I.1 belongs to the RB area kelembagaan, which
Bagian Organisasi owns; I.2 and II.1 to no pengampu), an open 2026 period of Dinkes and Dikbud with every
window open, and Dinkes's evaluator team."""

import pytest

from nyata.clinic.actions.desk import answer_question
from nyata.clinic.tests.scene import ask
from nyata.evaluations.tests.admin.conftest import dikbud_head, finalised, reviewed  # noqa: F401
from nyata.evaluations.tests.conftest import (  # noqa: F401
    all_windows_open,
    assessment,
    instrument,
    ketua,
    pengendali,
    period,
    team,
)


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def question(request, city, opd_operator):
    """Dinkes asks about I.2 (no pengampu): routed to its evaluator team."""
    request.getfixturevalue("team")
    return ask(city, request.getfixturevalue("period"), opd_operator)


@pytest.fixture
def answered(question, evaluator):
    answer_question(
        question=question,
        body="Realisasi dihitung per kegiatan yang tercantum dalam rencana aksi.",
        uploads=[],
        by=evaluator,
    )
    question.refresh_from_db()
    return question
