"""Clinic sessions: scheduling (with invitations), attendance, materials and the minutes (notulen)."""

from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.clinic import notices
from nyata.clinic.actions import files
from nyata.clinic.models import Attendance, Material, Session
from nyata.clinic.rules import ASKING_ROLES
from nyata.evaluations.guards import moment_text
from nyata.org import rules
from nyata.org.models import Instansi, Membership, Unit, User


@transaction.atomic
def schedule_session(
    *,
    instansi: Instansi,
    topic: str,
    description: str,
    areas: list[str],
    indicators: list[str],
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    online_link: str,
    units: list[Unit],
    people: list[User],
    by: User,
) -> Session:
    if not rules.has_perm(by, "clinic.manage_sessions", instansi):
        raise PermissionDenied
    problems = {}
    if not topic.strip():
        problems["topic"] = [_("Write the topic of the session.")]
    if ends_at <= starts_at:
        problems["ends_at"] = [_("The session must end after it starts.")]
    if not place.strip() and not online_link.strip():
        problems["place"] = [_("Give a place or an online link.")]
    if not units and not people:
        problems["units"] = [_("Invite at least one unit or person.")]
    if any(unit.instansi_id != instansi.pk for unit in units) or any(
        person.instansi_id != instansi.pk for person in people
    ):
        problems["units"] = [_("Invite only units and people of this instansi.")]
    if problems:
        raise ValidationError(problems)
    session = Session(
        instansi=instansi,
        topic=topic.strip(),
        description=description.strip(),
        areas=areas,
        indicators=indicators,
        starts_at=starts_at,
        ends_at=ends_at,
        place=place.strip(),
        online_link=online_link.strip(),
        created_by=by,
    )
    session._history_user = by
    session.save()
    session.units.set(units)
    session.people.set(people)
    notices.session_invited(session, when=moment_text(starts_at, instansi.time_zone))
    return session


def invited_unit_of(session: Session, person: User) -> Unit | None:
    """The invited unit a person comes for: their own (first by name), or None when not invited."""
    memberships = (
        Membership.objects.filter(user=person, role__in=ASKING_ROLES, unit__in=session.units.all())
        .select_related("unit")
        .order_by("unit__name")
    )
    first = memberships.first()
    if first is not None:
        return first.unit
    if session.people.filter(pk=person.pk).exists():
        own = Membership.objects.filter(user=person).exclude(unit=None).select_related("unit").first()
        return own.unit if own else None
    return None


@transaction.atomic
def record_attendance(*, session: Session, people: list[User], by: User) -> list[Attendance]:
    """Mark people present; a person already marked stays as first recorded."""
    if not rules.has_perm(by, "clinic.record_attendance", session):
        raise PermissionDenied
    if session.starts_at > timezone.now():
        raise ValidationError(_("Attendance is recorded once the session has begun."))
    if not people:
        raise ValidationError({"people": [_("Choose who attended.")]})
    present = set(session.attendance.values_list("person_id", flat=True))
    recorded, problems = [], []
    for person in people:
        unit = invited_unit_of(session, person)
        if unit is None:
            problems.append(_("%(name)s was not invited to this session.") % {"name": person.name})
        elif person.pk not in present:
            row = Attendance(session=session, person=person, unit=unit, recorded_by=by)
            row._history_user = by
            recorded.append(row)
    if problems:
        raise ValidationError({"people": problems})
    for row in recorded:
        row.save()
    return recorded


@transaction.atomic
def write_minutes(*, session: Session, minutes: str, by: User) -> Session:
    if not rules.has_perm(by, "clinic.record_attendance", session):
        raise PermissionDenied
    session = Session.objects.select_for_update().get(pk=session.pk)
    session.minutes = minutes.strip()
    session._history_user = by
    session.save(update_fields=["minutes"])
    return session


@transaction.atomic
def add_materials(*, session: Session, uploads: list[UploadedFile], by: User) -> list[Material]:
    if not rules.has_perm(by, "clinic.record_attendance", session):
        raise PermissionDenied
    if not uploads:
        raise ValidationError({"file": [_("Choose at least one file.")]})
    return files.store(Material, files.inspect(uploads), by=by, session=session)
