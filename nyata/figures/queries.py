"""Reads of outside figures: a unit's figure of a kind and year (for the feed), the figures of a year (the
admin's page) and every unit on one kind over the years (the city's comparison)."""

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q
from django.http import Http404

from nyata.figures.models import Figure, Kind
from nyata.instruments.models import Instrument
from nyata.instruments.queries import engine_instrument
from nyata.org import rules
from nyata.org.models import Instansi, Unit, User


def kinds_of(instansi_id: int):
    """The kinds an instansi uses: the shared ones and its own (models.Kind on ownership)."""
    return Kind.objects.filter(Q(owner__isnull=True) | Q(owner_id=instansi_id))


def kinds(instansi: Instansi) -> list[Kind]:
    return list(kinds_of(instansi.pk))


def kind_by_key(key: str, instansi_id: int) -> Kind | None:
    return kinds_of(instansi_id).filter(key=key).first()


def get_kind_for_user(user: User, instansi: Instansi, pk: int) -> Kind:
    """A kind of this instansi's registry that the person may change; 404 for anyone who may not."""
    kind = kinds_of(instansi.pk).filter(pk=pk).first()
    if kind is None or not rules.has_perm(user, "figures.change_kind", kind):
        raise Http404
    return kind


@dataclass(frozen=True)
class Usage:
    """What names a kind: its key cannot change, nor the kind go, while anything does."""

    figures: int
    instruments: list[str]  # "code version" of each instrument with an indicator `source: data:<key>`

    @property
    def in_use(self) -> bool:
        return bool(self.figures or self.instruments)


def instruments_naming(key: str) -> list[str]:
    """Every stored instrument (draft or published, of any owner) with an indicator fed by `data:<key>`:
    the text narrows the search, the parsed instrument decides (`data:pekppp` is inside `data:pekppp-2`)."""
    spec = f"data:{key}"
    found = []
    for instrument in Instrument.objects.filter(source__contains=spec).order_by("code", "version"):
        if any(node.source == spec for node in engine_instrument(instrument).leaves()):
            found.append(f"{instrument.code} {instrument.version}")
    return found


def usage_of(kind: Kind) -> Usage:
    return Usage(Figure.objects.filter(kind=kind).count(), instruments_naming(kind.key))


def kinds_with_usage(instansi: Instansi) -> list[tuple[Kind, Usage]]:
    return [(kind, usage_of(kind)) for kind in kinds_of(instansi.pk).select_related("owner")]


def figure_of(unit_id: int, key: str, year: int) -> Figure | None:
    return (
        Figure.objects.select_related("kind", "entered_by")
        .filter(unit_id=unit_id, kind__key=key, year=year)
        .first()
    )


def get_figure_for_user(user: User, instansi: Instansi, pk: int) -> Figure:
    figure = Figure.objects.select_related("unit", "kind").filter(pk=pk, unit__instansi=instansi).first()
    if figure is None or not rules.has_perm(user, "figures.view_figure", figure):
        raise Http404
    return figure


def figures_of(instansi: Instansi, *, kind: Kind, year: int) -> list[Figure]:
    return list(
        Figure.objects.select_related("unit", "entered_by")
        .filter(unit__instansi=instansi, kind=kind, year=year)
        .order_by("unit__code")
    )


def years_of(instansi: Instansi) -> list[int]:
    return sorted(
        set(Figure.objects.filter(unit__instansi=instansi).values_list("year", flat=True)), reverse=True
    )


@dataclass(frozen=True)
class ComparedUnit:
    unit: Unit
    values: list[Decimal | None]  # one per year of the comparison, oldest first
    years: list[int]
    change: Decimal | None  # last year against the one before, where both exist
    better: bool | None  # whether the change is for the better, by the kind's direction

    @property
    def cells(self) -> list[tuple[int, Decimal | None]]:
        return list(zip(self.years, self.values, strict=True))


@dataclass(frozen=True)
class Comparison:
    kind: Kind
    years: list[int]
    rows: list[ComparedUnit]


def comparison(instansi: Instansi, kind: Kind) -> Comparison:
    """The units of the instansi on one kind over the years with figures, best last year first."""
    found = Figure.objects.filter(unit__instansi=instansi, kind=kind).values_list("unit_id", "year", "value")
    by_unit: dict[int, dict[int, Decimal]] = {}
    for unit_id, year, value in found:
        by_unit.setdefault(unit_id, {})[year] = value
    years = sorted({year for values in by_unit.values() for year in values})
    rows = []
    # The OPD, and any other unit that has a figure of this kind (a unit pengampu may have one too).
    compared = Unit.objects.filter(instansi=instansi, is_active=True).filter(
        Q(kind=Unit.Kind.OPD) | Q(pk__in=by_unit)
    )
    for unit in compared.order_by("code"):
        values = [by_unit.get(unit.pk, {}).get(year) for year in years]
        change = better = None
        if len(values) >= 2 and values[-1] is not None and values[-2] is not None:
            change = values[-1] - values[-2]
            better = None if change == 0 else (change > 0) == kind.higher_is_better
        rows.append(ComparedUnit(unit, values, years, change, better))

    def order(row: ComparedUnit):
        last = row.values[-1] if row.values else None
        if last is None:
            return (1, Decimal(0), row.unit.code)
        return (0, -last if kind.higher_is_better else last, row.unit.code)

    return Comparison(kind, years, sorted(rows, key=order))
