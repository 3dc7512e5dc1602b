"""A whole period on a fresh database, every step in the browser, every role finding its work on its landing
page's work queue or in its notifications (no typed address past the sign-in page):

the admin opens the period and seats the teams; three OPD (Dikbud, Dinkes, DPUPR) answer every indicator
with the evidence it needs and submit, and their heads approve; Dinas Sosial never submits and is closed as
"tidak menyampaikan" with a reason; the two pengampu verifiers verify their areas; the evaluator reviews,
asks Dikbud one clarification and closes it once answered; the ketua tim and the pengendali teknis approve;
the admin releases the results per unit; Dikbud's head appeals one score and the ketua tim decides it; the
admin finalises the period; the OPD head and the pimpinan read the results (the ranking shows Dinas Sosial as
"tidak menyampaikan", never 0,00 D).

The instrument is a small one of this test's own (five indicators in two areas, a dated evidence item among
them), so that the journey takes minutes; the period flow is the product's. Every action a person takes
(click, fill, tick, choice, upload, confirmation, typed address) is counted, and the counts are written to
var/screenshots/period-journey-actions.json."""

import hashlib
import json
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.models import Appeal, Assessment, Period, Result
from nyata.instruments.models import Instrument
from nyata.org.demo import DEFAULT_CITY, load_city, read_city
from nyata.org.models import User
from nyata.org.tests.factories import person_with_role
from tests.e2e.conftest import EVENT_TIMEOUT_MS, SCREENSHOTS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-periode-2026"
TITLE = "Evaluasi RB Perangkat Daerah 2026"
REASON = "Sampai batas waktu tidak ada kiriman; surat teguran kedua tidak ditanggapi."
FILLING = {"dikbud": "Dinas Pendidikan dan Kebudayaan", "dinkes": "Dinas Kesehatan",
           "dpupr": "Dinas Pekerjaan Umum dan Penataan Ruang"}  # fmt: skip
LATE = "Dinas Sosial"
INSTRUMENT = """
code: jalan
version: "2026.1"
title: Instrumen perjalanan satu periode
legal_basis: [PermenPANRB Nomor 9 Tahun 2023]
answer_types:
  abc:
    kind: choice
    options:
      - {code: A, label: Lengkap, value: 1}
      - {code: B, label: Sebagian, value: 0.5}
      - {code: C, label: Tidak ada, value: 0}
predicates:
  - {code: A, label: Sangat baik, from: 80}
  - {code: B, label: Baik, from: 60}
  - {code: D, label: Kurang, from: 0}
nodes:
  - code: I
    title: Komponen pengungkit
    weight: 60
    children:
      - code: I.1
        title: Rencana aksi RB
        weight: 20
        answer: abc
        pengampu: kelembagaan
        evidence:
          - {code: sk, title: SK rencana aksi RB, required: true, dated: true}
      - code: I.2
        title: Peta jabatan
        weight: 15
        answer: abc
        pengampu: sdm-aparatur
        evidence:
          - {code: peta, title: Dokumen peta jabatan, required: true}
      - code: I.3
        title: Realisasi rencana aksi
        weight: 25
        answer: {kind: percent}
  - code: II
    title: Komponen hasil
    weight: 40
    children:
      - code: II.1
        title: Indeks kepuasan masyarakat
        weight: 25
        kind: outcome
        answer: {kind: number, min: 25, max: 100}
      - code: II.2
        title: Inovasi pelayanan publik
        weight: 15
        answer: abc
"""
INSTRUMENT_LABEL = "jalan 2026.1 · Instrumen perjalanan satu periode"


class Actions:
    """Every action a person takes in the journey, counted by kind, then performed."""

    def __init__(self):
        self.counts: Counter = Counter()
        self.logins = 0

    def click(self, locator):
        self.counts["click"] += 1
        locator.click()

    def check(self, locator):
        self.counts["click"] += 1
        locator.check()

    def fill(self, locator, text: str):
        self.counts["fill"] += 1
        locator.fill(text)

    def select(self, locator, **option):
        self.counts["choice"] += 1
        locator.select_option(**option)

    def upload(self, locator, path):
        self.counts["upload"] += 1
        locator.set_input_files(str(path))

    def confirm(self, page):
        """The next click asks "are you sure?": one more click, on the browser's dialog."""
        self.counts["confirmation"] += 1
        page.once("dialog", lambda dialog: dialog.accept())

    def goto(self, page, url: str):
        self.counts["page load (typed address)"] += 1
        page.goto(url)

    def total(self) -> int:
        return sum(self.counts.values())


