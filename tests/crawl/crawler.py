"""A breadth-first crawl of the site as one signed-in person, through Django's test client (no browser).

Starting at the landing page and at every link of the person's notifications, it follows same-site links
(`<a href>`) and GET forms sent with their default values, GET only, each address once. It is bounded
by page family: a family is the view an address resolves to plus the names of its query parameters
(`surveys:complaints?periode,status`), and at most `per_family` addresses of a family are visited. The
demo's 27 OPD, 51 services and 2 periods make thousands of addresses out of a few dozen families; three of
each find what one finds while keeping the crawl fast enough for `make test`. A family that answers a file
(PDF, XLSX, CSV, an image) is downloaded once: files have no links, and making them is the slow part.
Notification links are visited whatever their family (they are where a person is sent). `per_family=0`
visits everything.
"""

import re
import time
from collections import Counter, deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit

from django.test import Client
from django.urls import Resolver404, resolve

# Addresses a crawl never requests: logging out would end the session, the language switch is a POST
# that changes the session's language, static files are not pages, Django's admin is not the product.
SKIPPED_PREFIXES = ("/akun/keluar/", "/i18n/", "/static/", "/django-admin/")
STYLED_ERROR = re.compile(r'class="error-page[^"]*" data-status="(\d{3})"')


@dataclass
class Visit:
    url: str
    status: int
    family: str
    content_type: str
    body: str  # the decoded HTML; empty for files (PDF, XLSX, CSV, images)
    came_from: str
    seconds: float = 0.0


@dataclass
class Crawl:
    visits: list[Visit] = field(default_factory=list)
    seconds: float = 0.0
    left_over: set[str] = field(default_factory=set)  # found but not visited: their family was full

    @property
    def families(self) -> Counter:
        return Counter(visit.family for visit in self.visits)

    def server_errors(self) -> list[str]:
        return [f"{v.status} {v.url} (linked from {v.came_from})" for v in self.visits if v.status >= 500]

    def unstyled_errors(self) -> list[str]:
        """4xx answers that are not Nyata's styled error page of the same status."""
        found = []
        for visit in self.visits:
            if 400 <= visit.status < 500:
                marker = STYLED_ERROR.search(visit.body)
                if marker is None or int(marker.group(1)) != visit.status:
                    found.append(f"{visit.status} {visit.url} (linked from {visit.came_from})")
        return found

    def html_pages(self) -> list[Visit]:
        return [v for v in self.visits if v.status == 200 and v.body]


class _Page(HTMLParser):
    """The links and the GET forms (with the values they would send untouched) of one page."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self._form: dict | None = None
        self._select: str | None = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "a" and attributes.get("href"):
            self.links.append(attributes["href"])
        elif tag == "form" and (attributes.get("method") or "get").lower() == "get":
            self._form = {"action": attributes.get("action") or "", "fields": {}}
        elif self._form is not None and tag == "input" and attributes.get("name"):
            kind = (attributes.get("type") or "text").lower()
            if kind in ("checkbox", "radio") and "checked" not in attributes:
                return
            if kind not in ("submit", "button", "file"):
                self._form["fields"].setdefault(attributes["name"], attributes.get("value") or "")
        elif self._form is not None and tag == "select" and attributes.get("name"):
            self._select = attributes["name"]
        elif self._form is not None and tag == "option" and self._select:
            fields = self._form["fields"]
            if "selected" in attributes or self._select not in fields:
                fields[self._select] = attributes.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "select":
            self._select = None
        elif tag == "form" and self._form is not None:
            query = urlencode({k: v for k, v in self._form["fields"].items() if v})
            self.links.append(f"{self._form['action']}?{query}" if query else self._form["action"] or "?")
            self._form = None


def family_of(url: str) -> str:
    parts = urlsplit(url)
    try:
        name = resolve(parts.path).view_name
    except Resolver404:
        name = "unresolved"
    keys = ",".join(sorted({key for key, _ in parse_qsl(parts.query, keep_blank_values=True)}))
    return f"{name}?{keys}" if keys else name


def _same_site(base: str, href: str) -> str | None:
    parts = urlsplit(urljoin(base, href.strip()))
    if parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", ""):
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client, *, start: list[str], always: list[str], per_family: int) -> Crawl:
    """Visit `start` and `always` (never capped), then every same-site link found, breadth-first."""
    result, began = Crawl(), time.monotonic()
    queue: deque[tuple[str, str]] = deque((url, "(start)") for url in start)
    queue.extend((url, "(notification)") for url in always)
    uncapped, seen, per, files = set(always) | set(start), set(), Counter(), set()
    while queue:
        url, came_from = queue.popleft()
        if url in seen:
            continue
        family = family_of(url)
        limit = 1 if family in files else per_family
        if per_family and url not in uncapped and per[family] >= limit:
            result.left_over.add(url)
            continue
        seen.add(url)
        per[family] += 1
        asked = time.monotonic()
        response = client.get(url)
        content_type = response.get("Content-Type", "")
        is_html = content_type.startswith("text/html")
        body = response.content.decode() if is_html and not response.streaming else ""
        if response.status_code == 200 and not is_html:
            files.add(family)
        result.visits.append(
            Visit(url, response.status_code, family, content_type, body, came_from, time.monotonic() - asked)
        )
        if response.status_code in (301, 302, 303, 307, 308):
            target = _same_site(f"http://testserver{url}", response["Location"])
            if target:
                queue.append((target, url))
            continue
        if is_html and response.status_code == 200:
            page = _Page()
            page.feed(body)
            for href in page.links:
                target = _same_site(f"http://testserver{url}", href)
                if target and target not in seen:
                    queue.append((target, url))
    result.seconds = time.monotonic() - began
    return result
