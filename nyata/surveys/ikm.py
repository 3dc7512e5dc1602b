"""The IKM of PermenPANRB 14/2017, exactly as ../shared/docs/skm-ikm.md (the contract) states it.

Pure Python, no Django (an import-linter contract enforces it): the command `nyata skm ikm`, the results
pages and the benchmark all call these functions, so that one figure is computed one way everywhere.
Arithmetic is exact (Fraction); rounding happens only in `IkmResult.to_dict()` and in `band()`, which
the contract defines on the IKM rounded half-up to 2 decimals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction

UNSUR = ("U1", "U2", "U3", "U4", "U5", "U6", "U7", "U8", "U9")
ANSWER_MIN, ANSWER_MAX = 1, 4
NRR_PLACES = 3  # contract: NRR values are rounded half-up to 3 decimals in the output
IKM_PLACES = 2  # contract: IKM to 2; the bands are defined on the IKM at 2 decimals

# Krejcie and Morgan (contract, "Sample size"): chi-square for 1 degree of freedom at 95%, P = 0.5, d = 0.05.
CHI_SQUARE = Fraction(3841, 1000)
PROPORTION = Fraction(1, 2)
MARGIN_SQUARED = Fraction(1, 400)

# Bands (contract, "Bands"): the upper bound of each band on the IKM rounded half-up to 2 decimals.
BANDS = (
    (Decimal("64.99"), "D", "Tidak Baik"),
    (Decimal("76.60"), "C", "Kurang Baik"),
    (Decimal("88.30"), "B", "Baik"),
    (Decimal("100.00"), "A", "Sangat Baik"),
)


def round_half_up(value: Fraction | int, places: int) -> Decimal:
    """An exact value rounded half-up (ties away from zero) to `places` decimals, by integer arithmetic."""
    value = Fraction(value)
    quotient, remainder = divmod(abs(value.numerator) * 10**places, value.denominator)
    if 2 * remainder >= value.denominator:
        quotient += 1
    sign = "-" if value < 0 and quotient else ""
    return Decimal(f"{sign}{quotient}E-{places}").quantize(Decimal(1).scaleb(-places))


@dataclass(frozen=True, slots=True)
class Tally:
    """Exact sufficient statistics of a set of responses: respondents, and per unsur answers and their sum.

    `counts[i]` may be below `n`: on a paper form an unsur can be left unanswered (contract: an empty
    cell means not answered for that unsur), and NRR_i divides by the answers to U_i only.
    """

    n: int = 0
    counts: tuple[int, ...] = (0,) * 9
    sums: tuple[int, ...] = (0,) * 9

    @classmethod
    def of(cls, answers: Iterable[Sequence[int | None]]) -> Tally:
        """The tally of rows of nine answers (None = not answered); rows answering nothing are skipped."""
        n = 0
        counts = [0] * 9
        sums = [0] * 9
        for row in answers:
            if len(row) != 9:
                raise ValueError("a response has exactly nine answers (U1..U9)")
            answered = False
            for i, value in enumerate(row):
                if value is None:
                    continue
                if not ANSWER_MIN <= value <= ANSWER_MAX:
                    raise ValueError(f"{UNSUR[i]}: answer {value} is outside {ANSWER_MIN}..{ANSWER_MAX}")
                counts[i] += 1
                sums[i] += value
                answered = True
            n += answered
        return cls(n=n, counts=tuple(counts), sums=tuple(sums))

    def __add__(self, other: Tally) -> Tally:
        return Tally(
            n=self.n + other.n,
            counts=tuple(a + b for a, b in zip(self.counts, other.counts, strict=True)),
            sums=tuple(a + b for a, b in zip(self.sums, other.sums, strict=True)),
        )

    def nrr(self) -> dict[str, Fraction | None]:
        """NRR_i = sum of answers to U_i / number of answers to U_i; None for an unsur nobody answered."""
        return {
            code: (Fraction(total, count) if count else None)
            for code, count, total in zip(UNSUR, self.counts, self.sums, strict=True)
        }

    def ikm(self) -> Fraction | None:
        """IKM = sum over i of (NRR_i x 1/9) x 25, exact; None unless every unsur has answers."""
        values = self.nrr().values()
        if any(v is None for v in values):
            return None
        return sum((v * Fraction(1, 9) for v in values), Fraction(0)) * 25


@dataclass(frozen=True, slots=True)
class Band:
    mutu: str  # A, B, C or D
    kinerja: str  # the regulation's wording: Sangat Baik, Baik, Kurang Baik, Tidak Baik


def band(ikm: Fraction | Decimal | int) -> Band:
    """The mutu and kinerja of an IKM (25..100), decided on the IKM rounded half-up to 2 decimals."""
    rounded = round_half_up(Fraction(ikm), IKM_PLACES)
    if not Decimal(25) <= rounded <= Decimal(100):
        raise ValueError(f"an IKM lies in 25..100, not {rounded}")
    for upper, mutu, kinerja in BANDS:
        if rounded <= upper:
            return Band(mutu, kinerja)
    raise AssertionError("unreachable: the last band ends at 100")


def nrr_band(nrr: Fraction) -> Band:
    """The band of one unsur: the contract's NRR column is the IKM column divided by 25."""
    return band(nrr * 25)


