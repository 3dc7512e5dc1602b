"""The Inspektorat's review in the browser: the evaluator scores and asks a clarification, the OPD operator
answers it, the evaluator closes it and hands over, the ketua tim and the pengendali teknis approve."""

import hashlib

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.evaluations.actions.periods import assign_team_member, open_period
from nyata.evaluations.actions.reviews import verify_indicator
from nyata.evaluations.models import Assessment, Phase, Review
from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT
from nyata.evaluations.tests.review.conftest import submitted
from nyata.instruments.models import Instrument
from nyata.org.tests.factories import CityFactory, person_with_role
from tests.e2e.conftest import EVENT_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-2026"


@pytest.fixture
def scene(transactional_db):
    from datetime import timedelta

    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = {}
    for key, role, unit in [
        ("admin", "inspektorat_admin", "inspektorat"),
        ("evaluator", "evaluator", "inspektorat"),
        ("ketua", "ketua_tim", "inspektorat"),
        ("pengendali", "pengendali_teknis", "inspektorat"),
        ("operator", "opd_operator", "dinkes"),
        ("head", "opd_head", "dinkes"),
        ("pengampu", "pengampu_verifier", "bagian-organisasi"),
    ]:
        person = person_with_role(city, role=role, unit_code=unit, username=f"{key}.kendari")
        person.set_password(PASSWORD)
        person.save()
        people[key] = person
    now = timezone.now()
    instrument = Instrument.objects.create(
        code="uji",
        version="2026.1",
        title="Instrumen uji",
        checksum=hashlib.sha256(SMALL_INSTRUMENT.encode()).hexdigest(),
        source=SMALL_INSTRUMENT,
        status="published",
        loaded_at=now,
        published_at=now,
    )
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=instrument,
        units=[city.units["dinkes"]],
        windows={phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values},
        by=people["admin"],
    )
    assessment = period.assessments.get()
    for key, tier in [
        ("evaluator", "evaluator"),
        ("ketua", "ketua_tim"),
        ("pengendali", "pengendali_teknis"),
    ]:
        assign_team_member(assessment=assessment, user=people[key], tier=tier, by=people["admin"])
    submitted(assessment, people["operator"], people["head"])
    return people, assessment


def _as(browser, base, username):
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
    return context, page, errors


def test_evaluator_scores_asks_opd_answers_and_the_ketua_and_pengendali_approve(
    browser, live_server, scene, shoot
):
    people, assessment = scene
    base = live_server.url

    context, page, errors = _as(browser, base, "evaluator.kendari")
    expect(page.get_by_text("Giliran Anda mereviu")).to_be_visible()
    shoot(page, "review-01-evaluator-home")
    page.get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.get_by_role("heading", name="Reviu Dinas Kesehatan")).to_be_visible()

    first = page.locator("article#ind-I\\.1")
    first.get_by_label("Setuju", exact=True).check()
    first.get_by_role("button", name="Simpan").click()
    expect(page.locator("article#ind-I\\.1").get_by_text("Tersimpan pukul")).to_be_visible()

    second = page.locator("article#ind-I\\.2")
    second.get_by_label("Disesuaikan", exact=True).check()
    second.get_by_label("Nilai (untuk disesuaikan) (%)").fill("70")
    second.get_by_label("Catatan").fill("Realisasi triwulan IV belum didukung laporan.")
    second.get_by_role("button", name="Simpan").click()
    expect(page.locator("article#ind-I\\.2").get_by_text("Tersimpan pukul")).to_be_visible()
    expect(page.locator("article#ind-I\\.2").locator("td").first).to_contain_text("70%")

    third = page.locator("article#ind-II\\.1")
    third.get_by_label("Setuju", exact=True).check()
    third.get_by_role("button", name="Simpan").click()
    expect(page.locator("article#ind-II\\.1").get_by_text("Tersimpan pukul")).to_be_visible()

    ask = page.locator("form.ask")
    ask.get_by_label("I.2 Realisasi rencana aksi").check()
    ask.get_by_label("Pertanyaan").fill("Mohon lampirkan laporan realisasi triwulan IV.")
    shoot(page, "review-02-evaluator-scored")
    ask.get_by_role("button", name="Kirim pertanyaan").click()
    expect(page.get_by_text("Pertanyaan telah dikirim kepada OPD.")).to_be_visible()
    context.close()

    context, page, op_errors = _as(browser, base, "operator.kendari")
    page.goto(f"{base}/i/kota-kendari/evaluasi/klarifikasi/")
    expect(page.locator(".badge.count")).to_have_text("1")
    shoot(page, "review-03-opd-clarification-list")
    page.get_by_label("Jawaban Anda").fill("Laporan realisasi triwulan IV terlampir.")
    page.get_by_label("Atau tautan").fill("https://example.go.id/laporan-tw4.pdf")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Jawaban Anda telah dikirim kepada evaluator.")).to_be_visible()
    expect(page.locator(".badge.count")).to_have_count(0)
    shoot(page, "review-04-opd-answered")
    context.close()

    verify_indicator(
        assessment=assessment,
        indicator="I.1",
        is_valid=True,
        note="Sesuai",
        areas=frozenset({"kelembagaan"}),
        by=people["pengampu"],
    )

    context, page, ev_errors = _as(browser, base, "evaluator.kendari")
    page.get_by_role("link", name="Dinas Kesehatan").click()
    expect(page.get_by_text("Laporan realisasi triwulan IV terlampir.").first).to_be_visible()
    expect(page.get_by_text("Valid menurut verifikasi unit pengampu")).to_be_visible()
    page.get_by_role("button", name="Sudah direviu ulang: tutup permintaan").click()
    page.get_by_role("button", name="Serahkan kepada ketua tim").click()
    expect(page.get_by_text("Diserahkan kepada ketua tim.")).to_be_visible()
    context.close()

    context, page, ketua_errors = _as(browser, base, "ketua.kendari")
    page.get_by_role("link", name="Dinas Kesehatan").click()
    shoot(page, "review-05-ketua")
    page.get_by_role("button", name="Setujui dan serahkan kepada pengendali teknis").click()
    expect(page.get_by_text("Disetujui dan diserahkan kepada pengendali teknis.")).to_be_visible()
    context.close()

    context, page, pengendali_errors = _as(browser, base, "pengendali.kendari")
    page.get_by_role("link", name="Dinas Kesehatan").click()
    page.get_by_role("button", name="Setujui reviu").click()
    expect(page.get_by_text("Reviu disetujui: nilai akhir telah ditetapkan.")).to_be_visible()
    shoot(page, "review-06-pengendali-approved")
    context.close()

    assert Assessment.objects.get(pk=assessment.pk).status == "reviewed"
    assert Review.objects.get(indicator="I.2", tier="evaluator").value == {"number": "70"}
    assert errors == op_errors == ev_errors == ketua_errors == pengendali_errors == []
