"""What scoring one answer set returns, and its JSON shape for `nyata score --json` (contract)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction


@dataclass(frozen=True, slots=True)
class NodeScore:
    """One node's result. Rounded figures are what reports show; `exact_score` is for proofs and tests."""

    code: str
    score: Decimal  # half-up, 2 decimals; 0 when not applicable
    max: Decimal  # the node's weight, 2 decimals
    fraction: Decimal  # score / weight, half-up, 4 decimals; 0 when not applicable
    applicable: bool
    exact_numerator: int
    exact_denominator: int

    @property
    def exact_score(self) -> Fraction:
        """The unrounded score (built on demand: most callers never need it)."""
        return Fraction(self.exact_numerator, self.exact_denominator)

    def to_dict(self) -> dict[str, object]:
        return {
            "score": float(self.score),
            "max": float(self.max),
            "fraction": float(self.fraction),
            "applicable": self.applicable,
        }


@dataclass(frozen=True, slots=True)
class Gain:
    """How much the total rises if one indicator earns full marks (the clinic's prescription)."""

    code: str
    gain: Decimal  # half-up, 2 decimals
    exact_numerator: int
    exact_denominator: int

    @property
    def exact(self) -> Fraction:
        """The unrounded gain."""
        return Fraction(self.exact_numerator, self.exact_denominator)


@dataclass(frozen=True, slots=True)
class ScoreResult:
    instrument: str
    version: str
    total: Decimal
    max_total: Decimal
    predicate: str | None  # None when the total is below every band
    awards: tuple[str, ...]
    nodes: Mapping[str, NodeScore]  # every node, in file order
    missing: tuple[str, ...]  # applicable indicators without an answer, in file order
    gains: tuple[Gain, ...]  # largest first, ties in file order
    exact_total: Fraction
    exact_max_total: Fraction
    # Awards whose minimums the scores meet but whose prerequisite the unit does not hold (WBBM without
    # WBK, PermenPANRB 5/2024): not awarded, named so that pages can say why.
    withheld: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, object]:
        """The JSON object of `nyata score --json`, keys as in the contract."""
        return {
            "instrument": self.instrument,
            "version": self.version,
            "total": float(self.total),
            "max_total": float(self.max_total),
            "predicate": self.predicate,
            "awards": list(self.awards),
            **({"withheld": list(self.withheld)} if self.withheld else {}),
            "nodes": {code: node.to_dict() for code, node in self.nodes.items()},
            "missing": list(self.missing),
            "gains": [{"code": gain.code, "gain": float(gain.gain)} for gain in self.gains],
        }

    def to_text(self, *, top_gains: int = 10) -> str:
        """A short human-readable report for `nyata score` without `--json`."""
        lines = [
            f"{self.instrument} {self.version}: {self.total} of {self.max_total}",
            f"predicate: {self.predicate or '-'}",
            f"awards: {', '.join(self.awards) or '-'}",
            *([f"withheld (prerequisite not held): {', '.join(self.withheld)}"] if self.withheld else []),
        ]
        lines += [
            f"  {code}: {node.score} / {node.max} ({node.fraction})" if node.applicable else f"  {code}: n/a"
            for code, node in self.nodes.items()
        ]
        lines.append(f"missing ({len(self.missing)}): {', '.join(self.missing) or '-'}")
        lines += [f"  gain {gain.gain} at {gain.code}" for gain in self.gains[:top_gains]]
        return "\n".join(lines)
