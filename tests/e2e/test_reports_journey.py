"""What the city reads, in the browser, on the demo city with its finalised 2024 evaluation of 27 OPD: the
pimpinan opens the dashboard, drills into one OPD and downloads its LHE; the Inspektorat admin makes every
LHE as one zip on the task worker and watches the progress bar until the file is offered. A screenshot of
every step; the downloaded files are opened and their figures compared with the stored results."""

import threading
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import expect

from nyata.evaluations.demo import periods as evaluation_demo
from nyata.evaluations.models import Period, Result
from nyata.instruments import demo_data as instrument_demo
from nyata.org.demo import DEFAULT_CITY, load_city, read_city
from nyata.org.models import User
from nyata.reports.indonesian import number
from nyata.reports.tests.documents import pdf_text, zip_names

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "rahasia-laporan-2026"


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
    quiet = open("/dev/null", "w")  # noqa: SIM115
    instrument_demo.load_demo(instansi=instansi, stdout=quiet)
    evaluation_demo.load_demo(instansi=instansi, stdout=quiet)
    for person in User.objects.filter(username__in=("pimpinan", "admin.inspektorat")):
        person.set_password(PASSWORD)
        person.save()
    return instansi


class Worker(threading.Thread):
    """`nyata db_worker` in a thread of the test (its own database connection), stopped at the end."""

    def __init__(self):
        super().__init__(daemon=True)
        from django_tasks_db.management.commands.db_worker import Worker as DbWorker

        self.worker = DbWorker(
            queue_names=["default"],
            interval=0.2,
            batch=False,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id="e2e-worker",
            excluded_queue_names=[],
        )

    def run(self):
        try:
            self.worker.run()
        finally:
            connections.close_all()

    def stop(self):
        self.worker.running = False
        self.join(timeout=30)


def _as(browser, base, username):
    context = browser.new_context(
        locale="id-ID", viewport={"width": 1280, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(20_000)
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("response", lambda r: errors.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(f"{base}/akun/masuk/")
    page.get_by_label("Nama pengguna").fill(username)
    page.get_by_label("Sandi").fill(PASSWORD)
    page.get_by_role("button", name="Masuk").click()
    return context, page, errors


def test_the_pimpinan_reads_the_city_and_takes_one_opd_s_lhe(browser, live_server, city, shoot):
    period = Period.objects.get(instansi=city, status=Period.Status.FINALISED)
    best = (
        Result.objects.filter(assessment__period=period)
        .select_related("assessment__unit")
        .order_by("-total")[0]
    )
    context, page, errors = _as(browser, live_server.url, "pimpinan")
    page.get_by_role("link", name="Dasbor hasil evaluasi").click()
    expect(page.get_by_role("heading", name="Dasbor hasil evaluasi")).to_be_visible()
    expect(page.locator("#chart-distribution[data-drawn=true]")).to_be_attached()
    expect(page.locator("#table-ranking tbody tr")).to_have_count(27)
    first = page.locator("#table-ranking tbody tr").first
    expect(first).to_contain_text(best.assessment.unit.name)
    expect(first).to_contain_text(number(best.total))
    shoot(page, "reports-01-dashboard")
    page.locator("#table-heatmap tbody tr").first.locator("td a").first.click()
    expect(page.get_by_role("heading", name=best.assessment.unit.name, exact=True)).to_be_visible()
    expect(page.locator("#unit-total")).to_have_text(number(best.total))
    shoot(page, "reports-02-unit")
    with page.expect_download() as download:
        page.get_by_role("link", name="LHE (PDF)").click()
    text = pdf_text(Path(download.value.path()).read_bytes())
    assert best.assessment.unit.name.upper() in text
    assert number(best.total) in text
    assert best.predicate in text
    context.close()
    assert errors == []


def test_the_admin_makes_every_lhe_as_one_zip_and_watches_it_progress(browser, live_server, city, shoot):
    period = Period.objects.get(instansi=city, status=Period.Status.FINALISED)
    context, page, errors = _as(browser, live_server.url, "admin.inspektorat")
    page.get_by_role("link", name="Dasbor hasil evaluasi").click()
    page.get_by_role("link", name="Dokumen periode ini", exact=True).click()
    expect(page.get_by_role("heading", name=f"Dokumen: {period.title}")).to_be_visible()
    page.get_by_role("button", name="Buat: Semua LHE periode ini (zip)").click()
    job = page.locator(".job").first
    expect(job).to_contain_text("Menunggu giliran diproses: 0 dari 27 unit")
    shoot(page, "reports-03-queued")
    worker = Worker()
    worker.start()
    try:
        expect(job).to_contain_text("Sedang dibuat", timeout=60_000)
        shoot(page, "reports-04-progress")
        expect(job).to_contain_text("Siap diunduh", timeout=240_000)
    finally:
        worker.stop()
    shoot(page, "reports-05-ready")
    with page.expect_download() as download:
        job.get_by_role("link", name="Unduh LHE-2024-").click()
    data = Path(download.value.path()).read_bytes()
    names = zip_names(data)
    assert len(names) == 54
    assert sum(name.endswith(".docx") for name in names) == 27
    context.close()
    assert errors == []
