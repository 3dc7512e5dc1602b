"""Weight of the OPD worksheet on the demo: the rb-pd worksheet of the 2025 period (Dikbud, partly answered)
as the operator opens it: HTML bytes, SQL queries, and the page height in a browser at laptop width (1366 px)
and phone width (390 px). Where the worksheet is split into areas, every area's page is measured too, and
each of its pages too; the heaviest is reported beside the first.

Run by `make bench`; prints one JSON line. `python bench/worksheet_page.py VAR_DIR` measures an existing
demo database under VAR_DIR instead of building a throw-away one.
"""

import json
import os
import re
import shutil
import sys
import tempfile
from contextlib import nullcontext
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import gunicorn, nyata  # noqa: E402

SETUP_SNIPPET = r"""
import json
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.evaluations.models import Assessment
from nyata.org.models import User

operator = User.objects.get(username="operator.dikbud")
assessment = (
    Assessment.objects.filter(unit__code="dikbud", period__instrument__code="rb-pd", period__status="open")
    .select_related("period__instansi").get()
)
args = [assessment.period.instansi.code, assessment.period_id, assessment.pk]
url = reverse("evaluations:worksheet", args=args)
client = Client()
client.force_login(operator)
client.get(url)
with CaptureQueriesContext(connection) as queries:
    status = client.get(url).status_code
assert status == 200, status
session = SessionStore()
session[SESSION_KEY] = str(operator.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = operator.get_session_auth_hash()
session.create()
print(json.dumps({"session": session.session_key, "worksheet": url, "queries": len(queries)}))
"""

# Queries of one more page: the same count for every area is the point (none grows with the area).
QUERIES_SNIPPET = r"""
import json
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from nyata.org.models import User
client = Client()
client.force_login(User.objects.get(username="operator.dikbud"))
found = {}
for url in URLS:
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        status = client.get(url).status_code
    assert status == 200, (url, status)
    found[url] = len(queries)
print(json.dumps(found))
"""

WIDTHS = {"laptop": (1366, 768, False), "phone": (390, 844, True)}
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
]


def measure(base: str, session: str, urls: list[str]) -> dict[str, dict[str, int]]:
    """Per URL: HTML bytes and page height at each width, from chromium."""
    from playwright.sync_api import sync_playwright

    found: dict[str, dict[str, int]] = {url: {} for url in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium"),
            headless=True,
            args=CHROMIUM_ARGS,
        )
        for name, (width, height, mobile) in WIDTHS.items():
            viewport = {"width": width, "height": height}
            context = browser.new_context(
                locale="id-ID", viewport=viewport, is_mobile=mobile, has_touch=mobile
            )
            context.add_cookies([{"name": "sessionid", "value": session, "url": base}])
            page = context.new_page()
            for url in urls:
                response = page.goto(base + url, wait_until="load")
                if response is None or response.status != 200:
                    raise RuntimeError(f"{url} answered {response and response.status}")
                found[url]["html_bytes"] = len(response.body())
                found[url][f"height_{name}_px"] = page.evaluate("document.documentElement.scrollHeight")
            context.close()
        browser.close()
    return found


def _get(base: str, session: str, url: str) -> str:
    import http.client
    from urllib.parse import urlsplit

    parts = urlsplit(base)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
    try:
        connection.request("GET", url, headers={"Cookie": f"sessionid={session}"})
        return connection.getresponse().read().decode()
    finally:
        connection.close()


def _links(body: str, marker: str) -> list[str]:
    found = re.findall(rf'<a [^>]*{marker}[^>]*href="([^"]+)"', body)
    found += re.findall(rf'<a [^>]*href="([^"]+)"[^>]*{marker}', body)
    return [link.replace("&amp;", "&") for link in found]


def area_pages(base: str, session: str, url: str) -> list[str]:
    """Every page of every area, when the worksheet has an area navigation (links marked data-area, and
    each area's pager)."""
    pages: list[str] = []
    for area in dict.fromkeys(_links(_get(base, session, url), 'data-area="[^"]*"')):
        pages.append(area)
        body = _get(base, session, area)
        pager = body[body.find('<nav class="pager"') :]
        pages += [link for link in _links(pager, "") if "halaman=" in link]
    return list(dict.fromkeys(pages))


def main() -> None:
    existing = sys.argv[1] if len(sys.argv) > 1 else None
    holder = nullcontext(existing) if existing else tempfile.TemporaryDirectory(prefix="nyata-bench-")
    with holder as var:
        env = {"NYATA_VAR_DIR": var, "NYATA_ENV": "development", "NYATA_DEBUG": "false"}
        if not existing:
            nyata(["migrate", "-v0"], env)
            nyata(["demo"], env)
        nyata(["collectstatic", "--noinput", "-v0"], env)
        setup = json.loads(nyata(["shell", "-c", SETUP_SNIPPET], env).strip().splitlines()[-1])
        with gunicorn("nyata.wsgi:application", env=env, ready_path="/sehat/") as port:
            base = f"http://127.0.0.1:{port}"
            areas = area_pages(base, setup["session"], setup["worksheet"])
            pages = measure(base, setup["session"], [setup["worksheet"], *areas])
        queries = json.loads(
            nyata(["shell", "-c", f"URLS = {json.dumps(areas)!s}\n" + QUERIES_SNIPPET], env)
            .strip()
            .splitlines()[-1]
        )
    first = pages[setup["worksheet"]]
    heaviest = max(pages.values(), key=lambda p: p["html_bytes"])
    print(
        json.dumps(
            {
                "bench": "worksheet_page",
                "database": "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite",
                "worksheet_queries": setup["queries"],
                "pages": len(areas),
                "queries_per_page": sorted(set(queries.values())),
                "first_page": first,
                "heaviest_page": heaviest,
            }
        )
    )


if __name__ == "__main__":
    main()
