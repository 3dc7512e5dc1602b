"""The OPD operator fills the worksheet (each save shown), uploads a PDF and submits; the head approves."""

import hashlib
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Answer, Assessment, Evidence, Phase
from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT
from nyata.instruments.models import Instrument
from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-opd-2026"


@pytest.fixture
def setting(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = {}
    for role, unit, username in (
        ("opd_operator", "dinkes", "operator.dinkes"),
        ("opd_head", "dinkes", "kepala.dinkes"),
        ("inspektorat_admin", "inspektorat", "admin.kendari"),
    ):
        person = person_with_role(city, role=role, unit_code=unit, username=username)
        person.set_password(PASSWORD)
        person.save()
        people[role] = person
    now = timezone.now()
    instrument = Instrument.objects.create(
        code="uji",
        version="2026.1",
        title="Instrumen uji",
        checksum=hashlib.sha256(SMALL_INSTRUMENT.encode()).hexdigest(),
        source=SMALL_INSTRUMENT,
        status="published",
        loaded_at=now,
        published_at=now,
    )
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=instrument,
        units=[city.units["dinkes"]],
        windows={phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values},
        by=people["inspektorat_admin"],
    )
    pdf = tmp_path / "Rencana Aksi RB 2026.pdf"
    pdf.write_bytes(pdf_bytes("Rencana aksi RB Dinas Kesehatan 2026"))
    return {"period": period, "pdf": pdf, **people}


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _shoot(shoot, page, name: str) -> None:
    shoot(page, name)
    # To hide the caret, Playwright's screenshot leaves an empty style="" on every field; htmx would copy
    # it onto swapped fields, which the strict CSP rightly refuses. Real pages never carry it: remove it.
    page.evaluate("document.querySelectorAll('[style]').forEach((e) => e.removeAttribute('style'))")


def _watch(page) -> list[str]:
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    return errors


def test_operator_fills_uploads_and_submits_then_the_head_approves(
    browser, page, live_server, setting, shoot
):
    base = live_server.url
    errors = _watch(page)
    _sign_in(page, base, "operator.dinkes")
    # The landing page is the operator's work queue: its worksheet to answer, with how far it is.
    expect(page.locator("section.queue")).to_contain_text(
        "Jawab lembar kerja dan unggah data dukung, lalu ajukan"
    )
    expect(page.locator("section.queue")).to_contain_text("0 dari 3 terjawab")
    _shoot(shoot, page, "opd-01-landing")

    page.get_by_role("link", name="Evaluasi RB 2026").click()
    expect(page.get_by_role("heading", name="Lembar kerja Dinas Kesehatan")).to_be_visible()
    _shoot(shoot, page, "opd-02-worksheet-empty")

    first = page.locator("#i-I_1")
    first.get_by_label("B · Sebagian").check()
    expect(first.get_by_text("Tersimpan pukul")).to_be_visible()
    second = page.locator("#i-I_2")
    second.get_by_label("Jawaban (%)").fill("87,5")
    second.get_by_label("Penjelasan").click()  # leaving the field is a change: autosave
    expect(second.get_by_text("Tersimpan pukul")).to_be_visible()
    # One save at a time: the in-memory SQLite of the live test server refuses concurrent writers at once
    # (the file database of an installation waits for the lock instead).
    with page.expect_response(lambda r: "/indikator/I.2/jawaban/" in r.url):
        second.get_by_label("Penjelasan").fill("Realisasi menurut laporan triwulan IV.")
        page.keyboard.press("Tab")
    expect(second.get_by_text("Tersimpan pukul")).to_be_visible()
    # II.1 is in the second area: the area navigation goes there.
    page.locator('nav.areas a[data-area="II"]').click()
    expect(page.locator("#area-title")).to_contain_text("Komponen hasil")
    with page.expect_response(lambda r: "/indikator/II.1/jawaban/" in r.url):
        page.locator("#i-II_1").get_by_label("Jawaban").fill("85")
        page.keyboard.press("Tab")
    expect(page.locator("#i-II_1").get_by_text("Tersimpan pukul")).to_be_visible()
    expect(page.locator("#completeness").get_by_text("3 / 3")).to_be_visible()
    page.locator('nav.areas a[data-area="I"]').click()
    expect(page.locator("#area-title")).to_contain_text("Komponen pengungkit")
    assert Answer.objects.get(indicator="I.2").explanation == "Realisasi menurut laporan triwulan IV."
    _shoot(shoot, page, "opd-03-answers-saved")

    first.get_by_text("Unggah data dukung").click()
    first.get_by_label("Berkas (PDF").set_input_files(str(setting["pdf"]))
    first.get_by_role("button", name="Lampirkan").click()
    expect(first.get_by_role("link", name="Rencana_Aksi_RB_2026.pdf")).to_be_visible()
    expect(page.locator("#completeness").get_by_text("1 / 1")).to_be_visible()
    assert Evidence.objects.get().content_type == "application/pdf"
    _shoot(shoot, page, "opd-04-evidence-uploaded")

    page.get_by_role("link", name="Kirim kepada kepala OPD…").click()
    _shoot(shoot, page, "opd-05-submit")
    page.get_by_role("button", name="Kirim kepada kepala OPD").click()
    expect(page.get_by_text("Penilaian telah dikirim kepada kepala OPD untuk disetujui.")).to_be_visible()
    expect(page.locator("form.answer")).to_have_count(0)
    _shoot(shoot, page, "opd-06-submitted")
    assert errors == []

    head_context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    head = head_context.new_page()
    head_errors = _watch(head)
    _sign_in(head, base, "kepala.dinkes")
    head.get_by_role("link", name="Evaluasi RB 2026").click()
    expect(head.get_by_role("heading", name="Keputusan Anda sebagai kepala OPD")).to_be_visible()
    _shoot(shoot, head, "opd-07-head-reviews")
    head.get_by_role("button", name="Setujui dan kirim ke Inspektorat").click()
    expect(head.get_by_text("Disetujui: penilaian diteruskan ke Inspektorat")).to_be_visible()
    _shoot(shoot, head, "opd-08-head-approved")
    head_context.close()
    assert head_errors == []
    assert Assessment.objects.get().status == "desk_review"


def test_the_worksheet_reads_well_on_a_phone(phone, live_server, setting, shoot):
    _sign_in(phone, live_server.url, "operator.dinkes")
    phone.get_by_role("link", name="Evaluasi RB 2026").click()
    phone.locator("#i-I_1").get_by_label("A · Lengkap").check()
    expect(phone.locator("#i-I_1").get_by_text("Tersimpan pukul")).to_be_visible()
    _shoot(shoot, phone, "opd-09-worksheet-phone")
