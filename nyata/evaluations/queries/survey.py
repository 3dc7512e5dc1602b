"""Indicators whose answer comes from the unit's SKM (`source: skm-ikm`, docs/instrument-extensions.md):
the survey figures behind such an answer, read for the worksheet, the review page and the fill action."""

from dataclasses import dataclass
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.core.numbers import figure
from nyata.evaluations import feeds
from nyata.evaluations.instrument import definition_for
from nyata.evaluations.models import Assessment, Period
from nyata.scoring import Node
from nyata.surveys import queries as survey_queries
from nyata.surveys.ikm import round_half_up
from nyata.surveys.models import Service, SurveyPeriod

SKM_IKM = "skm-ikm"
IKM_PLACES = 2  # the IKM is reported with two decimals (PermenPANRB 14/2017; skm-ikm.md)


@dataclass(frozen=True)
class SurveyFigures:
    """What the OPD and the evaluators see beside an IKM-sourced indicator."""

    survey_period: SurveyPeriod | None
    respondents: int
    ikm: Decimal | None
    band_code: str
    band_label: str
    required_sample: int | None
    sample_sufficient: bool | None
    results_url: str
    # How much of the IKM rests on paper forms; paper forms not counted until the Inspektorat accepts them.
    paper: survey_queries.PaperShare | None = None

    @property
    def has_data(self) -> bool:
        return self.ikm is not None


def survey_period_of(period: Period) -> SurveyPeriod | None:
    """The survey period chosen for the evaluation period, else the latest one of its year."""
    if period.survey_period_id is not None:
        return period.survey_period
    return (
        SurveyPeriod.objects.filter(instansi_id=period.instansi_id, starts_on__year=period.year)
        .order_by("-ends_on")
        .first()
    )


def sourced_indicators(period: Period) -> list[Node]:
    return [node for node in definition_for(period).leaves() if node.source == SKM_IKM]


def figures_for(assessment: Assessment) -> SurveyFigures:
    survey_period = survey_period_of(assessment.period)
    result = survey_queries.unit_result(assessment.unit, survey_period) if survey_period else None
    paper = (
        survey_queries.paper_share(Service.objects.filter(unit=assessment.unit), survey_period)
        if survey_period
        else None
    )
    ikm = result.ikm if result is not None else None
    band = result.band if result is not None and ikm is not None else None
    url = reverse("surveys:unit", args=[assessment.period.instansi.code, assessment.unit_id])
    if survey_period is not None:
        url += f"?periode={survey_period.pk}"
    return SurveyFigures(
        survey_period=survey_period,
        respondents=result.n if result is not None else 0,
        ikm=None if ikm is None else round_half_up(ikm, IKM_PLACES),
        band_code=band.mutu if band else "",
        band_label=str(band.kinerja) if band else "",
        required_sample=result.required_sample if result is not None else None,
        sample_sufficient=result.sample_sufficient if result is not None else None,
        results_url=url,
        paper=paper,
    )


def _explanation(figures: SurveyFigures) -> str:
    sample = (
        _("sample sufficient")
        if figures.sample_sufficient
        else _("sample below the required %(n)s") % {"n": figure(figures.required_sample)}
        if figures.required_sample is not None
        else _("population unknown, sample not judged")
    )
    return _(
        "Filled from the survey %(period)s: %(n)s respondents, IKM %(ikm)s (%(band)s, %(label)s), %(sample)s."
    ) % {
        "period": figures.survey_period.name if figures.survey_period else "",
        "n": figure(figures.respondents),
        "ikm": figure(figures.ikm),
        "band": figures.band_code,
        "label": figures.band_label,
        "sample": sample,
    }


def fed(assessment: Assessment, _key: str = "") -> feeds.Fed:
    """The unit's IKM as the feed gives it (one source of nyata.evaluations.feeds)."""
    figures = figures_for(assessment)
    return feeds.Fed(
        source=SKM_IKM,
        value=figures.ikm,
        explanation=_explanation(figures) if figures.has_data else "",
        detail=figures,
        template="evaluations/opd/feeds/skm.html",
        url=figures.results_url,
    )


feeds.register(
    feeds.Source(
        name=SKM_IKM,
        read=fed,
        event="filled_from_survey",
        refusal=gettext_lazy(
            "This answer is filled from the unit's satisfaction survey (SKM); it cannot be typed in."
        ),
    )
)
