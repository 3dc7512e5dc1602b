"""One number formatter: decimal comma and thousands dot in Bahasa Indonesia, English style in English."""

from decimal import Decimal

import pytest
from django.template import engines
from django.utils import translation

from nyata.core.numbers import figure, percent, typed


@pytest.mark.parametrize(
    ("value", "places", "indonesian", "english"),
    [
        (Decimal("73.51"), None, "73,51", "73.51"),
        (Decimal("85.50"), None, "85,50", "85.50"),  # the decimals the value has
        ("85.5", None, "85,5", "85.5"),  # decimal text as answers are stored
        (Decimal("1234.5"), None, "1.234,5", "1,234.5"),
        (35065, None, "35.065", "35,065"),
        (Decimal("82.375"), 2, "82,38", "82.38"),  # half-up, not cut off as Django's formatter does
        (Decimal("82.365"), 2, "82,37", "82.37"),
        (2.675, 2, "2,68", "2.68"),  # a float through its shortest text, not its binary value
        (Decimal("-0.004"), 2, "0,00", "0.00"),  # never "-0,00"
        (Decimal("100"), 2, "100,00", "100.00"),
        (Decimal("1E+2"), None, "100", "100"),
    ],
)
def test_a_figure_is_written_as_each_language_writes_it(value, places, indonesian, english):
    with translation.override("id"):
        assert figure(value, places) == indonesian
    with translation.override("en"):
        assert figure(value, places) == english


def test_blank_values_give_nothing_and_text_that_is_no_number_stays_as_it_is():
    assert (figure(None), figure(""), percent(None)) == ("", "", "")
    assert (figure("na"), figure("NaN"), figure(True)) == ("na", "NaN", "True")


def test_a_percentage_follows_the_figure_without_a_space():
    with translation.override("id"):
        assert percent(Decimal("85.5")) == "85,5%"
    with translation.override("en"):
        assert percent("85.5", 2) == "85.50%"


def test_a_typed_value_is_shown_back_with_the_decimal_mark_and_no_grouping():
    with translation.override("id"):
        assert typed("1234.5") == "1234,5"
    with translation.override("en"):
        assert typed("1234.5") == "1234.5"


def test_the_template_filters_are_the_same_formatter():
    template = engines["django"].from_string(
        "{% load numbers %}{{ a|figure }} · {{ a|figure:1 }} · {{ b|percent:1 }} · {{ c|typed }}"
    )
    with translation.override("id"):
        assert template.render({"a": Decimal("1234.56"), "b": "70.25", "c": "72.5"}) == (
            "1.234,56 · 1.234,6 · 70,3% · 72,5"
        )
