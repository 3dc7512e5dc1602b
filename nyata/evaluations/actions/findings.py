"""Findings per area, component or indicator per unit, written by the evaluator team: kondisi, kriteria,
sebab, akibat and one or more rekomendasi (each followed up on its own, nyata/followups)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import require_open
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Assessment, Finding, Recommendation
from nyata.org.models import User

MAX_RECOMMENDATIONS = 10


def _recommendations(texts: list[str]) -> list[str]:
    kept = [" ".join(text.split()) for text in texts if text.strip()]
    if not kept:
        raise ValidationError({"recommendation": [_("Write at least one rekomendasi.")]})
    if len(kept) > MAX_RECOMMENDATIONS:
        raise ValidationError(
            {"recommendation": [_("A finding has at most %(n)d rekomendasi.") % {"n": MAX_RECOMMENDATIONS}]}
        )
    return kept


@transaction.atomic
def save_finding(
    *,
    assessment: Assessment,
    node: str,
    condition: str,
    recommendations: list[str],
    criteria: str = "",
    cause: str = "",
    effect: str = "",
    finding: Finding | None = None,
    by: User,
) -> Finding:
    """Write a new finding, or rewrite `finding` (of the same assessment). Its rekomendasi are replaced as a
    whole, in the order given."""
    require_open(assessment)
    nodes = {n.code for n in definition_of(assessment.period.instrument).walk()}
    if node not in nodes:
        raise ValidationError({"node": [_("Choose an area, component or indicator of the instrument.")]})
    if not condition.strip():
        raise ValidationError(_("Write both the kondisi and the rekomendasi."))
    texts = _recommendations(recommendations)
    if finding is not None and finding.assessment_id != assessment.pk:
        raise ValidationError(_("This finding belongs to another unit."))
    finding = finding or Finding(assessment=assessment)
    finding.node, finding.written_by = node, by
    finding.condition, finding.criteria = condition.strip(), criteria.strip()
    finding.cause, finding.effect = cause.strip(), effect.strip()
    finding._history_user = by
    finding.save()
    existing = {r.position: r for r in finding.recommendations.all()}
    for position, text in enumerate(texts, start=1):
        recommendation = existing.pop(position, None) or Recommendation(finding=finding, position=position)
        if recommendation.pk is None or recommendation.text != text:
            recommendation.text = text
            recommendation._history_user = by
            recommendation.save()
    for extra in existing.values():
        extra._history_user = by
        extra.delete()
    record(assessment, by=by, kind="finding_written", indicator=node, note="\n".join(texts))
    return finding
