"""Who may attach and who may download evidence. Registered in the one registry of nyata.org.rules.

Downloading follows reading the assessment (its own OPD, the Inspektorat, the pimpinan after the lock);
a pengampu verifier also downloads the evidence of the indicators of its own RB area, across every OPD,
and nothing else: verifying an indicator means reading its data dukung.
"""

from nyata.evaluations.definition import indicators_of
from nyata.evaluations.rules import can_answer, can_view_assessment, pengampu_areas
from nyata.evidence.models import Evidence
from nyata.org.rules import permission


@permission("evidence.attach")
def can_attach(user, assessment) -> bool:
    """During self-assessment the OPD operator of the unit attaches data dukung."""
    return can_answer(user, assessment)


@permission("evidence.download")
def can_download(user, evidence: Evidence) -> bool:
    assessment = evidence.assessment
    if can_view_assessment(user, assessment):
        return True
    node = indicators_of(assessment.period.instrument).get(evidence.indicator)
    if node is None or not node.pengampu:
        return False
    return node.pengampu in pengampu_areas(user, assessment.period.instansi_id)
