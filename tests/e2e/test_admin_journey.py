"""The Inspektorat admin sets up an OPD and its operator, who then signs in and lands on their home page."""

import re

import pytest
from playwright.sync_api import expect

from nyata.org.models import Membership, Unit, User
from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

ADMIN_PASSWORD = "rahasia-admin-2026"


@pytest.fixture
def admin(transactional_db):
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    person = person_with_role(
        city, role="inspektorat_admin", unit_code="inspektorat", username="admin.kendari"
    )
    person.set_password(ADMIN_PASSWORD)
    person.save()
    return person


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def test_admin_adds_an_opd_and_a_person_who_then_signs_in_to_their_landing_page(
    page, live_server, admin, shoot
):
    base = live_server.url
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    _sign_in(page, base, "admin.kendari", ADMIN_PASSWORD)
    expect(page.get_by_role("heading", name="Administrasi")).to_be_visible()
    shoot(page, "01-admin-home")

    page.get_by_role("link", name="Tambah unit").click()
    page.get_by_label("Kode").fill("bpbd")
    page.get_by_label("Nama", exact=True).fill("Badan Penanggulangan Bencana Daerah")
    page.get_by_label("Nama singkat").fill("BPBD")
    page.get_by_label("Jenis").select_option("opd")
    shoot(page, "02-new-unit-form")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Badan Penanggulangan Bencana Daerah")).to_be_visible()
    expect(page.get_by_text("Unit Badan Penanggulangan Bencana Daerah disimpan.")).to_be_visible()
    shoot(page, "03-unit-saved")

    page.get_by_role("link", name="Pegawai", exact=True).click()
    page.get_by_role("link", name="Tambah pegawai").click()
    page.get_by_label("Nama lengkap").fill("Wa Ode Fitriani")
    page.get_by_label("Nama pengguna").fill("waode.bpbd")
    page.get_by_label("Surel").fill("waode@bpbd.kendari.example")
    page.get_by_role("button", name="Simpan").click()
    expect(page.get_by_role("heading", name="Wa Ode Fitriani")).to_be_visible()

    # Assigning the role goes through htmx and swaps only the roles section.
    page.get_by_label("Peran", exact=True).select_option("opd_operator")
    page.get_by_label("Unit", exact=True).select_option(label="Badan Penanggulangan Bencana Daerah")
    page.get_by_role("button", name="Tetapkan", exact=True).click()
    expect(page.locator("#roles li", has_text="Operator OPD")).to_be_visible()
    shoot(page, "04-role-assigned")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Terbitkan kata sandi baru").click()
    password = page.locator("#issued-password").inner_text().strip()
    assert re.fullmatch(r"[A-Za-z0-9]{14}", password)
    shoot(page, "05-password-issued")

    page.get_by_role("button", name="Keluar").click()
    expect(page.get_by_role("heading", name="Masuk ke Nyata")).to_be_visible()

    _sign_in(page, base, "waode.bpbd", password)
    expect(page.get_by_role("heading", name="Selamat datang, Wa Ode Fitriani")).to_be_visible()
    expect(page.get_by_role("heading", name="Badan Penanggulangan Bencana Daerah")).to_be_visible()
    expect(page.get_by_role("link", name="Impor")).to_have_count(0)
    shoot(page, "06-operator-home")

    person = User.objects.get(username="waode.bpbd")
    unit = Unit.objects.get(code="bpbd")
    assert list(Membership.objects.filter(user=person).values_list("role", "unit")) == [
        ("opd_operator", unit.pk)
    ]
    assert errors == []


def test_a_phone_sized_screen_gets_a_working_menu(phone, live_server, admin, shoot):
    _sign_in(phone, live_server.url, "admin.kendari", ADMIN_PASSWORD)
    menu = phone.get_by_role("button", name="Menu")
    expect(menu).to_be_visible()
    nav_link = phone.locator("#site-nav").get_by_role("link", name="Unit", exact=True)
    expect(nav_link).to_be_hidden()
    menu.click()
    nav_link.click()
    expect(phone.get_by_role("heading", name=re.compile("^Unit"))).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
    shoot(phone, "07-phone-unit-list")
