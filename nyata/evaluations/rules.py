"""Who may see and do what in evaluation periods. Registered in the one registry of nyata.org.rules.

Reading an assessment: its own OPD's staff, the Inspektorat of the instansi; the pimpinan only once the
period is finalised. Writing is narrower: the OPD operator answers, the OPD head approves, only the
assigned team scores its tier. Time windows and the lock are checked in actions, which say why.
"""

from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Evidence, Period, TeamMember
from nyata.org import rules
from nyata.org.models import Role, Unit
from nyata.org.rules import permission


def _holds(user, role: str, *, unit_id: int | None = None, instansi_id: int | None = None) -> bool:
    return any(
        g.role == role
        and (unit_id is None or g.unit_id == unit_id)
        and (instansi_id is None or g.instansi_id == instansi_id)
        for g in rules.grants_of(user)
    )


def is_inspektorat_staff(user, instansi_id: int) -> bool:
    return rules.is_system_admin(user) or any(
        g.role in rules.INSPEKTORAT_STAFF and g.instansi_id == instansi_id for g in rules.grants_of(user)
    )


def is_leader(user, instansi_id: int) -> bool:
    return _holds(user, Role.PIMPINAN, instansi_id=instansi_id)


def is_unit_staff(user, unit_id: int) -> bool:
    return unit_id in rules.own_unit_ids(user)


def pengampu_areas(user, instansi_id: int) -> frozenset[str]:
    """The RB areas whose indicators this person verifies across every OPD."""
    unit_ids = [
        g.unit_id
        for g in rules.grants_of(user)
        if g.role == Role.PENGAMPU_VERIFIER and g.instansi_id == instansi_id
    ]
    if not unit_ids:
        return frozenset()
    return frozenset(
        Unit.objects.filter(pk__in=unit_ids, is_active=True).values_list("pengampu_area", flat=True)
    )


def team_tiers(user, assessment: Assessment) -> frozenset[str]:
    cache = getattr(assessment, "_team_cache", None)
    if cache is None:
        cache = list(assessment.team.values_list("user_id", "tier"))
        assessment._team_cache = cache
    return frozenset(tier for user_id, tier in cache if user_id == user.pk)


@permission("evaluations.manage_periods")
def can_manage_periods(user, instansi) -> bool:
    return rules.manages_instansi(user, instansi.pk)


@permission("evaluations.view_period")
def can_view_period(user, period: Period) -> bool:
    if rules.reads_whole_instansi(user, period.instansi_id):
        return True
    own = rules.own_unit_ids(user)
    return bool(own) and period.assessments.filter(unit_id__in=own).exists()


@permission("evaluations.view_progress")
def can_view_progress(user, period: Period) -> bool:
    """The unit x stage matrix: no answers, only where each unit stands."""
    return rules.reads_whole_instansi(user, period.instansi_id)


def is_published(assessment: Assessment) -> bool:
    """A unit's final result is published when the unit is finalised (units are finalised one by one or in
    groups) or, for every unit, when the period is locked."""
    return assessment.status == Assessment.Status.FINALISED or assessment.period.is_locked


@permission("evaluations.view_assessment")
def can_view_assessment(user, assessment: Assessment) -> bool:
    instansi_id = assessment.period.instansi_id
    if is_inspektorat_staff(user, instansi_id) or is_unit_staff(user, assessment.unit_id):
        return True
    return is_published(assessment) and _holds(user, Role.PIMPINAN, instansi_id=instansi_id)


@permission("evaluations.answer")
def can_answer(user, assessment: Assessment) -> bool:
    return _holds(user, Role.OPD_OPERATOR, unit_id=assessment.unit_id)


@permission("evaluations.approve_submission")
def can_approve_submission(user, assessment: Assessment) -> bool:
    return _holds(user, Role.OPD_HEAD, unit_id=assessment.unit_id)


@permission("evaluations.respond")
def can_respond(user, assessment: Assessment) -> bool:
    """Answer a clarification or file an appeal on behalf of the OPD."""
    return _holds(user, Role.OPD_OPERATOR, unit_id=assessment.unit_id) or _holds(
        user, Role.OPD_HEAD, unit_id=assessment.unit_id
    )


@permission("evaluations.review_as_evaluator")
def can_review_as_evaluator(user, assessment: Assessment) -> bool:
    return TeamMember.Tier.EVALUATOR in team_tiers(user, assessment)


@permission("evaluations.review_as_ketua")
def can_review_as_ketua(user, assessment: Assessment) -> bool:
    return TeamMember.Tier.KETUA_TIM in team_tiers(user, assessment)


@permission("evaluations.review_as_pengendali")
def can_review_as_pengendali(user, assessment: Assessment) -> bool:
    return TeamMember.Tier.PENGENDALI_TEKNIS in team_tiers(user, assessment)


@permission("evaluations.verify_area")
def can_verify_area(user, period: Period) -> bool:
    return bool(pengampu_areas(user, period.instansi_id))


@permission("evaluations.finalise")
def can_finalise(user, period: Period) -> bool:
    return rules.manages_instansi(user, period.instansi_id) or _holds(
        user, Role.PENGENDALI_TEKNIS, instansi_id=period.instansi_id
    )


@permission("evaluations.view_results")
def can_view_results(user, assessment: Assessment) -> bool:
    """Final results: the Inspektorat always; the OPD and the pimpinan once published (the unit finalised,
    or the period locked)."""
    instansi_id = assessment.period.instansi_id
    if is_inspektorat_staff(user, instansi_id):
        return True
    if not is_published(assessment):
        return False
    return is_unit_staff(user, assessment.unit_id) or _holds(user, Role.PIMPINAN, instansi_id=instansi_id)


@permission("evaluations.view_ranking")
def can_view_ranking(user, period: Period) -> bool:
    if is_inspektorat_staff(user, period.instansi_id):
        return True
    return period.is_locked and _holds(user, Role.PIMPINAN, instansi_id=period.instansi_id)


@permission("evaluations.view_review")
def can_view_review(user, subject: Assessment | Period) -> bool:
    """Every tier's score side by side (of an assessment or a whole period): the Inspektorat only.
    An unassigned evaluator reads, never writes."""
    period = subject.period if isinstance(subject, Assessment) else subject
    return is_inspektorat_staff(user, period.instansi_id)


@permission("evaluations.manage_team")
def can_manage_team(user, period: Period) -> bool:
    return rules.manages_instansi(user, period.instansi_id)


@permission("evaluations.release_preliminary")
def can_release_preliminary(user, period: Period) -> bool:
    """Preliminary results open the appeal (sanggah): the Inspektorat admin or a pengendali teknis."""
    return rules.manages_instansi(user, period.instansi_id) or _holds(
        user, Role.PENGENDALI_TEKNIS, instansi_id=period.instansi_id
    )


@permission("evaluations.close_unit")
def can_close_unit(user, period: Period) -> bool:
    """Closing a unit as not submitted (tidak menyampaikan) or withdrawing it: the Inspektorat admin."""
    return rules.manages_instansi(user, period.instansi_id)


@permission("evaluations.write_findings")
def can_write_findings(user, assessment: Assessment) -> bool:
    """Kondisi and rekomendasi are the evaluator team's: any tier seated on this unit writes them."""
    return bool(team_tiers(user, assessment))


# Evidence (data dukung): downloading follows reading the assessment (its own OPD, the Inspektorat, the
# pimpinan after the lock); a pengampu verifier also downloads the evidence of the indicators of its own RB
# area, across every OPD, and nothing else: verifying an indicator means reading its data dukung.
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
