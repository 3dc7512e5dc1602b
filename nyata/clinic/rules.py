"""Who may see and do what in the clinic. Registered in the one registry of nyata.org.rules.

A question is seen by the unit that asked it, by the Inspektorat of the instansi and, when it was routed
to a unit pengampu, by that pengampu's verifiers; never by another OPD. An asistensi is the unit's and the
Inspektorat's. The FAQ is anonymised and read by everyone of the instansi."""

from nyata.clinic.models import Asistensi, Question, Session
from nyata.evaluations.rules import is_inspektorat_staff, pengampu_areas
from nyata.org import rules
from nyata.org.models import Role, Unit
from nyata.org.rules import permission

ASKING_ROLES = frozenset({Role.OPD_OPERATOR, Role.OPD_HEAD, Role.PENGAMPU_VERIFIER})


def asking_units(user, instansi_id: int) -> list[int]:
    """The units on whose behalf this person may ask: their OPD, or the unit pengampu they verify for."""
    if not rules.is_signed_in(user):
        return []
    return sorted(
        {
            g.unit_id
            for g in rules.grants_of(user)
            if g.role in ASKING_ROLES and g.instansi_id == instansi_id and g.unit_id is not None
        }
    )


def is_member_of(user, unit_id: int) -> bool:
    return rules.is_signed_in(user) and any(
        g.unit_id == unit_id and g.role in ASKING_ROLES for g in rules.grants_of(user)
    )


@permission("clinic.visit")
def can_visit(user, instansi) -> bool:
    """The clinic's front page: everyone of the instansi."""
    return rules.belongs_to_instansi(user, instansi.pk)


@permission("clinic.ask")
def can_ask(user, instansi) -> bool:
    return bool(asking_units(user, instansi.pk))


def _is_routed_pengampu(user, question: Question) -> bool:
    return question.route == Question.Route.PENGAMPU and question.area in pengampu_areas(
        user, question.instansi_id
    )


@permission("clinic.view_question")
def can_view_question(user, question: Question) -> bool:
    return (
        is_inspektorat_staff(user, question.instansi_id)
        or is_member_of(user, question.unit_id)
        or _is_routed_pengampu(user, question)
    )


@permission("clinic.answer")
def can_answer(user, question: Question) -> bool:
    """The desk: the Inspektorat's staff (the evaluator team first of all) or the routed unit pengampu."""
    if is_member_of(user, question.unit_id):
        return False  # a unit never answers its own question as the desk
    return is_inspektorat_staff(user, question.instansi_id) or _is_routed_pengampu(user, question)


@permission("clinic.follow_up")
def can_follow_up(user, question: Question) -> bool:
    """The asking unit writes again in its thread."""
    return is_member_of(user, question.unit_id)


@permission("clinic.oversee")
def can_oversee(user, instansi) -> bool:
    """Every open question, its age and the desk's response times: the Inspektorat."""
    return is_inspektorat_staff(user, instansi.pk)


@permission("clinic.publish_faq")
def can_publish_faq(user, question: Question) -> bool:
    return is_inspektorat_staff(user, question.instansi_id) and bool(question.indicator)


@permission("clinic.view_faq")
def can_view_faq(user, instansi) -> bool:
    return rules.belongs_to_instansi(user, instansi.pk)


@permission("clinic.request_asistensi")
def can_request_asistensi(user, assessment) -> bool:
    return any(g.unit_id == assessment.unit_id and g.role in rules.UNIT_ROLES for g in rules.grants_of(user))


@permission("clinic.view_asistensi")
def can_view_asistensi(user, asistensi: Asistensi) -> bool:
    assessment = asistensi.assessment
    return is_inspektorat_staff(
        user, assessment.period.instansi_id
    ) or assessment.unit_id in rules.own_unit_ids(user)


@permission("clinic.comment_asistensi")
def can_comment_asistensi(user, asistensi: Asistensi) -> bool:
    return is_inspektorat_staff(user, asistensi.assessment.period.instansi_id)


@permission("clinic.close_asistensi")
def can_close_asistensi(user, asistensi: Asistensi) -> bool:
    return asistensi.assessment.unit_id in rules.own_unit_ids(user)


@permission("clinic.manage_sessions")
def can_manage_sessions(user, instansi) -> bool:
    return rules.manages_instansi(user, instansi.pk)


@permission("clinic.record_attendance")
def can_record_attendance(user, session: Session) -> bool:
    return is_inspektorat_staff(user, session.instansi_id)


@permission("clinic.view_session")
def can_view_session(user, session: Session) -> bool:
    """Sessions are the instansi's open training: everyone of the instansi reads the page; who attended
    from other units is for the Inspektorat (see clinic.record_attendance)."""
    return rules.belongs_to_instansi(user, session.instansi_id)


@permission("clinic.view_resep")
def can_view_resep(user, unit: Unit) -> bool:
    """The resep klinik of an OPD: its own staff and the Inspektorat."""
    return unit.kind == Unit.Kind.OPD and (
        is_inspektorat_staff(user, unit.instansi_id) or unit.pk in rules.own_unit_ids(user)
    )
