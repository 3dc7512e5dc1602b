"""Each unit's SKM figures for an evaluation period: its IKM, band, respondents and weakest unsur, over
the survey period the evaluation reads (nyata.evaluations.queries.survey), two queries for every unit."""

from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from nyata.evaluations.models import Period
from nyata.evaluations.queries.survey import survey_period_of
from nyata.org.models import Unit
from nyata.surveys import queries as survey_queries
from nyata.surveys.ikm import IkmResult
from nyata.surveys.models import SurveyPeriod
from nyata.surveys.presentation import KINERJA_LABELS, ResultView, result_view


@dataclass
class UnitSkm:
    survey_period: SurveyPeriod | None
    result: IkmResult | None

    @cached_property
    def view(self) -> ResultView | None:
        """Every figure as the survey pages show them (the LHE's table of unsur)."""
        return result_view(self.result) if self.result is not None else None

    @cached_property
    def ikm(self) -> Decimal | None:
        return self.result.rounded_ikm() if self.result is not None else None

    @cached_property
    def mutu(self) -> str:
        band = self.result.band if self.result is not None else None
        return band.mutu if band else ""

    @property
    def kinerja(self) -> str:
        return str(KINERJA_LABELS[self.mutu]) if self.mutu else ""

    @property
    def respondents(self) -> int:
        return self.result.n if self.result is not None else 0

    @property
    def has_data(self) -> bool:
        return self.ikm is not None


def skm_by_unit(period: Period, unit_ids: list[int]) -> dict[int, UnitSkm]:
    survey_period = survey_period_of(period)
    if survey_period is None:
        return {pk: UnitSkm(None, None) for pk in unit_ids}
    units = list(Unit.objects.filter(pk__in=unit_ids))
    results = survey_queries.unit_results(units, survey_period)
    return {pk: UnitSkm(survey_period, results[pk]) for pk in unit_ids if pk in results}
