"""Hostile YAML is refused while it is composed, with a problem naming the limit, never an exception.

A 405-byte "billion laughs" once took 117 s and 4.9 GB; 10,000 nested brackets exhausted Python's stack.
bench/hostile_files.py reports how long each refusal takes and how much memory it needs.
"""

import pytest

from nyata.core.tests import hostile
from nyata.scoring import AnswersError, InstrumentError, YamlLimits, read_answers, read_instrument
from nyata.scoring.yaml_source import DEFAULT_LIMITS, read_json_or_yaml, read_yaml


def only_problem(text: str, limits: YamlLimits = DEFAULT_LIMITS) -> str:
    with pytest.raises(InstrumentError) as caught:
        read_instrument(text=text, limits=limits)
    (problem,) = caught.value.problems
    return str(problem)


def test_a_billion_laughs_is_refused_at_the_alias_that_passes_the_limit():
    text = hostile.billion_laughs_yaml()
    assert len(text) < 405
    assert only_problem(text) == (
        "(file) (line 5): the file holds more than 50000 values once its aliases (*name) are expanded"
    )


def test_aliases_that_stay_within_the_limit_are_still_read():
    document = read_yaml(text="base: &b {weight: 1}\nnodes: [*b, *b]\n")
    assert document.problems == ()
    assert document.data == {"base": {"weight": 1}, "nodes": [{"weight": 1}, {"weight": 1}]}


@pytest.mark.parametrize(
    ("text", "line"),
    [(hostile.deep_yaml(), 1), (hostile.deep_block_yaml(1000), 65)],
    ids=["10,000 nested brackets", "1,000 nested mappings"],
)
def test_deep_nesting_is_refused_before_the_stack_is_near_its_end(text, line):
    assert only_problem(text) == f"(file) (line {line}): lists and mappings nest deeper than 64 levels"


def test_a_recursive_structure_is_refused():
    assert only_problem(hostile.recursive_yaml()) == (
        "(file) (line 4): the alias *loop stands inside the list or mapping it names: "
        "a recursive structure is not allowed"
    )


def test_a_file_over_the_size_limit_is_refused_before_it_is_read():
    assert only_problem("#" * 2049, YamlLimits(max_bytes=2048)) == (
        "(file): the file is larger than 0.00195312 MB"
    )
    # Characters that take several bytes count as bytes.
    assert "larger" in only_problem("# " + "é" * 1500, YamlLimits(max_bytes=2048))


def test_the_limits_are_parameters():
    text = "a: [[[[x]]]]\n"
    assert read_yaml(text=text, limits=YamlLimits(max_depth=5)).problems == ()
    assert "nest deeper than 4" in str(read_yaml(text=text, limits=YamlLimits(max_depth=4)).problems[0])
    assert "more than 5 values" in str(
        read_yaml(text="[1, 2, 3, 4, 5]", limits=YamlLimits(max_nodes=5)).problems[0]
    )


@pytest.mark.parametrize(
    "text",
    [
        hostile.billion_laughs_yaml(),
        hostile.deep_json(),
        hostile.deep_yaml(),
        '{"answers": ' + "[1," * 200_000 + "1" + "]" * 200_000 + "}",
    ],
    ids=["billion laughs", "deep json", "deep yaml", "wide json"],
)
def test_an_answers_file_is_held_to_the_same_limits(text):
    with pytest.raises(AnswersError) as caught:
        read_answers(text=text)
    (problem,) = caught.value.problems
    assert "more than 50000 values" in str(problem) or "nest deeper than 64" in str(problem)


def test_deep_json_within_the_decoders_stack_is_measured_too():
    document = read_json_or_yaml(text='{"answers": ' + "[" * 100 + "]" * 100 + "}")
    assert str(document.problems[0]) == "(file): lists and mappings nest deeper than 64 levels"


def test_the_engine_defaults_are_those_of_the_limits_module():
    from nyata.core import limits

    assert YamlLimits() == YamlLimits(
        max_bytes=limits.YAML_MAX_BYTES.default * limits.YAML_MAX_BYTES.scale,
        max_depth=limits.YAML_MAX_DEPTH.default,
        max_nodes=limits.YAML_MAX_NODES.default,
    )


def test_yaml_and_json_count_depth_alike():
    for depth, refused in ((64, False), (65, True)):
        yaml_text = "[" * depth + "1" + "]" * depth
        json_text = '{"answers": ' + "[" * (depth - 1) + "1" + "]" * (depth - 1) + "}"
        assert bool(read_yaml(text=yaml_text).problems) is refused
        assert bool(read_json_or_yaml(text=json_text).problems) is refused
