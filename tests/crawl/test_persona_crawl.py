"""Every person of the demo city, signed in, follows every link reachable from their landing page and from
their notifications: no page answers 5xx, and every error page is Nyata's styled one.

The crawl is bounded per page family (see crawler.py); NYATA_CRAWL_PER_FAMILY=0 visits every address.
Each persona's figures are written to var/crawl/<username>.json."""

import json
import os
import re
from pathlib import Path

import pytest
from django.test import Client
from django.urls import reverse

from nyata.instruments.models import Instrument
from nyata.notifications.models import Notification
from nyata.org.models import Unit, User
from tests.crawl.conftest import demo_usernames
from tests.crawl.crawler import Crawl, crawl
from tests.crawl.figures import dot_decimals_on_page, read_text
from tests.crawl.language import leftovers

PER_FAMILY = int(os.environ.get("NYATA_CRAWL_PER_FAMILY", "3"))
REPORTS = Path(__file__).resolve().parents[2] / "var" / "crawl"
# Every page family of the product that some demo persona must reach by following links.
FAMILIES = {
    "landing": ["home"],
    "periods": ["evaluations:period-list", "evaluations:period-detail"],
    "worksheets": ["evaluations:worksheet"],
    "review pages": ["evaluations:review-period", "evaluations:review-assessment", "evaluations:team-page"],
    "verification": ["evaluations:verification-list"],
    "clarifications": ["evaluations:clarification-list"],
    "appeals": ["evaluations:appeal-page"],
    "results": ["evaluations:result", "evaluations:finalise"],
    "ranking": ["evaluations:ranking"],
    "progress": ["evaluations:progress"],
    "timeline": ["evaluations:timeline"],
    "surveys": [
        "surveys:overview",
        "surveys:unit",
        "surveys:service",
        "surveys:survey",
        "surveys:complaints",
    ],
    "instruments": ["instruments:list", "instruments:detail", "instruments:simulate"],
    "notifications": ["notifications:list"],
    "people and units": ["org:unit-list", "org:unit-detail", "org:person-list", "org:person-detail"],
    "outside figures": ["figures:index", "figures:compare", "figures:kinds"],
}
# Internal notes of the instrument files (reliability marks, notes on the sources) and a province's name or
# system presented as the city's own (issue 13, "Instruments speak to their users").
INTERNAL_NOTE = re.compile(r"\[[USC]\]|\[[USC],|juknis was|was (?:not )?found|opsi sumber|Acuan\s+sumber")
PROVINCIAL = re.compile(r"Sulteng|Sulawesi Tengah|Pemerintah Provinsi|\bBiro\b")
CRAWLS: dict[str, Crawl] = {}