@pytest.fixture
def fresh_city(transactional_db, settings, tmp_path):
    """The demo city's units and people and nothing else (no period, no answer), with the OPD people the
    demo lacks, and the journey's instrument published."""
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    instansi, _logins = load_city(read_city(DEFAULT_CITY))
    city = type("City", (), {"instansi": instansi, "units": {u.code: u for u in instansi.units.all()}})
    for username, role, unit in (
        ("kepala.dinkes", "opd_head", "dinkes"),
        ("operator.dpupr", "opd_operator", "dpupr"),
        ("kepala.dpupr", "opd_head", "dpupr"),
    ):
        if not User.objects.filter(username=username).exists():  # the demo city may already have them
            person_with_role(city, role=role, unit_code=unit, username=username)
    for person in User.objects.filter(instansi=instansi):
        person.set_password(PASSWORD)
        person.email = f"{person.username}@example.org"
        person.save()
    now = timezone.now()
    Instrument.objects.create(
        code="jalan",
        version="2026.1",
        title="Instrumen perjalanan satu periode",
        checksum=hashlib.sha256(INSTRUMENT.encode()).hexdigest(),
        source=INSTRUMENT,
        status="published",
        loaded_at=now,
        published_at=now,
    )
    files = {}
    for key, name in (("sk", "SK Rencana Aksi RB.pdf"), ("peta", "Peta Jabatan.pdf")):
        files[key] = tmp_path / name
        files[key].write_bytes(pdf_bytes(name))
    return {"instansi": instansi, "files": files}


class Journey:
    def __init__(self, browser, base, shoot):
        self.browser, self.base, self.shoot = browser, base, shoot
        self.act = Actions()
        self.errors: list[str] = []
        self.step = 0

    def sign_in(self, username: str):
        context = self.browser.new_context(locale="id-ID", viewport={"width": 1366, "height": 900})
        context.set_default_timeout(EVENT_TIMEOUT_MS)
        page = context.new_page()
        page.on(
            "console", lambda m: self.errors.append(f"{username}: {m.text}") if m.type == "error" else None
        )
        page.on(
            "response",
            lambda r: self.errors.append(f"{username}: {r.status} {r.url}") if r.status >= 400 else None,
        )
        self.act.logins += 1
        self.act.goto(page, f"{self.base}/akun/masuk/")
        self.act.fill(page.get_by_label("Nama pengguna"), username)
        self.act.fill(page.get_by_label("Sandi"), PASSWORD)
        self.act.click(page.get_by_role("button", name="Masuk"))
        expect(page.get_by_role("heading", name=re.compile("^Selamat datang"))).to_be_visible()
        return context, page

    def picture(self, page, name: str):
        self.step += 1
        self.shoot(page, f"period-journey-{self.step:02d}-{name}")

    def queue_row(self, page, what: str, unit: str | None = None):
        row = page.locator("section.queue tbody tr", has_text=what)
        if unit:
            row = row.filter(has_text=unit)
        expect(row).to_have_count(1)
        return row

    def home(self, page):
        self.act.click(page.get_by_role("link", name="Beranda", exact=True))
        expect(page.get_by_role("heading", name=re.compile("^Selamat datang"))).to_be_visible()

    def notification(self, page, text: str):
        """Open the unread notification that says `text` and follow its link."""
        self.act.click(page.get_by_role("link", name=re.compile(r"^Notifikasi \d+ belum dibaca")))
        note = page.locator("li.notification.unread", has_text=text).first
        expect(note).to_be_visible()
        return note


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%dT%H:%M")


