"""Filling IKM-sourced indicators from the unit's satisfaction survey (issue 5, the feed into evaluation)."""

from django.db import transaction
from django.utils.translation import gettext as _

from nyata.core.numbers import figure
from nyata.evaluations import values
from nyata.evaluations.actions.answers import _store_answer
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, require_open
from nyata.evaluations.models import Answer, Assessment
from nyata.evaluations.queries.survey import SurveyFigures, figures_for, sourced_indicators
from nyata.org.models import User


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


@transaction.atomic
def fill_from_survey(*, assessment: Assessment, by: User) -> list[str]:
    """Set the OPD's answer of every IKM-sourced indicator to the survey's IKM; codes that changed.

    Only while the OPD's own answers may change (self-assessment, unlocked period); afterwards the value
    the OPD proposed stays as it was, and evaluators adjust it with a recorded reason like any other.
    """
    require_open(assessment)
    assessment = fresh(assessment)
    if assessment.status != Assessment.Status.SELF_ASSESSMENT:
        return []
    nodes = sourced_indicators(assessment.period)
    if not nodes:
        return []
    figures = figures_for(assessment)
    changed = []
    for node in nodes:
        stored = values.number(node, figures.ikm) if figures.has_data else None
        explanation = _explanation(figures) if figures.has_data else ""
        answer = Answer.objects.select_for_update().filter(assessment=assessment, indicator=node.code).first()
        if answer is None:
            if stored is None:
                continue
            answer = Answer(assessment=assessment, indicator=node.code)
        elif answer.value == stored and answer.explanation == explanation:
            continue
        before = _store_answer(answer, stored=stored, explanation=explanation, by=by)
        record(
            assessment,
            by=by,
            kind="filled_from_survey",
            indicator=node.code,
            before=before,
            after=stored,
            note=explanation,
        )
        changed.append(node.code)
    return changed
