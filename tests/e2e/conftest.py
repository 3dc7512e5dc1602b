"""Browser tests: Playwright driving Debian's chromium, headless, against pytest-django's live server."""

import shutil
from pathlib import Path

import pytest
from django.db import connections

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
# Every wait in these tests is for an event (expect polls until it holds), so a generous ceiling costs a
# passing test nothing; it only keeps a busy 2-core machine (CI beside other work) from failing a journey.
EVENT_TIMEOUT_MS = 30_000
# A full-page screenshot is work, not a wait: a long page on a loaded machine takes tens of seconds.
SCREENSHOT_TIMEOUT_MS = 120_000
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    # This machine has no internet: without these, chromium keeps trying to reach Google's services.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import expect

    expect.set_options(timeout=EVENT_TIMEOUT_MS)
    executable = shutil.which("chromium")
    if executable is None:
        pytest.fail("Debian's chromium is required for browser tests: `make test` installs it.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=executable, headless=True, args=CHROMIUM_ARGS)
        yield instance
        instance.close()
        # While Playwright runs, its event loop counts as running in this thread, and Django keeps the
        # thread's database connections apart for it (asgiref's thread-critical Local): the connections that
        # tests opened from then on are not the ones the test database's teardown closes, and PostgreSQL
        # refused to drop a database they still held. Closed here, while that loop still runs.
        connections.close_all()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="id-ID", viewport={"width": 1280, "height": 900})
    context.set_default_timeout(EVENT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def phone(browser):
    context = browser.new_context(
        locale="id-ID", viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True
    )
    context.set_default_timeout(EVENT_TIMEOUT_MS)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def shoot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True, timeout=SCREENSHOT_TIMEOUT_MS)
        return path

    return take


@pytest.fixture(scope="session")
def production_server(django_db_setup, django_db_blocker):
    """A live server answering with the application gunicorn serves (nyata.wsgi: the citizens' survey
    addresses on their lighter middleware stack, behind the development key's loopback guard), where
    pytest-django's live_server answers with Django's own handler and the full stack. Static files are
    served as the live server serves them. For the whole session, as live_server: it stops after the
    browser's last page has let go of its connections. Tests using it need the transactional database."""
    from django.contrib.staticfiles.handlers import StaticFilesHandler
    from pytest_django.live_server_helper import LiveServer

    from nyata.wsgi import application

    with django_db_blocker.unblock():
        server = LiveServer("localhost", start=False)
        server.thread.static_handler = lambda _djangos_own_handler: StaticFilesHandler(application)
        server.start()
    yield server
    server.stop()
