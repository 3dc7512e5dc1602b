"""From the engine's `Instrument` back to an instrument file (plain data, then YAML text).

Used by `nyata instrument import-xlsx` to write the YAML that authors review, and by the round-trip
checks: `read_instrument(text=dump_yaml(data=instrument_to_data(i))) == i` for every valid instrument.
Defaults are left out (kind: enabler, allow_na: false, ...), so the output reads like a hand-written file.
Numbers are written as decimal literals, which the engine reads back exactly (never through a float).
"""

from __future__ import annotations

import hashlib
from decimal import Decimal

import yaml

from nyata.scoring import AnswerKind, AnswerSpec, Award, Instrument, Node, NodeKind, Predicate


def number(value: Decimal) -> int | Decimal:
    """An integral value as an int (weight: 10), any other as a normalised Decimal (0.67)."""
    if value == value.to_integral_value():
        return int(value)
    return value.normalize()


def answer_to_data(spec: AnswerSpec) -> dict[str, object]:
    data: dict[str, object] = {"kind": spec.kind.value}
    if spec.kind is AnswerKind.CHOICE:
        data["options"] = [
            {"code": option.code, "label": option.label, "value": number(option.value)}
            for option in spec.options
        ]
    if spec.kind is AnswerKind.NUMBER:
        data["min"] = number(spec.min if spec.min is not None else Decimal(0))
        data["max"] = number(spec.max if spec.max is not None else Decimal(0))
    if spec.kind in (AnswerKind.NUMBER, AnswerKind.TARGET) and not spec.higher_is_better:
        data["higher_is_better"] = False
    return data


def node_to_data(node: Node) -> dict[str, object]:
    data: dict[str, object] = {"code": node.code, "title": node.title, "weight": number(node.weight)}
    if node.kind is not NodeKind.ENABLER:
        data["kind"] = node.kind.value
    if node.answer is not None:
        data["answer"] = node.answer.name if node.answer.name is not None else answer_to_data(node.answer)
        if node.allow_na:
            data["allow_na"] = True
    if node.pengampu is not None:
        data["pengampu"] = node.pengampu
    if node.source is not None:
        data["source"] = node.source
    if node.values:
        data["values"] = list(node.values)
    if node.guidance:
        data["guidance"] = node.guidance
    if node.evidence:
        data["evidence"] = [
            {"code": item.code, "title": item.title, "required": item.required}
            | ({"dated": True} if item.dated else {})
            for item in node.evidence
        ]
    if node.children:
        data["children"] = [node_to_data(child) for child in node.children]
    return data


def predicate_to_data(band: Predicate) -> dict[str, object]:
    data: dict[str, object] = {"code": band.code, "label": band.label, "from": number(band.lower)}
    if not band.inclusive:
        data["from_inclusive"] = False
    return data


def award_to_data(award: Award) -> dict[str, object]:
    data: dict[str, object] = {"code": award.code, "label": award.label}
    if award.min_total is not None:
        data["min_total"] = number(award.min_total)
    if award.node_minimums:
        data["node_minimums"] = {code: number(minimum) for code, minimum in award.node_minimums}
    return data


def instrument_to_data(instrument: Instrument) -> dict[str, object]:
    """The instrument as the plain mapping an instrument file holds (docs/instrument-format.md)."""
    data: dict[str, object] = {
        "code": instrument.code,
        "version": instrument.version,
        "title": instrument.title,
    }
    if instrument.legal_basis:
        data["legal_basis"] = list(instrument.legal_basis)
    if instrument.weights_sum_to_parent:
        data["weights_sum_to_parent"] = True
    if instrument.answer_types:
        data["answer_types"] = {spec.name: answer_to_data(spec) for spec in instrument.answer_types}
    if instrument.predicates:
        data["predicates"] = [predicate_to_data(band) for band in instrument.predicates]
    if instrument.awards:
        data["awards"] = [award_to_data(award) for award in instrument.awards]
    data["nodes"] = [node_to_data(node) for node in instrument.nodes]
    return data


class _Dumper(yaml.SafeDumper):
    """SafeDumper that writes Decimals as exact literals and multi-line text as literal blocks."""


def _represent_decimal(dumper: yaml.SafeDumper, value: Decimal) -> yaml.ScalarNode:
    return dumper.represent_scalar("tag:yaml.org,2002:float", format(value, "f"))


def _represent_text(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # The emitter falls back to a quoted style by itself where a literal block cannot hold the text.
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(Decimal, _represent_decimal)
_Dumper.add_representer(str, _represent_text)


def dump_yaml(*, data: dict[str, object], header: str = "") -> str:
    """YAML text for an instrument mapping; `header` becomes leading comment lines."""
    body = yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100, indent=2)
    comments = "".join(f"# {line}\n".replace("# \n", "#\n") for line in header.splitlines())
    return comments + body


def canonical_text(instrument: Instrument) -> str:
    """The instrument's content in one canonical form: equal for files that differ only in layout."""
    return dump_yaml(data=instrument_to_data(instrument))


def content_checksum(instrument: Instrument) -> str:
    """sha256 of the canonical form (the file checksum stays the sha256 of the bytes as loaded)."""
    return hashlib.sha256(canonical_text(instrument).encode("utf-8")).hexdigest()
