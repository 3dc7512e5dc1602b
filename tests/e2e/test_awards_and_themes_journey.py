"""Issue 13 in the browser: the Inspektorat admin records a unit's Zona Integritas award history (WBBM is
refused before WBK, then WBK is recorded with its decree), and chooses the RB Tematik themes of the year
for a period of rb-pd 2025.2; the OPD's worksheet then shows only the chosen themes.
Screenshots under var/screenshots/issue13-*."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Period, Phase
from nyata.instruments import demo_data as instrument_demo
from nyata.instruments.models import Instrument
from nyata.org.models import UnitAward
from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-tema-2026"


@pytest.fixture
def setting(transactional_db):
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = {}
    for role, unit, username in (
        ("inspektorat_admin", "inspektorat", "admin.kendari"),
        ("opd_operator", "dinkes", "operator.dinkes"),
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
        instrument=Instrument.objects.get(code="rb-pd", version="2025.2"),
        units=[city.units["dinkes"]],
        windows={phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values},
        by=people["inspektorat_admin"],
    )
    return city, people, period


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_admin_records_wbk_history_and_chooses_the_themes_the_worksheet_then_shows(
    page, live_server, setting, shoot
):
    city, _people, period = setting
    base, code = live_server.url, city.instansi.code
    dinkes = city.units["dinkes"]
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)

    _sign_in(page, base, "admin.kendari")
    expect(page.get_by_role("heading", name="Administrasi")).to_be_visible()

    # Award history: WBBM before WBK is refused with the rule, then WBK is recorded with its decree.
    page.goto(f"{base}/i/{code}/unit/{dinkes.pk}/")
    expect(page.get_by_role("heading", name="Predikat yang dimiliki (Zona Integritas)")).to_be_visible()
    page.get_by_role("link", name="Catat predikat").click()
    page.get_by_label("Predikat").select_option("WBBM")
    page.get_by_label("Nomor keputusan").fill("Keputusan Menteri PANRB Nomor 55 Tahun 2025")
    page.get_by_label("Tanggal keputusan").fill("2025-12-10")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("WBBM hanya diberikan kepada unit yang telah memegang WBK")).to_be_visible()
    shoot(page, "issue13-01-wbbm-refused-without-wbk")
    assert not UnitAward.objects.exists()

    page.get_by_label("Predikat").select_option("WBK")
    page.get_by_label("Nomor keputusan").fill("Keputusan Menteri PANRB Nomor 12 Tahun 2024")
    page.get_by_label("Tanggal keputusan").fill("2024-12-09")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Predikat WBK Dinas Kesehatan dicatat.")).to_be_visible()
    history = page.locator("#awards")
    expect(history.get_by_text("Keputusan Menteri PANRB Nomor 12 Tahun 2024")).to_be_visible()
    expect(history.get_by_text("9 Desember 2024")).to_be_visible()
    shoot(page, "issue13-02-wbk-recorded")

    # Themes of the year: every theme applies until the admin chooses; Core Business is left out.
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/")
    themes = page.locator("#tema")
    expect(themes.get_by_text("Belum ada pilihan: semua tema berlaku.")).to_be_visible()
    shoot(page, "issue13-03-period-themes-before")
    themes.get_by_role("link", name="Pilih tema").click()
    page.get_by_label("II.B.3 · Capaian Kinerja Core Business Organisasi").uncheck()
    shoot(page, "issue13-04-choose-themes")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_text("Tema tahun ini disimpan.")).to_be_visible()
    expect(themes.locator("li", has_text="II.B.3").get_by_text("tidak tahun ini")).to_be_visible()
    shoot(page, "issue13-05-period-themes-chosen")
    assert Period.objects.get(pk=period.pk).themes == ["II.B.1", "II.B.2"]
    page.get_by_role("button", name="Keluar").click()

    # The OPD's worksheet, area Capaian Dampak RB Tematik: the two chosen themes, not Core Business.
    _sign_in(page, base, "operator.dinkes")
    assessment = period.assessments.get(unit=dinkes)
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/penilaian/{assessment.pk}/?area=II.B")
    expect(page.get_by_text("Peningkatan Penggunaan Produk Dalam Negeri").first).to_be_visible()
    expect(page.get_by_text("Digitalisasi Administrasi Pemerintahan").first).to_be_visible()
    expect(page.get_by_text("Capaian Kinerja Core Business Organisasi")).to_have_count(0)
    shoot(page, "issue13-06-worksheet-chosen-themes")
    assert errors == []
