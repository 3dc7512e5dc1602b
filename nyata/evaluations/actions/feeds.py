"""Filling the indicators whose answer comes from a source Nyata holds (nyata.evaluations.feeds): the unit's
SKM (issue 5, the feed into evaluation), an outside figure recorded by the Inspektorat (issue 13), and later
sources, one way for all."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.core.numbers import figure
from nyata.evaluations import feeds, values
from nyata.evaluations.actions.answers import _store_answer
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import fresh, require_open
from nyata.evaluations.models import Answer, Assessment
from nyata.org.models import User
from nyata.scoring import Node


def _value(node: Node, fed: feeds.Fed | None) -> tuple[values.Stored, str]:
    """The stored answer and its explanation; a figure the indicator cannot hold is not filled, and
    the explanation says why."""
    if fed is None or not fed.has_data:
        return None, ""
    try:
        return values.number(node, fed.value), fed.explanation
    except ValidationError as error:
        return None, _("The figure %(value)s cannot be this indicator's answer: %(why)s") % {
            "value": figure(fed.value),
            "why": " ".join(error.messages),
        }


@transaction.atomic
def fill_from_sources(*, assessment: Assessment, by: User, only: str | None = None) -> list[str]:
    """Set the OPD's answer of every fed indicator (of source `only`, if given) to what its source gives
    now; the codes that changed.

    Only while the OPD's own answers may change (self-assessment, unlocked period); afterwards the value
    the OPD proposed stays as it was, and evaluators adjust it with a recorded reason like any other.
    """
    require_open(assessment)
    assessment = fresh(assessment)
    if assessment.status != Assessment.Status.SELF_ASSESSMENT:
        return []
    nodes = feeds.fed_indicators(assessment.period, name=only)
    if not nodes:
        return []
    read = feeds.read_all(assessment, nodes)
    changed = []
    for node in nodes:
        source = feeds.source_of(node.source)
        if source is None:
            continue
        stored, explanation = _value(node, read[node.source])
        answer = Answer.objects.select_for_update().filter(assessment=assessment, indicator=node.code).first()
        if answer is None:
            if stored is None and not explanation:
                continue
            answer = Answer(assessment=assessment, indicator=node.code)
        elif answer.value == stored and answer.explanation == explanation:
            continue
        before = _store_answer(answer, stored=stored, explanation=explanation, by=by)
        record(
            assessment,
            by=by,
            kind=source.event,
            indicator=node.code,
            before=before,
            after=stored,
            note=explanation,
        )
        changed.append(node.code)
    return changed
