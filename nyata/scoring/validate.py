"""Checks that need more than one field: duplicate codes, weight sums, band order, award targets.

Each check reports into the shared `Reader` so that `nyata instrument validate` prints every problem.
"""

from __future__ import annotations

from decimal import Decimal

from nyata.scoring.fields import Reader
from nyata.scoring.model import Award, Node, Predicate
from nyata.scoring.problems import Path, format_path, gettext_noop

DUPLICATE_CODE = gettext_noop("duplicate code %(code)s, first used at %(first)s")


def check_duplicate_codes(reader: Reader, *, located: list[tuple[str, Path]]) -> None:
    """Node codes are unique in the file (contract, "nodes": answers and awards refer to nodes by code)."""
    first: dict[str, Path] = {}
    for code, path in located:
        if code in first:
            reader.problem(
                path=(*path, "code"),
                code=code,
                template=DUPLICATE_CODE,
                params={"code": repr(code), "first": format_path(first[code])},
            )
        else:
            first[code] = path


def check_weight_sum(
    reader: Reader, *, path: Path, code: str | None, weight: Decimal, child_weights: list[Decimal]
) -> None:
    """With `weights_sum_to_parent: true`, the children's weights of every node sum to its weight."""
    total = sum(child_weights, Decimal(0))
    if total != weight:
        reader.problem(
            path=(*path, "children"),
            code=code,
            template=gettext_noop(
                "children weights sum to %(total)s, not to the node's weight %(weight)s "
                "(weights_sum_to_parent is true)"
            ),
            params={"total": str(total), "weight": str(weight)},
        )


def _band_key(band: Predicate) -> tuple[Decimal, int]:
    # At the same bound, "more than x" is a stricter band than "at least x", so it must come first.
    return (band.lower, 0 if band.inclusive else 1)


def check_predicate_order(reader: Reader, *, bands: list[tuple[int, Predicate]]) -> None:
    """Bands are ordered best first; each band must start strictly below the band before it."""
    seen: dict[str, int] = {}
    for (_, earlier), (index, band) in zip(bands, bands[1:], strict=False):
        if _band_key(band) >= _band_key(earlier):
            reader.problem(
                path=("predicates", index),
                template=gettext_noop(
                    "band %(band)s (from %(lower)s) is out of order: bands go from best to worst, "
                    "so it must start below the band before it, %(earlier)s (from %(earlier_lower)s)"
                ),
                params={
                    "band": repr(band.code),
                    "lower": str(band.lower),
                    "earlier": repr(earlier.code),
                    "earlier_lower": str(earlier.lower),
                },
            )
    for index, band in bands:
        if band.code in seen:
            reader.problem(
                path=("predicates", index, "code"),
                template=DUPLICATE_CODE,
                params={"code": repr(band.code), "first": f"predicates[{seen[band.code]}]"},
            )
        else:
            seen[band.code] = index


def check_awards(
    reader: Reader, *, awards: list[tuple[int, Award]], node_weights: dict[str, Decimal]
) -> None:
    """Awards name existing nodes, point minimums within the node's weight, prerequisites that are other
    awards of the file, and award codes are unique."""
    seen: dict[str, int] = {}
    for index, award in awards:
        if award.code in seen:
            reader.problem(
                path=("awards", index, "code"),
                template=gettext_noop("duplicate award code %(code)s, first used at %(first)s"),
                params={"code": repr(award.code), "first": f"awards[{seen[award.code]}]"},
            )
        else:
            seen[award.code] = index
        for key, minimums in (
            ("node_minimums", award.node_minimums),
            ("node_score_minimums", award.node_score_minimums),
        ):
            for node_code, minimum in minimums:
                if node_code not in node_weights:
                    reader.problem(
                        path=("awards", index, key, node_code),
                        template=gettext_noop("award %(award)s names unknown node %(node)s"),
                        params={"award": repr(award.code), "node": repr(node_code)},
                    )
                elif key == "node_score_minimums" and not 0 <= minimum <= node_weights[node_code]:
                    reader.problem(
                        path=("awards", index, key, node_code),
                        template=gettext_noop(
                            "a minimum score must lie within 0..%(weight)s, the weight of node %(node)s"
                        ),
                        params={"weight": str(node_weights[node_code]), "node": repr(node_code)},
                    )
    codes = {award.code for _, award in awards}
    for index, award in awards:
        for position, required in enumerate(award.requires):
            if required == award.code or required not in codes:
                reader.problem(
                    path=("awards", index, "requires", position),
                    template=gettext_noop(
                        "award %(award)s requires %(required)s, which is not another award of this file"
                    ),
                    params={"award": repr(award.code), "required": repr(required)},
                )


def check_themes(reader: Reader, *, roots: list[Node], located: dict[str, Path]) -> None:
    """A theme is chosen or left out as a whole, so none lies inside another theme."""

    def visit(node: Node, inside: str | None) -> None:
        if node.theme and inside is not None:
            reader.problem(
                path=(*located.get(node.code, ()), "theme"),
                code=node.code,
                template=gettext_noop("a theme cannot lie inside another theme (%(outer)s)"),
                params={"outer": repr(inside)},
            )
        for child in node.children:
            visit(child, node.code if node.theme else inside)

    for root in roots:
        visit(root, None)
