"""Read a YAML (or JSON) document into plain Python values, remembering the line of every path.

Why not `yaml.safe_load`: the contract wants each problem reported with its place in the file, and
safe_load forgets line numbers and silently keeps the last of two duplicate keys. Numbers written with
a decimal point become `Decimal` built from the literal text, so `0.67` means exactly 67/100, never the
binary float nearest to it (the contract requires exact arithmetic).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

import yaml

from nyata.scoring.problems import WHOLE_FILE, Path, Problem, format_path, gettext_noop

# PyYAML's explanation of the error is English; only the sentence around it is translated.
NOT_YAML = gettext_noop("YAML does not parse: %(error)s")


class _Loader(yaml.SafeLoader):
    """SafeLoader whose floats are exact Decimals."""


def _construct_exact_float(loader: yaml.SafeLoader, node: yaml.ScalarNode) -> Decimal | float:
    value = yaml.SafeLoader.construct_yaml_float(loader, node)
    if not math.isfinite(value):
        return value  # .inf and .nan stay floats so validation can name them as not a finite number
    try:
        return Decimal(str(node.value).replace("_", ""))
    except InvalidOperation:  # YAML 1.1 sexagesimal floats such as 1:30.5 are not Decimal literals
        return Decimal(repr(value))


_Loader.add_constructor("tag:yaml.org,2002:float", _construct_exact_float)


@dataclass(frozen=True, slots=True)
class Document:
    """A parsed document: its data, the 1-based line of each path, and problems such as duplicate keys."""

    data: object
    lines: dict[Path, int] = field(default_factory=dict)
    problems: tuple[Problem, ...] = ()


def line_of(*, lines: dict[Path, int], path: Path) -> int | None:
    """The line of `path`, or of its nearest ancestor that has one."""
    for end in range(len(path), -1, -1):
        line = lines.get(path[:end])
        if line is not None:
            return line
    return None


def read_yaml(*, text: str) -> Document:
    """Parse YAML text; a syntax error becomes a single problem naming its line."""
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return Document(data=None)
        lines: dict[Path, int] = {}
        problems: list[Problem] = []
        data = _convert(loader=loader, node=root, path=(), lines=lines, problems=problems)
        return Document(data=data, lines=lines, problems=tuple(problems))
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = mark.line + 1 if mark is not None else None
        what = " ".join(part for part in (error.context, error.problem) if part)
        return Document(
            data=None,
            problems=(Problem(path=WHOLE_FILE, line=line, template=NOT_YAML, params={"error": what}),),
        )
    except yaml.YAMLError as error:
        return Document(
            data=None, problems=(Problem(path=WHOLE_FILE, template=NOT_YAML, params={"error": str(error)}),)
        )
    finally:
        loader.dispose()


def read_json_or_yaml(*, text: str) -> Document:
    """Answers files may be JSON or YAML; JSON numbers are read as exact Decimals too."""
    if not text.lstrip().startswith(("{", "[")):
        return read_yaml(text=text)
    try:
        data = json.loads(text, parse_float=Decimal)
    except json.JSONDecodeError as error:
        return Document(
            data=None,
            problems=(
                Problem(
                    path=WHOLE_FILE,
                    line=error.lineno,
                    # The parsers' own explanations are English; only the sentence around them is translated.
                    template=gettext_noop("JSON does not parse: %(error)s"),
                    params={"error": error.msg},
                ),
            ),
        )
    return Document(data=data)


def _convert(
    *, loader: _Loader, node: yaml.Node, path: Path, lines: dict[Path, int], problems: list[Problem]
) -> object:
    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        loader.flatten_mapping(node)  # resolves YAML merge keys (<<) the way safe_load does
        result: dict[object, object] = {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node, deep=True)
            if not isinstance(key, str | int) or isinstance(key, bool):
                problems.append(
                    Problem(
                        path=format_path(path),
                        line=key_node.start_mark.line + 1,
                        template=gettext_noop("a key must be text, got %(key)s"),
                        params={"key": repr(key)},
                    )
                )
                continue
            key = str(key)
            child = (*path, key)
            if key in result:
                problems.append(
                    Problem(
                        path=format_path(child),
                        line=key_node.start_mark.line + 1,
                        template=gettext_noop("duplicate key"),
                    )
                )
                continue
            lines[child] = key_node.start_mark.line + 1  # the line where `key:` is written
            result[key] = _convert(loader=loader, node=value_node, path=child, lines=lines, problems=problems)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [
            _convert(loader=loader, node=item, path=(*path, index), lines=lines, problems=problems)
            for index, item in enumerate(node.value)
        ]
    return loader.construct_object(node, deep=True)
