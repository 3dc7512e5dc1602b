"""An OPD imports its paper survey forms; they wait, uncounted, until the Inspektorat administrator has
compared them with the originals and accepted the file; then the results show the paper share."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.org.tests.factories import CityFactory, person_with_role
from nyata.surveys import actions
from nyata.surveys.models import PaperImport

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-kertas-2026"


@pytest.fixture
def setting(transactional_db, tmp_path):
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = {}
    for role, unit, username in (
        ("opd_operator", "dinkes", "operator.dinkes"),
        ("inspektorat_admin", "inspektorat", "admin.kendari"),
    ):
        person = person_with_role(city, role=role, unit_code=unit, username=username)
        person.set_password(PASSWORD)
        person.save()
        people[role] = person
    today = actions.local_day(timezone.now(), city.instansi)
    actions.save_period(
        instansi=city.instansi, by=None, name="SKM 2026", starts_on=today - timedelta(days=100), ends_on=today
    )
    service = actions.save_service(
        unit=city.units["dinkes"], by=None, name="Pelayanan Puskesmas Rawat Jalan", population=550
    )
    for _citizen in range(6):
        actions.submit_response(service=service, answers=(3,) * 9)
    rows = ["tanggal;jenis_kelamin;u1;u2;u3;u4;u5;u6;u7;u8;u9"]
    rows += [f"{today - timedelta(days=2):%d/%m/%Y};P;4;4;4;4;4;4;4;4;4"] * 4
    paper = tmp_path / "formulir-kertas-maret.csv"
    paper.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return {"city": city, "service": service, "paper": paper}


def _sign_in(page, base: str, username: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()


def test_a_units_paper_file_counts_only_after_the_inspektorat_accepts_it(
    browser, live_server, setting, shoot
):
    city, service = setting["city"], setting["service"]
    service_url = f"{live_server.url}/i/{city.instansi.code}/skm/layanan/{service.pk}/"

    operator = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(operator, live_server.url, "operator.dinkes")
    operator.goto(service_url)
    expect(operator.get_by_text("IKM").first).to_be_visible()
    operator.get_by_role("link", name="Impor tanggapan formulir kertas").click()
    operator.get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(setting["paper"]))
    operator.get_by_role("button", name="Impor").click()
    expect(operator.get_by_text("dihitung dalam IKM setelah Inspektorat menerima berkasnya")).to_be_visible()
    expect(operator.locator("#paper-share")).to_contain_text(
        "4 formulir kertas menunggu penerimaan Inspektorat dan belum dihitung"
    )
    expect(operator.locator("#paper-imports")).to_contain_text("Menunggu penerimaan Inspektorat")
    expect(operator.get_by_text("75,00").first).to_be_visible()  # the IKM has not moved
    shoot(operator, "paper-01-opd-imported-pending")
    operator.context.close()

    admin = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900}).new_page()
    _sign_in(admin, live_server.url, "admin.kendari")
    admin.goto(f"{live_server.url}/i/{city.instansi.code}/skm/")
    admin.get_by_role("link", name="1 berkas kertas menunggu keputusan Anda").click()
    expect(
        admin.get_by_role("heading", name="Berkas formulir kertas yang menunggu keputusan")
    ).to_be_visible()
    shoot(admin, "paper-02-inspektorat-list")
    admin.get_by_role("link", name="formulir-kertas-maret.csv").click()
    expect(admin.locator("#paper-file")).to_contain_text("100,00")  # the forms' own IKM
    expect(admin.locator("#paper-file")).to_contain_text(PaperImport.objects.get().sha256)
    shoot(admin, "paper-03-inspektorat-file")
    admin.get_by_label("Terima: formulirnya dihitung dalam IKM").check()
    admin.get_by_label("Alasan").fill("Dicocokkan dengan 4 formulir asli di Puskesmas, 12 Maret.")
    admin.get_by_role("button", name="Catat keputusan").click()
    expect(admin.get_by_text("Berkas diterima: formulirnya dihitung dalam IKM.")).to_be_visible()
    expect(admin.locator("#paper-file")).to_contain_text("Dicocokkan dengan 4 formulir asli di Puskesmas")
    shoot(admin, "paper-04-accepted")
    admin.goto(service_url)
    expect(admin.locator("#paper-share")).to_contain_text(
        "4 dari 10 responden terhitung mengisi formulir kertas (40,0%)"
    )
    shoot(admin, "paper-05-share")
    admin.context.close()
