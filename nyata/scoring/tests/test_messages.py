"""Every message of the engine is a template marked for translation plus its parameters, so the product
can show it in the user's language (Bahasa Indonesia first), and the catalogue holds every template.

The engine has no Django, so these tests read the catalogue nyata/scoring/locale/id/LC_MESSAGES/django.po
themselves; nyata/instruments/tests checks the Indonesian and English pages.
"""

from __future__ import annotations

import ast
import re
import textwrap
from fractions import Fraction
from functools import cache
from pathlib import Path

import pytest

from nyata.scoring import (
    AnswersError,
    InstrumentError,
    Phrase,
    Problem,
    compile_instrument,
    read_answers,
    read_instrument,
)
from nyata.scoring.answers import Rejected, leaf_scorer
from nyata.scoring.problems import Params, render

SCORING = Path(__file__).resolve().parents[1]
CATALOGUE = SCORING / "locale" / "id" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
ANY_CONVERSION = re.compile(r"%(?!\(\w+\)s)")
FIELDS = ("path", "template", "params", "code", "line")


@cache
def marked_templates() -> frozenset[str]:
    """Every literal passed to gettext_noop in the engine's modules: what makemessages extracts."""
    found: set[str] = set()
    for module in SCORING.glob("*.py"):
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "gettext_noop":
                (argument,) = node.args
                assert isinstance(argument, ast.Constant), f"{module.name}: gettext_noop needs a literal"
                found.add(argument.value)
    return frozenset(found)


