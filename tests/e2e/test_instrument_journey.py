"""Instruments in the browser: the Inspektorat admin uploads a bad file and reads the report, is refused a
shared code, uploads their instansi's own, publishes it and browses the tree; an OPD operator simulates a
score and sees it follow."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from nyata.instruments.actions import load_instrument
from nyata.instruments.models import Instrument
from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

DATA = Path(__file__).resolve().parents[2] / "nyata" / "instruments" / "tests" / "data"
PASSWORD = "rahasia-uji-2026"


@pytest.fixture
def city(transactional_db):
    return CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")


def _person(city, role: str, unit: str, username: str):
    person = person_with_role(city, role=role, unit_code=unit, username=username)
    person.set_password(PASSWORD)
    person.save()
    return person


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def _watch(page) -> list[str]:
    errors: list[str] = []
    # The upload page answers a rejected file with 400 on purpose; the browser logs that as an error.
    page.on(
        "console",
        lambda m: errors.append(m.text) if m.type == "error" and "status of 400" not in m.text else None,
    )
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    return errors


def test_admin_reads_the_report_of_a_bad_file_then_uploads_publishes_and_browses_a_good_one(
    page, live_server, city, shoot, tmp_path
):
    own = tmp_path / "lke-kendari-2025.yaml"
    own.write_bytes(
        (DATA / "contoh-2025.yaml").read_bytes().replace(b"code: contoh\n", b"code: kota-kendari.contoh\n")
    )
    _person(city, "inspektorat_admin", "inspektorat", "admin.kendari")
    errors = _watch(page)
    _sign_in(page, live_server.url, "admin.kendari")
    page.get_by_role("link", name="Instrumen", exact=True).click()
    expect(page.get_by_role("heading", name="Instrumen evaluasi (LKE)")).to_be_visible()
    page.get_by_role("link", name="Unggah instrumen").click()

    page.get_by_label("Berkas instrumen").set_input_files(str(DATA / "tidak-sah.yaml"))
    page.get_by_role("button", name="Periksa dan simpan sebagai draf").click()
    expect(page.get_by_role("heading", name="tidak-sah.yaml tidak disimpan: 12 masalah")).to_be_visible()
    report = page.locator("#report tbody tr")
    expect(report).to_have_count(12)
    expect(report.nth(4)).to_contain_text("nodes[0].children[1].weight")
    expect(report.nth(4)).to_contain_text("G.1")
    expect(report.nth(4)).to_contain_text("35")
    shoot(page, "instruments-01-bad-file-report")
    assert Instrument.objects.count() == 0

    # A shared code is the system administrator's to load: the refusal names the code to use instead.
    page.get_by_label("Berkas instrumen").set_input_files(str(DATA / "contoh-2025.yaml"))
    page.get_by_role("button", name="Periksa dan simpan sebagai draf").click()
    expect(page.get_by_text("dimuat oleh admin sistem")).to_be_visible()
    expect(page.get_by_text("misalnya kota-kendari.contoh")).to_be_visible()
    shoot(page, "instruments-01b-shared-code-refused")
    assert Instrument.objects.count() == 0

    page.get_by_label("Berkas instrumen").set_input_files(str(own))
    page.get_by_role("button", name="Periksa dan simpan sebagai draf").click()
    expect(page.get_by_text("kota-kendari.contoh 2025.1 disimpan sebagai draf.")).to_be_visible()
    expect(page.locator(".badge.draft").first).to_have_text("Draf")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terbitkan").click()
    expect(
        page.get_by_text("kota-kendari.contoh 2025.1 telah terbit; isinya tidak dapat berubah lagi.")
    ).to_be_visible()
    expect(page.locator("h1 .badge")).to_have_text("Terbit")

    # The tree: roots open, deeper groups closed until opened (plain <details>, no script needed).
    guidance = page.get_by_text("Unggah SK tim kerja RB yang masih berlaku.")
    expect(guidance).to_be_hidden()
    page.locator("#node-P\\.A > summary").click()
    expect(guidance).to_be_visible()
    expect(page.locator("#node-P\\.A\\.1")).to_contain_text("SK Tim Kerja RB")
    expect(page.locator("#node-P\\.A\\.3")).to_contain_text("Sangat baik · nilai 1")
    shoot(page, "instruments-02-published-tree")
    assert errors == []


def test_an_opd_operator_simulates_a_score_and_sees_total_and_gains_follow_the_answers(
    page, live_server, city, shoot
):
    load_instrument(data=(DATA / "contoh-2025.yaml").read_bytes(), by=None, publish=True)
    _person(city, "opd_operator", "dinkes", "operator.dinkes")
    errors = _watch(page)
    _sign_in(page, live_server.url, "operator.dinkes")
    page.goto(f"{live_server.url}/instrumen/simulasi/")
    page.get_by_role("link", name="Instrumen Contoh Evaluasi Perangkat Daerah").click()
    expect(page.locator("#total")).to_contain_text("0,00")
    expect(page.locator("#gains li").first).to_contain_text("+25,00")

    page.get_by_label("P.A.1 Tim kerja reformasi birokrasi telah dibentuk").select_option("Ya")
    expect(page.locator("#total")).to_contain_text("10,00")
    page.get_by_label("P.B.1 Persentase SOP yang telah direviu").fill("80")
    expect(page.locator("#total")).to_contain_text("19,80")  # 10 + 12.25 * 0.8
    page.get_by_label("Target H.1").fill("10")
    page.get_by_label("Realisasi H.1").fill("10")
    expect(page.locator("#total")).to_contain_text("44,80")
    # The biggest gain left is the unanswered outcome H.2 (15 points), then P.A.2 (15.5).
    expect(page.locator("#gains li").first).to_contain_text("+15,50")
    expect(page.locator("#gains li").first).to_contain_text("P.A.2")

    page.get_by_label("P.B.2 Rata-rata waktu layanan perizinan (hari)").fill("30")
    expect(page.locator("#err-q4")).to_have_text("harus berada di antara 1..14, tetapi diisi 30")
    expect(page.locator("#total")).to_contain_text("44,80")
    shoot(page, "instruments-03-simulation")
    page.get_by_label("P.B.2 Rata-rata waktu layanan perizinan (hari)").fill("1")
    expect(page.locator("#err-q4")).to_have_text("")
    expect(page.locator("#total")).to_contain_text("57,05")
    expect(page.locator("#predicate")).to_have_text("D · Kurang")
    assert errors == []


def test_the_simulation_works_as_a_plain_form_without_scripts(browser, live_server, city, shoot):
    load_instrument(data=(DATA / "contoh-2025.yaml").read_bytes(), by=None, publish=True)
    _person(city, "opd_head", "dinkes", "kepala.dinkes")
    context = browser.new_context(
        locale="id-ID", java_script_enabled=False, viewport={"width": 375, "height": 740}
    )
    page = context.new_page()
    _sign_in(page, live_server.url, "kepala.dinkes")
    page.goto(f"{live_server.url}/instrumen/contoh/2025.1/simulasi/")
    page.get_by_label("P.A.1 Tim kerja reformasi birokrasi telah dibentuk").select_option("Ya")
    page.get_by_label("P.B.1 Persentase SOP yang telah direviu").fill("seratus")
    page.get_by_role("button", name="Hitung").click()
    expect(page.locator("#total")).to_contain_text("10,00")
    expect(page.locator("#err-q3")).to_have_text("harus berupa angka, tetapi diisi 'seratus'")
    shoot(page, "instruments-04-simulation-phone-no-js")
    context.close()
