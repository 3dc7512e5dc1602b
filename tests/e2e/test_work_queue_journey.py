"""Work comes to people, in the browser: the evaluator's landing page lists its turn, the hand-over tells the
ketua tim (in the product, with a readable badge, and by e-mail); a pengampu verifier filters the
verification page and marks one OPD "semua valid" with one note."""

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from nyata.evaluations.actions.periods import assign_team_member, open_period
from nyata.evaluations.actions.reviews import verify_indicator
from nyata.evaluations.models import Assessment, Event, Phase, Verification
from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT
from nyata.evaluations.tests.review.conftest import submitted
from nyata.evaluations.tests.scale import TWO_AREAS, move, published
from nyata.org.tests.factories import CityFactory, person_with_role

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-2026"


def _people(city, *specs):
    people = {}
    for key, role, unit in specs:
        person = person_with_role(city, role=role, unit_code=unit, username=f"{key}.kendari")
        person.set_password(PASSWORD)
        person.email = f"{key}@example.org"
        person.save()
        people[key] = person
    return people


def _windows():
    now = timezone.now()
    return {phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values}


def _as(browser, base, username):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    return context, page, errors


@pytest.fixture
def review_scene(transactional_db):
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = _people(
        city,
        ("admin", "inspektorat_admin", "inspektorat"),
        ("evaluator", "evaluator", "inspektorat"),
        ("ketua", "ketua_tim", "inspektorat"),
        ("pengendali", "pengendali_teknis", "inspektorat"),
        ("operator", "opd_operator", "dinkes"),
        ("head", "opd_head", "dinkes"),
        ("pengampu", "pengampu_verifier", "bagian-organisasi"),
    )
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=published(SMALL_INSTRUMENT, "uji"),
        units=[city.units["dinkes"]],
        windows=_windows(),
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
    verify_indicator(
        assessment=assessment,
        indicator="I.1",
        is_valid=True,
        note="Sesuai",
        areas=frozenset({"kelembagaan"}),
        by=people["pengampu"],
    )
    return people, assessment


def test_the_evaluators_landing_lists_its_turn_and_the_handover_tells_the_ketua(
    browser, live_server, review_scene, shoot
):
    people, assessment = review_scene
    base = live_server.url
    mail.outbox.clear()

    context, page, errors = _as(browser, base, "evaluator.kendari")
    queue = page.locator("section.queue")
    expect(queue.get_by_role("heading", name="Menunggu Anda")).to_be_visible()
    turn = queue.locator("tr", has_text="Giliran Anda mereviu, sebagai Evaluator (anggota tim)")
    expect(turn).to_contain_text("Dinas Kesehatan")
    expect(turn).to_contain_text("Evaluasi RB 2026")
    expect(turn.locator("time")).to_contain_text("WITA")
    shoot(page, "queue-01-evaluator-landing")
    turn.get_by_role("link", name="Reviu · Dinas Kesehatan").click()
    expect(page.get_by_role("heading", name="Reviu Dinas Kesehatan")).to_be_visible()
    for code in ("I\\.1", "I\\.2", "II\\.1"):
        block = page.locator(f"article#ind-{code}")
        block.get_by_label("Setuju", exact=True).check()
        block.get_by_role("button", name="Simpan").click()
        expect(page.locator(f"article#ind-{code}").get_by_text("Tersimpan pukul")).to_be_visible()
    page.get_by_role("button", name="Serahkan kepada ketua tim").click()
    expect(page.get_by_text("Diserahkan kepada ketua tim.")).to_be_visible()
    page.goto(f"{base}/")
    expect(page.locator("section.queue")).to_contain_text("Saat ini tidak ada yang menunggu Anda.")
    context.close()

    context, page, ketua_errors = _as(browser, base, "ketua.kendari")
    badge = page.locator(".site-nav .badge.unread")
    expect(badge).to_contain_text("1")
    expect(page.get_by_role("link", name="Notifikasi 1 belum dibaca")).to_be_visible()
    expect(
        page.locator("section.queue tr", has_text="Giliran Anda mereviu, sebagai Ketua tim")
    ).to_contain_text("Dinas Kesehatan")
    shoot(page, "queue-02-ketua-landing-with-badge")
    header = page.locator("header.site-header")
    header.screenshot(path=str(_header_path()))
    page.get_by_role("link", name="Notifikasi 1 belum dibaca").click()
    note = page.locator("li.notification.unread")
    expect(note).to_contain_text("Diserahkan kepada Anda")
    expect(note).to_contain_text("menyerahkan reviu dokumen Evaluasi RB 2026 kepada Anda sebagai ketua tim")
    shoot(page, "queue-03-ketua-notification")
    note.get_by_role("button", name="Buka tautan").click()
    expect(page.get_by_role("heading", name="Reviu Dinas Kesehatan")).to_be_visible()
    expect(page.locator(".site-nav .badge.unread")).to_have_count(0)
    context.close()

    assert Assessment.objects.get(pk=assessment.pk).status == "team_review"
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["ketua@example.org"], "[Nyata] Diserahkan kepada Anda")
    ]
    assert "kepada Anda sebagai ketua tim" in mail.outbox[0].body
    assert errors == ketua_errors == []


