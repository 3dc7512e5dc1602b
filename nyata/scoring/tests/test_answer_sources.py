"""Nyata's extension of the contract: an indicator may take its answer from the unit's SKM IKM, an outside
figure, the follow-up of its previous recommendations or its action plan."""

import pytest

from nyata.scoring import InstrumentError, read_instrument

HEAD = 'code: m\nversion: "1"\ntitle: Sumber jawaban\n'


def test_an_indicator_may_declare_that_its_answer_comes_from_the_skm_ikm():
    instrument = read_instrument(
        text=HEAD + "nodes: [{code: I, title: IKM, weight: 5, source: skm-ikm,"
        " answer: {kind: number, min: 25, max: 100}}]\n"
    )
    assert instrument.leaves()[0].source == "skm-ikm"


def test_an_indicator_may_declare_that_its_answer_is_an_outside_figure_of_a_kind():
    instrument = read_instrument(
        text=HEAD + "nodes: [{code: I, title: PEKPPP, weight: 5, source: 'data:pekppp',"
        " answer: {kind: number, min: 0, max: 5}}]\n"
    )
    assert instrument.leaves()[0].source == "data:pekppp"


@pytest.mark.parametrize("source", ["follow-up", "action-plan"])
def test_an_indicator_may_declare_that_its_answer_comes_from_follow_up_or_the_action_plan(source):
    instrument = read_instrument(
        text=HEAD
        + f"nodes: [{{code: I, title: TL, weight: 5, source: {source}, answer: {{kind: percent}}}}]\n"
    )
    assert instrument.leaves()[0].source == source


def test_an_unknown_source_is_refused_naming_the_sources_there_are():
    with pytest.raises(InstrumentError) as caught:
        read_instrument(
            text=HEAD
            + "nodes: [{code: I, title: T, weight: 5, source: tindak-lanjut, answer: {kind: percent}}]\n"
        )
    (problem,) = caught.value.problems
    assert problem.message == (
        "unknown source 'tindak-lanjut'; known sources: skm-ikm, follow-up, action-plan, data:<key>"
    )


def test_an_indicator_without_a_source_is_answered_by_the_unit():
    instrument = read_instrument(
        text=HEAD + "nodes: [{code: I, title: T, weight: 5, answer: {kind: percent}}]\n"
    )
    assert instrument.leaves()[0].source is None


@pytest.mark.parametrize(
    ("node", "message"),
    [
        (
            "{code: I, title: T, weight: 5, source: survei, answer: {kind: percent}}",
            "unknown source 'survei'",
        ),
        (
            "{code: I, title: T, weight: 5, source: 'data:', answer: {kind: percent}}",
            "unknown source 'data:'",
        ),
        (
            "{code: I, title: T, weight: 5, source: 'data:Nilai SAKIP', answer: {kind: percent}}",
            "unknown source 'data:Nilai SAKIP'",
        ),
        (
            "{code: I, title: T, weight: 5, source: 'data:sakip',"
            " answer: {kind: choice, options: [{code: A, value: 1}]}}",
            "must be of kind number or percent, not choice",
        ),
        (
            "{code: G, title: T, weight: 5, source: skm-ikm,"
            " children: [{code: I, title: T, weight: 1, answer: {kind: percent}}]}",
            "source is for indicators",
        ),
        (
            "{code: I, title: T, weight: 5, source: skm-ikm,"
            " answer: {kind: choice, options: [{code: A, value: 1}]}}",
            "must be of kind number or percent, not choice",
        ),
        (
            "{code: I, title: T, weight: 5, source: 'follow-up:bpk', answer: {kind: percent}}",
            "unknown source 'follow-up:bpk'",
        ),
        (
            "{code: I, title: T, weight: 5, source: action-plan,"
            " answer: {kind: choice, options: [{code: Ya, value: 1}]}}",
            "must be of kind number or percent, not choice",
        ),
    ],
)
def test_a_source_that_cannot_hold_an_ikm_is_refused_with_its_place(node, message):
    with pytest.raises(InstrumentError) as caught:
        read_instrument(text=HEAD + f"nodes: [{node}]\n")
    (problem,) = caught.value.problems
    assert problem.path.endswith(".source")
    assert message in problem.message
