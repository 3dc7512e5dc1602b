"""Read a YAML (or JSON) document into plain Python values, remembering the line of every path.

Why not `yaml.safe_load`: the contract wants each problem reported with its place in the file, and
safe_load forgets line numbers and silently keeps the last of two duplicate keys. Numbers written with
a decimal point become `Decimal` built from the literal text, so `0.67` means exactly 67/100, never the
binary float nearest to it (the contract requires exact arithmetic).

Hostile YAML is refused while it is composed, before any value is built (`YamlLimits`; in the product the
values come from nyata.core.limits): an alias (`*name`) counts as every value of what it names, so a
"billion laughs" of a few hundred bytes is refused at the alias that passes the limit instead of
expanding to gigabytes; an alias inside what it names (a recursive structure) is refused; so is nesting
deeper than the limit, before Python's own recursion limit is near.
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
TOO_LARGE = gettext_noop("the file is larger than %(limit)s MB")
TOO_DEEP = gettext_noop("lists and mappings nest deeper than %(limit)s levels")
TOO_MANY = gettext_noop("the file holds more than %(limit)s values once its aliases (*name) are expanded")
RECURSIVE = gettext_noop(
    "the alias *%(anchor)s stands inside the list or mapping it names: a recursive structure is not allowed"
)


@dataclass(frozen=True, slots=True)
class YamlLimits:
    """What one YAML (or JSON) document may hold. The defaults are those of nyata.core.limits (a test
    holds them equal); the shipped instruments are under 180 kB, nest 14 levels, hold 6,400 values."""

    max_bytes: int = 2 * 1024 * 1024
    max_depth: int = 64
    max_nodes: int = 50_000


DEFAULT_LIMITS = YamlLimits()


class _Refused(Exception):
    def __init__(self, template: str, line: int | None, **params: object) -> None:
        super().__init__(template)
        self.problem = Problem(path=WHOLE_FILE, line=line, template=template, params=params)


class _Loader(yaml.SafeLoader):
    """SafeLoader whose floats are exact Decimals, and whose composer counts what it builds.

    PyYAML composes an alias as the very node it names, so the node graph stays as small as the text;
    it is walking that graph (`_convert`) that would expand it. Counting each alias as the number of
    values under its anchor therefore measures the expanded document while only the text is read.
    """

    def __init__(self, text: str, limits: YamlLimits) -> None:
        super().__init__(text)
        self.limits = limits
        self.depth = 0
        self.expanded = 0  # values of the document so far, every alias counted as what it names
        self.sizes: dict[str, int] = {}  # anchor -> expanded values under it
        self.open_anchors: set[str] = set()  # anchors of the collections being composed

    def _grow(self, count: int, mark: yaml.Mark) -> None:
        self.expanded += count
        if self.expanded > self.limits.max_nodes:
            raise _Refused(TOO_MANY, mark.line + 1, limit=self.limits.max_nodes)

    def compose_node(self, parent: yaml.Node | None, index: object) -> yaml.Node:
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            if event.anchor in self.open_anchors:
                raise _Refused(RECURSIVE, event.start_mark.line + 1, anchor=event.anchor)
            self._grow(self.sizes.get(event.anchor, 1), event.start_mark)
            return super().compose_node(parent, index)
        if isinstance(event, yaml.CollectionStartEvent) and self.depth >= self.limits.max_depth:
            raise _Refused(TOO_DEEP, event.start_mark.line + 1, limit=self.limits.max_depth)
        anchor = getattr(event, "anchor", None)
        before = self.expanded
        self._grow(1, event.start_mark)
        self.depth += 1
        if anchor is not None:
            self.open_anchors.add(anchor)
        try:
            node = super().compose_node(parent, index)
        finally:
            self.depth -= 1
            self.open_anchors.discard(anchor)
        if anchor is not None:
            self.sizes[anchor] = self.expanded - before
        return node


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


def _too_large(text: str, limits: YamlLimits) -> Document | None:
    # Characters first: a text cannot be shorter in UTF-8 bytes than in characters.
    if len(text) > limits.max_bytes or len(text.encode("utf-8")) > limits.max_bytes:
        limit = f"{limits.max_bytes / (1024 * 1024):g}"
        return Document(
            data=None, problems=(Problem(path=WHOLE_FILE, template=TOO_LARGE, params={"limit": limit}),)
        )
    return None


def read_yaml(*, text: str, limits: YamlLimits = DEFAULT_LIMITS) -> Document:
    """Parse YAML text; a syntax error or a limit passed becomes a single problem naming its line."""
    refused = _too_large(text, limits)
    if refused is not None:
        return refused
    loader = _Loader(text, limits)
    try:
        root = loader.get_single_node()
        if root is None:
            return Document(data=None)
        lines: dict[Path, int] = {}
        problems: list[Problem] = []
        data = _convert(loader=loader, node=root, path=(), lines=lines, problems=problems)
        return Document(data=data, lines=lines, problems=tuple(problems))
    except _Refused as refusal:
        return Document(data=None, problems=(refusal.problem,))
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


def _json_shape_problem(data: object, limits: YamlLimits) -> Problem | None:
    """Depth and size of parsed JSON, walked without recursion."""
    count, stack = 0, [(data, 1)]
    while stack:
        value, depth = stack.pop()
        count += 1
        if count > limits.max_nodes:
            return Problem(path=WHOLE_FILE, template=TOO_MANY, params={"limit": limits.max_nodes})
        children = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        if isinstance(value, dict | list) and depth > limits.max_depth:
            return Problem(path=WHOLE_FILE, template=TOO_DEEP, params={"limit": limits.max_depth})
        stack.extend((child, depth + 1) for child in children)
    return None


def read_json_or_yaml(*, text: str, limits: YamlLimits = DEFAULT_LIMITS) -> Document:
    """Answers files may be JSON or YAML; JSON numbers are read as exact Decimals too."""
    if not text.lstrip().startswith(("{", "[")):
        return read_yaml(text=text, limits=limits)
    refused = _too_large(text, limits)
    if refused is not None:
        return refused
    try:
        data = json.loads(text, parse_float=Decimal)
    except RecursionError:  # nesting deep enough to exhaust the decoder's own stack
        return Document(
            data=None,
            problems=(Problem(path=WHOLE_FILE, template=TOO_DEEP, params={"limit": limits.max_depth}),),
        )
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
    problem = _json_shape_problem(data, limits)
    if problem is not None:
        return Document(data=None, problems=(problem,))
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
