"""The OPD reads its survey results (chart and table), downloads the poster and answers a complaint;
citizens answer one after the other on the counter's kiosk tablet."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect
from pypdf import PdfReader

from nyata.org.tests.factories import CityFactory, person_with_role
from nyata.surveys import actions, kiosk
from nyata.surveys.models import Channel, ComplaintReply, Response
from tests.e2e.conftest import EVENT_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-skm-2026"


@pytest.fixture
def setting(transactional_db, settings):
    settings.NYATA_SKM_MIN_FILL_SECONDS = 0
    settings.NYATA_SKM_KIOSK_THANKS_SECONDS = 1
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    operator = person_with_role(city, role="opd_operator", unit_code="dinkes", username="operator.dinkes")
    operator.set_password(PASSWORD)
    operator.save()
    today = actions.local_day(timezone.now(), city.instansi)
    actions.save_period(
        instansi=city.instansi, by=None, name="SKM 2026", starts_on=today - timedelta(days=100), ends_on=today
    )
    service = actions.save_service(
        unit=city.units["dinkes"], by=None, name="Pelayanan Puskesmas Rawat Jalan", population=550
    )
    answers = ([4, 3, 3, 4, 3, 3, 4, 3, 2], [3, 3, 2, 4, 3, 4, 4, 3, 2], [4, 4, 3, 3, 4, 4, 4, 3, 1])
    for days_ago, row in zip((70, 35, 1), answers, strict=True):
        actions.submit_response(
            service=service,
            answers=row,
            now=timezone.now() - timedelta(days=days_ago),
            suggestion="Ruang tunggu panas, kipas angin rusak." if days_ago == 1 else "",
        )
    return {"city": city, "service": service}


def _sign_in(page, base: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("operator.dinkes")
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_the_opd_reads_its_results_downloads_the_poster_and_answers_a_complaint(
    page, live_server, setting, shoot
):
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    city, service = setting["city"], setting["service"]
    _sign_in(page, live_server.url)
    page.goto(f"{live_server.url}/i/{city.instansi.code}/skm/unit/{city.units['dinkes'].pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dinas Kesehatan")
    # Both charts are drawn by the vendored Chart.js, each beside its table.
    expect(page.locator("#chart-unsur[data-drawn=true]")).to_be_visible()
    expect(page.locator("#chart-trend[data-drawn=true]")).to_be_visible()
    expect(page.locator("#table-unsur")).to_contain_text("U9")
    expect(page.locator("#table-trend tbody tr")).to_have_count(3)
    expect(page.locator("#follow-up")).to_contain_text("1 saran atau pengaduan: 1 baru, 0 sudah ditanggapi.")
    shoot(page, "skm-results-01-unit")

    page.get_by_role("link", name="Pelayanan Puskesmas Rawat Jalan").first.click()
    expect(page.locator("#distribution img")).to_be_visible()
    shoot(page, "skm-results-02-service")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Unduh poster A4 (PDF)").click()
    download = download_info.value
    assert download.suggested_filename == "poster-skm-pelayanan-puskesmas-rawat-jalan.pdf"
    with open(download.path(), "rb") as pdf:
        text = " ".join(PdfReader(io.BytesIO(pdf.read())).pages[0].extract_text().split())
    assert "Bagaimana pelayanan kami hari ini?" in text
    assert f"/s/{service.public_code}/" in text

    page.goto(f"{live_server.url}/i/{city.instansi.code}/skm/unit/{city.units['dinkes'].pk}/")
    page.get_by_role("link", name="Saran dan pengaduan").click()
    expect(page.locator(".complaint")).to_contain_text("Ruang tunggu panas")
    page.get_by_label("Balasan untuk warga").fill("Kipas angin sudah diganti pada hari Senin.")
    shoot(page, "skm-results-03-complaint")
    page.get_by_role("button", name="Simpan balasan").click()
    expect(page.get_by_role("status")).to_contain_text("Balasan disimpan.")
    expect(page.locator(".complaint .reply")).to_contain_text("Kipas angin sudah diganti")
    expect(page.locator("body")).to_contain_text("100% sudah ditanggapi")
    shoot(page, "skm-results-04-responded")
    assert ComplaintReply.objects.get().text == "Kipas angin sudah diganti pada hari Senin."

    # The unit publishes its summary: aggregates only, open to anyone, with the same charts.
    page.goto(f"{live_server.url}/i/{city.instansi.code}/skm/unit/{city.units['dinkes'].pk}/")
    page.get_by_role("button", name="Publikasikan halaman ringkasan").click()
    page.locator("#public-summary a").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Hasil Survei Kepuasan Masyarakat")
    expect(page.locator("#chart-unsur[data-drawn=true]")).to_be_visible()
    expect(page.locator("#chart-trend[data-drawn=true]")).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Ruang tunggu panas")
    shoot(page, "skm-results-05-public-summary")
    assert errors == []


def _answer(tablet, answers: list[str]) -> None:
    tablet.get_by_role("group", name="Jenis kelamin").get_by_label("Laki-laki").check()
    tablet.get_by_label("Umur (tahun)").fill("52")
    tablet.get_by_label("Pendidikan terakhir").select_option(label="SMA/SMK")
    tablet.get_by_label("Pekerjaan utama").select_option(label="Wirausaha")
    groups = tablet.locator("fieldset[id^=u]")
    for index, answer in enumerate(answers):
        groups.nth(index).get_by_label(answer, exact=True).check()
    tablet.get_by_role("button", name="Kirim jawaban saya").click()


def test_two_citizens_answer_in_a_row_on_the_kiosk_tablet(browser, live_server, setting, shoot):
    service = setting["service"]
    context = browser.new_context(locale="id-ID", viewport={"width": 800, "height": 1280}, has_touch=True)
    context.set_default_timeout(EVENT_TIMEOUT_MS)
    tablet = context.new_page()
    errors: list[str] = []
    tablet.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    kiosk_url = f"{live_server.url}/s/{service.public_code}/kios/{kiosk.kiosk_token(service)}/"
    tablet.goto(kiosk_url)
    shoot(tablet, "skm-kiosk-01-form")
    first = [
        "Sangat sesuai",
        "Mudah",
        "Cepat",
        "Gratis",
        "Sesuai",
        "Kompeten",
        "Sopan dan ramah",
        "Baik",
        "Dikelola dengan baik",
    ]
    _answer(tablet, first)
    expect(tablet.get_by_role("heading", name="Terima kasih")).to_be_visible()
    expect(tablet.locator("body")).to_contain_text("Survei terbuka lagi untuk pengunjung berikutnya")
    shoot(tablet, "skm-kiosk-02-thanks")
    # The meta refresh brings back an empty form for the next citizen, without any script.
    expect(tablet.get_by_role("button", name="Kirim jawaban saya")).to_be_visible()
    expect(tablet.locator("fieldset[id^=u] input:checked")).to_have_count(0)
    expect(tablet.locator(".note")).to_have_count(0)  # no "already answered on this device" for a kiosk
    shoot(tablet, "skm-kiosk-03-form-again")
    second = [
        "Tidak sesuai",
        "Tidak mudah",
        "Tidak cepat",
        "Sangat mahal",
        "Tidak sesuai",
        "Tidak kompeten",
        "Tidak sopan dan ramah",
        "Buruk",
        "Tidak ada",
    ]
    _answer(tablet, second)
    expect(tablet.get_by_role("heading", name="Terima kasih")).to_be_visible()
    kiosk_rows = Response.objects.filter(channel=Channel.KIOSK).order_by("pk")
    assert [(r.u1, r.flags, r.included) for r in kiosk_rows] == [(4, [], True), (1, [], True)]
    assert errors == []
    context.close()
