"""Each unit's SKM figures for an evaluation period: its IKM, band, respondents and weakest unsur, over
the survey period the evaluation reads (nyata.evaluations.queries.survey), two queries for every unit."""

from dataclasses import dataclass
from decimal import Decimal

from nyata.evaluations.models import Period
from nyata.evaluations.queries.survey import survey_period_of
from nyata.org.models import Unit
from nyata.surveys import queries as survey_queries
from nyata.surveys.models import SurveyPeriod
from nyata.surveys.presentation import ResultView, result_view


@dataclass(frozen=True)
class UnitSkm:
    survey_period: SurveyPeriod | None
    view: ResultView | None

    @property
    def ikm(self) -> Decimal | None:
        return self.view.ikm if self.view is not None else None

    @property
    def has_data(self) -> bool:
        return self.ikm is not None


def skm_by_unit(period: Period, unit_ids: list[int]) -> dict[int, UnitSkm]:
    survey_period = survey_period_of(period)
    if survey_period is None:
        return {pk: UnitSkm(None, None) for pk in unit_ids}
    units = list(Unit.objects.filter(pk__in=unit_ids))
    results = survey_queries.unit_results(units, survey_period)
    return {pk: UnitSkm(survey_period, result_view(results[pk])) for pk in unit_ids if pk in results}
