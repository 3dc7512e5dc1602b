"""Every problem in the contract's validation list, each in a small file, named by its place."""

from __future__ import annotations

from nyata.scoring.tests.loading import load, problems_of

HEAD = """\
code: v
version: "1"
title: Validation
"""


def test_a_valid_file_loads_with_its_tree_answer_types_and_evidence() -> None:
    instrument = load(
        HEAD
        + """
legal_basis:
  - PermenPANRB Nomor 9 Tahun 2023 tentang Evaluasi Reformasi Birokrasi
answer_types:
  ya_tidak:
    kind: choice
    options:
      - {code: "Ya", label: "Ya", value: 1}
      - {code: "Tidak", label: "Tidak", value: 0}
nodes:
  - code: I
    title: RB General
    weight: 65
    children:
      - code: I.A.1
        title: Nilai SAKIP
        weight: 10
        kind: outcome
        answer: {kind: number, min: 0, max: 100}
        allow_na: false
        pengampu: organisasi
        values: [akuntabel]
        guidance: "Penjelasan"
        evidence:
          - {code: lhe-sakip, title: "LHE SAKIP PD dari Inspektorat", required: true}
      - {code: I.A.2, title: Renaksi, weight: 5, answer: ya_tidak}
"""
    )
    first, second = instrument.leaves()
    assert (instrument.code, instrument.version, instrument.legal_basis[0][:12]) == ("v", "1", "PermenPANRB ")
    assert (first.kind.value, first.pengampu, first.values, first.evidence[0].required) == (
        "outcome",
        "organisasi",
        ("akuntabel",),
        True,
    )
    assert second.answer is not None
    assert (second.answer.name, [option.code for option in second.answer.options]) == (
        "ya_tidak",
        ["Ya", "Tidak"],
    )


def test_duplicate_node_codes_are_reported_with_both_places() -> None:
    text = (
        HEAD
        + """
nodes:
  - code: I
    title: a
    weight: 10
    children:
      - {code: I.1, title: b, weight: 5, answer: {kind: percent}}
      - {code: I.1, title: c, weight: 5, answer: {kind: percent}}
"""
    )
    assert problems_of(text) == [
        "nodes[0].children[1].code (node I.1, line 11): "
        "duplicate code 'I.1', first used at nodes[0].children[0]"
    ]


def test_a_node_with_both_children_and_answer_is_reported() -> None:
    text = (
        HEAD
        + """
nodes:
  - code: I
    title: a
    weight: 10
    answer: {kind: percent}
    children:
      - {code: I.1, title: b, weight: 5, answer: {kind: percent}}
"""
    )
    assert problems_of(text) == [
        "nodes[0] (node I, line 6): has both children and answer; a node is a group or an indicator, not both"
    ]


def test_a_node_with_neither_children_nor_answer_is_reported() -> None:
    text = (
        HEAD
        + """
nodes:
  - {code: I, title: a, weight: 10}
"""
    )
    assert problems_of(text) == ["nodes[0] (node I, line 6): has neither children nor answer"]


def test_a_weight_that_is_not_a_positive_number_is_reported() -> None:
    text = (
        HEAD
        + """
nodes:
  - {code: A, title: a, weight: 0, answer: {kind: percent}}
  - {code: B, title: b, weight: -3, answer: {kind: percent}}
  - {code: C, title: c, weight: ten, answer: {kind: percent}}
  - {code: D, title: d, weight: true, answer: {kind: percent}}
  - {code: E, title: e, answer: {kind: percent}}
"""
    )
    assert problems_of(text) == [
        "nodes[0].weight (node A, line 6): weight must be a positive number, got 0",
        "nodes[1].weight (node B, line 7): weight must be a positive number, got -3",
        "nodes[2].weight (node C, line 8): weight must be a positive number, got 'ten'",
        "nodes[3].weight (node D, line 9): weight must be a positive number, got true (a yes/no value)",
        "nodes[4] (node E, line 10): missing required key 'weight'",
    ]


def test_children_weights_that_do_not_sum_to_the_parent_are_reported_when_required() -> None:
    tree = """
nodes:
  - code: I
    title: a
    weight: 65
    children:
      - {code: I.1, title: b, weight: 30, answer: {kind: percent}}
      - {code: I.2, title: c, weight: 30.5, answer: {kind: percent}}
"""
    assert problems_of(HEAD + "weights_sum_to_parent: true\n" + tree) == [
        "nodes[0].children (node I, line 10): children weights sum to 60.5, not to the node's weight 65 "
        "(weights_sum_to_parent is true)"
    ]
    # Without the flag the children's weights are relative, and the same tree is valid.
    assert load(HEAD + tree).nodes[0].weight == 65


def test_option_values_outside_0_to_1_are_reported() -> None:
    text = (
        HEAD
        + """
nodes:
  - code: I
    title: a
    weight: 10
    answer:
      kind: choice
      options:
        - {code: A, label: A, value: 100}
        - {code: B, label: B, value: -0.2}
"""
    )
    assert problems_of(text) == [
        "nodes[0].answer.options[0].value (node I, line 12): must be within 0..1, got 100",
        "nodes[0].answer.options[1].value (node I, line 13): must be within 0..1, got -0.2",
    ]


def test_duplicate_option_codes_are_reported() -> None:
    text = (
        HEAD
        + """
answer_types:
  a_c:
    kind: choice
    options:
      - {code: A, label: A, value: 1}
      - {code: A, label: again, value: 0.5}
nodes:
  - {code: I, title: a, weight: 10, answer: a_c}
"""
    )
    assert problems_of(text) == [
        "answer_types.a_c.options[1].code (line 10): duplicate option code 'A' (also options[0])"
    ]


