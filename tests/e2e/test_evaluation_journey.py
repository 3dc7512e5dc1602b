"""The whole evaluation on the demo city with rb-pd: the admin opens a period and seats the team; the OPD
operator answers and uploads evidence; the head approves; the evaluator scores and asks a clarification;
the operator answers it; the ketua tim and the pengendali teknis approve; the admin finalises; the OPD
head sees the score and predicate; the pimpinan sees the ranking. A screenshot of every page.

rb-pd has 107 indicators: all but two are answered (and all but one required evidence item linked) and
scored through the actions beforehand, so that the browser walks every step a person takes, not 107 times."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.reviews import save_review, verify_indicator
from nyata.evaluations.demo.answers import plausible_value
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Answer, Assessment, Evidence, Period, Result
from nyata.instruments import demo_data as instrument_demo
from nyata.org.demo import DEFAULT_CITY, load_city, read_city
from nyata.org.models import User
from tests.e2e.conftest import EVENT_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-evaluasi-2026"
PEOPLE = (
    "admin.inspektorat",
    "operator.dikbud",
    "kepala.dikbud",
    "evaluator",
    "ketua.tim",
    "dalnis",
    "pimpinan",
)


@pytest.fixture
def city(transactional_db, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    instansi, _logins = load_city(read_city(DEFAULT_CITY))
    instrument_demo.load_demo(instansi=instansi, stdout=open("/dev/null", "w"))  # noqa: SIM115
    for person in User.objects.filter(username__in=PEOPLE):
        person.set_password(PASSWORD)
        person.save()
    pdf = tmp_path / "Arsitektur SPBE Dikbud.pdf"
    pdf.write_bytes(pdf_bytes("Dokumen arsitektur SPBE Dinas Pendidikan dan Kebudayaan"))
    return {"instansi": instansi, "pdf": pdf}


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


def _prefill_answers(assessment, operator, leaves, skip):
    rng = __import__("random").Random(7)
    for node in leaves:
        if node.code in skip:
            continue
        stored = plausible_value(node, 0.8, rng)
        if getattr(node, "source", None):  # filled from the unit's SKM, not typed in
            Answer.objects.create(assessment=assessment, indicator=node.code, value=stored, revision=1)
        else:
            save_answer(
                assessment=assessment,
                indicator=node.code,
                value=stored,
                explanation="",
                base_revision=0,
                by=operator,
            )
        if stored == "na":
            continue
        for item in node.evidence:
            if item.required:
                Evidence.objects.create(
                    assessment=assessment,
                    indicator=node.code,
                    item=item.code,
                    kind="link",
                    url=f"https://data.kendari.example/{node.code}.pdf",
                    name=item.title[:200],
                    uploaded_by=operator,
                )


def _prefill_reviews(assessment, evaluator, verifier, leaves, skip):
    areas = frozenset(node.pengampu for node in leaves if node.pengampu)
    for node in leaves:
        if node.code not in skip:
            save_review(
                assessment=assessment,
                indicator=node.code,
                tier="evaluator",
                verdict="agree",
                value=None,
                note="",
                base_revision=0,
                by=evaluator,
            )
        if node.pengampu:
            verify_indicator(
                assessment=assessment, indicator=node.code, is_valid=True, note="", areas=areas, by=verifier
            )


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_period_from_opening_to_published_results(browser, live_server, city, shoot):
    base, code = live_server.url, city["instansi"].code
    everyone_errors = []

    # 1. The Inspektorat admin opens a period with rb-pd for Dikbud and seats the team.
    context, page, errors = _as(browser, base, "admin.inspektorat")
    page.get_by_role("link", name="Evaluasi", exact=True).click()
    shoot(page, "evaluation-01-period-list")
    page.get_by_role("link", name="Buka periode baru").click()
    page.get_by_label("Judul").fill("Evaluasi RB Perangkat Daerah 2026")
    page.get_by_label("Instrumen").select_option(
        label="rb-pd 2025.1 · Lembar Kerja Evaluasi Reformasi Birokrasi Perangkat Daerah 2025"
    )
    boxes = page.locator("fieldset.unit-choices input[type=checkbox]")
    for index in range(boxes.count()):
        boxes.nth(index).uncheck()
    page.get_by_label("Dinas Pendidikan dan Kebudayaan").check()
    now = timezone.now()
    for phase in ("self_assessment", "desk_review", "clarification", "appeal", "finalisation"):
        page.locator(f"#id_{phase}_starts").fill(_local(now - timedelta(hours=1)))
        page.locator(f"#id_{phase}_ends").fill(_local(now + timedelta(days=14)))
    shoot(page, "evaluation-02-open-period")
    page.get_by_role("button", name="Buka periode").click()
    expect(
        page.get_by_text("Periode dibuka: setiap unit peserta sudah memiliki lembar kerja.")
    ).to_be_visible()
    shoot(page, "evaluation-03-period-page")
    period = Period.objects.get(title="Evaluasi RB Perangkat Daerah 2026")
    assessment = period.assessments.get()
    page.get_by_role("link", name="Tim evaluator").click()
    for username, tier in (
        ("evaluator", "evaluator"),
        ("ketua.tim", "ketua_tim"),
        ("dalnis", "pengendali_teknis"),
    ):
        page.locator("select[name=assessment]").select_option(str(assessment.pk))
        page.locator("select[name=user]").select_option(str(User.objects.get(username=username).pk))
        page.locator("select[name=tier]").select_option(tier)
        page.get_by_role("button", name="Tetapkan").click()
        expect(page.locator(".messages")).to_be_visible()
    shoot(page, "evaluation-04-team")
    context.close()
    everyone_errors += errors

    leaves = definition_of(period.instrument).leaves()
    first, second = leaves[0], leaves[1]
    operator = User.objects.get(username="operator.dikbud")
    _prefill_answers(assessment, operator, leaves, skip={first.code, second.code})
    Evidence.objects.create(  # the second indicator's evidence is in; its answer is not yet
        assessment=assessment,
        indicator=second.code,
        item=second.evidence[0].code,
        kind="link",
        url="https://data.kendari.example/roadmap.pdf",
        name="Roadmap TIK",
        uploaded_by=operator,
    )

    # 2. The operator answers the last two indicators, uploads the evidence and submits.
    context, page, errors = _as(browser, base, "operator.dikbud")
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/penilaian/{assessment.pk}/")
    row = page.locator("#i-I_A_1_1_a")
    row.get_by_label(
        "Sudah Menyusun Arsitektur SPBE Domain Proses Bisnis, Layanan, Data dan Informasi, dan Aplikasi"
    ).check()
    expect(row.get_by_text("Tersimpan pukul")).to_be_visible()
    other = page.locator("#i-I_A_1_1_b")
    other.get_by_label("Ya", exact=True).check()
    expect(other.get_by_text("Tersimpan pukul")).to_be_visible()
    row.get_by_text("Unggah data dukung").click()
    # The architecture document's item 1 is ticked; its date does not matter to the evaluator (not dated).
    row.locator('input[name=targets][value="I.A.1.1.a|1"]').check()
    row.get_by_label("Berkas (PDF").set_input_files(str(city["pdf"]))
    expect(row.get_by_label("Tanggal berlaku")).to_have_count(0)
    row.get_by_role("button", name="Lampirkan").click()
    expect(row.get_by_role("link", name="Arsitektur_SPBE_Dikbud.pdf")).to_be_visible()
    expect(page.locator("#completeness").get_by_text(f"{len(leaves)} / {len(leaves)}")).to_be_visible()
    shoot(page, "evaluation-05-worksheet-answered")
    page.get_by_role("link", name="Kirim kepada kepala OPD…").click()
    page.get_by_role("button", name="Kirim kepada kepala OPD").click()
    expect(page.get_by_text("Penilaian telah dikirim kepada kepala OPD untuk disetujui.")).to_be_visible()
    context.close()
    everyone_errors += errors

    # 3. The head sees the notification and approves.
    context, page, errors = _as(browser, base, "kepala.dikbud")
    expect(page.get_by_role("link", name="Notifikasi 1 belum dibaca")).to_be_visible()
    page.get_by_role("link", name="Notifikasi").click()
    shoot(page, "evaluation-06-head-notification")
    page.get_by_role("button", name="Buka tautan").click()
    page.get_by_role("button", name="Setujui dan kirim ke Inspektorat").click()
    expect(page.get_by_text("Disetujui: penilaian diteruskan ke Inspektorat")).to_be_visible()
    shoot(page, "evaluation-07-head-approved")
    context.close()
    everyone_errors += errors

    _prefill_reviews(
        assessment,
        User.objects.get(username="evaluator"),
        User.objects.get(username="verifikator.organisasi"),
        leaves,
        skip={first.code, second.code},
    )

    # 4. The evaluator scores the last two indicators and asks a clarification.
    context, page, errors = _as(browser, base, "evaluator")
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/penilaian/{assessment.pk}/reviu/")
    for node in (first, second):
        article = page.locator(f"article#ind-{node.code.replace('.', '\\.')}")
        article.get_by_label("Setuju", exact=True).check()
        article.get_by_role("button", name="Simpan").click()
        expect(
            page.locator(f"article#ind-{node.code.replace('.', '\\.')}").get_by_text("Tersimpan pukul")
        ).to_be_visible()
    ask = page.locator("form.ask")
    ask.get_by_label(f"{second.code} {second.title}").check()
    ask.get_by_label("Pertanyaan").fill("Mohon lampirkan peta rencana SPBE yang sudah ditandatangani.")
    shoot(page, "evaluation-08-evaluator-scored")
    ask.get_by_role("button", name="Kirim pertanyaan").click()
    expect(page.get_by_text("Pertanyaan telah dikirim kepada OPD.")).to_be_visible()
    context.close()
    everyone_errors += errors

    # 5. The operator answers the clarification.
    context, page, errors = _as(browser, base, "operator.dikbud")
    page.goto(f"{base}/i/{code}/evaluasi/klarifikasi/")
    page.get_by_label("Jawaban Anda").fill("Peta rencana yang ditandatangani ada pada tautan berikut.")
    page.get_by_label("Atau tautan").fill("https://data.kendari.example/peta-rencana-spbe.pdf")
    page.get_by_role("button", name="Kirim jawaban").click()
    expect(page.get_by_text("Jawaban Anda telah dikirim kepada evaluator.")).to_be_visible()
    shoot(page, "evaluation-09-clarification-answered")
    context.close()
    everyone_errors += errors

    # 6. The evaluator closes it and hands over; the ketua tim and the pengendali teknis approve.
    context, page, errors = _as(browser, base, "evaluator")
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/penilaian/{assessment.pk}/reviu/")
    page.get_by_role("button", name="Sudah direviu ulang: tutup permintaan").click()
    page.get_by_role("button", name="Serahkan kepada ketua tim").click()
    expect(page.get_by_text("Diserahkan kepada ketua tim.")).to_be_visible()
    context.close()
    everyone_errors += errors
    for username, button, done, picture in (
        (
            "ketua.tim",
            "Setujui dan serahkan kepada pengendali teknis",
            "Disetujui dan diserahkan kepada pengendali teknis.",
            "evaluation-10-ketua",
        ),
        (
            "dalnis",
            "Setujui reviu",
            "Reviu disetujui: nilai akhir telah ditetapkan.",
            "evaluation-11-pengendali",
        ),
    ):
        context, page, errors = _as(browser, base, username)
        page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/penilaian/{assessment.pk}/reviu/")
        page.get_by_role("button", name=button).click()
        expect(page.get_by_text(done)).to_be_visible()
        shoot(page, picture)
        context.close()
        everyone_errors += errors
    assert Assessment.objects.get(pk=assessment.pk).status == "reviewed"

    # 7. The admin sees the preliminary result, releases it (the appeal opens) and finalises.
    context, page, errors = _as(browser, base, "admin.inspektorat")
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/")
    page.get_by_role("link", name="Hasil (sementara)").click()
    shoot(page, "evaluation-12-preliminary-result")
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/reviu/")
    page.locator("#release").get_by_label("Dinas Pendidikan dan Kebudayaan").check()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Rilis unit yang dipilih").click()
    expect(page.get_by_text("Hasil sementara 1 unit dirilis")).to_be_visible()
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/")
    page.get_by_role("link", name="Finalisasi", exact=True).click()
    expect(page.get_by_text("siap difinalisasi")).to_be_visible()
    page.get_by_label("Dinas Pendidikan dan Kebudayaan").check()
    shoot(page, "evaluation-13-finalise")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Finalisasi unit yang dipilih").click()
    expect(page.locator(".messages").get_by_text("periode dikunci.")).to_be_visible()
    page.goto(f"{base}/i/{code}/evaluasi/periode/{period.pk}/penilaian/{assessment.pk}/linimasa/")
    shoot(page, "evaluation-14-timeline")
    context.close()
    everyone_errors += errors
    result = Result.objects.get(assessment=assessment)

    # 8. The OPD head sees the score and the predicate; the pimpinan sees the ranking.
    context, page, errors = _as(browser, base, "kepala.dikbud")
    page.get_by_role("link", name="Notifikasi").click()
    page.get_by_role("button", name="Buka tautan").first.click()
    expect(page.locator("#total")).to_have_text(f"{result.total}".replace(".", ","))
    expect(page.locator("#predicate")).to_have_text(result.predicate)
    shoot(page, "evaluation-15-head-result")
    context.close()
    everyone_errors += errors
    context, page, errors = _as(browser, base, "pimpinan")
    page.get_by_role("link", name="Notifikasi").click()
    page.get_by_role("button", name="Buka tautan").first.click()
    expect(page.get_by_role("heading", name="Peringkat: Evaluasi RB Perangkat Daerah 2026")).to_be_visible()
    expect(page.get_by_role("link", name="Dinas Pendidikan dan Kebudayaan")).to_be_visible()
    shoot(page, "evaluation-16-pimpinan-ranking")
    context.close()
    everyone_errors += errors
    assert everyone_errors == []
