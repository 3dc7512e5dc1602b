"""The Klinik in the browser: the admin schedules a session and records attendance; an operator asks on an
indicator, the evaluator answers and publishes it as FAQ, and another OPD's worksheet shows it beside that
indicator; an OPD asks for asistensi, the evaluator comments, the operator reads and closes it; the OPD
head opens the resep klinik. Screenshots under var/screenshots/clinic-*."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.clinic.actions.sessions import schedule_session
from nyata.clinic.models import Asistensi, Attendance, Faq, Question, Session
from nyata.clinic.tests.conftest import _media, dikbud_head, finalised, reviewed  # noqa: F401
from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.tests.conftest import (  # noqa: F401
    all_windows_open,
    assessment,
    instrument,
    ketua,
    pengendali,
    period,
    team,
)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-klinik-2026"


@pytest.fixture
def people(request):
    """The personas who sign in, with a password each."""
    found = {}
    for name in ("inspektorat_admin", "evaluator", "opd_operator", "opd_head", "outsider_opd_operator"):
        person = request.getfixturevalue(name)
        person.set_password(PASSWORD)
        person.save()
        found[name] = person
    return found


def _sign_in(page, base: str, person) -> None:
    page.context.clear_cookies()
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(person.username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("button", name="Keluar")).to_be_visible()


def _shoot(shoot, page, name: str) -> None:
    shoot(page, name)
    page.evaluate("document.querySelectorAll('[style]').forEach((e) => e.removeAttribute('style'))")


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return errors


def test_the_admin_schedules_a_session_and_records_attendance(
    page, live_server, city, people, shoot, request
):
    request.getfixturevalue("period")
    base, errors = live_server.url, _watch(page)
    admin = people["inspektorat_admin"]
    started = timezone.now() - timedelta(hours=1)
    held = schedule_session(
        instansi=city.instansi,
        topic="Klinik rencana aksi RB",
        description="",
        areas=["kelembagaan"],
        indicators=["I.1"],
        starts_at=started,
        ends_at=started + timedelta(hours=3),
        place="Aula Inspektorat",
        online_link="",
        units=[city.units["dinkes"], city.units["dikbud"]],
        people=[],
        by=admin,
    )
    _sign_in(page, base, admin)
    page.get_by_role("navigation", name="Menu utama").get_by_role("link", name="Klinik").click()
    page.get_by_role("link", name="Jadwalkan sesi").first.click()
    page.get_by_label("Topik").fill("Klinik indikator hasil")
    page.get_by_label("Mulai").fill("2026-12-10T09:00")
    page.get_by_label("Selesai").fill("2026-12-10T11:00")
    page.get_by_label("Tempat").fill("Ruang rapat Inspektorat")
    page.get_by_label("Dinas Kesehatan").check()
    page.get_by_label("Dinas Pendidikan dan Kebudayaan").check()
    _shoot(shoot, page, "clinic-01-schedule")
    page.get_by_role("button", name="Jadwalkan dan undang").click()
    expect(page.get_by_text("Sesi dijadwalkan; undangan telah dikirim.")).to_be_visible()
    expect(page.get_by_role("heading", name="Klinik indikator hasil")).to_be_visible()
    expect(page.get_by_text("Kamis, 10 Desember 2026 09:00–11:00")).to_be_visible()
    with page.expect_download() as calendar:
        page.get_by_role("link", name="Tambahkan ke kalender (.ics)").click()
    assert calendar.value.suggested_filename.endswith(".ics")
    _shoot(shoot, page, "clinic-02-session-upcoming")

    page.goto(f"{base}/i/kota-kendari/klinik/sesi/{held.pk}/")
    page.locator("form[action$='/hadir/']").get_by_label(people["opd_operator"].name).check()
    page.get_by_role("button", name="Catat kehadiran").click()
    expect(page.get_by_text("Kehadiran dicatat: 1 hadir.")).to_be_visible()
    page.get_by_label("Notulen").fill("1. Rencana aksi disusun per triwulan.")
    page.get_by_role("button", name="Simpan notulen").click()
    expect(page.get_by_text("Notulen disimpan.")).to_be_visible()
    expect(page.locator("section.card").filter(has_text="Kehadiran")).to_contain_text("tidak hadir")
    _shoot(shoot, page, "clinic-03-session-attendance")
    with page.expect_download() as printed:
        page.get_by_role("link", name="Daftar hadir dan notulen (PDF)").click()
    assert printed.value.suggested_filename == f"daftar-hadir-notulen-klinik-{held.pk}.pdf"
    assert Path(printed.value.path()).read_bytes().startswith(b"%PDF-")

    page.goto(f"{base}/i/kota-kendari/klinik/sesi/")
    expect(page.locator("section.card").filter(has_text="Unit yang belum pernah hadir")).to_contain_text(
        "Dinas Pendidikan dan Kebudayaan"
    )
    _shoot(shoot, page, "clinic-04-sessions")
    assert Session.objects.count() == 2
    assert Attendance.objects.get().person == people["opd_operator"]
    assert errors == []


def test_a_question_becomes_a_faq_beside_the_indicator_in_another_opds_worksheet(
    page, live_server, people, shoot, tmp_path, request
):
    evaluation, _team = request.getfixturevalue("period"), request.getfixturevalue("team")
    base, errors = live_server.url, _watch(page)
    letter = tmp_path / "Surat edaran realisasi.pdf"
    letter.write_bytes(pdf_bytes("Surat edaran realisasi rencana aksi"))
    dinkes = evaluation.assessments.get(unit__code="dinkes")
    _sign_in(page, base, people["opd_operator"])
    # From the worksheet: ask the clinic about indicator I.2.
    page.goto(f"{base}/i/kota-kendari/evaluasi/periode/{evaluation.pk}/penilaian/{dinkes.pk}/")
    page.locator("#i-I_2").get_by_role("link", name="Tanyakan indikator ini ke klinik").click()
    expect(page.get_by_label("Tentang")).to_have_value(f"{evaluation.pk}:I.2")
    page.get_by_label("Pokok pertanyaan").fill("Cara menghitung realisasi")
    page.get_by_label("Pertanyaan Anda").fill("Apakah realisasi dihitung per kegiatan atau per anggaran?")
    page.get_by_label("Lampiran").set_input_files(str(letter))
    _shoot(shoot, page, "clinic-05-ask")
    page.get_by_role("button", name="Kirim pertanyaan").click()
    expect(page.get_by_text("Pertanyaan Anda telah dikirim ke klinik.")).to_be_visible()
    expect(page.get_by_role("link", name="Surat_edaran_realisasi.pdf")).to_be_visible()

    _sign_in(page, base, people["evaluator"])
    expect(page.locator(".notifications-link .badge")).to_be_visible()
    page.goto(f"{base}/i/kota-kendari/klinik/meja/")
    expect(page.get_by_role("link", name="Cara menghitung realisasi")).to_be_visible()
    _shoot(shoot, page, "clinic-06-open-questions")
    page.get_by_role("link", name="Cara menghitung realisasi").click()
    page.get_by_label("Balasan").fill("Realisasi dihitung per kegiatan yang tercantum dalam rencana aksi.")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Balasan Anda telah ditambahkan ke percakapan.")).to_be_visible()
    page.get_by_role("link", name="Terbitkan sebagai FAQ indikator").click()
    page.get_by_label("Pertanyaan yang diterbitkan").fill(
        "Apakah realisasi rencana aksi dihitung per kegiatan atau per anggaran?"
    )
    _shoot(shoot, page, "clinic-07-publish")
    page.get_by_role("button", name="Terbitkan").click()
    expect(page.get_by_text("Diterbitkan sebagai FAQ indikator I.2.")).to_be_visible()
    _shoot(shoot, page, "clinic-08-thread")

    _sign_in(page, base, people["outsider_opd_operator"])
    dikbud = evaluation.assessments.get(unit__code="dikbud")
    page.goto(f"{base}/i/kota-kendari/evaluasi/periode/{evaluation.pk}/penilaian/{dikbud.pk}/")
    beside = page.locator("#i-I_2 aside.clinic-note.faq")
    expect(beside).to_contain_text("Pernah ditanyakan (FAQ klinik)")
    expect(beside).to_contain_text("Apakah realisasi rencana aksi dihitung per kegiatan atau per anggaran?")
    expect(beside).to_contain_text("Realisasi dihitung per kegiatan yang tercantum dalam rencana aksi.")
    expect(page.get_by_text("Dinas Kesehatan")).to_have_count(0)
    page.locator("#i-I_2").scroll_into_view_if_needed()
    _shoot(shoot, page, "clinic-09-worksheet-faq")
    beside.get_by_role("link", name="Cari di FAQ").click()
    expect(page.get_by_role("heading", name="FAQ klinik")).to_be_visible()
    page.get_by_label("Cari di FAQ").fill("anggaran")
    page.get_by_role("button", name="Cari").click()
    expect(page.locator("article.faq-entry")).to_have_count(1)
    assert Faq.objects.get().source == Question.objects.get()
    assert errors == []


def test_an_opd_asks_for_asistensi_the_evaluator_comments_and_the_operator_closes_it(
    page, live_server, people, shoot, request
):
    evaluation, _team = request.getfixturevalue("period"), request.getfixturevalue("team")
    base, errors = live_server.url, _watch(page)
    dinkes = evaluation.assessments.get(unit__code="dinkes")
    _sign_in(page, base, people["opd_operator"])
    page.goto(f"{base}/i/kota-kendari/klinik/")
    page.get_by_role("link", name="Minta asistensi").click()
    page.get_by_label("I.1 · Rencana aksi RB").check()
    page.get_by_label("I.2 · Realisasi rencana aksi").check()
    page.get_by_label("Apa yang ingin Anda ketahui?").fill("Apakah bukti rencana aksi kami cukup?")
    _shoot(shoot, page, "clinic-10-asistensi-request")
    page.get_by_role("button", name="Minta asistensi").click()
    expect(page.get_by_text("Asistensi diminta: Inspektorat telah diberi tahu.")).to_be_visible()

    _sign_in(page, base, people["evaluator"])
    asistensi = Asistensi.objects.get()
    page.goto(f"{base}/i/kota-kendari/klinik/asistensi/{asistensi.pk}/")
    page.get_by_label("Indikator").select_option("I.1")
    page.get_by_label("Komentar").fill("Lampirkan SK tim RB yang ditandatangani kepala dinas.")
    page.get_by_role("button", name="Tambahkan catatan").click()
    expect(page.get_by_text("Catatan ditambahkan; unit telah diberi tahu.")).to_be_visible()
    _shoot(shoot, page, "clinic-11-asistensi-commented")

    _sign_in(page, base, people["opd_operator"])
    page.goto(f"{base}/i/kota-kendari/evaluasi/periode/{evaluation.pk}/penilaian/{dinkes.pk}/")
    note = page.locator("#i-I_1 aside.clinic-note.asistensi")
    expect(note).to_contain_text("Asistensi (bukan reviu, tidak dinilai)")
    expect(note).to_contain_text("Lampirkan SK tim RB yang ditandatangani kepala dinas.")
    _shoot(shoot, page, "clinic-12-worksheet-asistensi")
    note.get_by_role("link", name="Buka asistensi").click()
    page.get_by_role("button", name="Tutup asistensi").click()
    expect(page.get_by_text("Asistensi ditutup.")).to_be_visible()
    asistensi.refresh_from_db()
    assert asistensi.status == "closed"
    assert errors == []


def test_the_opd_head_opens_the_resep_klinik(page, live_server, people, shoot, request):
    request.getfixturevalue("finalised")
    base, errors = live_server.url, _watch(page)
    _sign_in(page, base, people["opd_head"])
    page.goto(f"{base}/i/kota-kendari/klinik/")
    page.get_by_role("link", name="Resep klinik Dinas Kesehatan").click()
    expect(page.get_by_role("heading", name="Resep klinik · Dinas Kesehatan")).to_be_visible()
    expect(page.get_by_text("1. Di mana unit paling banyak dapat menambah nilai")).to_be_visible()
    expect(page.locator("section.card table tbody tr").first).to_be_visible()
    # Dinkes has made no action plan for 2027, the year that answers its published result of 2026: the head
    # is sent to make one.
    expect(page.get_by_text("Belum ada rencana aksi 2027 yang diajukan.")).to_be_visible()
    expect(page.get_by_role("link", name="Susun rencana aksi")).to_have_attribute(
        "href", "/i/kota-kendari/tindak-lanjut/rencana-aksi/?tahun=2027"
    )
    _shoot(shoot, page, "clinic-13-resep")
    with page.expect_download() as resep:
        page.get_by_role("link", name="Unduh PDF").click()
    assert resep.value.suggested_filename == "resep-klinik-dinkes.pdf"
    assert errors == []