def required_sample(population: int) -> int:
    """Krejcie-Morgan sample size for a population of N service users, rounded half-up (contract)."""
    if population < 1:
        raise ValueError("the population is at least 1")
    variance = PROPORTION * (1 - PROPORTION)
    exact = (CHI_SQUARE * population * variance) / (MARGIN_SQUARED * (population - 1) + CHI_SQUARE * variance)
    return int(round_half_up(exact, 0))


def weakest_unsur(nrr: Mapping[str, Fraction | None]) -> list[str]:
    """The unsur with the lowest NRR (all of them when tied): where the follow-up should start."""
    answered = {code: value for code, value in nrr.items() if value is not None}
    if not answered:
        return []
    lowest = min(answered.values())
    return [code for code, value in answered.items() if value == lowest]


@dataclass(frozen=True, slots=True)
class IkmResult:
    """Every figure of the contract for one set of responses; exact values, rounded only for output."""

    tally: Tally
    population: int | None = None

    @property
    def n(self) -> int:
        return self.tally.n

    @property
    def nrr(self) -> dict[str, Fraction | None]:
        return self.tally.nrr()

    @property
    def ikm(self) -> Fraction | None:
        return self.tally.ikm()

    @property
    def band(self) -> Band | None:
        value = self.ikm
        return None if value is None else band(value)

    @property
    def required_sample(self) -> int | None:
        return None if self.population is None else required_sample(self.population)

    @property
    def sample_sufficient(self) -> bool | None:
        required = self.required_sample
        return None if required is None else self.n >= required

    @property
    def weakest(self) -> list[str]:
        return weakest_unsur(self.nrr)

    def rounded_nrr(self) -> dict[str, Decimal | None]:
        return {
            code: (None if value is None else round_half_up(value, NRR_PLACES))
            for code, value in self.nrr.items()
        }

    def rounded_ikm(self) -> Decimal | None:
        value = self.ikm
        return None if value is None else round_half_up(value, IKM_PLACES)

    def to_dict(self) -> dict[str, object]:
        """The JSON shape of `nyata skm ikm --json` (contract)."""
        band_ = self.band
        result: dict[str, object] = {
            "n": self.n,
            "nrr": {k: (None if v is None else float(v)) for k, v in self.rounded_nrr().items()},
            "ikm": None if self.ikm is None else float(self.rounded_ikm()),
            "mutu": None if band_ is None else band_.mutu,
            "kinerja": None if band_ is None else band_.kinerja,
        }
        if self.population is not None:
            result["population"] = self.population
            result["required_sample"] = self.required_sample
            result["sample_sufficient"] = self.sample_sufficient
        return result
