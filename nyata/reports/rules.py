"""Who reads which report. Registered in the one registry of nyata.org.rules (default deny).

Drafts (a period still open) are the Inspektorat's only. Once the period is finalised and its results
published, the final documents go to the pimpinan (the whole city) and to the head of each unit (that
unit's own documents, and its own place against the city on the dashboard). Each tier's review stays the
Inspektorat's working paper, published or not.
"""

from nyata.evaluations.models import Assessment, Period
from nyata.evaluations.rules import is_inspektorat_staff, is_leader
from nyata.org import rules
from nyata.org.models import Instansi, Role
from nyata.org.rules import permission


def heads_unit(user, unit_id: int) -> bool:
    return any(g.role == Role.OPD_HEAD and g.unit_id == unit_id for g in rules.grants_of(user))


def headed_unit_ids(user, instansi_id: int) -> frozenset[int]:
    return frozenset(
        g.unit_id
        for g in rules.grants_of(user)
        if g.role == Role.OPD_HEAD and g.instansi_id == instansi_id and g.unit_id is not None
    )


def sees_whole_city(user, instansi_id: int) -> bool:
    """The dashboard of every unit: the Inspektorat, and the pimpinan (published results only)."""
    return is_inspektorat_staff(user, instansi_id) or is_leader(user, instansi_id)


@permission("reports.view_dashboard")
def can_view_dashboard(user, instansi: Instansi) -> bool:
    return sees_whole_city(user, instansi.pk) or bool(headed_unit_ids(user, instansi.pk))


@permission("reports.view_unit_documents")
def can_view_unit_documents(user, assessment: Assessment) -> bool:
    """The LHE and the filled worksheet of one unit."""
    period = assessment.period
    if is_inspektorat_staff(user, period.instansi_id):
        return True
    if not period.is_locked:
        return False
    return is_leader(user, period.instansi_id) or heads_unit(user, assessment.unit_id)


@permission("reports.view_period_documents")
def can_view_period_documents(user, period: Period) -> bool:
    """The city recap, the ranking, every LHE as one zip and the period workbook."""
    if is_inspektorat_staff(user, period.instansi_id):
        return True
    return period.is_locked and is_leader(user, period.instansi_id)


@permission("reports.view_internal")
def can_view_internal(user, period: Period) -> bool:
    """Each tier's value and note beside the final one: the Inspektorat's working papers."""
    return is_inspektorat_staff(user, period.instansi_id)


@permission("reports.view_internal_of")
def can_view_internal_of(user, instansi: Instansi) -> bool:
    """The drafts of every open period of the instansi: the Inspektorat."""
    return is_inspektorat_staff(user, instansi.pk)


@permission("reports.manage_settings")
def can_manage_settings(user, instansi: Instansi) -> bool:
    """The LHE's letterhead, fixed texts and signature block: the Inspektorat admin."""
    return rules.manages_instansi(user, instansi.pk)


@permission("reports.view_downloads")
def can_view_downloads(user, instansi: Instansi) -> bool:
    return rules.manages_instansi(user, instansi.pk)


@permission("reports.download_file")
def can_download_file(user, file) -> bool:
    """A file made in the background: its audience and its state (draft or final) decide."""
    period = file.period
    if not can_view_period_documents(user, period):
        return False
    if file.audience == file.Audience.INTERNAL or not file.is_final:
        return can_view_internal(user, period)
    return True