def test_a_whole_period_from_opening_to_the_results_read_by_the_head_and_the_pimpinan(
    browser, live_server, fresh_city, shoot
):
    j = Journey(browser, live_server.url, shoot)
    act = j.act
    files = fresh_city["files"]

    # 1. The admin opens the period for four OPD, with the instrument and the windows.
    context, page = j.sign_in("admin.inspektorat")
    expect(page.locator("section.queue")).to_contain_text("Saat ini tidak ada yang menunggu Anda.")
    act.click(page.get_by_role("link", name="Evaluasi", exact=True))
    act.click(page.get_by_role("link", name="Buka periode baru"))
    act.fill(page.get_by_label("Judul"), TITLE)
    act.select(page.get_by_label("Instrumen"), label=INSTRUMENT_LABEL)
    boxes = page.locator("fieldset.unit-choices input[type=checkbox]:checked")
    while boxes.count():  # the form proposes every OPD of the city; this period takes four
        act.click(boxes.first)
    for name in (*FILLING.values(), LATE):
        act.check(page.get_by_label(name, exact=True))
    now = timezone.now()
    for phase in ("self_assessment", "desk_review", "clarification", "appeal", "finalisation"):
        act.fill(page.locator(f"#id_{phase}_starts"), _local(now - timedelta(hours=1)))
        act.fill(page.locator(f"#id_{phase}_ends"), _local(now + timedelta(days=14)))
    j.picture(page, "admin-opens-the-period")
    act.click(page.get_by_role("button", name="Buka periode"))
    expect(
        page.get_by_text("Periode dibuka: setiap unit peserta sudah memiliki lembar kerja.")
    ).to_be_visible()
    period = Period.objects.get(title=TITLE)
    assert period.assessments.count() == 4

    # The landing page now asks for the teams; the admin seats one per unit.
    j.home(page)
    row = j.queue_row(page, "belum memiliki tim evaluator yang lengkap")
    j.picture(page, "admin-queue-asks-for-teams")
    act.click(row.get_by_role("link", name=re.compile("^Tetapkan tim")))
    expect(page.get_by_role("heading", name="Tim evaluator")).to_be_visible()
    for unit in (*FILLING.values(), LATE):
        for username, tier in (
            ("evaluator", "evaluator"),
            ("ketua.tim", "ketua_tim"),
            ("dalnis", "pengendali_teknis"),
        ):
            act.select(page.locator("select[name=assessment]"), label=unit)
            act.select(page.locator("select[name=user]"), value=str(User.objects.get(username=username).pk))
            act.select(page.locator("select[name=tier]"), value=tier)
            act.click(page.get_by_role("button", name="Tetapkan"))
            expect(page.locator(".messages")).to_be_visible()
    j.picture(page, "admin-teams-seated")
    j.home(page)
    expect(page.locator("section.queue")).not_to_contain_text("tim evaluator")
    context.close()

    # 2. Three OPD answer every indicator with its evidence and submit; their heads approve.
    for code, unit in FILLING.items():
        context, page = j.sign_in(f"operator.{code}")
        row = j.queue_row(page, "Jawab lembar kerja dan unggah data dukung", unit)
        act.click(row.get_by_role("link", name=re.compile("^Buka lembar kerja")))
        expect(page.get_by_role("heading", name=f"Lembar kerja {unit}")).to_be_visible()
        _answer_the_worksheet(j, page, files, picture=code == "dikbud")
        act.click(page.get_by_role("link", name="Kirim kepada kepala OPD…"))
        act.click(page.get_by_role("button", name="Kirim kepada kepala OPD"))
        expect(page.get_by_text("Penilaian telah dikirim kepada kepala OPD untuk disetujui.")).to_be_visible()
        context.close()

        context, page = j.sign_in(f"kepala.{code}")
        note = j.notification(page, "menunggu persetujuan Anda") if code == "dikbud" else None
        if note is not None:
            j.picture(page, "head-notification")
            act.click(note.get_by_role("button", name="Buka tautan"))
        else:
            row = j.queue_row(page, "Setujui pengajuan", unit)
            act.click(row.get_by_role("link", name=re.compile("^Putuskan")))
        expect(page.locator("#self-score")).to_contain_text("Nilai usulan")
        if code == "dikbud":
            j.picture(page, "head-reads-the-self-score")
        act.click(page.get_by_role("button", name="Setujui dan kirim ke Inspektorat"))
        expect(page.get_by_text("Disetujui: penilaian diteruskan ke Inspektorat")).to_be_visible()
        context.close()

    # 3. Dinas Sosial never submits. The admin closes the self-assessment window, the landing page names
    # the late OPD, and the admin closes it as "tidak menyampaikan" with a reason.
    context, page = j.sign_in("admin.inspektorat")
    act.click(page.get_by_role("link", name="Evaluasi", exact=True))
    act.click(page.get_by_role("link", name=TITLE))
    act.fill(page.locator("#id_self_assessment_ends"), _local(timezone.now() - timedelta(minutes=1)))
    act.click(page.get_by_role("button", name="Simpan jadwal"))
    expect(page.locator(".messages")).to_be_visible()
    j.home(page)
    row = j.queue_row(page, "melewati jadwal penilaian mandiri", LATE)
    j.picture(page, "admin-queue-names-the-late-opd")
    act.click(row.get_by_role("link").first)
    act.click(page.locator("#unit-dinsos").get_by_role("link", name="Tutup sebagai tidak menyampaikan…"))
    expect(page.get_by_role("heading", name=f"Tutup {LATE} tanpa evaluasi")).to_be_visible()
    act.check(page.get_by_label("Tidak menyampaikan: OPD tidak menyampaikan penilaian mandirinya"))
    act.fill(page.get_by_label("Alasan"), REASON)
    j.picture(page, "admin-closes-the-late-opd")
    act.confirm(page)
    act.click(page.get_by_role("button", name="Tutup unit"))
    expect(page.get_by_text(f"{LATE} sudah ditutup: Tidak menyampaikan.")).to_be_visible()
    context.close()

    # 4. Each pengampu verifier verifies its area, OPD by OPD, from its landing page.
    for username in ("verifikator.organisasi", "verifikator.bkpsdm"):
        context, page = j.sign_in(username)
        expect(page.locator("section.queue tbody tr")).to_have_count(3)
        if username == "verifikator.organisasi":
            j.picture(page, "verifier-queue")
        for unit in FILLING.values():
            row = j.queue_row(page, "Verifikasi 1 indikator area RB Anda", unit)
            act.click(row.get_by_role("link", name=re.compile("^Verifikasi")))
            act.fill(page.get_by_label("Catatan untuk setiap indikator"), "Dokumen lengkap dan sah.")
            act.click(page.get_by_role("button", name=re.compile(r"sebagai valid \(semua valid\)$")))
            expect(page.get_by_text(f"1 indikator {unit} ditandai valid.")).to_be_visible()
            j.home(page)
        expect(page.locator("section.queue")).to_contain_text("Saat ini tidak ada yang menunggu Anda.")
        context.close()

    # 5. The evaluator reviews the three, asks Dikbud one clarification and hands the other two over.
    context, page = j.sign_in("evaluator")
    expect(page.locator("section.queue tbody tr", has_text="Giliran Anda mereviu")).to_have_count(3)
    j.picture(page, "evaluator-queue")
    for code, unit in FILLING.items():
        row = j.queue_row(page, "Giliran Anda mereviu", unit)
        act.click(row.get_by_role("link", name=re.compile("^Reviu")))
        expect(page.get_by_role("heading", name=f"Reviu {unit}")).to_be_visible()
        for indicator in ("I\\.1", "I\\.2", "I\\.3", "II\\.1", "II\\.2"):
            article = page.locator(f"article#ind-{indicator}")
            act.check(article.get_by_label("Setuju", exact=True))
            act.click(article.get_by_role("button", name="Simpan"))
            expect(page.locator(f"article#ind-{indicator}").get_by_text("Tersimpan pukul")).to_be_visible()
        if code == "dikbud":
            ask = page.locator("form.ask")
            act.check(ask.get_by_label("I.1 Rencana aksi RB"))
            act.fill(
                ask.get_by_label("Pertanyaan"), "Mohon lampirkan SK rencana aksi yang sudah ditandatangani."
            )
            j.picture(page, "evaluator-asks-a-clarification")
            act.click(ask.get_by_role("button", name="Kirim pertanyaan"))
            expect(page.get_by_text("Pertanyaan telah dikirim kepada OPD.")).to_be_visible()
        else:
            act.click(page.get_by_role("button", name="Serahkan kepada ketua tim"))
            expect(page.get_by_text("Diserahkan kepada ketua tim.")).to_be_visible()
        j.home(page)
    context.close()

    # 6. Dikbud's operator answers the clarification from the landing page.
    context, page = j.sign_in("operator.dikbud")
    row = j.queue_row(page, "Jawab 1 permintaan klarifikasi", FILLING["dikbud"])
    act.click(row.get_by_role("link", name=re.compile("^Jawab sekarang")))
    act.fill(page.get_by_label("Jawaban Anda"), "SK yang ditandatangani ada pada tautan berikut.")
    act.fill(page.get_by_label("Atau tautan"), "https://data.kendari.example/sk-renaksi-ttd.pdf")
    act.click(page.get_by_role("button", name="Kirim jawaban"))
    expect(page.get_by_text("Jawaban Anda telah dikirim kepada evaluator.")).to_be_visible()
    j.picture(page, "operator-answers-the-clarification")
    context.close()

    # 7. The evaluator is told, closes the request and hands Dikbud over.
    context, page = j.sign_in("evaluator")
    note = j.notification(page, "menjawab permintaan klarifikasi Anda")
    j.picture(page, "evaluator-notified-of-the-answer")
    act.click(note.get_by_role("button", name="Buka tautan"))
    act.click(page.get_by_role("button", name="Sudah direviu ulang: tutup permintaan"))
    act.click(page.get_by_role("button", name="Serahkan kepada ketua tim"))
    expect(page.get_by_text("Diserahkan kepada ketua tim.")).to_be_visible()
    context.close()

    # 8. The ketua tim, then the pengendali teknis, approve each from their landing page.
    for username, tier, button, done in (
        (
            "ketua.tim",
            "Ketua tim",
            "Setujui dan serahkan kepada pengendali teknis",
            "Disetujui dan diserahkan kepada pengendali teknis.",
        ),
        ("dalnis", "Pengendali teknis", "Setujui reviu", "Reviu disetujui: nilai akhir telah ditetapkan."),
    ):
        context, page = j.sign_in(username)
        expect(page.locator("section.queue tbody tr", has_text=f"sebagai {tier}")).to_have_count(3)
        j.picture(page, f"{username.split('.')[0]}-queue")
        for unit in FILLING.values():
            row = j.queue_row(page, f"Giliran Anda mereviu, sebagai {tier}", unit)
            act.click(row.get_by_role("link", name=re.compile("^Reviu")))
            act.click(page.get_by_role("button", name=button))
            expect(page.get_by_text(done)).to_be_visible()
            j.home(page)
        context.close()
    assert set(period.assessments.values_list("status", flat=True)) == {"reviewed", "not_submitted"}

    # 9. The admin releases the preliminary results of the three.
    context, page = j.sign_in("admin.inspektorat")
    row = j.queue_row(page, "rilis hasil sementara")
    j.picture(page, "admin-queue-release")
    act.click(row.get_by_role("link", name=re.compile("^Rilis")))
    release = page.locator("#release")
    for unit in FILLING.values():
        act.check(release.get_by_label(unit))
    act.confirm(page)
    act.click(release.get_by_role("button", name="Rilis unit yang dipilih"))
    expect(page.get_by_text("Hasil sementara 3 unit dirilis")).to_be_visible()
    context.close()

    # 10. Dikbud's head appeals I.3; the ketua tim accepts it with a new score.
    context, page = j.sign_in("kepala.dikbud")
    j.queue_row(page, "Hasil sementara telah dirilis: ajukan sanggahan", FILLING["dikbud"])
    note = j.notification(page, "hasil sementara Evaluasi RB Perangkat Daerah 2026 telah dirilis")
    act.click(note.get_by_role("button", name="Buka tautan"))
    act.select(page.get_by_label("Indikator"), value="I.3")
    act.fill(
        page.get_by_label("Mengapa nilai perlu diubah"),
        "Realisasi triwulan IV belum terhitung: laporannya terbit 5 Januari.",
    )
    act.fill(page.get_by_label("Atau tautan"), "https://data.kendari.example/realisasi-tw4.pdf")
    j.picture(page, "head-files-an-appeal")
    act.click(page.get_by_role("button", name="Ajukan sanggahan"))
    expect(page.locator("tr#ind-I\\.3 .badge.warn")).to_be_visible()
    context.close()

    context, page = j.sign_in("ketua.tim")
    expect(page.get_by_role("link", name=re.compile(r"^Notifikasi \d+ belum dibaca"))).to_be_visible()
    row = j.queue_row(page, "Putuskan 1 sanggahan", FILLING["dikbud"])
    act.click(row.get_by_role("link", name=re.compile("^Putuskan")))
    decision = page.locator("tr#ind-I\\.3 form.decision")
    act.check(decision.get_by_label("Terima dengan nilai baru"))
    act.fill(decision.get_by_role("textbox", name=re.compile("Nilai baru")), "95")
    act.fill(decision.get_by_label("Alasan"), "Laporan realisasi triwulan IV membuktikan 95%.")
    j.picture(page, "ketua-decides-the-appeal")
    act.click(decision.get_by_role("button", name="Catat keputusan"))
    expect(page.locator("tr#ind-I\\.3 .badge.ok")).to_be_visible()
    context.close()

    context, page = j.sign_in("operator.dikbud")  # the OPD hears the decision
    j.notification(page, "sanggahan atas I.3 pada Evaluasi RB Perangkat Daerah 2026 diterima")
    j.picture(page, "operator-told-the-appeal-decision")
    context.close()
    assert Appeal.objects.get().decision == "accepted"

    # 11. The admin finalises: every unit is finalised or closed, so the period locks.
    context, page = j.sign_in("admin.inspektorat")
    row = j.queue_row(page, "finalisasi periode setelah sanggahan")
    act.click(row.get_by_role("link", name=re.compile("^Finalisasi")))
    j.picture(page, "admin-finalise-page")
    act.confirm(page)
    act.click(page.get_by_role("button", name="Finalisasi semua unit yang siap (3)"))
    expect(
        page.get_by_text("Seluruh unit sudah difinalisasi, ditutup, atau ditarik: periode dikunci.")
    ).to_be_visible()
    j.picture(page, "admin-period-locked")
    context.close()
    assert Period.objects.get(pk=period.pk).is_locked
    assert Result.objects.filter(assessment__period=period).count() == 3

    # 12. Dinkes's head reads the result from the notification; the pimpinan reads the ranking.
    context, page = j.sign_in("kepala.dinkes")
    note = j.notification(page, "Hasil akhir Dinas Kesehatan")
    act.click(note.get_by_role("button", name="Buka tautan"))
    result = Result.objects.get(assessment__unit__code="dinkes", assessment__period=period)
    expect(page.locator("body")).to_contain_text(f"{result.total:.2f}".replace(".", ","))
    j.picture(page, "head-reads-the-result")
    context.close()

    context, page = j.sign_in("pimpinan")
    act.click(page.get_by_role("link", name=re.compile(TITLE)).first)
    expect(page.get_by_role("heading", name=f"Peringkat: {TITLE}")).to_be_visible()
    late_row = page.locator("tr.standing-not_submitted")
    expect(late_row).to_contain_text(LATE)
    expect(late_row).to_contain_text("Tidak menyampaikan")
    expect(late_row).not_to_contain_text("0,00")
    expect(page.locator("tr.standing-final")).to_have_count(3)
    j.picture(page, "pimpinan-reads-the-ranking")
    context.close()

    assert Assessment.objects.get(period=period, unit__code="dinsos").closure_reason == REASON
    assert j.errors == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "period-journey-actions.json").write_text(
        json.dumps({"total": act.total(), "sign-ins": act.logins, **act.counts}, indent=1) + "\n"
    )


