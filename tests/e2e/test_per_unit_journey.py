"""One late OPD never blocks the others, in a browser: the whole demo city, 27 OPD, 26 reviewed and one
(Dinas Kesehatan) that never submitted. The admin releases the 26, closes the late one as "tidak
menyampaikan" with a reason, finalises the 26 and the period locks; the ranking shows the late OPD as such,
never as a zero. On the way, the progress matrix fits a laptop and a phone, and a closed window is named
before anyone types and when a save is refused."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.evaluations.actions.periods import assign_team_member
from nyata.evaluations.models import Assessment, Period, PhaseWindow, Result
from nyata.evaluations.tests.admin.scene import CITY_PERIOD, LATE, city_of_27
from nyata.evaluations.tests.conftest import publish_small_instrument
from nyata.evaluations.tests.review.conftest import submitted
from nyata.org.demo import DEFAULT_CITY, load_city, read_city
from nyata.org.models import User

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-per-unit-2026"
REASON = "Sampai batas waktu tidak ada kiriman; surat teguran kedua tidak ditanggapi."


@pytest.fixture
def scene(transactional_db):
    instansi, _logins = load_city(read_city(DEFAULT_CITY))
    for person in User.objects.filter(instansi=instansi):
        person.set_password(PASSWORD)
        person.save()
    now = timezone.now()
    instrument = publish_small_instrument()
    admin = User.objects.get(username="admin.inspektorat")
    period = city_of_27(instansi, instrument, admin=admin, now=now)
    return {"instansi": instansi, "period": period, "admin": admin}


def _as(browser, base, username, *, width=1366, height=900, phone=False):
    context = browser.new_context(
        locale="id-ID", viewport={"width": width, "height": height}, is_mobile=phone, has_touch=phone
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 500 else None)
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    expect(page.get_by_role("heading", name=re.compile("^Selamat datang"))).to_be_visible()
    return context, page, errors


def _fits(page) -> None:
    """The matrix fits its box: the table is no wider than its wrapper, nor the page than the window."""
    table = page.locator("table.matrix").bounding_box()
    wrap = page.locator(".table-wrap").first.bounding_box()
    assert table["width"] <= wrap["width"] + 1, (table, wrap)
    assert wrap["x"] + wrap["width"] <= page.viewport_size["width"] + 1, wrap


def test_the_admin_releases_and_finalises_26_opd_and_closes_the_late_one(browser, live_server, scene, shoot):
    base, code, period = live_server.url, scene["instansi"].code, scene["period"]
    period_url = f"{base}/i/{code}/evaluasi/periode/{period.pk}/"
    late = period.assessments.get(unit__code=LATE)

    # The progress matrix, on a laptop and on a phone: it fits, and says what its columns mean.
    for width, height, phone, picture in (
        (1366, 900, False, "per-unit-01-progress-1366"),
        (390, 844, True, "per-unit-02-progress-390"),
    ):
        context, page, errors = _as(
            browser, base, "admin.inspektorat", width=width, height=height, phone=phone
        )
        page.goto(f"{period_url}kemajuan/")
        expect(page.get_by_text("Arti setiap kolom")).to_be_visible()
        expect(
            page.locator("tr", has_text="Dinas Kesehatan").get_by_text("Penilaian mandiri oleh OPD")
        ).to_be_visible()
        _fits(page)
        shoot(page, picture)
        context.close()
        assert errors == []

    context, page, errors = _as(browser, base, "admin.inspektorat")
    # 1. The preliminary results of the 26 reviewed OPD are released together; Dinkes is not offered.
    page.goto(f"{period_url}reviu/")
    release = page.locator("#release")
    expect(
        release.get_by_text("Dinas Kesehatan masih pada tahap: Penilaian mandiri oleh OPD.")
    ).to_be_hidden()
    release.get_by_text("1 unit belum siap").click()
    expect(
        release.get_by_text("Dinas Kesehatan masih pada tahap: Penilaian mandiri oleh OPD.")
    ).to_be_visible()
    boxes = release.locator("input[name=assessments][type=checkbox]")
    expect(boxes).to_have_count(26)
    for index in range(26):
        boxes.nth(index).check()
    shoot(page, "per-unit-03-release-chosen")
    page.once("dialog", lambda dialog: dialog.accept())
    release.get_by_role("button", name="Rilis unit yang dipilih").click()
    expect(page.get_by_text("Hasil sementara 26 unit dirilis")).to_be_visible()
    shoot(page, "per-unit-04-released")
    assert period.assessments.filter(released_at__isnull=False).count() == 26

    # 2. Dinkes never submitted and its window has closed: the admin closes it as tidak menyampaikan.
    page.goto(f"{period_url}finalisasi/")
    page.locator(f"#unit-{LATE}").get_by_role("link", name="Tutup sebagai tidak menyampaikan…").click()
    expect(page.get_by_role("heading", name="Tutup Dinas Kesehatan tanpa evaluasi")).to_be_visible()
    page.get_by_label("Tidak menyampaikan: OPD tidak menyampaikan penilaian mandirinya").check()
    page.get_by_label("Alasan").fill(REASON)
    shoot(page, "per-unit-05-close-late-opd")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Tutup unit").click()
    expect(page.get_by_text("Dinas Kesehatan sudah ditutup: Tidak menyampaikan.")).to_be_visible()
    expect(page.locator(f"#unit-{LATE}").get_by_text(REASON)).to_be_visible()

    # 3. The 26 are finalised together, in one click; with the late one closed, the period locks.
    expect(page.locator("input[name=assessments][type=checkbox]")).to_have_count(26)
    shoot(page, "per-unit-06-finalise-every-ready-unit")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalisasi semua unit yang siap (26)").click()
    expect(
        page.get_by_text("Seluruh unit sudah difinalisasi, ditutup, atau ditarik: periode dikunci.")
    ).to_be_visible()
    shoot(page, "per-unit-07-period-locked")
    assert Period.objects.get(pk=period.pk).is_locked
    assert Result.objects.filter(assessment__period=period).count() == 26
    assert Assessment.objects.get(pk=late.pk).status == "not_submitted"
    context.close()
    assert errors == []

    # 4. The pimpinan reads the ranking: 26 ranked, Dinkes shown as not submitted, never as a zero.
    context, page, errors = _as(browser, base, "pimpinan")
    page.goto(f"{period_url}peringkat/")
    expect(page.get_by_role("heading", name=f"Peringkat: {CITY_PERIOD}")).to_be_visible()
    late_row = page.locator("tr.standing-not_submitted")
    expect(late_row).to_contain_text("Dinas Kesehatan")
    expect(late_row).to_contain_text("Tidak menyampaikan")
    expect(late_row).not_to_contain_text("0,00")
    expect(page.locator("tr.standing-final")).to_have_count(26)
    expect(page.locator("#summary")).to_contain_text("Rata-rata 26 unit yang dinilai")
    expect(page.locator("#summary")).to_contain_text("1 unit tidak menyampaikan")
    shoot(page, "per-unit-08-pimpinan-ranking")
    context.close()
    assert errors == []

    # 5. The late OPD's operator is told, with the reason.
    context, page, errors = _as(browser, base, "operator.dinkes")
    page.get_by_role("link", name="Notifikasi").click()
    expect(page.get_by_text(REASON)).to_be_visible()
    shoot(page, "per-unit-09-late-opd-notified")
    context.close()
    assert errors == []


def test_a_closed_window_is_named_before_typing_and_when_a_save_is_refused(
    browser, live_server, scene, shoot
):
    base, code, period = live_server.url, scene["instansi"].code, scene["period"]
    period_url = f"{base}/i/{code}/evaluasi/periode/{period.pk}/"
    late = period.assessments.get(unit__code=LATE)

    # The late OPD's operator opens the worksheet after its window closed: told before typing anything.
    context, page, errors = _as(browser, base, "operator.dinkes")
    expect(page.locator(".phase-now").first).to_contain_text(CITY_PERIOD)
    shoot(page, "per-unit-10-operator-home-phase")
    page.goto(f"{period_url}penilaian/{late.pk}/")
    banner = page.locator("#cannot-save")
    expect(banner).to_contain_text("Tahap Penilaian mandiri ditutup pada")
    expect(banner).to_contain_text("WITA")
    expect(page.locator("input[name=value]")).to_have_count(0)
    shoot(page, "per-unit-11-worksheet-banner")
    context.close()
    assert errors == []

    # An evaluator starts scoring while the desk review is open; the window closes before the save.
    dikbud = period.assessments.get(unit__code="dikbud")
    Assessment.objects.filter(pk=dikbud.pk).update(status="self_assessment")
    dikbud.answers.all().delete()
    dikbud.reviews.all().delete()
    PhaseWindow.objects.filter(period=period, phase="self_assessment").update(
        ends_at=timezone.now() + timedelta(days=1)
    )
    submitted(
        dikbud, User.objects.get(username="operator.dikbud"), User.objects.get(username="kepala.dikbud")
    )
    for username, tier in (
        ("evaluator", "evaluator"),
        ("ketua.tim", "ketua_tim"),
        ("dalnis", "pengendali_teknis"),
    ):
        assign_team_member(
            assessment=dikbud, user=User.objects.get(username=username), tier=tier, by=scene["admin"]
        )
    context, page, errors = _as(browser, base, "evaluator")
    page.goto(f"{period_url}penilaian/{dikbud.pk}/reviu/")
    expect(page.locator(".phase-now")).to_contain_text("Reviu dokumen")
    article = page.locator("article#ind-I\\.2")
    article.get_by_label("Disesuaikan", exact=True).check()
    article.get_by_role("textbox", name=re.compile("^Nilai")).fill("60")
    article.get_by_label("Catatan").fill("Realisasi menurut laporan triwulan IV hanya 60%.")
    closed = timezone.now() - timedelta(minutes=1)
    PhaseWindow.objects.filter(period=period, phase__in=["desk_review", "clarification"]).update(
        starts_at=closed - timedelta(days=10), ends_at=closed
    )
    article.get_by_role("button", name="Simpan").click()
    refusal = page.locator("article#ind-I\\.2 .errorlist")
    expect(refusal).to_contain_text("Tahap Reviu dokumen ditutup pada")
    expect(refusal).not_to_contain_text("Klarifikasi")
    expect(page.locator("article#ind-I\\.2 textarea[name=note]")).to_have_value(
        "Realisasi menurut laporan triwulan IV hanya 60%."
    )  # nothing typed is lost
    shoot(page, "per-unit-12-review-refused-names-its-window")
    page.reload()
    expect(page.locator("#cannot-save")).to_contain_text("Tahap Reviu dokumen ditutup pada")
    expect(page.locator("form.review-form")).to_have_count(0)
    shoot(page, "per-unit-13-review-banner")
    context.close()
    assert errors == []