@cache
def catalogue() -> dict[str, str]:
    """msgid -> msgstr of the Indonesian catalogue (a minimal reader of the .po format)."""
    entries: dict[str, str] = {}
    current: dict[str, str] = {}
    field = None
    for line in [*CATALOGUE.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith(("msgid ", "msgstr ")):
            field, _, literal = line.partition(" ")
            current[field] = ast.literal_eval(literal)
        elif line.startswith('"') and field is not None:
            current[field] += ast.literal_eval(line)
        elif not line.strip():
            if current.get("msgid"):
                entries[current["msgid"]] = current["msgstr"]
            current, field = {}, None
    return entries


def templates_of(template: str, params: Params) -> set[str]:
    """The template and those of its Phrase parameters, after checking they are well formed."""
    assert template in marked_templates(), template
    assert ANY_CONVERSION.search(template) is None, f"only %(name)s placeholders: {template!r}"
    assert set(PLACEHOLDER.findall(template)) == {name for name, _ in params}, template
    found = {template}
    for _, value in params:
        if isinstance(value, Phrase):
            found |= templates_of(value.template, value.params)
        else:
            assert isinstance(value, str | int), f"{template!r}: a parameter is text or a Phrase"
    return found


HEAD = 'code: m\nversion: "1"\ntitle: Messages\n'
LEAF = "{code: %s, title: T, weight: 1, answer: {kind: percent}}"

BAD_INSTRUMENTS = [
    "",
    "- a list\n",
    "a: [\n",
    # Hostile YAML (nyata/scoring/tests/test_hostile_yaml.py): recursive, deep, expanding, large.
    "a: &x [*x]\n",
    "[" * 100 + "]" * 100,
    "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
    + "".join(f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcde", "bcdef", strict=True)),
    "#" * (2 * 1024 * 1024 + 1),
    HEAD + "1.5: x\nnodes: [" + LEAF % "A" + "]\n",
    HEAD + "title: again\nnodes: [" + LEAF % "A" + "]\n",
    HEAD + "warna: biru\nlegal_basis: PermenPANRB\nweights_sum_to_parent: maybe\nnodes: {a: 1}\n",
    'code: m\nversion: "1"\ntitle: ""\nanswer_types: [1]\nnodes: []\n',
    'code: m\nversion: "1"\ntitle: [x]\nnodes: [5]\n',
    "code: 5\nversion: '1'\ntitle: \nnodes: [{code: A, weight: 1, answer: {kind: percent}}]\n",
    HEAD
    + textwrap.dedent(
        """\
        answer_types:
          nothing_here: 5
          strange: {kind: maybe}
          range: {kind: number, min: "low", max: .inf}
          upside_down: {kind: number, min: 5, max: 1}
          empty: {kind: choice, options: []}
          twice:
            kind: choice
            options: [{code: A, value: 1}, {code: A, value: 2}, {code: na, value: 0}]
        nodes:
          - {code: A, title: T, weight: -1, answer: skala}
          - {code: B, title: T, weight: true, answer: {kind: percent}, kind: output}
          - {code: C, title: T, weight: 1, children: [], answer: {kind: percent}}
          - {code: D, title: T, weight: 1}
          - code: E
            title: T
            weight: 1
            allow_na: true
            children:
              - code: E.1
                title: T
                weight: 1
                answer: {kind: percent}
                evidence: [{code: e, title: X}, {code: e, title: Y}]
          - {code: A, title: T, weight: 1, answer: {kind: percent}}
        predicates:
          - {code: B, from: 50}
          - {code: A, from: 80}
          - {code: A, from: 10}
        awards:
          - {code: W}
          - {code: W, node_minimums: [1]}
          - {code: X, node_minimums: {Q: 0.5}}
        """
    ),
    'code: m\nversion: "1"\ntitle: T\nweights_sum_to_parent: true\nanswer_types: {}\n'
    "nodes: [{code: G, title: T, weight: 10, children: [" + LEAF % "G.1" + "]}, "
    "{code: H, title: T, weight: 1, answer: skala}]\n",
    HEAD + "nodes: [{code: S, title: T, weight: 1, source: skm-ikm, children: [" + LEAF % "S.1" + "]}, "
    "{code: R, title: T, weight: 1, source: survei, answer: {kind: percent}}, "
    "{code: Q, title: T, weight: 1, source: skm-ikm,"
    " answer: {kind: choice, options: [{code: A, value: 1}]}}]\n",
    HEAD + "nodes: [{code: T, title: T, weight: 2, theme: true, children: ["
    "{code: T.1, title: T, weight: 1, theme: true, answer: {kind: percent}}]}]\n"
    "awards: [{code: V, node_score_minimums: {T: 3}, requires: [V, Z]}]\n",
]

ANSWERED = textwrap.dedent(
    """\
    code: m
    version: "1"
    title: Answers
    nodes:
      - code: G
        title: Group
        weight: 4
        children:
          - {code: CH, title: T, weight: 1, answer: {kind: choice, options: [{code: A, value: 1}]}}
          - {code: PC, title: T, weight: 1, answer: {kind: percent}}
          - {code: NU, title: T, weight: 1, answer: {kind: number, min: 1, max: 14}}
          - {code: TG, title: T, weight: 1, answer: {kind: target}}
    """
)
BAD_ANSWERS = [
    {"CH": "Z", "PC": 150, "NU": 30, "TG": 5},
    {"CH": [1], "PC": "85", "NU": float("inf"), "TG": {"target": 0, "realized": 1}},
    {"CH": "na", "G": 1, "X.9": 1, "TG": {"target": 1, "realized": -1}},
]
BAD_ANSWERS_FILES = ["answers: {}\nextra: 1\ninstrument: other\n", "not_answers: 1\n", "{bad json"]


def instrument_problems(text: str) -> tuple[Problem, ...]:
    with pytest.raises(InstrumentError) as caught:
        read_instrument(text=text)
    return caught.value.problems


def answer_problems(answers: dict[str, object]) -> tuple[Problem, ...]:
    with pytest.raises(AnswersError) as caught:
        compile_instrument(instrument=read_instrument(text=ANSWERED)).score(answers=answers)
    return caught.value.problems


def answers_file_problems(text: str) -> tuple[Problem, ...]:
    with pytest.raises(AnswersError) as caught:
        read_answers(text=text, instrument=read_instrument(text=ANSWERED))
    return caught.value.problems


def every_problem() -> list[Problem]:
    return [
        *(problem for text in BAD_INSTRUMENTS for problem in instrument_problems(text)),
        *(problem for answers in BAD_ANSWERS for problem in answer_problems(answers)),
        *(problem for text in BAD_ANSWERS_FILES for problem in answers_file_problems(text)),
    ]


def test_every_problem_carries_a_marked_template_and_params_that_render_its_message() -> None:
    problems = every_problem()
    assert len(problems) >= 60
    for problem in problems:
        templates_of(problem.template, problem.params)
        assert render(problem.template, problem.params) == problem.message
        assert str(problem).endswith(": " + problem.message)
        assert hash(problem) == hash(Problem(**{name: getattr(problem, name) for name in FIELDS}))


def test_the_problems_above_use_every_template_and_place_name_the_engine_marks() -> None:
    used: set[str] = set()
    for problem in every_problem():
        used |= templates_of(problem.template, problem.params)
        if problem.path in marked_templates():  # "(file)" and "(top level)"
            used.add(problem.path)
    assert used == marked_templates()


@pytest.mark.parametrize(
    ("spec", "answer", "message"),
    [
        ("{kind: choice, options: [{code: A, value: 1}, {code: B, value: 0}]}", "Z",
         "unknown option 'Z'; options: A, B"),
        ("{kind: choice, options: [{code: A, value: 1}]}", None, "must be an option code (A), got nothing"),
        ("{kind: percent}", 150, "a percentage must be within 0..100, got 150"),
        ("{kind: percent}", True, "must be a number, got true (a yes/no value)"),
        ("{kind: number, min: 1, max: 14}", 30, "must be within 1..14, got 30"),
        ("{kind: target}", [1], "must be a mapping {target: T, realized: R}, got a list"),
        ("{kind: target}", {"target": 0, "realized": 1}, "target must be above 0, got 0"),
    ],
)  # fmt: skip
def test_a_rejected_answer_carries_its_template_and_params(spec: str, answer: object, message: str) -> None:
    node = read_instrument(text=HEAD + f"nodes: [{{code: A, title: T, weight: 1, answer: {spec}}}]\n").nodes[
        0
    ]
    assert node.answer is not None
    with pytest.raises(Rejected) as caught:
        leaf_scorer(spec=node.answer, weight=Fraction(node.weight))(answer)
    rejected = caught.value
    templates_of(rejected.template, rejected.params)
    assert rejected.message == message
    assert str(rejected) == message


def test_the_indonesian_catalogue_holds_exactly_the_marked_templates() -> None:
    assert set(catalogue()) == marked_templates()


def test_every_indonesian_translation_keeps_the_placeholders_of_its_template() -> None:
    for msgid, msgstr in catalogue().items():
        assert msgstr, msgid
        assert sorted(PLACEHOLDER.findall(msgstr)) == sorted(PLACEHOLDER.findall(msgid)), msgid
        assert ANY_CONVERSION.search(msgstr) is None, msgstr


def test_a_translation_fills_the_template_and_its_phrases() -> None:
    problem = instrument_problems("")[0]
    indonesian = {"must be %(what)s, got %(value)s": "harus berupa %(what)s, tetapi diisi %(value)s"}
    indonesian |= {"a YAML mapping": "pemetaan YAML", "nothing": "nilai kosong"}
    assert problem.message == "must be a YAML mapping, got nothing"
    assert render(problem.template, problem.params, translate=indonesian.__getitem__) == (
        "harus berupa pemetaan YAML, tetapi diisi nilai kosong"
    )