def _answer_the_worksheet(j: Journey, page, files, *, picture: bool) -> None:
    """Every indicator of both areas answered; the evidence of I.1 (dated) and I.2 uploaded."""
    act = j.act
    first = page.locator("#i-I_1")
    act.check(first.locator('input[name=value][value="A"]'))
    expect(first.get_by_text("Tersimpan pukul")).to_be_visible()
    act.click(first.get_by_text("Unggah data dukung"))
    act.upload(first.get_by_label("Berkas (PDF"), files["sk"])
    act.fill(first.get_by_role("textbox", name="Tanggal berlaku"), "2026-01-15")
    act.click(first.get_by_role("button", name="Lampirkan"))
    expect(first.get_by_role("link", name="SK_Rencana_Aksi_RB.pdf")).to_be_visible()
    second = page.locator("#i-I_2")
    act.check(second.locator('input[name=value][value="A"]'))
    expect(second.get_by_text("Tersimpan pukul")).to_be_visible()
    act.click(second.get_by_text("Unggah data dukung"))
    act.upload(second.get_by_label("Berkas (PDF"), files["peta"])
    act.click(second.get_by_role("button", name="Lampirkan"))
    expect(second.get_by_role("link", name="Peta_Jabatan.pdf")).to_be_visible()
    third = page.locator("#i-I_3")
    act.fill(third.locator("input[name=value]"), "80")
    third.locator("input[name=value]").press("Tab")
    expect(third.get_by_text("Tersimpan pukul")).to_be_visible()
    if picture:
        j.picture(page, "operator-first-area")
    act.click(page.get_by_role("link", name=re.compile("^Area berikutnya")))
    expect(page.locator("#area-title")).to_contain_text("II")
    fourth = page.locator("#i-II_1")
    act.fill(fourth.locator("input[name=value]"), "82,5")
    fourth.locator("input[name=value]").press("Tab")
    expect(fourth.get_by_text("Tersimpan pukul")).to_be_visible()
    fifth = page.locator("#i-II_2")
    act.check(fifth.locator('input[name=value][value="B"]'))
    expect(fifth.get_by_text("Tersimpan pukul")).to_be_visible()
    expect(page.locator("#completeness")).to_contain_text("5 / 5")
    if picture:
        j.picture(page, "operator-second-area-complete")
