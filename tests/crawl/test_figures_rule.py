"""The rule that finds English-style decimals on Bahasa Indonesia pages (tests/crawl/figures.py)."""

import pytest

from tests.crawl.figures import dot_decimals, dot_decimals_on_page


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("Nilai 85.5 dari 100", ["85.5"]),
        ("IKM 82.37 (B)", ["82.37"]),
        ("1,250.5 tanggapan", ["250.5"]),  # English grouping and decimals
        ("capaian 12.50%.", ["12.50"]),
        ("Nilai 85,5 dari 100", []),
        ("35.065 tanggapan", []),  # the thousands dot
        ("Rp 1.250.000,50", []),
        ("Nilai 1.250,5", []),
        ("Indikator I.A.7.1.a dan II.B.3.1.a", []),  # codes
        ("rb-pd 2025.1 · zi 2021.1", []),  # versions
        ("server 127.0.0.1 versi 1.2.3", []),
        ("https://data.kendari.example/rb/2.5/x.pdf dan admin@kendari.example", []),
        ("30 Nov 2026, 14.30", []),
        ("pukul 08.15 WITA", []),
        ("dibuka 14.30", ["14.30"]),  # a bare 14.30 could be a score
    ],
)
def test_the_rule_flags_decimal_points_and_ignores_codes_versions_addresses_and_times(text, found):
    assert dot_decimals(text) == found


def test_a_page_is_read_as_a_person_reads_it():
    html = (
        '<html lang="id"><head><style>.a{width:12.5px}</style><script src="x.js"></script></head><body>'
        '<p title="skor 3.5">Skor <b>85</b>.<i>5</i></p><input type="text" name="v" value="72.5">'
        '<input type="number" name="n" value="72.5"><svg aria-label="70.25 / 100"></svg></body></html>'
    )
    assert dot_decimals_on_page(html) == ["3.5 in «skor 3.5»", "72.5 in «72.5»", "70.25 in «70.25 / 100»"]


def test_text_marked_as_another_language_is_not_read_as_indonesian():
    html = (
        '<html lang="id"><body><p>Nilai 85,5</p><button lang="en">Score 85.5</button>'
        "<p>lagi 7.5</p></body></html>"
    )
    assert dot_decimals_on_page(html) == ["7.5 in «lagi 7.5»"]


def test_english_messages_and_raw_values_are_found_but_identifiers_are_not():
    from tests.crawl.language import leftovers

    html = (
        '<html lang="id"><body><select><option value="">- Select an option -</option></select>'
        "<td>self_assessment</td><td>filled_from_survey</td><td>evaluator</td><p>Kembali ke beranda</p>"
        '<p>IKM</p><button lang="en">English</button><p>Log out</p></body></html>'
    )
    assert leftovers(html, identifiers=frozenset({"evaluator"})) == [
        "English «- Select an option -»",
        "raw value «self_assessment»",
        "raw value «filled_from_survey»",
        "English «Log out»",
    ]
