"""The worksheet one area at a time: navigation, filters, pages, htmx fragments, the self-score, and a
query count that stays the same on every page."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.models import Assessment

HTMX = {"HX-Request": "true"}


def _answer(assessment, by, code, value):
    save_answer(assessment=assessment, indicator=code, value=value, explanation="", base_revision=0, by=by)


def _shown(page: str) -> list[str]:
    return re.findall(r'<article class="indicator card" id="i-([A-Za-z0-9_]+)"', page)


def test_the_worksheet_opens_on_the_first_page_of_the_first_area_with_every_area_listed(
    client, opd_operator, area_urls
):
    client.force_login(opd_operator)
    page = client.get(area_urls.worksheet).content.decode()
    assert _shown(page) == [f"A_1_{i:02d}" for i in range(1, 11)]
    assert re.findall(r'data-area="([^"]+)"', page)[:4] == ["A.1", "A.2", "B", "B.2"]
    assert 'data-area="A.1" aria-current="page"' in page
    assert "0/12 dijawab · data dukung 0/3" in page
    assert "Halaman 1 dari 2: 10 dari 12 indikator." in page
    assert "Area berikutnya" not in page  # page 2 comes first
    assert 'rel="next"' in page


def test_the_second_page_and_the_next_area(client, opd_operator, area_urls):
    client.force_login(opd_operator)
    page = client.get(area_urls.worksheet + "?area=A.1&halaman=2").content.decode()
    assert _shown(page) == ["A_1_11", "A_1_12"]
    assert 'data-area="A.2">Area berikutnya: A.2 Area dua' in page
    assert _shown(client.get(area_urls.worksheet + "?area=B").content.decode()) == ["B_1"]
    assert _shown(client.get(area_urls.worksheet + "?area=B.2").content.decode()) == ["B_2_1"]


def test_not_answered_yet_shows_only_the_open_indicators_of_the_area(client, opd_operator, area_urls):
    for code in ("A.1.01", "A.1.02", "A.1.03"):
        _answer(area_urls.assessment, opd_operator, code, "Ya")
    client.force_login(opd_operator)
    page = client.get(area_urls.worksheet + "?area=A.1&saring=belum-dijawab").content.decode()
    assert _shown(page) == [f"A_1_{i:02d}" for i in range(4, 13)]
    assert (
        'data-filter="belum-dijawab" aria-current="page">Belum dijawab <span class="count">9</span>' in page
    )
    assert 'data-filter="semua">Semua <span class="count">12</span>' in page
    # the area links keep the filter, and say how many each area has left
    assert 'href="/i/kota-kendari/evaluasi/periode/' in page
    assert "?area=B&amp;saring=belum-dijawab" in page
    assert "<strong>9 belum dijawab</strong>" in page


def test_a_filter_that_finds_nothing_says_so_and_offers_everything(client, opd_operator, area_urls):
    client.force_login(opd_operator)
    page = client.get(area_urls.worksheet + "?area=A.2&saring=ada-catatan").content.decode()
    assert _shown(page) == []
    assert "Tidak ada indikator di area ini dengan saringan “Dikembalikan/ada catatan”." in page
    assert "Tampilkan semua indikator area ini" in page


def test_an_unknown_area_or_filter_shows_the_first_area_unfiltered(client, opd_operator, area_urls):
    client.force_login(opd_operator)
    response = client.get(area_urls.worksheet + "?area=ZZ&saring=apa&halaman=x")
    assert response.status_code == 200
    assert _shown(response.content.decode())[0] == "A_1_01"


def test_under_htmx_navigation_answers_only_the_sheet(client, opd_operator, area_urls):
    client.force_login(opd_operator)
    response = client.get(area_urls.worksheet + "?area=B", headers={**HTMX, "HX-Target": "sheet"})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="sheet" class="sheet">')
    assert "<html" not in body
    assert _shown(body) == ["B_1"]


def test_the_query_count_is_the_same_on_every_page_area_and_filter(client, opd_operator, area_urls):
    for code in ("A.1.01", "A.1.11", "B.1"):
        _answer(area_urls.assessment, opd_operator, code, "Ya" if code != "B.1" else {"number": "40"})
    client.force_login(opd_operator)
    counts = {}
    for query in (
        "",
        "?area=A.1&halaman=2",
        "?area=B",
        "?area=A.1&saring=belum-dijawab",
    ):
        client.get(
            area_urls.worksheet + query
        )  # warm the parsed-instrument cache, as a running server has it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(area_urls.worksheet + query)
        assert response.status_code == 200
        counts[query] = len(queries)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(area_urls.worksheet + "?area=B.2", headers={**HTMX, "HX-Target": "sheet"})
    assert response.status_code == 200
    # The fragment has no header, so no unread-notifications count: one query fewer.
    counts["htmx"] = len(queries) + 1
    assert len(set(counts.values())) == 1, counts
    with CaptureQueriesContext(connection) as queries:
        response = client.get(area_urls.worksheet + "?area=A.2&saring=ada-catatan")
    assert response.status_code == 200
    assert len(queries) == counts[""] - 1  # a page without indicators reads no evidence


def test_the_operator_sees_the_proposed_score_with_its_predicate_and_each_areas_score(
    client, opd_operator, urls
):
    _answer(urls.assessment, opd_operator, "I.1", "A")
    _answer(urls.assessment, opd_operator, "I.2", {"number": "87.5"})
    client.force_login(opd_operator)
    page = client.get(urls.worksheet).content.decode()
    # I.1 30 + I.2 30 x 0,875 = 56,25 of 100; II.1 unanswered counts 0
    assert '<strong id="self-score-total">56,25</strong> <span class="muted">dari 100</span>' in page
    assert "BAIK · Baik" not in page
    assert "KURANG · Kurang" in page
    assert "1 indikator yang belum dijawab bernilai 0" in page
    assert "nilai 56,25/60" in page  # area I
    assert "nilai 0/40" in page  # area II


def test_the_head_sees_the_proposed_score_before_deciding(client, opd_operator, opd_head, urls):
    for code, value in (("I.1", "A"), ("I.2", {"number": "50"}), ("II.1", {"number": "100"})):
        _answer(urls.assessment, opd_operator, code, value)
    Assessment.objects.filter(pk=urls.assessment.pk).update(status="awaiting_head")
    client.force_login(opd_head)
    page = client.get(urls.worksheet).content.decode()
    assert '<strong id="self-score-total">85</strong>' in page
    assert "BAIK · Baik" in page
    assert "Keputusan Anda sebagai kepala OPD" in page


def test_the_submit_page_shows_the_proposed_score(client, opd_operator, urls):
    _answer(urls.assessment, opd_operator, "I.1", "B")
    client.force_login(opd_operator)
    page = client.get(urls.submit).content.decode()
    assert '<strong id="self-score-total">15</strong>' in page  # I.1 B: 30 x 0,5


def test_an_htmx_save_refreshes_the_summary_and_the_navigation_of_the_page_it_came_from(
    client, opd_operator, area_urls
):
    client.force_login(opd_operator)
    current = f"http://testserver{area_urls.worksheet}?area=B&saring=belum-dijawab"
    response = client.post(
        area_urls.save("B.1"),
        {"value": "40", "revision": "0"},
        headers={**HTMX, "HX-Current-URL": current},
    )
    body = response.content.decode()
    assert response["HX-Trigger"] == "nyata-saved"
    assert re.search(r'<section id="summary"[^>]*hx-swap-oob="true"', body)
    assert re.search(r'<nav id="areas"[^>]*hx-swap-oob="true"', body)
    assert re.search(r'<nav id="filters"[^>]*hx-swap-oob="true"', body)
    assert 'data-area="B" aria-current="page"' in body
    assert "?area=A.1&amp;saring=belum-dijawab" in body
    assert "1/1 dijawab" in body


def test_a_refused_save_is_not_announced_as_saved(client, opd_operator, area_urls):
    client.force_login(opd_operator)
    response = client.post(area_urls.save("B.1"), {"value": "140", "revision": "0"}, headers=HTMX)
    assert "HX-Trigger" not in response
    assert "Persentase berada di antara 0 dan 100." in response.content.decode()


@pytest.mark.parametrize(
    ("code", "where"), [("A.1.11", "?area=A.1&halaman=2#i-A_1_11"), ("B.1", "?area=B#i-B_1")]
)
def test_without_javascript_a_save_returns_to_the_indicators_own_page(
    client, opd_operator, area_urls, code, where
):
    client.force_login(opd_operator)
    value = {"value": "Ya"} if code.startswith("A") else {"value": "10"}
    response = client.post(area_urls.save(code), {**value, "revision": "0"})
    assert (response.status_code, response["Location"]) == (302, area_urls.worksheet + where)
