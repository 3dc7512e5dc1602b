"""A worksheet shaped like the 2025 OPD LKE (shared/reference): 2 parts, 5 aspek, 34 groups, 107 indicators.

It stands in for the shipped `rb-pd` instrument (written elsewhere) in the size test and timing.
"""

from __future__ import annotations

import random
from decimal import Decimal

from nyata.scoring import AnswerKind, AnswerSpec, Instrument, Node, Option

A_F = AnswerSpec(
    kind=AnswerKind.CHOICE,
    name="a_f",
    options=tuple(
        Option(code=code, label=code, value=Decimal(value))
        for code, value in zip("ABCDEF", ["1", "0.8", "0.6", "0.4", "0.2", "0"], strict=True)
    ),
)
YA_TIDAK = AnswerSpec(
    kind=AnswerKind.CHOICE,
    name="ya_tidak",
    options=(
        Option(code="Ya", label="Ya", value=Decimal(1)),
        Option(code="Tidak", label="Tidak", value=Decimal(0)),
    ),
)
SKALA = AnswerSpec(kind=AnswerKind.NUMBER, min=Decimal(0), max=Decimal(100))
PERSEN = AnswerSpec(kind=AnswerKind.PERCENT)
# Answer types in the reference: Pilihan Ganda 45, Ya/Tidak 33, Skala Linear 28, Persentase 1.
KINDS = [A_F] * 45 + [YA_TIDAK] * 33 + [SKALA] * 28 + [PERSEN]


def rb_pd_like() -> Instrument:
    """RB General PD 65 + RB Tematik PD 35; groups hold 3-4 indicators with relative weights."""
    kinds = list(KINDS)
    random.Random(2025).shuffle(kinds)  # mix the kinds across aspek, deterministically
    specs = iter(kinds)
    counter = 0

    def group(code: str, weight: Decimal, size: int) -> Node:
        nonlocal counter
        leaves = []
        for i in range(size):
            counter += 1
            leaves.append(
                Node(
                    code=f"{code}.{i + 1}",
                    title=f"indikator {counter}",
                    weight=Decimal(1 + counter % 3),
                    answer=next(specs),
                    allow_na=counter % 10 == 0,
                )
            )
        return Node(code=code, title=f"kelompok {code}", weight=weight, children=tuple(leaves))

    sizes = [3] * 29 + [4] * 5  # 34 groups, 107 indicators
    groups = [group(f"G{i + 1}", Decimal(5), size) for i, size in enumerate(sizes)]
    aspek = [
        Node(
            code=f"I.{letter}", title=f"aspek {letter}", weight=Decimal(weight), children=tuple(groups[lo:hi])
        )
        for letter, weight, lo, hi in (("A", 30, 0, 9), ("B", 25, 9, 17), ("C", 10, 17, 22))
    ]
    tematik = [
        Node(
            code=f"II.{letter}",
            title=f"aspek {letter}",
            weight=Decimal(weight),
            children=tuple(groups[lo:hi]),
        )
        for letter, weight, lo, hi in (("A", 15, 22, 27), ("B", 20, 27, 34))
    ]
    return Instrument(
        code="rb-pd-like",
        version="test",
        title="LKE RB PD (synthetic)",
        nodes=(
            Node(code="I", title="RB General PD", weight=Decimal(65), children=tuple(aspek)),
            Node(code="II", title="RB Tematik PD", weight=Decimal(35), children=tuple(tematik)),
        ),
    )


def random_answer_set(instrument: Instrument, rng: random.Random) -> dict[str, object]:
    """Mostly answered, a few missing or not applicable, as an OPD's self-assessment would be."""
    answers: dict[str, object] = {}
    for leaf in instrument.leaves():
        spec = leaf.answer
        assert spec is not None
        roll = rng.random()
        if roll < 0.05:
            continue
        if roll < 0.08 and leaf.allow_na:
            answers[leaf.code] = "na"
        elif spec.kind is AnswerKind.CHOICE:
            answers[leaf.code] = rng.choice(spec.options).code
        else:
            answers[leaf.code] = Decimal(rng.randrange(0, 10001)) / 100
    return answers