def _crawl_as(username: str) -> Crawl:
    """The persona's crawl, run once per test session (the checks below read the same pages)."""
    if username in CRAWLS:
        return CRAWLS[username]
    person = User.objects.get(username=username)
    client = Client(raise_request_exception=False)  # a view's exception becomes the 500 a person would see
    client.force_login(person)
    links = Notification.objects.filter(recipient=person).exclude(url="").values_list("url", flat=True)
    # Besides the landing page, two addresses that must answer the styled error pages: one that does not
    # exist (404) and the system administrators' list of instansi (403 for everyone else).
    start = ["/", "/halaman-yang-tidak-ada/", reverse("org:instansi-list")]
    result = crawl(client, start=start, always=sorted(set(links)), per_family=PER_FAMILY)
    CRAWLS[username] = result
    REPORTS.mkdir(parents=True, exist_ok=True)
    report = {
        "username": username,
        "per_family": PER_FAMILY,
        "visited": len(result.visits),
        "families": len(result.families),
        "left_over": len(result.left_over),
        "seconds": round(result.seconds, 1),
        "statuses": sorted({v.status for v in result.visits}),
        "family_counts": dict(sorted(result.families.items())),
        "slowest": [f"{v.seconds:.2f} {v.url}" for v in sorted(result.visits, key=lambda v: -v.seconds)[:8]],
    }
    (REPORTS / f"{username}.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return result


@pytest.mark.parametrize("username", demo_usernames())
def test_no_page_reachable_by_a_demo_persona_answers_5xx_or_an_unstyled_error(demo, db, username):
    result = _crawl_as(username)
    assert len(result.visits) > 5
    expected = {404, 200} if username == "sysadmin" else {404, 403}
    assert {v.status for v in result.visits if v.came_from == "(start)" and v.url != "/"} == expected
    assert result.server_errors() == []
    assert result.unstyled_errors() == []


@pytest.mark.parametrize("username", demo_usernames())
def test_no_bahasa_indonesia_page_writes_a_figure_with_a_decimal_point(demo, db, username):
    pages = [v for v in _crawl_as(username).html_pages() if '<html lang="id">' in v.body]
    assert len(pages) > 5
    found = {v.url: dot_decimals_on_page(v.body) for v in pages}
    report = {url: figures for url, figures in found.items() if figures}
    (REPORTS / f"{username}-figures.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    assert {url: figures for url, figures in found.items() if figures} == {}


@pytest.mark.parametrize("username", demo_usernames())
def test_no_bahasa_indonesia_page_shows_english_or_raw_values(demo, db, username):
    pages = [v for v in _crawl_as(username).html_pages() if '<html lang="id">' in v.body]
    identifiers = frozenset(
        [
            *User.objects.values_list("username", flat=True),
            *Unit.objects.values_list("code", flat=True),
            *Instrument.objects.values_list("code", flat=True),
        ]
    )
    found = {v.url: leftovers(v.body, identifiers) for v in pages}
    report = {url: texts for url, texts in found.items() if texts}
    (REPORTS / f"{username}-language.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    assert report == {}


@pytest.mark.parametrize("username", demo_usernames())
def test_no_page_shows_an_internal_note_and_no_evaluation_page_a_province_as_the_city_s_own(
    demo, db, username
):
    pages = _crawl_as(username).html_pages()
    # A published version never changes (periods pin it): rb-pd 2024.1 and 2025.1 keep their texts, which
    # 2024.2 and 2025.2 corrected, on their own instrument pages (instrument, simulation, download).
    superseded = ("/instrumen/rb-pd/2024.1/", "/instrumen/rb-pd/2025.1/")
    notes = {
        v.url: INTERNAL_NOTE.findall(" ".join(read_text(v.body)))
        for v in pages
        if not v.url.startswith(superseded)
    }
    assert {url: found for url, found in notes.items() if found} == {}
    # The demo's periods pin rb-pd 2024.2 and 2025.2; an older published version keeps its texts, seen on
    # its own instrument page only.
    evaluated = [v for v in pages if v.family.startswith(("evaluations:", "reports:", "figures:", "home"))]
    assert len(evaluated) > 3 or username == "sysadmin"  # the system administrator evaluates nothing
    provincial = {v.url: PROVINCIAL.findall(" ".join(read_text(v.body))) for v in evaluated}
    assert {url: found for url, found in provincial.items() if found} == {}


def test_the_crawls_together_reach_every_page_family(demo, db):
    for username in demo_usernames():
        _crawl_as(username)
    reached = {visit.family.split("?")[0] for result in CRAWLS.values() for visit in result.visits}
    missing = {name: [f for f in views if f not in reached] for name, views in FAMILIES.items()}
    assert {name: views for name, views in missing.items() if views} == {}


@pytest.mark.parametrize("username", ["admin.inspektorat", "evaluator", "dalnis"])
def test_the_clarification_list_that_once_answered_500_opens_for_the_inspektorat(demo, db, username):
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username=username))
    response = client.get(reverse("evaluations:clarification-list", args=["kota-kendari-demo"]))
    assert response.status_code == 200
    assert "Laporan triwulan IV yang ditandatangani telah diunggah" in response.content.decode()
