"""Outside figures in the browser (issue 13): the Inspektorat admin imports the 2025 PEKPPP figures of every
OPD from a spreadsheet, an OPD's worksheet shows its figure with the document it came from, and an evaluator
adjusts it with a reason."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.periods import assign_team_member, open_period
from nyata.evaluations.actions.submission import approve_submission, submit_assessment
from nyata.evaluations.models import Evidence, Phase
from nyata.evaluations.queries.results import final_values
from nyata.figures.models import Figure
from nyata.figures.tests.conftest import FED, make_instrument
from nyata.org.models import Unit
from nyata.org.tests.factories import CityFactory, person_with_role
from tests.e2e.conftest import EVENT_TIMEOUT_MS

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-uji-2026"
VALUES = {"dinkes": 3.85, "dikbud": 4.12}


@pytest.fixture
def scene(transactional_db):
    # A transactional test flushes the tables after it, rows of data migrations too: the registry of kinds
    # is seeded again as migration 0002 does (unchanged if present).
    seed = importlib.import_module("nyata.figures.migrations.0002_registry_of_kinds")
    seed.add_kinds(django_apps, None)
    city = CityFactory.build_city(code="kota-kendari", name="Pemerintah Kota Kendari")
    people = {}
    for key, role, unit in [
        ("admin", "inspektorat_admin", "inspektorat"),
        ("evaluator", "evaluator", "inspektorat"),
        ("operator", "opd_operator", "dinkes"),
        ("head", "opd_head", "dinkes"),
    ]:
        person = person_with_role(city, role=role, unit_code=unit, username=f"{key}.kendari")
        person.set_password(PASSWORD)
        person.save()
        people[key] = person
    now = timezone.now()
    period = open_period(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi RB 2025",
        instrument=make_instrument(FED),
        units=list(Unit.objects.filter(instansi=city.instansi, kind=Unit.Kind.OPD)),
        windows={phase: (now - timedelta(days=1), now + timedelta(days=10)) for phase in Phase.values},
        by=people["admin"],
    )
    return city, people, period


@pytest.fixture
def spreadsheet(tmp_path, scene):
    """The 2025 PEKPPP figures of every OPD as the Inspektorat types them from KepmenPANRB 3/2026."""
    city, _people, _period = scene
    book = Workbook()
    sheet = book.active
    sheet.append(
        [
            "kode_unit",
            "jenis",
            "tahun",
            "nilai",
            "judul_dokumen",
            "nomor_dokumen",
            "tanggal_dokumen",
            "tautan_dokumen",
        ]
    )
    for unit in Unit.objects.filter(instansi=city.instansi, kind=Unit.Kind.OPD).order_by("code"):
        sheet.append(
            [
                unit.code,
                "pekppp",
                2025,
                VALUES[unit.code],
                "Keputusan Menteri PANRB tentang Hasil PEKPPP Tahun 2025",
                "3 Tahun 2026",
                "20/01/2026",
                "https://jdih.example.go.id/kepmenpanrb-3-2026.pdf",
            ]
        )
    path = tmp_path / "pekppp-2025.xlsx"
    book.save(path)
    return path


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
    expect(
        page.get_by_role("link", name="Keluar").or_(page.get_by_role("button", name="Keluar"))
    ).to_be_visible()
    return context, page, errors


def test_the_admin_imports_the_figures_the_opd_sees_its_own_and_an_evaluator_adjusts_it(
    browser, live_server, scene, spreadsheet, shoot
):
    city, people, period = scene
    base = live_server.url
    dinkes = period.assessments.get(unit=city.units["dinkes"])

    # The Inspektorat admin imports the spreadsheet.
    context, page, errors = _as(browser, base, "admin.kendari")
    page.get_by_role("link", name="Nilai eksternal").click()
    expect(page.get_by_role("heading", name="Nilai eksternal", level=1)).to_be_visible()
    page.locator("#import").get_by_label("Berkas (CSV atau XLSX)").set_input_files(str(spreadsheet))
    page.locator("#import").get_by_role("button", name="Impor").click()
    expect(page.get_by_text("2 nilai diimpor.")).to_be_visible()
    expect(page.locator("#figures tbody tr")).to_have_count(2)
    expect(page.locator("#figures")).to_contain_text("3,85")
    expect(page.locator("#figures")).to_contain_text("Nomor 3 Tahun 2026")
    shoot(page, "figures-01-imported")
    page.get_by_role("link", name="Bandingkan unit dari tahun ke tahun").click()
    expect(page.locator("#comparison tbody tr").first).to_contain_text("Dinas Pendidikan dan Kebudayaan")
    shoot(page, "figures-02-compare")
    assert errors == []
    context.close()

    # The OPD's worksheet was opened before the figures came: it shows the figure, and the operator takes it
    # into the answer.
    context, page, errors = _as(browser, base, "operator.kendari")
    page.goto(
        f"{base}{reverse('evaluations:worksheet', args=[city.instansi.code, period.pk, dinkes.pk])}?area=II"
    )
    fed = page.locator("#i-II_1-figure")
    expect(fed).to_contain_text("3,85 (2025")
    expect(page.locator("#i-II_1-fed-answer")).to_have_text("—")
    fed.get_by_role("button", name="Perbarui dari nilai yang dicatat").click()
    expect(page.get_by_text("Diperbarui dari sumbernya: II.1.")).to_be_visible()
    fed = page.locator("#i-II_1-figure")
    expect(page.locator("#i-II_1-fed-answer")).to_contain_text("3,85")
    link = fed.get_by_role("link", name="Keputusan Menteri PANRB tentang Hasil PEKPPP Tahun 2025")
    expect(link).to_have_attribute("href", "https://jdih.example.go.id/kepmenpanrb-3-2026.pdf")
    expect(fed).to_contain_text("Nomor 3 Tahun 2026")
    expect(page.locator("#i-II_1-value")).to_have_count(0)  # no input to type over it
    shoot(page, "figures-03-worksheet")
    assert errors == []
    context.close()

    # The OPD answers the rest and submits; its head approves.
    operator = people["operator"]
    for code, value in (("I.1", "A"), ("I.2", {"number": "80"})):
        save_answer(
            assessment=dinkes, indicator=code, value=value, explanation="", base_revision=0, by=operator
        )
    Evidence.objects.create(
        assessment=dinkes,
        indicator="I.1",
        item="dok-renaksi",
        kind="link",
        url="https://kendari.example/renaksi.pdf",
        name="Renaksi",
        uploaded_by=operator,
    )
    submit_assessment(assessment=dinkes, by=operator)
    approve_submission(assessment=dinkes, by=people["head"])
    assign_team_member(assessment=dinkes, user=people["evaluator"], tier="evaluator", by=people["admin"])

    # The evaluator sees where the figure came from and adjusts it, with a reason.
    context, page, errors = _as(browser, base, "evaluator.kendari")
    page.goto(
        f"{base}{reverse('evaluations:review-assessment', args=[city.instansi.code, period.pk, dinkes.pk])}"
    )
    article = page.locator("article#ind-II\\.1")
    expect(article).to_contain_text("Nomor 3 Tahun 2026")
    article.get_by_label("Disesuaikan", exact=True).check()
    article.get_by_label("Nilai (untuk disesuaikan)").fill("3,50")
    article.get_by_role("button", name="Simpan").click()
    expect(page.locator("article#ind-II\\.1")).to_contain_text("Sebutkan alasan Anda menyesuaikan nilai OPD.")
    article = page.locator("article#ind-II\\.1")
    article.get_by_label("Catatan").fill("Lampiran KepmenPANRB memuat nilai layanan yang sudah ditutup.")
    article.get_by_role("button", name="Simpan").click()
    expect(page.locator("article#ind-II\\.1").get_by_text("Tersimpan pukul")).to_be_visible()
    shoot(page, "figures-04-adjusted")
    context.close()
    assert final_values(dinkes)["II.1"] == {"number": "3.50"}
    assert Figure.objects.get(unit=city.units["dinkes"]).value == Decimal("3.85")  # the figure itself stays


def test_the_admin_adds_a_kind_of_the_city_s_own_and_records_a_figure_of_it(
    browser, live_server, scene, shoot
):
    city, _people, _period = scene
    context, page, errors = _as(browser, live_server.url, "admin.kendari")
    page.get_by_role("link", name="Nilai eksternal").click()
    page.get_by_role("link", name="Jenis nilai eksternal").click()
    expect(page.get_by_role("heading", name="Jenis nilai eksternal", level=1)).to_be_visible()
    expect(page.locator("#kind-pekppp")).to_contain_text("diubah oleh administrator sistem")

    # A key with capitals is refused, with the reason beside the field, and nothing is added.
    form = page.locator("#add-kind")
    form.get_by_label("Kunci").fill("Indeks Inovasi")
    form.get_by_label("Nama").fill("Indeks Inovasi Daerah")
    form.get_by_label("Nilai terendah").fill("0")
    form.get_by_label("Nilai tertinggi").fill("100")
    form.get_by_label("Nilai lebih tinggi lebih baik.").check()
    form.get_by_label("Diterbitkan oleh").fill("Kementerian Dalam Negeri")
    form.get_by_label("Dokumen sumber").fill("Keputusan Menteri Dalam Negeri tentang Indeks Inovasi Daerah")
    form.get_by_role("button", name="Tambah").click()
    expect(page.locator("#add-kind")).to_contain_text("Gunakan huruf kecil, angka, dan tanda hubung")
    expect(page.locator("#kind-indeks-inovasi")).to_have_count(0)
    shoot(page, "figures-05-kind-refused")
    form = page.locator("#add-kind")
    form.get_by_label("Kunci").fill("indeks-inovasi")
    form.get_by_role("button", name="Tambah").click()
    expect(page.get_by_text("Jenis ditambahkan: Indeks Inovasi Daerah.")).to_be_visible()
    expect(page.locator("#kind-indeks-inovasi")).to_contain_text("0–100")
    shoot(page, "figures-06-kind-added")

    # The new kind is there to record a figure of, with its document.
    page.get_by_role("link", name="← Nilai eksternal").click()
    record = page.locator("#record")
    record.get_by_label("Jenis").select_option(label="Indeks Inovasi Daerah")
    record.get_by_label("Unit").select_option(label="Dinas Kesehatan")
    record.get_by_label("Tahun").fill("2025")
    record.get_by_label("Nilai").fill("72,5")
    record.get_by_label("Judul dokumen").fill(
        "Keputusan Menteri Dalam Negeri tentang Indeks Inovasi Daerah 2025"
    )
    record.get_by_label("Nomor dokumen").fill("100.4.4-1234 Tahun 2025")
    record.get_by_label("Tanggal dokumen").fill("2025-12-10")
    record.get_by_label("Tautan dokumen").fill("https://jdih.example.go.id/kepmendagri-iid-2025.pdf")
    record.get_by_role("button", name="Catat").click()
    expect(page.get_by_text("Tercatat: Indeks Inovasi Daerah · Dinas Kesehatan · 2025.")).to_be_visible()
    expect(page.locator("#figures")).to_contain_text("72,50")
    expect(page.locator("#figures")).to_contain_text("Nomor 100.4.4-1234 Tahun 2025")
    shoot(page, "figures-07-figure-of-new-kind")

    # Now that a figure names it, its key is locked and the kind cannot be deleted.
    page.goto(f"{live_server.url}{reverse('figures:kinds', args=[city.instansi.code])}")
    page.locator("#kind-indeks-inovasi").get_by_role("link", name="Ubah").click()
    expect(page.get_by_label("Kunci")).to_be_disabled()
    expect(page.locator("#edit-kind")).to_contain_text("Kunci indeks-inovasi dipakai oleh 1 nilai tercatat")
    expect(page.locator("#delete-kind")).to_have_count(0)
    shoot(page, "figures-08-kind-locked")
    assert Figure.objects.get(kind__key="indeks-inovasi").value == Decimal("72.50")
    # The one refusal above answered 400 (the browser logs it too); nothing else failed.
    assert [e for e in errors if "400" not in e] == []
    context.close()
