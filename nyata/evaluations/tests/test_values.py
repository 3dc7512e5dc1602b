"""Answer values: the edge reads what a person typed (values.from_form), every action checks the typed
value against the indicator again (values.check), and both refuse the same values in the same words."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given, settings
from hypothesis import strategies as st

from nyata.evaluations import values
from nyata.scoring import AnswerKind, AnswerSpec, Node, Option

CHOICE = Node(
    code="I.1",
    title="Rencana aksi",
    weight=Decimal(30),
    answer=AnswerSpec(
        kind=AnswerKind.CHOICE,
        options=(Option("A", "Lengkap", Decimal(1)), Option("B", "Sebagian", Decimal("0.5"))),
    ),
)
PERCENT = Node(
    code="I.2",
    title="Realisasi",
    weight=Decimal(30),
    answer=AnswerSpec(kind=AnswerKind.PERCENT),
    allow_na=True,
)
NUMBER = Node(
    code="II.1",
    title="IKM",
    weight=Decimal(40),
    answer=AnswerSpec(kind=AnswerKind.NUMBER, min=Decimal(25), max=Decimal(100)),
)
TARGET = Node(code="II.2", title="Capaian", weight=Decimal(10), answer=AnswerSpec(kind=AnswerKind.TARGET))


def _refused_at_the_edge(node: Node, typed_in: dict[str, str]) -> list[str]:
    with pytest.raises(ValidationError) as refused:
        values.from_form(node, typed_in)
    return refused.value.messages


# (indicator, what a person types in the form, the same value handed over already typed)
REFUSED = [
    (PERCENT, {"value": "120"}, {"number": "120"}),
    (PERCENT, {"value": "-0.5"}, {"number": "-0.5"}),
    (NUMBER, {"value": "24.99"}, {"number": "24.99"}),
    (NUMBER, {"value": "na"}, "na"),
    (NUMBER, {"value": "Infinity"}, {"number": "Infinity"}),
    (CHOICE, {"value": "Z"}, "Z"),
    (TARGET, {"target": "seratus", "realized": "90"}, {"target": "seratus", "realized": "90"}),
]


@pytest.mark.parametrize(("node", "typed_in", "handed_over"), REFUSED)
def test_the_edge_and_the_action_refuse_the_same_value_in_the_same_words(node, typed_in, handed_over):
    with pytest.raises(ValidationError) as in_the_action:
        values.check(node, handed_over)
    assert in_the_action.value.messages == _refused_at_the_edge(node, typed_in)


@pytest.mark.parametrize(
    ("node", "handed_over"),
    [
        (CHOICE, {"number": "1"}),
        (PERCENT, "A"),
        (PERCENT, {"number": "50", "target": "1"}),
        (NUMBER, {"target": "50", "realized": "50"}),
        (TARGET, {"number": "50"}),
        (TARGET, "na"),  # not applicable only where the indicator allows it
    ],
)
def test_a_value_of_another_kind_is_refused(node, handed_over):
    with pytest.raises(ValidationError):
        values.check(node, handed_over)


def test_a_computed_figure_is_stored_as_a_number_and_held_to_the_indicators_range():
    assert values.number(NUMBER, Decimal("75.00")) == {"number": "75.00"}
    with pytest.raises(ValidationError) as refused:
        values.number(NUMBER, Decimal("24.50"))
    assert refused.value.messages == _refused_at_the_edge(NUMBER, {"value": "24.50"})


TYPED_TEXT = st.one_of(
    st.sampled_from(["", " ", "A", "B", "Z", "na", "50", "87,5", "1e2", "-0", "100.000", "NaN"]),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.text(max_size=8),
)


@settings(max_examples=300, deadline=None)
@given(
    node=st.sampled_from([CHOICE, PERCENT, NUMBER, TARGET]),
    value=TYPED_TEXT,
    target=TYPED_TEXT,
    realized=TYPED_TEXT,
)
def test_whatever_the_edge_accepts_the_action_accepts_unchanged(node, value, target, realized):
    try:
        stored = values.from_form(node, {"value": value, "target": target, "realized": realized})
    except ValidationError:
        return
    assert values.check(node, stored) == stored


@pytest.mark.parametrize(
    ("node", "stored", "indonesian", "english"),
    [
        (PERCENT, {"number": "85.5"}, "85,5%", "85.5%"),
        (NUMBER, {"number": "1234.50"}, "1.234,50", "1,234.50"),
        (TARGET, {"target": "100", "realized": "92.5"}, "92,5 dari target 100", "92.5 of target 100"),
        (CHOICE, "B", "B · Sebagian", "B · Sebagian"),
    ],
)
def test_a_stored_value_is_shown_as_each_language_writes_figures(node, stored, indonesian, english):
    with translation.override("id"):
        assert values.display(node, stored) == indonesian
    with translation.override("en"):
        assert values.display(node, stored) == english


def test_a_typed_answer_is_shown_back_with_the_decimal_comma_and_read_back_unchanged():
    with translation.override("id"):
        fields = values.form_fields({"target": "100", "realized": "1234.5"})
        assert fields == {"target": "100", "realized": "1234,5"}
        assert values.from_form(TARGET, fields) == {"target": "100", "realized": "1234.5"}
        assert values.form_fields({"number": "85.5"}) == {"value": "85,5"}
