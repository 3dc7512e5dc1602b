"""The dashboard's running period: the phase open now, its deadline in the instansi's own time zone written
the Indonesian way, and how many units are past their self-assessment, for the pimpinan and the Inspektorat
(the whole city) and for an OPD head (their own unit only)."""

import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Phase
from nyata.evaluations.tests.admin.conftest import to_desk_review

# Jayapura (WIT, UTC+9) is not the server's default zone (WITA): a deadline in WITA would be an hour off.
WIT = ZoneInfo("Asia/Jayapura")
BULAN = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
]


def ditulis(moment: datetime) -> str:
    """A moment as an Indonesian reads it on the wall clock of the instansi: 31 Maret 2026 23:59."""
    local = moment.astimezone(WIT)
    return f"{local.day} {BULAN[local.month - 1]} {local.year} {local:%H:%M}"


def _dashboard(client, person, city) -> str:
    client.force_login(person)
    response = client.get(reverse("reports:dashboard", args=[city.instansi.code]))
    assert response.status_code == 200
    return response.content.decode()


@pytest.fixture
def in_jayapura(city):
    city.instansi.time_zone = "Asia/Jayapura"
    city.instansi.save(update_fields=["time_zone"])
    return city


@pytest.fixture
def self_assessment_closes():
    """23:59 WIT five days from now: the self-assessment's deadline."""
    day = (timezone.now().astimezone(WIT) + timedelta(days=5)).date()
    return datetime(day.year, day.month, day.day, 23, 59, tzinfo=WIT)


@pytest.fixture
def running(in_jayapura, instrument, inspektorat_admin, self_assessment_closes):
    """Self-assessment open until its deadline, the desk review from the next morning for two weeks."""
    review_opens = self_assessment_closes + timedelta(hours=8, minutes=1)
    return open_period(
        instansi=in_jayapura.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=instrument,
        units=[in_jayapura.units["dinkes"], in_jayapura.units["dikbud"]],
        windows={
            Phase.SELF_ASSESSMENT: (timezone.now() - timedelta(days=3), self_assessment_closes),
            Phase.DESK_REVIEW: (review_opens, review_opens + timedelta(days=14)),
        },
        by=inspektorat_admin,
    )


@pytest.fixture
def dinkes_sent(running, city, opd_operator, opd_head):
    """Dinkes answered, submitted and approved by its head: at the desk review. Dikbud has not sent yet."""
    return to_desk_review(
        running.assessments.get(unit=city.units["dinkes"]),
        operator=opd_operator,
        head=opd_head,
        answers={"I.1": "B", "I.2": "70", "II.1": "62.5"},
    )


def _stage_count(body: str, period, label: str) -> int:
    table = re.search(rf'<table class="table" id="table-progress-{period.pk}">(.*?)</table>', body, re.S)
    found = re.search(rf'<th scope="row">{re.escape(label)}</th><td class="num">(\d+)</td>', table.group(1))
    return int(found.group(1))


@pytest.mark.parametrize("persona", ["leader", "inspektorat_admin"])
def test_the_whole_city_sees_the_open_phase_its_deadline_in_the_instansis_zone_and_the_units_sent(
    request, client, persona, dinkes_sent, running, city, self_assessment_closes
):
    body = _dashboard(client, request.getfixturevalue(persona), city)
    assert "Sedang berjalan: Evaluasi RB 2026" in body
    deadline = ditulis(self_assessment_closes)
    assert deadline.endswith(" 23:59")
    assert f'<span class="badge">Penilaian mandiri</span> ditutup {deadline}' in body
    assert f"{deadline[:-5]} 22:59" not in body  # not in the server's WITA
    assert "1 dari 2 unit sudah melewati penilaian mandiri." in body
    assert _stage_count(body, running, "Penilaian mandiri oleh OPD") == 1  # Dikbud
    assert _stage_count(body, running, "Reviu dokumen oleh evaluator") == 1  # Dinkes
    review_row = re.search(r'<th scope="row">Reviu dokumen</th>(.*?)</tr>', body, re.S).group(1)
    assert ditulis(self_assessment_closes + timedelta(hours=8, minutes=1)) in review_row
    assert "belum dibuka" in review_row


def test_the_inspektorat_is_offered_the_draft_documents_and_the_pimpinan_is_not(
    client, running, city, inspektorat_admin, leader
):
    drafts = reverse("reports:documents", args=[city.instansi.code, running.pk])
    assert drafts in _dashboard(client, inspektorat_admin, city)
    assert drafts not in _dashboard(client, leader, city)


def test_an_opd_head_reads_the_progress_of_their_own_unit_only(
    client, dinkes_sent, running, city, opd_head, dikbud_head, self_assessment_closes
):
    body = _dashboard(client, opd_head, city)
    assert f"ditutup {ditulis(self_assessment_closes)}" in body
    assert "1 dari 1 unit sudah melewati penilaian mandiri." in body
    assert _stage_count(body, running, "Penilaian mandiri oleh OPD") == 0
    assert _stage_count(body, running, "Reviu dokumen oleh evaluator") == 1
    body = _dashboard(client, dikbud_head, city)
    assert "0 dari 1 unit sudah melewati penilaian mandiri." in body
    assert _stage_count(body, running, "Penilaian mandiri oleh OPD") == 1
    assert _stage_count(body, running, "Reviu dokumen oleh evaluator") == 0


def test_between_two_windows_the_dashboard_says_none_is_open_and_when_the_next_opens(
    client, in_jayapura, instrument, inspektorat_admin, leader
):
    now = timezone.now()
    review_opens = now + timedelta(days=2)
    period = open_period(
        instansi=in_jayapura.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=instrument,
        units=[in_jayapura.units["dinkes"]],
        windows={
            Phase.SELF_ASSESSMENT: (now - timedelta(days=10), now - timedelta(days=1)),
            Phase.DESK_REVIEW: (review_opens, review_opens + timedelta(days=14)),
        },
        by=inspektorat_admin,
    )
    body = _dashboard(client, leader, in_jayapura)
    assert "Saat ini tidak ada tahap yang dibuka." in body
    assert f"Reviu dokumen dibuka {ditulis(review_opens)}" in body
    assert "0 dari 1 unit sudah melewati penilaian mandiri." in body
    self_row = re.search(r'<th scope="row">Penilaian mandiri</th>(.*?)</tr>', body, re.S).group(1)
    assert "ditutup</td>" in self_row
    assert f'id="open-{period.pk}"' in body


def test_without_an_open_period_the_dashboard_shows_no_running_period(client, published, leader, city):
    body = _dashboard(client, leader, city)
    assert "Sedang berjalan" not in body
    assert "sudah melewati penilaian mandiri" not in body
