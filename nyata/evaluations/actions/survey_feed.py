"""Filling IKM-sourced indicators from the unit's satisfaction survey (issue 5): the `skm-ikm` source of the
one feed mechanism (nyata.evaluations.actions.feeds)."""

from nyata.evaluations.actions.feeds import fill_from_sources
from nyata.evaluations.models import Assessment
from nyata.evaluations.queries.survey import SKM_IKM
from nyata.org.models import User


def fill_from_survey(*, assessment: Assessment, by: User) -> list[str]:
    """Set the OPD's answer of every IKM-sourced indicator to the survey's IKM; codes that changed."""
    return fill_from_sources(assessment=assessment, by=by, only=SKM_IKM)
