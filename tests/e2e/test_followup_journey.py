"""Follow-up in the browser: the Kepala OPD finds the recommendations on the landing page, the operator
reports one with an evidence file, the Inspektorat returns it once with a note, the operator reports again
and the Inspektorat closes it; an overdue item is flagged and reminded by the daily command."""

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from playwright.sync_api import expect

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Assessment, Phase
from nyata.evaluations.tests.conftest import publish_small_instrument
from nyata.followups.actions import open_follow_up
from nyata.followups.models import Item
from nyata.followups.tests.conftest import write_finding
from nyata.notifications.models import Notification
from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-2026"
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@pytest.fixture
def scene(transactional_db):
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
    now = timezone.now()
    period = open_period(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi RB 2025",
        instrument=publish_small_instrument(),
        units=[city.units["dinkes"]],
        windows={phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values},
        by=people["admin"],
    )
    assessment = period.assessments.get()
    write_finding(
        assessment,
        node="I",
        texts=["Susun rencana aksi RB dengan target triwulanan."],
        by=people["evaluator"],
    )
    write_finding(
        assessment, node="II.1", texts=["Tindak lanjuti unsur SKM terendah."], by=people["evaluator"]
    )
    Assessment.objects.filter(pk=assessment.pk).update(status=Assessment.Status.FINALISED)
    items = open_follow_up(period=period, default_due=date(2027, 3, 31), by=people["admin"])
    return people, items


def _signed_in(browser, base, username):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    return context, page


def test_a_recommendation_is_reported_returned_and_closed(browser, live_server, scene, shoot, tmp_path):
    people, items = scene
    item = next(i for i in items if i.node == "I")
    base = live_server.url

    context, page = _signed_in(browser, base, "head.kendari")
    expect(page.get_by_text("Laporkan tindak lanjut rekomendasi").first).to_be_visible()
    shoot(page, "followup-01-kepala-opd-landing")
    context.close()

    evidence = tmp_path / "sk-rencana-aksi.pdf"
    evidence.write_bytes(PDF)
    context, page = _signed_in(browser, base, "operator.kendari")
    page.goto(f"{base}/i/kota-kendari/tindak-lanjut/butir/{item.pk}/")
    page.get_by_label("Yang telah dilakukan").fill("Rencana aksi RB 2026 disusun dan ditetapkan.")
    page.locator("#report-files").set_input_files(str(evidence))
    page.get_by_role("button", name="Kirim untuk diverifikasi").click()
    expect(page.locator("#stage")).to_have_text("Menunggu verifikasi Inspektorat")
    expect(page.get_by_role("link", name="sk-rencana-aksi.pdf")).to_be_visible()
    shoot(page, "followup-02-operator-reported")
    context.close()

    context, page = _signed_in(browser, base, "evaluator.kendari")
    page.goto(f"{base}/i/kota-kendari/tindak-lanjut/butir/{item.pk}/")
    page.get_by_label("Yang masih kurang").fill("Lampirkan SK penetapan yang telah ditandatangani.")
    page.get_by_role("button", name="Kembalikan dengan catatan ini").click()
    expect(page.locator("#stage")).to_have_text("Di OPD")
    expect(page.locator("#note")).to_have_text("Lampirkan SK penetapan yang telah ditandatangani.")
    context.close()

    context, page = _signed_in(browser, base, "operator.kendari")
    page.goto(f"{base}/i/kota-kendari/tindak-lanjut/butir/{item.pk}/")
    page.get_by_label("Yang telah dilakukan").fill("SK penetapan terlampir.")
    page.get_by_label("Tautan bukti").fill("https://data.kendari.example/sk-renaksi")
    page.get_by_role("button", name="Kirim untuk diverifikasi").click()
    expect(page.locator("#stage")).to_have_text("Menunggu verifikasi Inspektorat")
    context.close()

    context, page = _signed_in(browser, base, "evaluator.kendari")
    page.goto(f"{base}/i/kota-kendari/tindak-lanjut/butir/{item.pk}/")
    page.get_by_label("Sesuai rekomendasi").check()
    page.get_by_role("button", name="Tetapkan status").click()
    expect(page.locator("#stage")).to_have_text("Ditutup")
    expect(page.locator("#status")).to_have_text("Sesuai rekomendasi")
    expect(page.locator("#steps li")).to_have_count(5)
    shoot(page, "followup-03-closed-with-timeline")
    page.goto(f"{base}/i/kota-kendari/tindak-lanjut/")
    expect(page.locator("#city-share")).to_have_text("50,0%")
    shoot(page, "followup-04-overview")
    context.close()


def test_an_overdue_item_is_flagged_and_reminded(browser, live_server, scene, shoot):
    people, items = scene
    item = next(i for i in items if i.node == "II.1")
    Item.objects.filter(pk=item.pk).update(due=date.today() - timedelta(days=10))
    call_command("notify_windows", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(recipient=people["operator"], kind="followup_overdue").count() == 1
    context, page = _signed_in(browser, live_server.url, "operator.kendari")
    page.goto(f"{live_server.url}/i/kota-kendari/tindak-lanjut/butir/{item.pk}/")
    expect(page.locator("#state .badge.overdue")).to_have_text("lewat tenggat")
    shoot(page, "followup-05-overdue")
    context.close()
