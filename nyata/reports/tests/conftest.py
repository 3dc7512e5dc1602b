"""The reports' scene: the evaluations' small instrument, a published 2025 period of Dinkes and Dikbud, and
the 2026 period (reviewed, then finalised) with findings and Dinkes's SKM. Dinkes: 81,00 BAIK (2025:
56,00), Dikbud 25,33 KURANG (2025: 44,00)."""

from datetime import date

import pytest
from django.utils import timezone

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.actions.findings import save_finding
from nyata.evaluations.actions.periods import assign_team_member, open_period
from nyata.evaluations.tests.admin.conftest import carry_through, dikbud_head, finalised, reviewed  # noqa: F401
from nyata.evaluations.tests.conftest import (  # noqa: F401
    all_windows_open,
    assessment,
    instrument,
    ketua,
    pengendali,
    period,
    team,
)
from nyata.surveys import actions as survey_actions

# (U1..U9) answers of Dinkes's respondents: 3 of each pattern. NRR U1 = 3,000, U9 = 2,000 (weakest).
SKM_ANSWERS = [(4, 4, 3, 4, 3, 4, 4, 3, 2), (2, 3, 3, 3, 3, 3, 3, 3, 2), (3, 3, 3, 3, 3, 4, 4, 3, 2)]


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
def earlier(
    request, city, opd_operator, opd_head, outsider_opd_operator, pengampu_verifier, inspektorat_admin
):
    """A published 2025 period of the same two units: Dinkes 56,00 (KURANG), Dikbud 44,00 (KURANG)."""
    seats = request.getfixturevalue("team")
    head_of_dikbud = request.getfixturevalue("dikbud_head")
    old = open_period(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi RB 2025",
        instrument=request.getfixturevalue("instrument"),
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=request.getfixturevalue("all_windows_open"),
        by=inspektorat_admin,
    )
    answers = {
        "dinkes": {"I.1": "B", "I.2": "70", "II.1": "62.5"},
        "dikbud": {"I.1": "B", "I.2": "50", "II.1": "51.25"},
    }
    people = {"dinkes": (opd_operator, opd_head), "dikbud": (outsider_opd_operator, head_of_dikbud)}
    for code in ("dinkes", "dikbud"):
        unit_assessment = old.assessments.get(unit__code=code)
        for tier, person in seats.items():
            assign_team_member(assessment=unit_assessment, user=person, tier=tier, by=inspektorat_admin)
        operator, head = people[code]
        carry_through(
            unit_assessment,
            operator=operator,
            head=head,
            team=seats,
            verifier=pengampu_verifier,
            answers=answers[code],
        )
    release_preliminary_results(period=old, by=inspektorat_admin)
    return finalise_period(period=old, by=inspektorat_admin)


@pytest.fixture
def skm(city):
    """A survey period over the whole of 2026 with nine responses to Dinkes's service."""
    survey_actions.save_period(
        instansi=city.instansi,
        by=None,
        name="SKM 2026",
        starts_on=date(2026, 1, 1),
        ends_on=date(2026, 12, 31),
    )
    service = survey_actions.save_service(
        unit=city.units["dinkes"], by=None, name="Pelayanan Puskesmas", population=50
    )
    moment = timezone.now().replace(year=2026, month=6, day=15)
    for answers in SKM_ANSWERS * 3:
        survey_actions.submit_response(service=service, answers=answers, now=moment)
    return service


@pytest.fixture
def with_findings(request):
    scene, dinkes = request.getfixturevalue("reviewed"), request.getfixturevalue("assessment")
    evaluator = request.getfixturevalue("team")["evaluator"]
    dikbud = scene.assessments.get(unit__code="dikbud")
    kondisi = "Rencana aksi belum memuat target yang terukur."
    save_finding(
        assessment=dinkes,
        node="I",
        condition=kondisi,
        criteria="Rencana aksi memuat target triwulanan yang terukur.",
        cause="Belum ada penanggung jawab pemantauan.",
        recommendations=["Tetapkan target triwulanan yang terukur.", "Tunjuk penanggung jawab pemantauan."],
        by=evaluator,
    )
    save_finding(
        assessment=dinkes,
        node="II",
        condition="Survei kepuasan belum ditindaklanjuti.",
        recommendations=["Tindak lanjuti unsur terendah SKM."],
        by=evaluator,
    )
    save_finding(
        assessment=dikbud,
        node="I",
        condition=kondisi,
        recommendations=["Susun rencana aksi bersama Bagian Organisasi."],
        by=evaluator,
    )
    return scene


@pytest.fixture
def published(earlier, skm, with_findings, inspektorat_admin):
    """The 2026 period finalised after the 2025 one, with findings and Dinkes's SKM."""
    release_preliminary_results(period=with_findings, by=inspektorat_admin)
    return finalise_period(period=with_findings, by=inspektorat_admin)
