"""Reads. Every `get_*_for_user` checks permission and answers 404 for what the person may not see."""

from datetime import date

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from nyata.org import rules
from nyata.org.models import Instansi, Membership, Role, Unit, UnitAward, User, normalise_nip


def get_instansi_for_user(user: User, code: str) -> Instansi:
    instansi = Instansi.objects.filter(code=code).first()
    if instansi is None or not rules.has_perm(user, "org.view_instansi", instansi):
        raise Http404
    return instansi


def instansi_for_user(user: User) -> QuerySet[Instansi]:
    if rules.is_system_admin(user):
        return Instansi.objects.all()
    ids = {g.instansi_id for g in rules.grants_of(user)} if rules.is_signed_in(user) else set()
    return Instansi.objects.filter(pk__in=ids)


def units_for_user(user: User, instansi: Instansi) -> QuerySet[Unit]:
    units = Unit.objects.filter(instansi=instansi)
    if rules.has_perm(user, "org.view_directory", instansi):
        return units
    return units.filter(pk__in=rules.own_unit_ids(user))


def get_unit_for_user(user: User, instansi: Instansi, pk: int) -> Unit:
    unit = Unit.objects.select_related("instansi", "parent").filter(instansi=instansi, pk=pk).first()
    if unit is None or not rules.has_perm(user, "org.view_unit", unit):
        raise Http404
    return unit


def people_for_user(user: User, instansi: Instansi) -> QuerySet[User]:
    people = User.objects.filter(instansi=instansi)
    if rules.has_perm(user, "org.view_directory", instansi):
        return people
    own = rules.own_unit_ids(user)
    return people.filter(Q(pk=user.pk) | Q(memberships__unit__in=own)).distinct()


def get_person_for_user(user: User, instansi: Instansi, pk: int) -> User:
    person = User.objects.filter(pk=pk).filter(Q(instansi=instansi) | Q(instansi=None)).first()
    if person is None or not rules.has_perm(user, "org.view_person", person):
        raise Http404
    return person


def memberships_of(person: User) -> QuerySet[Membership]:
    return person.memberships.select_related("unit").order_by("role", "unit__name")


def unit_staff(unit: Unit) -> QuerySet[Membership]:
    return unit.memberships.select_related("user").order_by("role", "user__name")


def unit_list(units: QuerySet[Unit], *, kind: str = "", search: str = "", active: str = "") -> QuerySet[Unit]:
    if kind:
        units = units.filter(kind=kind)
    if search:
        units = units.filter(
            Q(name__icontains=search) | Q(short_name__icontains=search) | Q(code__icontains=search)
        )
    if active in ("1", "0"):
        units = units.filter(is_active=active == "1")
    return units.select_related("parent").annotate(staff_count=Count("memberships", distinct=True))


def people_list(people: QuerySet[User], *, search: str = "", role: str = "") -> QuerySet[User]:
    if search:
        people = people.filter(
            Q(name__icontains=search)
            | Q(username__icontains=search)
            | Q(nip__icontains=normalise_nip(search) or search)
            | Q(email__icontains=search)
        )
    if role:
        people = people.filter(memberships__role=role).distinct()
    return people.prefetch_related("memberships__unit").order_by("name", "pk")  # pages need a total order


def lineage(unit: Unit) -> list[Unit]:
    """The unit and every unit it descends from by merger or renaming, nearest first."""
    seen: dict[int, Unit] = {unit.pk: unit}
    frontier = [unit]
    while frontier:
        found = Unit.objects.filter(successors__in=frontier).exclude(pk__in=seen)
        frontier = list(found)
        seen.update((u.pk, u) for u in frontier)
    return list(seen.values())


def primary_role(user: User) -> str | None:
    """The role whose landing page a person sees first, by how much of the instansi the role covers."""
    order = [
        Role.SYSTEM_ADMIN,
        Role.INSPEKTORAT_ADMIN,
        Role.PENGENDALI_TEKNIS,
        Role.KETUA_TIM,
        Role.EVALUATOR,
        Role.PENGAMPU_VERIFIER,
        Role.PIMPINAN,
        Role.OPD_HEAD,
        Role.OPD_OPERATOR,
    ]
    held = {g.role for g in rules.grants_of(user)}
    return next((role for role in order if role in held), None)


def unit_counts(instansi: Instansi) -> dict[str, int]:
    rows = Unit.objects.filter(instansi=instansi, is_active=True).values_list("kind").annotate(n=Count("pk"))
    counts = dict.fromkeys(Unit.Kind.values, 0)
    counts.update(dict(rows))
    return counts


def instansi_overview(instansi: QuerySet[Instansi]) -> QuerySet[Instansi]:
    return instansi.annotate(
        unit_total=Count("units", distinct=True), people_total=Count("people", distinct=True)
    ).order_by("name")


def unit_awards(unit: Unit) -> QuerySet[UnitAward]:
    """The unit's award history, oldest decree first."""
    return UnitAward.objects.filter(unit=unit).select_related("recorded_by")


def held_awards(unit_id: int, *, before: date) -> frozenset[str]:
    """The predicates a unit holds by decrees dated before `before` (an evaluation year's first day: the
    decree that ends this year's evaluation does not count for it)."""
    return frozenset(
        UnitAward.objects.filter(unit_id=unit_id, decree_date__lt=before).values_list("award", flat=True)
    )
