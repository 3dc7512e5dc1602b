"""The OPD worksheet of rb-pd (107 indicators) as people fill it: area by area, with the filter "belum
dijawab", nothing typed lost when leaving an area, one file proving two checklist items, two files at once,
a refused file explained next to its item, and the head's note found again by the operator.
Screenshots at laptop (1366 px) and phone (390 px) widths under var/screenshots/worksheet-*."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.core.tests.files import exe_bytes, pdf_bytes, png_bytes
from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Answer, Assessment, Evidence, Phase
from nyata.instruments import demo_data as instrument_demo
from nyata.instruments.models import Instrument
from nyata.org.tests.factories import CityFactory, person_with_role
from tests.e2e.conftest import EVENT_TIMEOUT_MS, SCREENSHOT_TIMEOUT_MS, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-lembar-kerja"
LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


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
    instrument_demo.load_demo(instansi=city.instansi, stdout=open("/dev/null", "w"))  # noqa: SIM115
    now = timezone.now()
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=Instrument.objects.get(code="rb-pd", version="2025.1"),
        units=[city.units["dinkes"]],
        windows={phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values},
        by=people["inspektorat_admin"],
    )
    files = {
        "sp": ("Standar Pelayanan Dinkes.pdf", pdf_bytes("Standar pelayanan dan maklumat Dinkes 2026")),
        "jam": ("Jam layanan.pdf", pdf_bytes("Publikasi jam layanan")),
        "foto": ("Papan jam layanan.png", png_bytes(4, 3)),
        "exe": ("Laporan SKM.pdf", exe_bytes()),
    }
    paths = {}
    for key, (name, data) in files.items():
        paths[key] = tmp_path / name
        paths[key].write_bytes(data)
    return {"period": period, "assessment": period.assessments.get(), "files": paths, **people}


def _open(browser, base: str, username: str, viewport: dict, *, mobile: bool = False):
    context = browser.new_context(locale="id-ID", viewport=viewport, is_mobile=mobile, has_touch=mobile)
    context.set_default_timeout(EVENT_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    page.get_by_role("link", name="Evaluasi RB 2026").first.click()
    expect(page.get_by_role("heading", name="Lembar kerja Dinas Kesehatan")).to_be_visible()
    return context, page, errors


def _shoot(shoot, page, name: str) -> None:
    shoot(page, name)
    # Playwright leaves style="" on fields to hide the caret; htmx would copy it into swapped fields,
    # which the strict CSP refuses. Real pages never carry it.
    page.evaluate("document.querySelectorAll('[style]').forEach((e) => e.removeAttribute('style'))")


def _area(page, code: str) -> None:
    page.locator(f'nav.areas a[data-area="{code}"]').click()
    expect(page.locator("#area-title")).to_contain_text(code)


def test_an_operator_fills_area_by_area_and_uploads_with_every_refusal_explained(
    browser, live_server, setting, shoot
):
    base = live_server.url
    context, page, errors = _open(browser, base, "operator.dinkes", LAPTOP)
    assessment = setting["assessment"]

    # 1. The worksheet opens on the first area; every area is listed with its progress and score.
    expect(page.locator("#area-title")).to_contain_text("I.A Capaian Sasaran Strategis")
    expect(page.locator("nav.areas li")).to_have_count(7)  # two roots holding five areas
    expect(page.locator("article.indicator")).to_have_count(10)
    expect(page.locator("#self-score")).to_contain_text("Nilai usulan")
    _shoot(shoot, page, "worksheet-01-first-area-laptop")

    first = page.locator("#i-I_A_1_1_a")
    first.get_by_label(
        "Sudah Menyusun Arsitektur SPBE Domain Proses Bisnis dan Layanan", exact=False
    ).first.check()
    expect(first.get_by_text("Tersimpan pukul")).to_be_visible()
    expect(page.locator('nav.areas a[data-area="I.A"] + .figures')).to_contain_text("1/46 dijawab")

    # 2. Something typed and not yet saved is saved before the area changes: nothing is lost.
    second = page.locator("#i-I_A_1_1_b")
    second.get_by_label("Ya", exact=True).check()
    second.get_by_label("Penjelasan").fill("Roadmap TIK ditetapkan Januari 2026.")
    _area(page, "I.B")  # clicked at once, without leaving the field first
    answer = Answer.objects.get(assessment=assessment, indicator="I.A.1.1.b")
    assert (answer.value, answer.explanation) == ("Ya", "Roadmap TIK ditetapkan Januari 2026.")
    expect(page).to_have_url(
        f"{base}/i/kota-kendari/evaluasi/periode/{setting['period'].pk}/penilaian/{assessment.pk}/?area=I.B"
    )

    # 3. "Belum dijawab": only the open indicators of the area, counted.
    page.locator('#filters a[data-filter="belum-dijawab"]').click()
    expect(page.locator('#filters a[data-filter="belum-dijawab"]')).to_have_attribute("aria-current", "page")
    expect(page.locator(".page-info")).to_contain_text("dari 54 indikator")
    row = page.locator("#i-I_B_1_1_a")
    row.locator('input[name=value][value="A"]').check()
    expect(row.get_by_text("Tersimpan pukul")).to_be_visible()
    expect(page.locator('#filters a[data-filter="belum-dijawab"] .count')).to_have_text("53")
    _shoot(shoot, page, "worksheet-02-filter-belum-dijawab-laptop")

    # 4. A refused file says why, next to the item, and nothing is stored.
    row.get_by_text("Unggah data dukung").click()
    row.locator('input[name=targets][value="I.B.1.1.a|5"]').check()
    row.get_by_label("Berkas (PDF").set_input_files(str(setting["files"]["exe"]))
    row.get_by_role("button", name="Lampirkan").click()
    refusal = row.locator(".upload-box .errorlist")
    expect(refusal).to_contain_text("Laporan SKM.pdf bukan jenis berkas yang diterima")
    expect(row.locator(".upload-box")).to_have_attribute("open", "")
    assert Evidence.objects.count() == 0
    _shoot(shoot, page, "worksheet-03-refused-file-laptop")

    # ...and a dated item without its validity date is refused by name.
    row.locator('input[name=targets][value="I.B.1.1.a|1"]').check()
    row.get_by_label("Berkas (PDF").set_input_files(str(setting["files"]["sp"]))
    row.get_by_role("button", name="Lampirkan").click()
    expect(row.locator(".upload-box .errorlist")).to_contain_text("Isi tanggal berlaku dokumen")
    assert Evidence.objects.count() == 0

    # 5. One file proves two checklist items: its own, and the same document asked at I.B.1.1.b.
    row.locator('input[name=targets][value="I.B.1.1.a|1"]').check()
    row.locator('input[name=targets][value="I.B.1.1.b|1"]').check()
    row.get_by_label("Berkas (PDF").set_input_files(str(setting["files"]["sp"]))
    row.get_by_role("textbox", name="Tanggal berlaku").fill("2026-01-15")
    row.get_by_role("button", name="Lampirkan").click()
    expect(row.get_by_text("1 data dukung dilampirkan pada 2 butir daftar periksa.")).to_be_visible()
    expect(
        page.locator("#i-I_B_1_1_b-evidence").get_by_role("link", name="Standar_Pelayanan_Dinkes.pdf")
    ).to_be_visible()
    assert sorted(Evidence.objects.values_list("indicator", "item")) == [
        ("I.B.1.1.a", "1"),
        ("I.B.1.1.b", "1"),
    ]
    _shoot(shoot, page, "worksheet-04-one-file-two-items-laptop")

    # 6. Two files at once to one item (publikasi waktu pelayanan, not dated: no date asked for it).
    page.locator('#filters a[data-filter="semua"]').click()
    expect(page.locator('#filters a[data-filter="semua"]')).to_have_attribute("aria-current", "page")
    hours = page.locator("#i-I_B_1_2_a")
    hours.get_by_text("Unggah data dukung").click()
    hours.locator('input[name=targets][value="I.B.1.2.a|2"]').check()
    hours.get_by_label("Berkas (PDF").set_input_files(
        [str(setting["files"]["jam"]), str(setting["files"]["foto"])]
    )
    hours.get_by_role("button", name="Lampirkan").click()
    expect(hours.get_by_text("2 data dukung dilampirkan.")).to_be_visible()
    expect(hours.get_by_role("link", name="Jam_layanan.pdf")).to_be_visible()
    expect(hours.get_by_role("link", name="Papan_jam_layanan.png")).to_be_visible()
    assert Evidence.objects.filter(indicator="I.B.1.2.a", item="2").count() == 2
    _shoot(shoot, page, "worksheet-05-two-files-laptop")

    # 7. A file chosen but not attached is never dropped in silence: leaving asks first.
    hours.get_by_text("Unggah data dukung").click()
    hours.get_by_label("Berkas (PDF").set_input_files(str(setting["files"]["jam"]))
    page.locator(".pager a[rel=next]").click()
    warning = page.locator("#unsaved-warning")
    expect(warning).to_contain_text("Belum tersimpan: I.B.1.2.a.")
    expect(page.locator(".page-info")).to_contain_text("Halaman 1 dari 6")
    # What the person sees: the warning stays at the top of the window, the unsent upload below it.
    path = SCREENSHOTS / "worksheet-06-leaving-asks-first-laptop.png"
    page.screenshot(path=str(path), full_page=False, timeout=SCREENSHOT_TIMEOUT_MS)
    warning.get_by_role("link", name="Tetap pindah tanpa menyimpan").click()

    # 8. Page by page, then on to the next area.
    expect(page.locator(".page-info")).to_contain_text("Halaman 2 dari 6")
    page.locator(".pager").get_by_role("link", name="6", exact=True).click()
    page.get_by_role("link", name="Area berikutnya: I.C Strategi Pelaksanaan RB General").click()
    expect(page.locator("#area-title")).to_contain_text("I.C")
    context.close()
    assert errors == []


def test_on_a_phone_the_worksheet_is_one_short_area_at_a_time(browser, live_server, setting, shoot):
    context, page, errors = _open(browser, live_server.url, "operator.dinkes", PHONE, mobile=True)
    _shoot(shoot, page, "worksheet-07-first-area-phone")
    height = page.evaluate("document.documentElement.scrollHeight")
    _area(page, "II.B")
    expect(page.locator("article.indicator")).to_have_count(3)
    _shoot(shoot, page, "worksheet-08-small-area-phone")
    page.locator('#filters a[data-filter="belum-dijawab"]').click()
    expect(page.locator('#filters a[data-filter="belum-dijawab"]')).to_have_attribute("aria-current", "page")
    _shoot(shoot, page, "worksheet-09-filter-phone")
    context.close()
    assert errors == []
    assert height < 20_000  # one area's page, not the whole 107-indicator worksheet (151.416 px before)


def test_the_head_notes_an_indicator_and_the_operator_finds_it_with_the_filter(
    browser, live_server, setting, shoot
):
    Assessment.objects.filter(pk=setting["assessment"].pk).update(status="awaiting_head")
    base = live_server.url
    context, page, errors = _open(browser, base, "kepala.dinkes", LAPTOP)
    expect(page.locator("#self-score")).to_contain_text("dari 100")
    expect(page.get_by_role("heading", name="Keputusan Anda sebagai kepala OPD")).to_be_visible()
    _area(page, "II.B")
    row = page.locator("#i-II_B_1_1_a")
    row.get_by_text("Tulis catatan untuk operator").click()
    row.get_by_label("Apa yang perlu diperbaiki di sini?").fill(
        "Lampirkan tangkapan layar SIPD P3DN terbaru."
    )
    row.get_by_role("button", name="Simpan catatan").click()
    expect(row.get_by_text("Catatan tersimpan")).to_be_visible()
    expect(page.locator('nav.areas a[data-area="II.B"] + .figures')).to_contain_text("1 catatan")
    _shoot(shoot, page, "worksheet-10-head-note-laptop")
    page.get_by_label("Atau kembalikan kepada operator dengan catatan yang harus diperbaiki").fill(
        "Lihat catatan pada indikator."
    )
    page.get_by_role("button", name="Kembalikan kepada operator").click()
    expect(page.get_by_text("Dikembalikan kepada operator beserta catatan Anda.")).to_be_visible()
    context.close()
    assert errors == []

    context, page, errors = _open(browser, base, "operator.dinkes", LAPTOP)
    page.get_by_role("link", name="Kepala OPD juga memberi catatan pada 1 indikator: tampilkan").click()
    expect(page.locator("#area-title")).to_contain_text("II.B")
    expect(page.locator('#filters a[data-filter="ada-catatan"]')).to_have_attribute("aria-current", "page")
    expect(page.locator("article.indicator")).to_have_count(1)
    expect(page.locator("#i-II_B_1_1_a")).to_contain_text("Lampirkan tangkapan layar SIPD P3DN terbaru.")
    _shoot(shoot, page, "worksheet-11-operator-finds-the-note-laptop")
    context.close()
    assert errors == []
