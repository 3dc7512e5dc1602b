"""IKM results as the pages show them: rounded as the contract says, with translated labels."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.functional import Promise
from django.utils.translation import pgettext_lazy

from nyata.surveys.ikm import IkmResult, nrr_band
from nyata.surveys.questionnaire import UNSUR

KINERJA_LABELS = {
    "A": pgettext_lazy("kinerja", "Very good"),
    "B": pgettext_lazy("kinerja", "Good"),
    "C": pgettext_lazy("kinerja", "Fair"),
    "D": pgettext_lazy("kinerja", "Poor"),
}


@dataclass(frozen=True)
class UnsurRow:
    code: str
    name: Promise
    nrr: Decimal | None
    mutu: str
    weakest: bool


@dataclass(frozen=True)
class ResultView:
    n: int
    ikm: Decimal | None
    mutu: str
    kinerja: Promise | str
    unsur: list[UnsurRow]
    weakest: list[UnsurRow]
    population: int | None
    required_sample: int | None
    sample_sufficient: bool | None
    sample_percent: int | None  # progress towards the required sample, capped at 100 for the bar


def result_view(result: IkmResult) -> ResultView:
    rounded = result.rounded_nrr()
    exact = result.nrr
    weakest = set(result.weakest)
    rows = [
        UnsurRow(
            code=u.code,
            name=u.name,
            nrr=rounded[u.code],
            mutu=nrr_band(exact[u.code]).mutu if exact[u.code] is not None else "",
            weakest=u.code in weakest,
        )
        for u in UNSUR
    ]
    band = result.band
    required = result.required_sample
    percent = None
    if required:
        percent = min(100, result.n * 100 // required)
    return ResultView(
        n=result.n,
        ikm=result.rounded_ikm(),
        mutu=band.mutu if band else "",
        kinerja=KINERJA_LABELS[band.mutu] if band else "",
        unsur=rows,
        weakest=[row for row in rows if row.weakest],
        population=result.population,
        required_sample=required,
        sample_sufficient=result.sample_sufficient,
        sample_percent=percent,
    )