def test_min_not_below_max_is_reported() -> None:
    text = (
        HEAD
        + """
nodes:
  - {code: I, title: a, weight: 10, answer: {kind: number, min: 5, max: 5}}
"""
    )
    assert problems_of(text) == [
        "nodes[0].answer (node I, line 6): min must be below max, got min 5 and max 5"
    ]


def test_an_unknown_answer_type_and_an_unknown_answer_kind_are_reported() -> None:
    text = (
        HEAD
        + """
answer_types:
  ya_tidak: {kind: choice, options: [{code: "Ya", label: "Ya", value: 1}]}
nodes:
  - {code: I, title: a, weight: 10, answer: yes_no}
  - {code: J, title: b, weight: 10, answer: {kind: scale}}
"""
    )
    assert problems_of(text) == [
        "nodes[0].answer (node I, line 8): unknown answer type 'yes_no' (answer_types: ya_tidak)",
        "nodes[1].answer.kind (node J, line 9): "
        "unknown answer kind 'scale'; one of choice, percent, number, target",
    ]


def test_unknown_keys_are_reported_wherever_they_are() -> None:
    text = (
        HEAD
        + """
author: someone
nodes:
  - code: I
    title: a
    wieght: 10
    answer: {kind: percent, max: 100}
"""
    )
    assert problems_of(text) == [
        "author (line 5): unknown key 'author'; allowed here: "
        "answer_types, awards, code, legal_basis, nodes, predicates, title, version, weights_sum_to_parent",
        "nodes[0].wieght (node I, line 9): unknown key 'wieght'; allowed here: "
        "allow_na, answer, children, code, evidence, guidance, kind, pengampu, source, theme, title, values, "
        "weight",
        "nodes[0] (node I, line 7): missing required key 'weight'",
        "nodes[0].answer.max (node I, line 10): unknown key 'max'; allowed here: kind",
    ]


def test_predicate_bands_out_of_order_are_reported() -> None:
    text = (
        HEAD
        + """
predicates:
  - {code: A, label: Memuaskan, from: 80, from_inclusive: false}
  - {code: AA, label: Sangat Memuaskan, from: 90, from_inclusive: false}
  - {code: B, label: Baik, from: 60}
  - {code: B2, label: Baik juga, from: 60, from_inclusive: false}
nodes:
  - {code: I, title: a, weight: 10, answer: {kind: percent}}
"""
    )
    assert problems_of(text) == [
        "predicates[1] (line 7): band 'AA' (from 90) is out of order: "
        "bands go from best to worst, so it must start below the band before it, 'A' (from 80)",
        # At the same bound, "more than 60" is the better band and must come before "at least 60".
        "predicates[3] (line 9): band 'B2' (from 60) is out of order: "
        "bands go from best to worst, so it must start below the band before it, 'B' (from 60)",
    ]


def test_awards_naming_unknown_nodes_are_reported() -> None:
    text = (
        HEAD
        + """
awards:
  - code: WBK
    min_total: 75
    node_minimums: {P.MP: 0.6, P.XX: 0.6}
nodes:
  - code: P
    title: Pengungkit
    weight: 60
    children:
      - {code: P.MP, title: Manajemen Perubahan, weight: 8, answer: {kind: percent}}
"""
    )
    assert problems_of(text) == [
        "awards[0].node_minimums.P.XX (line 8): award 'WBK' names unknown node 'P.XX'"
    ]


def test_yaml_that_does_not_parse_is_reported_with_its_line() -> None:
    text = (
        HEAD
        + """
nodes:
  - code: I
    title: [unclosed
    weight: 10
"""
    )
    assert problems_of(text) == [
        "(file) (line 8): YAML does not parse: while parsing a flow sequence expected ',' or ']', but got ':'"
    ]


def test_a_yaml_key_written_twice_is_reported_not_silently_overwritten() -> None:
    text = (
        HEAD
        + """
nodes:
  - code: I
    title: a
    weight: 10
    weight: 20
    answer: {kind: percent}
"""
    )
    assert problems_of(text) == ["nodes[0].weight (line 9): duplicate key"]


def test_every_problem_of_a_file_is_reported_in_one_run() -> None:
    text = """\
code: v
version: 2025.1
title: Many problems
nodes:
  - code: I
    title: a
    weight: -1
    kind: hasil
    answer: {kind: choice, options: []}
  - {code: I, title: b, weight: 2, allow_na: yes,
     children: [{code: I.1, title: c, weight: 1, answer: {kind: percent}}]}
"""
    assert problems_of(text) == [
        "version (line 2): must be text, got 2025.1; quote it",
        "nodes[0].weight (node I, line 7): weight must be a positive number, got -1",
        "nodes[0].answer.options (node I, line 9): a choice needs at least one option",
        "nodes[0].kind (node I, line 8): kind must be outcome or enabler, got 'hasil'",
        "nodes[1].allow_na (node I, line 10): "
        "allow_na is for indicators; a group is not applicable if all its indicators are",
        "nodes[1].code (node I, line 10): duplicate code 'I', first used at nodes[0]",
    ]


def test_an_empty_file_or_a_file_without_nodes_is_reported() -> None:
    assert problems_of("") == ["(top level): must be a YAML mapping, got nothing"]
    assert problems_of(HEAD + "nodes: []\n") == ["nodes (line 4): must list at least one node"]
