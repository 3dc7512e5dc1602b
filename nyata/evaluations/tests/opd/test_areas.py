"""The worksheet's areas, filters, pages and per-area progress, as rules over the instrument and the facts."""

from nyata.evaluations.queries.areas import (
    BY_KEY,
    PAGE_SIZE,
    Facts,
    area_of_indicator,
    areas_of,
    filter_counts,
    page_of,
    progress,
)
from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT
from nyata.evaluations.tests.opd.conftest import AREA_INSTRUMENT
from nyata.scoring import read_instrument

AREAS = read_instrument(text=AREA_INSTRUMENT)


def _facts(values=None, present=(), noted=()) -> Facts:
    return Facts(values=values or {}, present=frozenset(present), noted=frozenset(noted))


def test_an_area_is_a_component_under_a_root_and_a_roots_own_indicators_make_one_more():
    found = [(a.code, a.title, [n.code for n in a.leaves], a.whole) for a in areas_of(AREAS)]
    assert found == [
        ("A.1", "Area satu", [f"A.1.{i:02d}" for i in range(1, 13)], True),
        ("A.2", "Area dua", ["A.2.1"], True),
        ("B", "RB Tematik", ["B.1"], False),  # B's own indicator, beside its component B.2
        ("B.2", "Dampak", ["B.2.1"], True),
    ]


def test_a_root_without_components_is_one_area():
    small = read_instrument(text=SMALL_INSTRUMENT)
    assert [(a.code, [n.code for n in a.leaves]) for a in areas_of(small)] == [
        ("I", ["I.1", "I.2"]),
        ("II", ["II.1"]),
    ]


def test_an_area_is_shown_ten_indicators_a_page_and_a_page_out_of_range_shows_the_nearest():
    area = areas_of(AREAS)[0]
    first, second = (page_of(area, _facts(), chosen=None, number=n) for n in (1, 2))
    assert PAGE_SIZE == 10
    assert ([n.code for n in first.leaves][-1], first.count, first.next, first.previous) == (
        "A.1.10",
        2,
        2,
        None,
    )
    assert ([n.code for n in second.leaves], second.next, second.previous) == (["A.1.11", "A.1.12"], None, 1)
    assert page_of(area, _facts(), chosen=None, number=9).number == 2
    assert page_of(area, _facts(), chosen=None, number=0).number == 1


def test_an_indicator_is_found_on_its_area_and_page():
    assert [
        (a.code, page) for a, page in [area_of_indicator(AREAS, code) for code in ("A.1.03", "A.1.11", "B.1")]
    ] == [
        ("A.1", 1),
        ("A.1", 2),
        ("B", 1),
    ]
    assert area_of_indicator(AREAS, "Z.9") is None


def test_not_answered_yet_finds_indicators_without_a_value():
    area = areas_of(AREAS)[0]
    facts = _facts(values={"A.1.01": "Ya", "A.1.02": None, "A.1.03": "Tidak"})
    unanswered = page_of(area, facts, chosen=BY_KEY["belum-dijawab"], number=1)
    assert [n.code for n in unanswered.leaves][:2] == ["A.1.02", "A.1.04"]
    assert unanswered.matching == 10


def test_evidence_missing_counts_required_items_only_and_not_for_an_indicator_not_applicable():
    a1, a2 = areas_of(AREAS)[:2]
    facts = _facts(values={"A.1.02": "Ya"}, present={("A.1.02", "sp")})
    missing = page_of(a1, facts, chosen=BY_KEY["data-dukung-kurang"], number=1)
    assert [n.code for n in missing.leaves] == ["A.1.01", "A.1.03"]  # the photo of A.1.01 is not required
    not_applicable = _facts(values={"A.2.1": "na"})
    assert page_of(a2, not_applicable, chosen=BY_KEY["data-dukung-kurang"], number=1).leaves == ()


def test_returned_or_with_notes_finds_the_noted_indicators():
    area = areas_of(AREAS)[0]
    noted = page_of(area, _facts(noted={"A.1.05", "B.1"}), chosen=BY_KEY["ada-catatan"], number=1)
    assert [n.code for n in noted.leaves] == ["A.1.05"]


def test_each_filter_counts_within_the_area():
    area = areas_of(AREAS)[0]
    facts = _facts(values={"A.1.01": "Ya"}, present={("A.1.01", "sk")}, noted={"A.1.12"})
    counts = [(c.filter.key if c.filter else "", c.count) for c in filter_counts(area, facts)]
    assert counts == [("", 12), ("belum-dijawab", 11), ("data-dukung-kurang", 2), ("ada-catatan", 1)]


def test_each_areas_progress_answers_evidence_notes_and_the_filter_match():
    facts = _facts(
        values={"A.1.01": "Ya", "A.2.1": "na", "B.1": {"number": "50"}},
        present={("A.1.01", "sk"), ("A.1.01", "foto")},
        noted={"A.1.04"},
    )
    found = progress(areas_of(AREAS), facts, chosen=BY_KEY["belum-dijawab"], scores={})
    assert [
        (
            p.area.code,
            p.answered,
            p.total,
            p.evidence_present,
            p.evidence_required,
            p.noted,
            p.matching,
            p.done,
        )
        for p in found
    ] == [
        ("A.1", 1, 12, 1, 3, 1, 11, False),
        ("A.2", 1, 1, 0, 0, 0, 0, True),  # not applicable: nothing to prove
        ("B", 1, 1, 0, 0, 0, 0, True),
        ("B.2", 0, 1, 0, 0, 0, 1, False),
    ]
