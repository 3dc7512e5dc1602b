"""A citizen answers the satisfaction survey of a service on a phone, without signing in, through the
application gunicorn serves (the survey's lighter middleware stack)."""

import pytest
from playwright.sync_api import expect

from nyata.org.tests.factories import CityFactory
from nyata.surveys import actions, queries
from nyata.surveys.models import Response
from tests.e2e.conftest import SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def service(transactional_db, settings):
    settings.NYATA_SKM_MIN_FILL_SECONDS = 1
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    return actions.save_service(
        unit=city.units["dinkes"], by=None, name="Pelayanan Puskesmas Rawat Jalan", population=550
    )


ANSWERS = [
    "Sangat sesuai",
    "Mudah",
    "Cepat",
    "Gratis",
    "Sesuai",
    "Kompeten",
    "Sangat sopan dan ramah",
    "Baik",
    "Berfungsi kurang maksimal",
]


def test_a_citizen_fills_the_survey_on_a_phone_and_is_thanked(phone, production_server, service, shoot):
    errors: list[str] = []
    phone.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    phone.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    phone.goto(f"{production_server.url}/s/{service.public_code}/")
    expect(phone.get_by_role("heading", level=1)).to_contain_text("Pelayanan Puskesmas Rawat Jalan")
    shoot(phone, "skm-01-survey")
    phone.screenshot(path=str(SCREENSHOTS / "skm-01-survey-first-screen.png"))  # what the phone shows first

    # Sending an incomplete form shows the problems in Indonesian and keeps what was chosen.
    phone.get_by_role("group", name="Jenis kelamin").get_by_label("Perempuan").check()
    phone.get_by_role("button", name="Kirim jawaban saya").click()
    expect(phone.get_by_role("alert")).to_contain_text("Periksa kembali jawaban Anda")
    expect(phone.get_by_role("group", name="Jenis kelamin").get_by_label("Perempuan")).to_be_checked()
    shoot(phone, "skm-02-problems")
    errors.clear()  # the 400 of the incomplete form was expected

    phone.get_by_label("Umur (tahun)").fill("34")
    phone.get_by_label("Pendidikan terakhir").select_option(label="SMA/SMK")
    phone.get_by_label("Pekerjaan utama").select_option(label="Wirausaha")
    groups = phone.locator("fieldset[id^=u]")
    expect(groups).to_have_count(9)
    for index, answer in enumerate(ANSWERS):
        groups.nth(index).get_by_label(answer, exact=True).check()
    # Keyboard: the suggestion box is reachable and typed into like any field.
    phone.get_by_label("Saran atau pengaduan (boleh dikosongkan)").fill("Ruang tunggu panas.")
    shoot(phone, "skm-03-filled")
    phone.get_by_role(
        "group", name="Bagaimana pendapat Saudara tentang kualitas sarana"
    ).scroll_into_view_if_needed()
    phone.screenshot(path=str(SCREENSHOTS / "skm-03-filled-middle.png"))
    phone.wait_for_timeout(1100)  # a person takes longer than the minimum fill time; a script would not
    phone.get_by_role("button", name="Kirim jawaban saya").click()

    expect(phone.get_by_role("heading", name="Terima kasih")).to_be_visible()
    shoot(phone, "skm-04-thanks")
    stored = Response.objects.get()
    assert stored.answers == (4, 3, 3, 4, 3, 3, 4, 3, 3)
    assert stored.suggestion == "Ruang tunggu panas."
    assert stored.flags == []
    assert str(queries.service_result(service, None).rounded_ikm()) == "83.33"  # 30 / 9 x 25
    assert errors == []
    # What the citizen's phone keeps: the form's CSRF cookie and the mark that it answered; no session.
    cookies = {cookie["name"] for cookie in phone.context.cookies()}
    assert cookies == {"csrftoken", f"skm_{service.public_code}"}
