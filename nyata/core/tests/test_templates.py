"""Rules every template keeps, checked on the source of all of them."""

import re
from pathlib import Path

NYATA = Path(__file__).resolve().parents[2]
TEMPLATES = sorted(NYATA.glob("*/templates/**/*.html"))
# A filter argument that is a lookup through an object's relation, e.g. `|default:x.answered_by.username`.
# Django resolves a filter's argument strictly: when a step is missing (answered_by is None) it raises
# VariableDoesNotExist and the page answers 500, whereas `{{ x.answered_by.username }}` alone would
# render as empty. Show a person with `{{ x.answered_by|default:"—" }}` (User.__str__ is the name, or the
# username when the name is blank).
RELATION_IN_FILTER_ARGUMENT = re.compile(r"\|\w+:[A-Za-z_]\w*\.\w+\.\w+")


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 50


def test_no_filter_argument_looks_up_through_a_relation_that_may_be_empty():
    found = [
        f"{path.relative_to(NYATA)}:{number}: {match.group()}"
        for path in TEMPLATES
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        for match in RELATION_IN_FILTER_ARGUMENT.finditer(line)
    ]
    assert found == []
