"""Own account in a browser: a forgotten password reset through the e-mailed link, and an administrator
who must enrol a second factor, then signs in with the authenticator's code and with a recovery code."""

import re
import time
from base64 import b32decode

import pytest
from django.core import mail
from django_otp.oath import TOTP
from playwright.sync_api import expect

from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

PASSWORD = "rahasia-admin-2026"
NEW_PASSWORD = "Teluk-Kendari-2026"


@pytest.fixture
def city(transactional_db):
    return CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")


@pytest.fixture
def admin(city):
    person = person_with_role(
        city,
        role="inspektorat_admin",
        unit_code="inspektorat",
        username="admin.kendari",
        email="admin@inspektorat.kendari.example",
    )
    person.set_password(PASSWORD)
    person.save()
    return person


def _sign_in(page, base: str, username: str, password: str) -> None:
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(password)
    page.get_by_role("button", name="Masuk").click()


def _sign_out(page) -> None:
    page.get_by_role("button", name="Keluar").first.click()
    expect(page.get_by_role("heading", name="Masuk ke Nyata")).to_be_visible()


def _code_for(secret: str, *, steps_ahead: int = 0) -> str:
    totp = TOTP(b32decode(secret.replace(" ", "")), step=30, t0=0, digits=6, drift=0)
    totp.time = time.time() + 30 * steps_ahead
    return f"{totp.token():06d}"


def test_a_forgotten_password_is_reset_through_the_e_mailed_link(page, live_server, admin, settings, shoot):
    settings.NYATA_BASE_URL = live_server.url
    page.goto(f"{live_server.url}/akun/masuk/")
    page.get_by_role("link", name="Lupa kata sandi? Atur ulang lewat surel.").click()
    expect(page.get_by_role("heading", name="Atur ulang kata sandi yang terlupa")).to_be_visible()
    page.get_by_label("Surel").fill("admin@inspektorat.kendari.example")
    shoot(page, "account-01-reset-request")
    page.get_by_role("button", name="Kirim tautan").click()
    expect(page.get_by_role("heading", name="Periksa surel Anda")).to_be_visible()
    expect(page.get_by_text("Jika alamat itu milik akun yang dapat masuk")).to_be_visible()
    shoot(page, "account-02-reset-sent")

    assert len(mail.outbox) == 1
    link = re.search(rf"{re.escape(live_server.url)}/akun/atur-sandi/\S+/", mail.outbox[0].body).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", name="Pilih kata sandi baru")).to_be_visible()
    page.get_by_label("Sandi baru", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("Konfirmasi sandi baru").fill(NEW_PASSWORD)
    shoot(page, "account-03-new-password")
    page.get_by_role("button", name="Simpan kata sandi baru").click()
    expect(page.get_by_role("heading", name="Kata sandi tersimpan")).to_be_visible()
    shoot(page, "account-04-password-saved")

    # The link worked once.
    page.goto(link)
    expect(page.get_by_role("heading", name="Tautan ini tidak berlaku lagi")).to_be_visible()

    _sign_in(page, live_server.url, "admin.kendari", NEW_PASSWORD)
    expect(page.get_by_role("heading", name="Administrasi")).to_be_visible()


def test_an_administrator_enrols_a_second_factor_then_signs_in_with_it_and_with_a_recovery_code(
    page, live_server, admin, settings, shoot
):
    settings.NYATA_REQUIRE_TWO_FACTOR = True
    # The pause after a wrong code is proven in nyata/org/tests/test_account.py; here it would add a wait.
    settings.OTP_TOTP_THROTTLE_FACTOR = settings.OTP_STATIC_THROTTLE_FACTOR = 0
    base = live_server.url
    blocked: list[str] = []
    page.on("console", lambda m: blocked.append(m.text) if "Content Security Policy" in m.text else None)

    _sign_in(page, base, "admin.kendari", PASSWORD)
    # Sent to enrol before anything else: another page leads back here.
    expect(page.get_by_role("heading", name="Aktifkan verifikasi dua langkah")).to_be_visible()
    page.goto(f"{base}/instrumen/")
    expect(page.get_by_role("heading", name="Aktifkan verifikasi dua langkah")).to_be_visible()
    expect(page.locator("img.qr")).to_be_visible()
    shoot(page, "account-05-enrol")
    secret = page.locator("#totp-secret").inner_text().strip()
    page.get_by_label("Kode dari aplikasi").fill(_code_for(secret))
    page.get_by_role("button", name="Aktifkan", exact=True).click()

    expect(page.get_by_role("heading", name="Kode cadangan Anda")).to_be_visible()
    codes = [code.strip() for code in page.locator("#recovery-codes li").all_inner_texts()]
    assert len(codes) == 10
    shoot(page, "account-06-recovery-codes")
    page.get_by_role("link", name="Sudah saya simpan; lanjutkan").click()
    # On to the page they had asked for.
    expect(page).to_have_url(f"{base}/instrumen/")
    expect(page.get_by_role("heading", name=re.compile("LKE"))).to_be_visible()
    _sign_out(page)

    _sign_in(page, base, "admin.kendari", PASSWORD)
    expect(page.get_by_role("heading", name="Langkah kedua untuk masuk")).to_be_visible()
    page.get_by_label("Kode").fill("000000")
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_text("Kode ini salah atau sudah kedaluwarsa.")).to_be_visible()
    shoot(page, "account-07-wrong-code")
    # The authenticator's next code: the current one was used up by the enrolment.
    page.get_by_label("Kode").fill(_code_for(secret, steps_ahead=1))
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_role("heading", name="Administrasi")).to_be_visible()

    page.locator("a.who").click()
    expect(page.get_by_role("heading", name="Akun saya")).to_be_visible()
    expect(page.get_by_text("Tersisa 10 kode cadangan.")).to_be_visible()
    shoot(page, "account-08-my-account")
    _sign_out(page)

    _sign_in(page, base, "admin.kendari", PASSWORD)
    page.get_by_label("Kode").fill(codes[0])
    page.get_by_role("button", name="Lanjutkan").click()
    expect(page.get_by_role("heading", name="Administrasi")).to_be_visible()
    page.locator("a.who").click()
    expect(page.get_by_text("Tersisa 9 kode cadangan.")).to_be_visible()
    assert blocked == []
