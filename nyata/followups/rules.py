"""Who sees and does what in follow-up. Registered in the one registry of nyata.org.rules (default deny).

An item is its unit's and the Inspektorat's: the OPD's head and operators read and report it, never another
OPD's; the Inspektorat (any staff of the instansi) reads every item, verifies, returns and sets due dates;
the Inspektur's approval of "tidak dapat ditindaklanjuti" is the Inspektorat administrator's (the account
that leads the Inspektorat in Nyata); the pimpinan reads. The person responsible is chosen by the OPD head
or the Inspektorat."""

from nyata.evaluations.models import Period
from nyata.evaluations.rules import is_inspektorat_staff, is_leader, is_unit_staff
from nyata.followups.models import Attachment, Item
from nyata.org import rules
from nyata.org.models import Instansi, Role
from nyata.org.rules import permission


def _holds(user, role: str, unit_id: int) -> bool:
    return any(g.role == role and g.unit_id == unit_id for g in rules.grants_of(user))


def sees_every_unit(user, instansi_id: int) -> bool:
    return is_inspektorat_staff(user, instansi_id) or is_leader(user, instansi_id)


@permission("followups.view_overview")
def can_view_overview(user, instansi: Instansi) -> bool:
    """The follow-up page: the whole city for the Inspektorat and the pimpinan, its own rows for an OPD."""
    return sees_every_unit(user, instansi.pk) or any(
        g.instansi_id == instansi.pk and g.role in rules.UNIT_ROLES for g in rules.grants_of(user)
    )


@permission("followups.view_item")
def can_view_item(user, item: Item) -> bool:
    return sees_every_unit(user, item.period.instansi_id) or is_unit_staff(user, item.unit_id)


@permission("followups.view_attachment")
def can_view_attachment(user, attachment: Attachment) -> bool:
    return can_view_item(user, attachment.report.item)


@permission("followups.report")
def can_report(user, item: Item) -> bool:
    return is_unit_staff(user, item.unit_id)


@permission("followups.assign_owner")
def can_assign_owner(user, item: Item) -> bool:
    return _holds(user, Role.OPD_HEAD, item.unit_id) or is_inspektorat_staff(user, item.period.instansi_id)


@permission("followups.verify")
def can_verify(user, item: Item) -> bool:
    """Verify, return, and set the due date: the Inspektorat."""
    return is_inspektorat_staff(user, item.period.instansi_id)


@permission("followups.approve_exemption")
def can_approve_exemption(user, item: Item) -> bool:
    """The Inspektur's approval of "tidak dapat ditindaklanjuti"."""
    return rules.manages_instansi(user, item.period.instansi_id)


@permission("followups.open")
def can_open(user, period: Period) -> bool:
    return rules.manages_instansi(user, period.instansi_id)


# --- action plans ---------------------------------------------------------------------------------------


def is_plan_staff(user, unit_id: int) -> bool:
    """The unit's own people: an OPD's head and operators, a unit pengampu's verifiers."""
    return is_unit_staff(user, unit_id) or _holds(user, Role.PENGAMPU_VERIFIER, unit_id)


@permission("followups.view_plan")
def can_view_plan(user, plan) -> bool:
    return sees_every_unit(user, plan.unit.instansi_id) or is_plan_staff(user, plan.unit_id)


@permission("followups.edit_plan")
def can_edit_plan(user, plan) -> bool:
    """Write activities, realisations, import: the unit's own people."""
    return is_plan_staff(user, plan.unit_id)


@permission("followups.submit_plan")
def can_submit_plan(user, plan) -> bool:
    """The head of the OPD submits its plan (the verifier of a unit pengampu, which has no head role)."""
    return _holds(user, Role.OPD_HEAD, plan.unit_id) or _holds(user, Role.PENGAMPU_VERIFIER, plan.unit_id)


@permission("followups.create_plan")
def can_create_plan(user, unit) -> bool:
    return is_plan_staff(user, unit.pk)


@permission("followups.review_plan")
def can_review_plan(user, plan) -> bool:
    """The ex-ante review and the quarterly desk-review notes: the Inspektorat."""
    return is_inspektorat_staff(user, plan.unit.instansi_id)
