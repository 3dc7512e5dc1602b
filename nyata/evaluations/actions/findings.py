"""Kondisi and rekomendasi per component per unit, written by the evaluator team (later: follow-ups)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import require_open
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Assessment, Finding
from nyata.org.models import User


@transaction.atomic
def save_finding(
    *, assessment: Assessment, node: str, condition: str, recommendation: str, by: User
) -> Finding:
    require_open(assessment)
    components = {n.code for n in definition_of(assessment.period.instrument).walk() if not n.is_leaf}
    if node not in components:
        raise ValidationError({"node": [_("Choose a component of the instrument.")]})
    if not condition.strip() or not recommendation.strip():
        raise ValidationError(_("Write both the kondisi and the rekomendasi."))
    finding = Finding.objects.filter(assessment=assessment, node=node).first() or Finding(
        assessment=assessment, node=node
    )
    finding.condition, finding.recommendation, finding.written_by = (
        condition.strip(),
        recommendation.strip(),
        by,
    )
    finding._history_user = by
    finding.save()
    record(assessment, by=by, kind="finding_written", indicator=node, note=recommendation.strip())
    return finding
