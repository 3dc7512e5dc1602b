"""IKM results as the pages show them: rounded as the contract says, with translated labels."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext as _
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


def chart_data(total: ResultView, trend: list[tuple[date, ResultView]]) -> dict:
    """What surveys/charts.js draws, passed with json_script: the same figures as the tables beside it."""
    return {
        "unsur": {
            "labels": [row.code for row in total.unsur],
            "titles": [f"{row.code} {row.name}" for row in total.unsur],
            "values": [float(row.nrr) if row.nrr is not None else None for row in total.unsur],
            "label": str(_("NRR (1 to 4)")),
        },
        "trend": {
            "labels": [date_format(month, "M Y") for month, _r in trend],
            "values": [float(r.ikm) if r.ikm is not None else None for _month, r in trend],
            "label": str(_("IKM (25 to 100)")),
        },
    }
