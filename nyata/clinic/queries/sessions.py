"""Clinic sessions: getters, the lists, and the units that never attended."""

from dataclasses import dataclass

from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from nyata.clinic.models import Attendance, Material, Session
from nyata.org import rules
from nyata.org.models import Instansi, Unit


def sessions_for_user(user, instansi: Instansi) -> QuerySet[Session]:
    if not rules.belongs_to_instansi(user, instansi.pk):
        return Session.objects.none()
    return Session.objects.filter(instansi=instansi).prefetch_related("units")


def get_session_for_user(user, instansi: Instansi, pk: int) -> Session:
    session = (
        Session.objects.select_related("instansi", "created_by").filter(instansi=instansi, pk=pk).first()
    )
    if session is None or not rules.has_perm(user, "clinic.view_session", session):
        raise Http404
    return session


def material_of(session: Session, pk: int) -> Material:
    material = Material.objects.filter(session=session, pk=pk).first()
    if material is None:
        raise Http404
    return material


def attendance_of(session: Session) -> list[Attendance]:
    return list(session.attendance.select_related("person", "unit"))


@dataclass(frozen=True)
class UnitAttendance:
    unit: Unit
    present: list  # the people of this unit who came
    invited: bool


def attendance_by_unit(session: Session) -> list[UnitAttendance]:
    """Every invited unit (and any other unit someone came for) with who came, absent units first."""
    rows = attendance_of(session)
    invited = list(session.units.order_by("name"))
    units = {unit.pk: unit for unit in invited}
    units.update((row.unit_id, row.unit) for row in rows)
    present: dict[int, list] = {pk: [] for pk in units}
    for row in rows:
        present[row.unit_id].append(row.person)
    invited_ids = {unit.pk for unit in invited}
    found = [UnitAttendance(unit, present[pk], pk in invited_ids) for pk, unit in units.items()]
    return sorted(found, key=lambda entry: (bool(entry.present), entry.unit.name))


def past_sessions(instansi: Instansi, *, now=None) -> QuerySet[Session]:
    return Session.objects.filter(instansi=instansi, starts_at__lte=now or timezone.now())


def never_attended(instansi: Instansi, *, now=None) -> list[Unit]:
    """The units invited to at least one session held so far that have attended none."""
    past = past_sessions(instansi, now=now)
    invited = Unit.objects.filter(pk__in=past.values("units")).order_by("name")
    attended = set(Attendance.objects.filter(session__in=past).values_list("unit_id", flat=True))
    return [unit for unit in invited if unit.pk not in attended]


def missed_by(unit: Unit, *, now=None) -> list[Session]:
    """The sessions held so far that invited this unit and that nobody of it attended."""
    past = past_sessions(unit.instansi, now=now).filter(units=unit).order_by("starts_at")
    attended = set(
        Attendance.objects.filter(session__in=past, unit=unit).values_list("session_id", flat=True)
    )
    return [session for session in past if session.pk not in attended]
