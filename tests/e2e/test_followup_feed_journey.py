"""Follow-up and action plans back into the score, in the browser (issue 11): the 2025 worksheet of rb-pd
2025.3 shows Dinkes's follow-up indicator filled from its 2024 recommendations (3 of 5 closed as recommended
by the cut-off) and its action-plan indicator filled from its approved 2025 plan (3 of 4 reviewed quarterly
targets met), each with the figures and a link to the page behind them; after one more recommendation is
closed, the operator refreshes and the answer follows."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.views.worksheet import worksheet_url
from nyata.followups.models import Item
from nyata.followups.tests import feed_scene as scene
from nyata.instruments import demo_data as instrument_demo
from nyata.instruments.models import Instrument
from nyata.org.models import Unit
from nyata.org.tests.factories import CityFactory, person_with_role
from tests.e2e.conftest import EVENT_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-2026"


@pytest.fixture
def setting(transactional_db):
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = {}
    for key, role, unit in (
        ("admin", "inspektorat_admin", "inspektorat"),
        ("evaluator", "evaluator", "inspektorat"),
        ("operator", "opd_operator", "dinkes"),
        ("head", "opd_head", "dinkes"),
    ):
        person = person_with_role(city, role=role, unit_code=unit, username=f"{key}.kendari")
        person.set_password(PASSWORD)
        person.save()
        people[key] = person
    instrument_demo.load_demo(instansi=city.instansi, stdout=open("/dev/null", "w"))  # noqa: SIM115
    previous = scene.published_2024(city, admin=people["admin"], evaluator=people["evaluator"])
    items = list(Item.objects.filter(period=previous, unit=city.units["dinkes"]).order_by("pk"))
    now = timezone.now()
    closing = {"reporter": people["operator"], "evaluator": people["evaluator"], "admin": people["admin"]}
    for item in items[:3]:
        scene.close(item, at=now - timedelta(days=2), status=Item.Status.DONE, **closing)
    scene.close(
        items[3], at=now + timedelta(days=11), status=Item.Status.DONE, **closing
    )  # after the cut-off
    plan = scene.approved_plan_2025(
        city.units["dinkes"],
        writer=people["operator"],
        head=people["head"],
        evaluator=people["evaluator"],
        realised={(0, 1): 1, (0, 2): 1, (0, 3): 0, (1, 2): 1},
    )
    period = open_period(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi Reformasi Birokrasi Perangkat Daerah 2025",
        instrument=Instrument.objects.get(code="rb-pd", version="2025.3"),
        units=[Unit.objects.get(instansi=city.instansi, code="dinkes")],
        windows=scene.windows(now - timedelta(days=1), now + timedelta(days=10)),
        previous=previous,
        by=people["admin"],
    )
    return city, people, period, items, plan


def _signed_in(browser, base, username):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(EVENT_TIMEOUT_MS)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(
        page.get_by_role("link", name="Keluar").or_(page.get_by_role("button", name="Keluar"))
    ).to_be_visible()
    return context, page, errors


def test_the_2025_worksheet_shows_the_follow_up_and_action_plan_figures_it_was_filled_from(
    browser, live_server, setting, shoot
):
    city, people, period, items, plan = setting
    base = live_server.url
    dinkes = period.assessments.get()
    context, page, errors = _signed_in(browser, base, "operator.kendari")

    # The follow-up indicator: 3 of the 5 recommendations of 2024 closed as recommended by the cut-off.
    page.goto(base + worksheet_url(dinkes, indicator="I.A.4.1.b"))
    fed = page.locator("#i-I_A_4_1_b-follow-up")
    expect(fed).to_contain_text("Evaluasi RB 2024")
    expect(page.locator("#i-I_A_4_1_b-fu-total")).to_have_text("5")
    expect(page.locator("#i-I_A_4_1_b-fu-done")).to_have_text("3")
    expect(page.locator("#i-I_A_4_1_b-fu-share")).to_have_text("3 / 5 = 60,00%")
    expect(fed).to_contain_text("Ditutup sesuai rekomendasi setelah batas waktu (tidak dihitung)")
    expect(page.locator("#i-I_A_4_1_b-fed-answer")).to_contain_text("60")
    expect(page.locator("#i-I_A_4_1_b-value")).to_have_count(0)  # nothing to type over
    fed.scroll_into_view_if_needed()
    shoot(page, "followup-feed-01-follow-up-indicator")

    # The Inspektorat closes one more recommendation before the cut-off; the operator refreshes.
    scene.close(
        items[4],
        at=timezone.now(),
        status=Item.Status.DONE,
        reporter=people["operator"],
        evaluator=people["evaluator"],
        admin=people["admin"],
    )
    fed.get_by_role("button", name="Perbarui dari tindak lanjut").click()
    expect(page.get_by_text("Diperbarui dari sumbernya: I.A.4.1.b.")).to_be_visible()
    expect(page.locator("#i-I_A_4_1_b-fu-share")).to_have_text("4 / 5 = 80,00%")
    expect(page.locator("#i-I_A_4_1_b-fed-answer")).to_contain_text("80")
    shoot(page, "followup-feed-02-refreshed")

    # Where the figure came from: the unit's follow-up page of 2024.
    page.locator("#i-I_A_4_1_b-follow-up").get_by_role("link", name="Lihat tindak lanjut rekomendasi").click()
    expect(page.get_by_role("heading", name="Tindak lanjut: Dinas Kesehatan", level=1)).to_be_visible()
    expect(page.locator("#items tbody tr")).to_have_count(5)

    # The action-plan indicator: 3 of the 4 targets of the reviewed quarters TW I-III met.
    page.goto(base + worksheet_url(dinkes, indicator="I.C.2.1.a"))
    fed = page.locator("#i-I_C_2_1_a-action-plan")
    expect(page.locator("#i-I_C_2_1_a-ap-quarters")).to_have_text("TW I, TW II, TW III")
    expect(page.locator("#i-I_C_2_1_a-ap-share")).to_have_text("3 / 4 = 75,00%")
    expect(fed).to_contain_text("Menunggu reviu triwulan (tidak dihitung)")
    expect(page.locator("#i-I_C_2_1_a-fed-answer")).to_contain_text("75")
    expect(page.locator("#i-I_C_2_1_a-value")).to_have_count(0)
    fed.scroll_into_view_if_needed()
    shoot(page, "followup-feed-03-action-plan-indicator")
    fed.get_by_role("link", name="Lihat rencana aksi").click()
    expect(page).to_have_url(f"{base}/i/{city.instansi.code}/tindak-lanjut/rencana-aksi/{plan.pk}/")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Dinas Kesehatan")
    shoot(page, "followup-feed-04-plan-behind-it")
    assert errors == []
    context.close()
