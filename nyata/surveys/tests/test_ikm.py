"""The IKM module against the contract (../shared/docs/skm-ikm.md) and hand-computed cases."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nyata.surveys.ikm import (
    IkmResult,
    Tally,
    band,
    nrr_band,
    required_sample,
    round_half_up,
    weakest_unsur,
)

answer_rows = st.lists(st.lists(st.integers(1, 4), min_size=9, max_size=9), min_size=1, max_size=60)


@pytest.mark.parametrize(
    ("population", "sample"),
    [
        (10, 10),
        (50, 44),
        (100, 80),
        (200, 132),
        (500, 217),
        (550, 226),
        (1000, 278),
        (5000, 357),
        (10000, 370),
        (75000, 382),
    ],
)
def test_krejcie_morgan_reproduces_the_published_table(population, sample):
    assert required_sample(population) == sample


def test_krejcie_morgan_approaches_384_for_a_very_large_population():
    assert required_sample(10**9) == 384
    assert required_sample(1) == 1


def test_krejcie_morgan_refuses_an_empty_population():
    with pytest.raises(ValueError, match="at least 1"):
        required_sample(0)


def test_nrr_and_ikm_of_a_hand_computed_pair_of_responses():
    tally = Tally.of([(4, 3, 3, 4, 3, 3, 4, 3, 2), (3, 3, 2, 4, 3, 4, 4, 3, 2)])
    assert tally.n == 2
    assert tally.nrr()["U1"] == Fraction(7, 2)
    assert tally.nrr()["U3"] == Fraction(5, 2)
    # mean NRR = (3.5 + 3 + 2.5 + 4 + 3 + 3.5 + 4 + 3 + 2) / 9 = 28.5 / 9; x 25 = 79.1666...
    assert tally.ikm() == Fraction(285, 90) * 25
    result = IkmResult(tally=tally).to_dict()
    assert result["ikm"] == 79.17
    assert (result["mutu"], result["kinerja"]) == ("B", "Baik")


def test_an_unanswered_unsur_divides_only_by_its_own_answers():
    tally = Tally.of([(4,) * 8 + (None,), (2,) * 8 + (3,)])
    assert tally.n == 2
    assert tally.counts[8] == 1
    assert tally.nrr()["U9"] == 3
    assert tally.nrr()["U1"] == 3
    assert tally.ikm() == 75


def test_the_weight_is_exactly_one_ninth_not_0_111():
    # With 0.111 as the weight, all answers 4 would give 99.9 instead of 100.
    assert Tally.of([(4,) * 9]).ikm() == 100
    assert Tally.of([(1,) * 9]).ikm() == 25


def test_no_ikm_without_answers_to_every_unsur():
    assert Tally().ikm() is None
    assert Tally.of([(3,) * 8 + (None,)]).ikm() is None
    assert IkmResult(tally=Tally()).to_dict()["mutu"] is None


def test_rows_answering_nothing_are_not_respondents():
    assert Tally.of([(None,) * 9, (3,) * 9]).n == 1


def test_answers_outside_1_to_4_are_refused():
    with pytest.raises(ValueError, match="U2: answer 5"):
        Tally.of([(1, 5, 1, 1, 1, 1, 1, 1, 1)])


@pytest.mark.parametrize(
    ("ikm", "mutu", "kinerja"),
    [
        ("25", "D", "Tidak Baik"),
        ("64.99", "D", "Tidak Baik"),
        ("64.994999", "D", "Tidak Baik"),
        ("64.995", "C", "Kurang Baik"),  # rounds half-up to 65.00
        ("65.00", "C", "Kurang Baik"),
        ("76.60", "C", "Kurang Baik"),
        ("76.604", "C", "Kurang Baik"),
        ("76.605", "B", "Baik"),
        ("76.61", "B", "Baik"),
        ("88.30", "B", "Baik"),
        ("88.305", "A", "Sangat Baik"),
        ("88.31", "A", "Sangat Baik"),
        ("100", "A", "Sangat Baik"),
    ],
)
def test_bands_at_their_boundaries_on_the_ikm_rounded_to_two_decimals(ikm, mutu, kinerja):
    assert (band(Decimal(ikm)).mutu, band(Decimal(ikm)).kinerja) == (mutu, kinerja)


@pytest.mark.parametrize(
    ("nrr", "mutu"),
    [("2.5996", "D"), ("2.60", "C"), ("3.064", "C"), ("3.0644", "B"), ("3.532", "B"), ("3.5324", "A")],
)
def test_the_nrr_column_of_the_band_table(nrr, mutu):
    assert nrr_band(Fraction(nrr)).mutu == mutu


def test_an_ikm_outside_25_to_100_is_a_programming_error():
    with pytest.raises(ValueError, match="25..100"):
        band(Fraction(101))


def test_output_rounding_is_half_up_not_bankers():
    assert round_half_up(Fraction(3125, 1000), 2) == Decimal("3.13")
    assert round_half_up(Fraction(2, 3), 3) == Decimal("0.667")
    assert round_half_up(Fraction(79), 2) == Decimal("79.00")


def test_the_json_shape_of_the_contract_with_a_population():
    tally = Tally.of([(3,) * 9] * 226)
    data = IkmResult(tally=tally, population=550).to_dict()
    assert data == {
        "n": 226,
        "nrr": dict.fromkeys(["U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9"], 3.0),
        "ikm": 75.0,
        "mutu": "C",
        "kinerja": "Kurang Baik",
        "population": 550,
        "required_sample": 226,
        "sample_sufficient": True,
    }
    assert IkmResult(tally=Tally.of([(3,) * 9] * 225), population=550).sample_sufficient is False


def test_the_weakest_unsur_lists_every_tie():
    tally = Tally.of([(3, 2, 3, 3, 3, 3, 2, 3, 4)])
    assert weakest_unsur(tally.nrr()) == ["U2", "U7"]


@given(answer_rows)
def test_ikm_is_the_mean_nrr_times_25_and_lies_in_25_to_100(rows):
    tally = Tally.of(rows)
    ikm = tally.ikm()
    assert 25 <= ikm <= 100
    assert ikm == sum(tally.nrr().values()) / 9 * 25


@given(answer_rows, answer_rows)
def test_tallies_add_like_the_union_of_their_responses(first, second):
    assert Tally.of(first) + Tally.of(second) == Tally.of(first + second)
    assert Tally.of(first + second).ikm() == Tally.of(second + first).ikm()


@given(answer_rows, st.integers(0, 8))
def test_raising_one_answer_never_lowers_the_ikm(rows, unsur):
    raised = [list(r) for r in rows]
    if raised[0][unsur] < 4:
        raised[0][unsur] += 1
    assert Tally.of(raised).ikm() >= Tally.of(rows).ikm()
