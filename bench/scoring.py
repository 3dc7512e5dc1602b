"""Answer sets scored per second by the pure engine on the shipped rb-pd instrument, on one core.

A city period is 31 answer sets (27 OPD + 4 unit pengampu); the national scale is 15,000 (about 550
governments x 27 OPD). Answers are random but valid and seeded, so every run scores the same sets.
Prints one JSON line. Goals (issue 3): the city under 0.1 s, the nation under 15 s.
"""

import json
import random
import time
from decimal import Decimal
from pathlib import Path

from nyata.scoring import NOT_APPLICABLE, AnswerKind, compile_instrument, read_instrument

ROOT = Path(__file__).resolve().parent.parent
INSTRUMENT = ROOT / "instruments" / "rb-pd-2025.yaml"


def random_answer(node, rng: random.Random) -> object:
    spec = node.answer
    if node.allow_na and rng.random() < 0.05:
        return NOT_APPLICABLE
    if rng.random() < 0.03:
        return None  # left unanswered
    if spec.kind == AnswerKind.CHOICE:
        return rng.choice(spec.options).code
    if spec.kind == AnswerKind.PERCENT:
        return Decimal(rng.randint(0, 10000)) / 100
    if spec.kind == AnswerKind.NUMBER:
        return spec.min + (spec.max - spec.min) * Decimal(rng.randint(0, 1000)) / 1000
    return {"target": Decimal(rng.randint(1, 100)), "realized": Decimal(rng.randint(0, 120))}


def answer_sets(instrument, count: int, seed: int) -> list[dict[str, object]]:
    rng = random.Random(seed)
    leaves = instrument.leaves()
    sets = []
    for _ in range(count):
        answers = {node.code: random_answer(node, rng) for node in leaves}
        sets.append({code: value for code, value in answers.items() if value is not None})
    return sets


def timed(compiled, sets) -> tuple[float, float]:
    """Wall-clock and CPU seconds: CPU time is what one core spends, even while others load the machine."""
    wall, cpu = time.perf_counter(), time.process_time()
    for answers in sets:
        compiled.score(answers=answers)
    return time.perf_counter() - wall, time.process_time() - cpu


def main() -> None:
    instrument = read_instrument(text=INSTRUMENT.read_text(encoding="utf-8"))
    compiled = compile_instrument(instrument=instrument)
    city, nation = answer_sets(instrument, 31, seed=31), answer_sets(instrument, 15_000, seed=15_000)
    timed(compiled, city)  # warm-up
    city_wall, city_cpu = timed(compiled, city)
    nation_wall, nation_cpu = timed(compiled, nation)
    print(
        json.dumps(
            {
                "bench": "scoring",
                "instrument": f"{instrument.code} {instrument.version}",
                "indicators": len(instrument.leaves()),
                "city_sets": len(city),
                "city_seconds": round(city_wall, 4),
                "city_cpu_seconds": round(city_cpu, 4),
                "nation_sets": len(nation),
                "nation_seconds": round(nation_wall, 2),
                "nation_cpu_seconds": round(nation_cpu, 2),
                "sets_per_second": round(len(nation) / nation_wall, 1),
                "sets_per_cpu_second": round(len(nation) / nation_cpu, 1),
                "goals_met_on_one_core": city_cpu < 0.1 and nation_cpu < 15,
            }
        )
    )


if __name__ == "__main__":
    main()