def _header_path():
    from tests.e2e.conftest import SCREENSHOTS

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return SCREENSHOTS / "queue-02b-header-badge.png"


@pytest.fixture
def verification_scene(transactional_db):
    from nyata.org.tests.factories import UnitFactory

    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = _people(
        city,
        ("admin", "inspektorat_admin", "inspektorat"),
        ("pengampu", "pengampu_verifier", "bagian-organisasi"),
    )
    third = UnitFactory(instansi=city.instansi, code="dpupr", name="Dinas Pekerjaan Umum", kind="opd")
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB 2026",
        instrument=published(TWO_AREAS, "dua-area"),
        units=[city.units["dinkes"], city.units["dikbud"], third],
        windows=_windows(),
        by=people["admin"],
    )
    move(period, "desk_review")
    return people, period


def test_a_verifier_filters_the_verification_page_and_marks_one_opd_semua_valid(
    browser, live_server, verification_scene, shoot
):
    people, period = verification_scene
    base = live_server.url
    dikbud = period.assessments.get(unit__code="dikbud")
    verify_indicator(
        assessment=dikbud,
        indicator="I.2",
        is_valid=False,
        note="SK belum ditandatangani",
        areas=frozenset({"kelembagaan"}),
        by=people["pengampu"],
    )

    context, page, errors = _as(browser, base, "pengampu.kendari")
    queue = page.locator("section.queue")
    expect(queue.locator("tbody tr")).to_have_count(3)  # one row per OPD under review
    expect(queue.locator("tr", has_text="Dinas Pendidikan dan Kebudayaan")).to_contain_text(
        "Verifikasi 2 indikator area RB Anda"
    )
    shoot(page, "queue-04-verifier-landing")
    page.get_by_role("link", name="Halaman verifikasi Evaluasi RB 2026").click()
    summary = page.locator("p.summary")
    expect(summary).to_contain_text("8 baris")  # 3 kelembagaan indicators x 3 OPD, less the one verified
    page.get_by_label("OPD").select_option(label="Dinas Pendidikan dan Kebudayaan")
    page.get_by_label("Status").select_option(label="Menunggu verifikasi")
    page.get_by_role("button", name="Tampilkan").click()
    expect(summary).to_contain_text("2 baris")
    expect(page.locator("table.verification tbody tr")).to_have_count(2)
    shoot(page, "queue-05-verification-filtered")
    page.get_by_label("Catatan untuk setiap indikator").fill("Dokumen lengkap dan sah.")
    page.get_by_role(
        "button", name="Tandai semua 2 indikator yang menunggu sebagai valid (semua valid)"
    ).click()
    expect(page.get_by_text("2 indikator Dinas Pendidikan dan Kebudayaan ditandai valid.")).to_be_visible()
    expect(page.get_by_label("Status")).to_have_value("all")
    expect(page.locator("table.verification .badge.ok")).to_have_count(2)
    expect(page.locator("table.verification .badge.off")).to_have_count(1)  # I.2 keeps its verdict
    expect(page.locator("section.verify-all")).to_have_count(0)  # nothing of Dikbud waits any more
    shoot(page, "queue-06-semua-valid-done")
    context.close()

    verdicts = dict(Verification.objects.filter(assessment=dikbud).values_list("indicator", "is_valid"))
    assert verdicts == {"I.1": True, "I.2": False, "I.3": True}
    event = Event.objects.get(assessment=dikbud, kind="verified_all")
    assert (event.after, event.note) == (["I.1", "I.3"], "Dokumen lengkap dan sah.")
    assert not Verification.objects.exclude(assessment=dikbud).exists()
    assert errors == []
