"""Error pages in a real browser: styled by the site's stylesheet, in Bahasa Indonesia, with a way back; the
500 page keeps its styling when a context processor (here: the database behind it) fails."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from playwright.sync_api import expect

from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-2026"
BRAND = "rgb(11, 94, 138)"  # --brand in nyata.css: the header bar and the primary button


@pytest.fixture
def operator(transactional_db):
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    person = person_with_role(city, role="opd_operator", unit_code="dinkes", username="operator.dinkes")
    person.set_password(PASSWORD)
    person.save()
    return person


def _styled(page) -> None:
    expect(page.locator("header.site-header")).to_have_css("background-color", BRAND)
    expect(page.locator(".error-page")).to_have_css("background-color", "rgb(255, 255, 255)")
    expect(page.get_by_role("link", name="Kembali ke beranda")).to_have_css("background-color", BRAND)


def test_an_unknown_address_shows_the_styled_404_and_leads_back_home(page, live_server, operator, shoot):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("operator.dinkes")
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    page.get_by_role("link", name="Notifikasi").click()
    response = page.goto(f"{live_server.url}/evaluasi-lama/", referer=f"{live_server.url}/notifikasi/")
    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Halaman tidak ditemukan")
    _styled(page)
    shoot(page, "error-404")
    page.get_by_role("link", name="Kembali ke halaman sebelumnya").click()
    expect(page).to_have_url(f"{live_server.url}/notifikasi/")
    page.go_back()
    page.get_by_role("link", name="Kembali ke beranda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")


def test_a_failure_behind_the_page_shows_the_styled_500(page, live_server, operator, shoot):
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill("operator.dinkes")
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
    broken = OperationalError("database is locked")
    with mock.patch("nyata.notifications.context_processors.unread_count", side_effect=broken):
        response = page.goto(f"{live_server.url}/")
    assert response.status == 500
    expect(page.get_by_role("heading", level=1)).to_have_text("Terjadi kesalahan di sistem kami")
    _styled(page)
    shoot(page, "error-500")
    page.get_by_role("link", name="Kembali ke beranda").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Selamat datang")
