"""Who verifies which RB area: the unit pengampu that owns it and the people holding the pengampu
verifier role there (org's data, read for an evaluation period)."""

from dataclasses import dataclass

from nyata.evaluations.instrument import definition_for
from nyata.evaluations.models import Period
from nyata.org.models import Membership, Role, Unit


def verifiers_of_areas(instansi_id: int, areas) -> dict[str, tuple[Unit | None, list]]:
    """RB area -> (the unit pengampu that owns it, its active verifiers), for every area asked about;
    an area no active unit owns maps to (None, [])."""
    found: dict[str, tuple[Unit | None, list]] = {area: (None, []) for area in areas}
    units = Unit.objects.filter(
        instansi_id=instansi_id, kind=Unit.Kind.PENGAMPU, is_active=True, pengampu_area__in=found
    )
    for unit in units:
        found[unit.pengampu_area] = (unit, [])
    memberships = (
        Membership.objects.filter(unit__in=units, role=Role.PENGAMPU_VERIFIER, user__is_active=True)
        .select_related("user", "unit")
        .order_by("user__name")
    )
    for membership in memberships:
        found[membership.unit.pengampu_area][1].append(membership.user)
    return found


def area_owners(instansi_id: int, areas) -> dict[str, str]:
    """RB area -> the name of the unit pengampu that owns it (the area's code where no unit does)."""
    owners = {
        area: short or name
        for area, short, name in Unit.objects.filter(
            instansi_id=instansi_id, pengampu_area__in=areas
        ).values_list("pengampu_area", "short_name", "name")
    }
    return {area: owners.get(area, area) for area in areas}


@dataclass
class AreaCoverage:
    """Who verifies one RB area of a period's instrument."""

    area: str
    indicators: int
    unit: Unit | None
    verifiers: list

    @property
    def is_missing(self) -> bool:
        return not self.verifiers


def verifier_coverage(period: Period) -> list[AreaCoverage]:
    """Every RB area the period's instrument names, in file order, with the unit pengampu that owns it and
    the people who hold the pengampu verifier role there (two queries)."""
    counts: dict[str, int] = {}
    for node in definition_for(period).leaves():
        if node.pengampu:
            counts[node.pengampu] = counts.get(node.pengampu, 0) + 1
    owners = verifiers_of_areas(period.instansi_id, counts)
    return [AreaCoverage(area, count, *owners[area]) for area, count in counts.items()]
