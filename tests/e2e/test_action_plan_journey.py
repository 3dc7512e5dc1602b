"""An action plan in the browser: the operator writes it, the head submits it, the Inspektorat returns it
with a note, the operator corrects a target in place and adds an activity, the head submits it again and
the Inspektorat approves it; in TW I's window the operator enters the realisation and the Inspektorat
writes its desk-review note. The clock is held inside TW I's window."""

from datetime import datetime
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.followups.models import ActionPlan, Realisation
from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-2026"
BASE_PATH = "/i/kota-kendari/tindak-lanjut/rencana-aksi/"


@pytest.fixture
def people(transactional_db):
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    found = {}
    for key, role, unit in (
        ("evaluator", "evaluator", "inspektorat"),
        ("operator", "opd_operator", "dinkes"),
        ("head", "opd_head", "dinkes"),
    ):
        person = person_with_role(city, role=role, unit_code=unit, username=f"{key}.kendari")
        person.set_password(PASSWORD)
        person.save()
        found[key] = person
    return found


@pytest.fixture
def in_tw1():
    moment = datetime(2027, 4, 8, 10, tzinfo=ZoneInfo("Asia/Makassar"))
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def _signed_in(browser, base, username):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return context, page


def _add_activity(page, name):
    page.locator("#activity_name").fill(name)
    page.locator("#activity_output").fill("SOP ditetapkan")
    page.locator("#activity_indicator").fill("Jumlah SOP")
    page.locator("#activity_target").fill("4")
    for quarter in range(1, 5):
        page.locator(f"#activity_target_q{quarter}").fill("1")
    page.locator("#activity_budget").fill("15000000")
    page.locator("#activity_responsible").fill("Kepala Subbagian Umum")
    page.get_by_role("button", name="Tambahkan kegiatan").click()
    expect(page.locator("#activities")).to_contain_text(name)


def _edit_target(page, name, shoot):
    """The returned plan's mistyped target corrected in place: a bad edit is refused and says why, then
    the right one is saved and lands on the timeline."""
    page.get_by_role("link", name=f"Ubah {name}").click()
    expect(page.get_by_role("heading", name=f"Ubah kegiatan: {name}")).to_be_visible()
    expect(page.locator("#activity_target")).to_have_value("4,00")
    page.locator("#activity_responsible").fill("")
    page.get_by_role("button", name="Simpan perubahan").click()
    expect(page.locator("#activity-form")).to_contain_text("Bidang ini tidak boleh kosong.")
    page.locator("#activity_responsible").fill("Kepala Subbagian Umum")
    page.locator("#activity_target").fill("6")
    page.locator("#activity_target_q2").fill("3")
    shoot(page, "plan-02a-edit-activity")
    page.get_by_role("button", name="Simpan perubahan").click()
    row = page.locator("#activities tr", has_text=name)
    expect(row).to_contain_text("6,00")
    expect(row).to_contain_text("3,00 / —")
    expect(page.locator(".steps")).to_contain_text(f"Kegiatan diubah: {name}")
    expect(page.get_by_role("heading", name="Tambah kegiatan")).to_be_visible()
    shoot(page, "plan-02b-activity-edited")


def test_a_plan_is_submitted_returned_approved_and_realised(browser, live_server, people, in_tw1, shoot):
    base = live_server.url
    context, page = _signed_in(browser, base, "operator.kendari")
    page.goto(f"{base}{BASE_PATH}?tahun=2027")
    page.get_by_role("button", name="Mulai rencana aksi").click()
    expect(page.locator("#plan-status")).to_have_text("Draf")
    _add_activity(page, "Penyusunan SOP layanan")
    shoot(page, "plan-01-draft")
    plan_url = page.url
    context.close()

    context, page = _signed_in(browser, base, "head.kendari")
    page.goto(plan_url)
    page.get_by_role("button", name="Ajukan rencana aksi kepada Inspektorat").click()
    expect(page.locator("#plan-status")).to_have_text("Diajukan untuk direviu")
    context.close()

    context, page = _signed_in(browser, base, "evaluator.kendari")
    page.goto(plan_url)
    page.get_by_label("Kembalikan dengan catatan").check()
    page.locator("#review_note").fill("Tambahkan kegiatan survei kepuasan.")
    page.get_by_role("button", name="Putuskan").click()
    expect(page.locator("#plan-status")).to_have_text("Dikembalikan dengan catatan")
    context.close()

    context, page = _signed_in(browser, base, "operator.kendari")
    page.goto(plan_url)
    expect(page.locator("#review-note")).to_have_text("Tambahkan kegiatan survei kepuasan.")
    _add_activity(page, "Survei kepuasan masyarakat")
    _edit_target(page, "Penyusunan SOP layanan", shoot)
    context.close()

    context, page = _signed_in(browser, base, "head.kendari")
    page.goto(plan_url)
    page.get_by_role("button", name="Ajukan rencana aksi kepada Inspektorat").click()
    context.close()

    context, page = _signed_in(browser, base, "evaluator.kendari")
    page.goto(plan_url)
    page.get_by_label("Setujui rencana aksi").check()
    page.get_by_role("button", name="Putuskan").click()
    expect(page.locator("#plan-status")).to_have_text("Disetujui")
    shoot(page, "plan-02-approved")
    context.close()

    context, page = _signed_in(browser, base, "operator.kendari")
    page.goto(plan_url)
    expect(page.get_by_role("link", name="Ubah Penyusunan SOP layanan")).to_have_count(0)  # approved: frozen
    page.locator("#realisation_activity").select_option(label="Penyusunan SOP layanan")
    page.locator("#realisation_value").fill("1")
    page.locator("#realisation_evidence_url").fill("https://data.kendari.example/sop-tw1")
    page.get_by_role("button", name="Simpan realisasi").click()
    expect(page.locator("#activities .met")).to_have_text("1,00")
    context.close()

    context, page = _signed_in(browser, base, "evaluator.kendari")
    page.goto(plan_url)
    page.locator("#desk_note").fill("Realisasi TW I sesuai target.")
    page.get_by_role("button", name="Simpan catatan").click()
    expect(page.locator("#desk-reviews")).to_contain_text("Realisasi TW I sesuai target.")
    shoot(page, "plan-03-realised-and-reviewed")
    context.close()
    plan = ActionPlan.objects.get()
    assert plan.status == ActionPlan.Status.APPROVED
    assert Realisation.objects.get().quarter == 1
