"""Clinic sessions: scheduled in the instansi's zone, invitations notified with a calendar file, attendance
per person and unit, materials and minutes, a printable attendance list, and the units that never came."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nyata.clinic.actions.sessions import add_materials, record_attendance, schedule_session, write_minutes
from nyata.clinic.calendar import session_ics
from nyata.clinic.models import Attendance, Session
from nyata.clinic.queries.sessions import attendance_by_unit, missed_by, never_attended
from nyata.clinic.tests.scene import pdf_upload
from nyata.notifications.models import Notification
from nyata.reports.tests.documents import pdf_text

pytestmark = pytest.mark.django_db
WITA = ZoneInfo("Asia/Makassar")


def schedule(city, by, *, starts_at, units=("dinkes", "dikbud"), topic="Klinik rencana aksi RB"):
    return schedule_session(
        instansi=city.instansi,
        topic=topic,
        description="Membahas indikator rencana aksi.",
        areas=["kelembagaan"],
        indicators=["I.1"],
        starts_at=starts_at,
        ends_at=starts_at + timedelta(hours=2),
        place="Aula Inspektorat",
        online_link="",
        units=[city.units[code] for code in units],
        people=[],
        by=by,
    )


@pytest.fixture
def held(city, inspektorat_admin, opd_operator, outsider_opd_operator):
    """A session that began an hour ago, for Dinkes and Dikbud."""
    return schedule(city, inspektorat_admin, starts_at=timezone.now() - timedelta(hours=1))


def test_every_person_of_an_invited_unit_is_told_with_the_calendar_file(
    city, inspektorat_admin, opd_operator, opd_head, outsider_opd_operator, django_capture_on_commit_callbacks
):
    starts = datetime(2026, 12, 10, 9, 0, tzinfo=WITA)
    with django_capture_on_commit_callbacks(execute=True):
        session = schedule(city, inspektorat_admin, starts_at=starts)

    told = Notification.objects.filter(kind="clinic.session_invited")
    assert {n.recipient_id for n in told} == {opd_operator.pk, opd_head.pk, outsider_opd_operator.pk}
    assert told.first().message.startswith(
        "Anda diundang ke sesi klinik “Klinik rencana aksi RB” pada 10 Desember 2026 09:00 WITA."
    )
    invitation = next(m for m in mail.outbox if opd_operator.email in m.to)
    name, content, mime = invitation.attachments[0]
    assert (name, mime) == (f"klinik-{session.pk}.ics", "text/calendar")
    assert "DTSTART:20261210T010000Z" in content  # a text/* attachment is kept as text


def test_the_calendar_file_is_one_event_in_utc_with_escaped_text(city, inspektorat_admin):
    session = schedule(
        city,
        inspektorat_admin,
        starts_at=datetime(2026, 12, 10, 9, 0, tzinfo=WITA),
        topic="Klinik; SAKIP, RB",
    )

    text = session_ics(session, now=datetime(2026, 12, 1, 0, 0, tzinfo=WITA)).decode()

    lines = text.split("\r\n")
    assert lines[0] == "BEGIN:VCALENDAR"
    assert "DTSTART:20261210T010000Z" in lines
    assert "DTEND:20261210T030000Z" in lines
    assert "SUMMARY:Klinik\\; SAKIP\\, RB" in lines
    assert "LOCATION:Aula Inspektorat" in lines
    assert text.endswith("END:VCALENDAR\r\n")
    assert all(len(line.encode()) <= 75 for line in lines)


def test_a_session_without_a_place_or_ending_before_it_starts_is_refused(city, inspektorat_admin):
    with pytest.raises(ValidationError) as refused:
        schedule_session(
            instansi=city.instansi,
            topic="Klinik",
            description="",
            areas=[],
            indicators=[],
            starts_at=timezone.now(),
            ends_at=timezone.now() - timedelta(hours=1),
            place="",
            online_link="",
            units=[city.units["dinkes"]],
            people=[],
            by=inspektorat_admin,
        )

    assert refused.value.message_dict == {
        "ends_at": ["Sesi harus berakhir setelah dimulai."],
        "place": ["Isi tempat atau tautan daring."],
    }
    assert Session.objects.count() == 0


def test_attendance_is_per_person_and_unit_and_only_the_invited_are_recorded(
    held, city, evaluator, opd_operator, pengampu_verifier
):
    with pytest.raises(ValidationError) as refused:
        record_attendance(session=held, people=[opd_operator, pengampu_verifier], by=evaluator)
    assert refused.value.message_dict == {"people": [f"{pengampu_verifier.name} tidak diundang ke sesi ini."]}
    assert Attendance.objects.count() == 0

    record_attendance(session=held, people=[opd_operator], by=evaluator)
    record_attendance(session=held, people=[opd_operator], by=evaluator)  # recorded once

    row = Attendance.objects.get()
    assert (row.person, row.unit) == (opd_operator, city.units["dinkes"])
    by_unit = [(entry.unit.code, [p.pk for p in entry.present]) for entry in attendance_by_unit(held)]
    assert by_unit == [("dikbud", []), ("dinkes", [opd_operator.pk])]


def test_attendance_waits_for_the_session_to_begin(city, inspektorat_admin, opd_operator):
    upcoming = schedule(city, inspektorat_admin, starts_at=timezone.now() + timedelta(days=2))

    with pytest.raises(ValidationError) as refused:
        record_attendance(session=upcoming, people=[opd_operator], by=inspektorat_admin)

    assert refused.value.messages == ["Kehadiran dicatat setelah sesi dimulai."]


def test_units_that_never_attended_and_the_sessions_a_unit_missed(
    held, city, inspektorat_admin, evaluator, opd_operator
):
    record_attendance(session=held, people=[opd_operator], by=evaluator)
    schedule(city, inspektorat_admin, starts_at=timezone.now() + timedelta(days=3), topic="Belum berlangsung")

    assert [unit.code for unit in never_attended(city.instansi)] == ["dikbud"]
    assert [s.topic for s in missed_by(city.units["dikbud"])] == ["Klinik rencana aksi RB"]
    assert missed_by(city.units["dinkes"]) == []


def test_the_printed_attendance_list_and_minutes(client, held, evaluator, opd_operator):
    record_attendance(session=held, people=[opd_operator], by=evaluator)
    write_minutes(session=held, minutes="1. Rencana aksi disusun per triwulan.", by=evaluator)
    add_materials(session=held, uploads=[pdf_upload("Paparan.pdf")], by=evaluator)
    client.force_login(evaluator)

    response = client.get(reverse("clinic:attendance-pdf", args=["kota-kendari", held.pk]))

    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "DAFTAR HADIR" in text
    assert opd_operator.name in text
    assert "Dinas Pendidikan dan Kebudayaan" in text  # absent, invited
    assert "Rencana aksi disusun per triwulan." in text
    assert held.materials.get().name == "Paparan.pdf"


def test_scheduling_through_the_page_reads_times_in_the_instansi_zone(client, city, inspektorat_admin):
    client.force_login(inspektorat_admin)

    response = client.post(
        reverse("clinic:schedule", args=["kota-kendari"]),
        {
            "topic": "Klinik SAKIP",
            "starts_at": "2026-12-10T09:00",
            "ends_at": "2026-12-10T11:00",
            "place": "Aula Inspektorat",
            "units": [city.units["dinkes"].pk],
            "areas": ["kelembagaan"],
            "indicators": "I.1, I.2",
        },
    )

    session = Session.objects.get()
    assert response.status_code == 302
    assert session.starts_at == datetime(2026, 12, 10, 9, 0, tzinfo=ZoneInfo(city.instansi.time_zone))
    assert (session.areas, session.indicators) == (["kelembagaan"], ["I.1", "I.2"])
