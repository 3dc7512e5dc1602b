"""From an instrument file to validated `Instrument` dataclasses, or every problem of the file.

Public entry points: `read_instrument(text=...)` for YAML text and `instrument_from_data(data=...)` for an
already parsed mapping. Both raise `InstrumentError` listing every problem (contract, "Validation").
"""

from __future__ import annotations

from decimal import Decimal

from nyata.scoring.answer_spec import read_answer_spec
from nyata.scoring.fields import Reader, describe
from nyata.scoring.model import (
    ANSWER_SOURCES,
    AnswerKind,
    AnswerSpec,
    Award,
    Evidence,
    Instrument,
    Node,
    NodeKind,
    Predicate,
    is_known_source,
)
from nyata.scoring.problems import InstrumentError, Path, Phrase, Problem, gettext_noop
from nyata.scoring.validate import (
    check_awards,
    check_duplicate_codes,
    check_predicate_order,
    check_themes,
    check_weight_sum,
)
from nyata.scoring.yaml_source import DEFAULT_LIMITS, YamlLimits, read_yaml

TOP_KEYS = (
    "code", "version", "title", "legal_basis", "weights_sum_to_parent",
    "answer_types", "predicates", "awards", "nodes",
)  # fmt: skip
NODE_KEYS = (
    "code", "title", "weight", "children", "answer", "kind",
    "allow_na", "pengampu", "values", "guidance", "evidence", "source", "theme",
)  # fmt: skip
NOT_POSITIVE = gettext_noop("weight must be a positive number, got %(value)s")
PREDICATE_KEYS = ("code", "label", "from", "from_inclusive")
AWARD_KEYS = ("code", "label", "min_total", "node_minimums", "node_score_minimums", "requires")
EVIDENCE_KEYS = ("code", "title", "required", "dated")


def read_instrument(*, text: str, limits: YamlLimits = DEFAULT_LIMITS) -> Instrument:
    """Parse and validate instrument YAML text; YAML beyond `limits` is refused before it is built."""
    document = read_yaml(text=text, limits=limits)
    if document.data is None and document.problems:
        raise InstrumentError(document.problems)
    return instrument_from_data(data=document.data, lines=document.lines, problems=document.problems)


def instrument_from_data(
    *, data: object, lines: dict[Path, int] | None = None, problems: tuple[Problem, ...] = ()
) -> Instrument:
    """Validate a parsed instrument mapping; `lines` (YAML path -> line) only improves the messages."""
    reader = Reader(lines=lines)
    reader.problems.extend(problems)
    instrument = _Parser(reader).instrument(data)
    if reader.problems or instrument is None:
        raise InstrumentError(reader.problems)
    return instrument


class _Parser:
    def __init__(self, reader: Reader) -> None:
        self.reader = reader
        self.answer_types: dict[str, AnswerSpec | None] = {}
        self.sum_to_parent = False
        self.located: list[tuple[str, Path]] = []  # (code, path) of every node, in file order

    def instrument(self, data: object) -> Instrument | None:
        top = self.reader.mapping(
            data,
            path=(),
            allowed=TOP_KEYS,
            required=("code", "version", "title", "nodes"),
            what=Phrase(gettext_noop("a YAML mapping")),
        )
        if top is None:
            return None
        code = self._text(top, "code", path=())
        version = self._text(top, "version", path=())
        title = self._text(top, "title", path=())
        legal_basis = (
            self.reader.text_list(top["legal_basis"], path=("legal_basis",)) if "legal_basis" in top else ()
        )
        if "weights_sum_to_parent" in top:
            self.sum_to_parent = bool(
                self.reader.boolean(top["weights_sum_to_parent"], path=("weights_sum_to_parent",))
            )
        self._answer_types(top.get("answer_types", {}))
        roots = self._nodes(top.get("nodes", []), path=("nodes",), parent_code=None)
        check_duplicate_codes(self.reader, located=self.located)
        check_themes(self.reader, roots=[node for node, _ in roots], located=dict(self.located))
        predicates = self._predicates(top.get("predicates", []))
        weights = {node.code: node.weight for root, _ in roots for node in root.walk()}
        awards = self._awards(top.get("awards", []), node_weights=weights)
        if code is None or version is None or title is None:
            return None
        return Instrument(
            code=code,
            version=version,
            title=title,
            nodes=tuple(node for node, _ in roots),
            legal_basis=legal_basis,
            weights_sum_to_parent=self.sum_to_parent,
            answer_types=tuple(spec for spec in self.answer_types.values() if spec is not None),
            predicates=predicates,
            awards=awards,
        )

    def _text(self, mapping: dict, key: str, *, path: Path, code: str | None = None) -> str | None:
        return self.reader.text(mapping[key], path=(*path, key), code=code) if key in mapping else None

    def _answer_types(self, value: object) -> None:
        if not isinstance(value, dict):
            self.reader.problem(
                path=("answer_types",),
                template=gettext_noop("must be a mapping of names, got %(value)s"),
                params={"value": describe(value)},
            )
            return
        for name, definition in value.items():
            self.answer_types[name] = read_answer_spec(
                self.reader, definition, path=("answer_types", name), name=name
            )

    def _nodes(self, value: object, *, path: Path, parent_code: str | None) -> list[tuple[Node, bool]]:
        items = self.reader.items(value, path=path, code=parent_code)
        if isinstance(value, list) and not items:
            self.reader.problem(
                path=path, code=parent_code, template=gettext_noop("must list at least one node")
            )
        found = [self._node(item, path=(*path, index)) for index, item in enumerate(items)]
        return [entry for entry in found if entry is not None]

    def _node(self, value: object, *, path: Path) -> tuple[Node, bool] | None:
        """A node and whether its weight is valid (a bad weight is then not reported again in a sum)."""
        raw_code = value.get("code") if isinstance(value, dict) else None
        code = raw_code if isinstance(raw_code, str) and raw_code.strip() else None
        node = self.reader.mapping(
            value, path=path, code=code, allowed=NODE_KEYS, required=("code", "title", "weight")
        )
        if node is None:
            return None
        if "code" in node:
            self.reader.text(node["code"], path=(*path, "code"))
        if code is not None:
            self.located.append((code, path))
        title = self._text(node, "title", path=path, code=code)
        weight = self._weight(node, path=path, code=code)
        has_children, has_answer = "children" in node, "answer" in node
        if has_children and has_answer:
            self.reader.problem(
                path=path,
                code=code,
                template=gettext_noop(
                    "has both children and answer; a node is a group or an indicator, not both"
                ),
            )
        elif not has_children and not has_answer:
            self.reader.problem(
                path=path, code=code, template=gettext_noop("has neither children nor answer")
            )
        children = (
            self._nodes(node["children"], path=(*path, "children"), parent_code=code) if has_children else []
        )
        answer = self._answer(node["answer"], path=(*path, "answer"), code=code) if has_answer else None
        if self.sum_to_parent and children and weight is not None and all(ok for _, ok in children):
            check_weight_sum(
                self.reader,
                path=path,
                code=code,
                weight=weight,
                child_weights=[child.weight for child, _ in children],
            )
        allow_na = False
        if "allow_na" in node:
            allow_na = bool(self.reader.boolean(node["allow_na"], path=(*path, "allow_na"), code=code))
            if has_children and not has_answer:
                self.reader.problem(
                    path=(*path, "allow_na"),
                    code=code,
                    template=gettext_noop(
                        "allow_na is for indicators; a group is not applicable if all its indicators are"
                    ),
                )
        built = Node(
            code=code or "",
            title=title or "",
            weight=weight if weight is not None else Decimal(0),
            children=tuple(child for child, _ in children),
            answer=answer,
            kind=self._kind(node, path=path, code=code),
            allow_na=allow_na,
            pengampu=self._text(node, "pengampu", path=path, code=code),
            values=self.reader.text_list(node["values"], path=(*path, "values"), code=code)
            if "values" in node
            else (),
            guidance=self.reader.text(
                node.get("guidance", ""), path=(*path, "guidance"), code=code, allow_empty=True
            )
            or "",
            evidence=self._evidence(node["evidence"], path=(*path, "evidence"), code=code)
            if "evidence" in node
            else (),
            source=self._source(node, path=path, code=code, answer=answer, is_group=has_children),
            theme=bool(self.reader.boolean(node["theme"], path=(*path, "theme"), code=code))
            if "theme" in node
            else False,
        )
        return built, weight is not None

    def _source(self, node: dict, *, path: Path, code: str | None, answer, is_group: bool) -> str | None:
        """Nyata's extension: an indicator whose answer is filled from data Nyata holds (the SKM's IKM, an
        outside figure `data:<key>` with key in lower-case letters, digits and hyphens)."""
        if "source" not in node:
            return None
        source = self.reader.text(node["source"], path=(*path, "source"), code=code)
        if source is None:
            return None
        if not is_known_source(source):
            self.reader.problem(
                path=(*path, "source"),
                code=code,
                template=gettext_noop("unknown source %(value)s; known sources: %(known)s"),
                params={"value": repr(source), "known": ", ".join((*ANSWER_SOURCES, "data:<key>"))},
            )
            return None
        if is_group:
            self.reader.problem(
                path=(*path, "source"),
                code=code,
                template=gettext_noop("source is for indicators; a group has no answer of its own"),
            )
            return None
        if answer is not None and answer.kind not in (AnswerKind.NUMBER, AnswerKind.PERCENT):
            # The IKM is a number from 25 to 100 (PermenPANRB 14/2017): it cannot pick an option.
            self.reader.problem(
                path=(*path, "source"),
                code=code,
                template=gettext_noop(
                    "an answer from %(source)s must be of kind number or percent, not %(kind)s"
                ),
                params={"source": source, "kind": str(answer.kind)},
            )
            return None
        return source

    def _weight(self, node: dict, *, path: Path, code: str | None) -> Decimal | None:
        if "weight" not in node:
            return None
        raw = node["weight"]
        if isinstance(raw, bool) or not isinstance(raw, int | float | Decimal):
            self.reader.problem(
                path=(*path, "weight"),
                code=code,
                template=NOT_POSITIVE,
                params={"value": describe(raw)},
            )
            return None
        weight = self.reader.number(raw, path=(*path, "weight"), code=code)
        if weight is not None and weight <= 0:
            self.reader.problem(
                path=(*path, "weight"), code=code, template=NOT_POSITIVE, params={"value": str(weight)}
            )
            return None
        return weight

    def _answer(self, value: object, *, path: Path, code: str | None) -> AnswerSpec | None:
        if isinstance(value, str):
            if value not in self.answer_types:
                known = ", ".join(self.answer_types) or Phrase(gettext_noop("none defined"))
                self.reader.problem(
                    path=path,
                    code=code,
                    template=gettext_noop("unknown answer type %(name)s (answer_types: %(known)s)"),
                    params={"name": repr(value), "known": known},
                )
            return self.answer_types.get(value)
        return read_answer_spec(self.reader, value, path=path, code=code)

    def _kind(self, node: dict, *, path: Path, code: str | None) -> NodeKind:
        raw = node.get("kind", NodeKind.ENABLER.value)
        try:
            return NodeKind(raw)
        except ValueError:
            self.reader.problem(
                path=(*path, "kind"),
                code=code,
                template=gettext_noop("kind must be outcome or enabler, got %(value)s"),
                params={"value": describe(raw)},
            )
            return NodeKind.ENABLER

    def _evidence(self, value: object, *, path: Path, code: str | None) -> tuple[Evidence, ...]:
        found: list[Evidence] = []
        for index, item in enumerate(self.reader.items(value, path=path, code=code)):
            where = (*path, index)
            entry = self.reader.mapping(
                item, path=where, code=code, allowed=EVIDENCE_KEYS, required=("code", "title")
            )
            if entry is None:
                continue
            evidence_code = self._text(entry, "code", path=where, code=code)
            title = self._text(entry, "title", path=where, code=code)
            required, dated = (
                self.reader.boolean(entry[key], path=(*where, key), code=code) if key in entry else False
                for key in ("required", "dated")
            )
            if evidence_code is not None and any(known.code == evidence_code for known in found):
                self.reader.problem(
                    path=(*where, "code"),
                    code=code,
                    template=gettext_noop("duplicate evidence code %(code)s"),
                    params={"code": repr(evidence_code)},
                )
            elif evidence_code is not None and title is not None:
                found.append(
                    Evidence(code=evidence_code, title=title, required=bool(required), dated=bool(dated))
                )
        return tuple(found)

    def _predicates(self, value: object) -> tuple[Predicate, ...]:
        bands: list[tuple[int, Predicate]] = []
        for index, item in enumerate(self.reader.items(value, path=("predicates",))):
            where: Path = ("predicates", index)
            band = self.reader.mapping(item, path=where, allowed=PREDICATE_KEYS, required=("code", "from"))
            if band is None:
                continue
            code = self._text(band, "code", path=where)
            label = self.reader.text(band.get("label", ""), path=(*where, "label"), allow_empty=True)
            lower = self.reader.number(band["from"], path=(*where, "from")) if "from" in band else None
            inclusive = True
            if "from_inclusive" in band:
                inclusive = self.reader.boolean(band["from_inclusive"], path=(*where, "from_inclusive"))
            if code is not None and label is not None and lower is not None and inclusive is not None:
                bands.append((index, Predicate(code=code, label=label, lower=lower, inclusive=inclusive)))
        check_predicate_order(self.reader, bands=bands)
        return tuple(band for _, band in bands)

    def _awards(self, value: object, *, node_weights: dict[str, Decimal]) -> tuple[Award, ...]:
        awards: list[tuple[int, Award]] = []
        for index, item in enumerate(self.reader.items(value, path=("awards",))):
            where: Path = ("awards", index)
            entry = self.reader.mapping(item, path=where, allowed=AWARD_KEYS, required=("code",))
            if entry is None:
                continue
            code = self._text(entry, "code", path=where)
            label = self.reader.text(entry.get("label", ""), path=(*where, "label"), allow_empty=True)
            min_total = (
                self.reader.number(entry["min_total"], path=(*where, "min_total"))
                if "min_total" in entry
                else None
            )
            minimums = self._node_minimums(entry.get("node_minimums", {}), path=(*where, "node_minimums"))
            points = self._node_minimums(
                entry.get("node_score_minimums", {}), path=(*where, "node_score_minimums"), as_points=True
            )
            requires = (
                self.reader.text_list(entry["requires"], path=(*where, "requires"))
                if "requires" in entry
                else ()
            )
            if (
                "min_total" not in entry
                and not entry.get("node_minimums")
                and not entry.get("node_score_minimums")
            ):
                self.reader.problem(
                    path=where,
                    template=gettext_noop(
                        "an award needs min_total, node_minimums or node_score_minimums, "
                        "or it is always granted"
                    ),
                )
            if code is not None and label is not None:
                award = Award(
                    code=code,
                    label=label,
                    min_total=min_total,
                    node_minimums=minimums,
                    node_score_minimums=points,
                    requires=requires,
                )
                awards.append((index, award))
        check_awards(self.reader, awards=awards, node_weights=node_weights)
        return tuple(award for _, award in awards)

    def _node_minimums(
        self, value: object, *, path: Path, as_points: bool = False
    ) -> tuple[tuple[str, Decimal], ...]:
        if not isinstance(value, dict):
            self.reader.problem(
                path=path,
                template=gettext_noop("must map node codes to fractions, got %(value)s"),
                params={"value": describe(value)},
            )
            return ()
        read = self.reader.number if as_points else self.reader.fraction
        minimums = ((code, read(raw, path=(*path, code))) for code, raw in value.items())
        return tuple((code, minimum) for code, minimum in minimums if minimum is not None)
