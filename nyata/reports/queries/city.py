"""The city's figures of one period: every unit's total, predicate and components, its change since the
previous period, the predicate distribution and the heatmap of unit x RB area. A unit the admin closed as not
submitted (tidak menyampaikan) or withdrew has no score: it is listed apart with its reason, as the ranking
does, never as a zero, and counted in no average or distribution.

After finalisation every figure is read from the stored Result (what was published); before it the engine
scores the final values so far (a draft, for the Inspektorat). A fixed number of queries, whatever the
number of units.
"""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from statistics import median

from django.db.models.fields.json import KT
from django.utils.translation import ngettext

from nyata.evaluations.instrument import definition_for, definition_of
from nyata.evaluations.models import Assessment, Finding, Period, Result
from nyata.evaluations.queries.results import final_values_of_period, score_of_unit
from nyata.evaluations.queries.standings import components, predicate_label
from nyata.scoring import Node

PLACES = Decimal("0.01")
# Closed by the admin instead of being evaluated: never scored (a draft would score them as zero).
UNSCORED = (Assessment.Status.NOT_SUBMITTED, Assessment.Status.WITHDRAWN)


def _d(number) -> Decimal:
    return Decimal(str(number)).quantize(PLACES, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class Cell:
    """One component of one unit: its score against its maximum."""

    score: Decimal
    max: Decimal
    applicable: bool = True

    @property
    def share(self) -> Decimal | None:
        """Percent of the maximum, one decimal; None where the component does not apply."""
        if not self.applicable or not self.max:
            return None
        return (self.score * 100 / self.max).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def heat(self) -> int:
        """0..10, the shade of the heatmap cell (a tenth of the maximum per step)."""
        share = self.share
        return -1 if share is None else min(10, int(share // 10))


@dataclass
class CityRow:
    rank: int
    assessment: Assessment
    total: Decimal
    max_total: Decimal
    predicate: str
    predicate_label: str
    cells: dict[str, Cell]
    previous_total: Decimal | None = None
    previous_predicate: str = ""

    @property
    def unit(self):
        return self.assessment.unit

    @property
    def change(self) -> Decimal | None:
        return None if self.previous_total is None else self.total - self.previous_total


@dataclass(frozen=True)
class Band:
    code: str
    label: str
    count: int


@dataclass
class CityTable:
    period: Period
    previous: Period | None
    components: list[tuple[Node, int]]
    areas: list[Node]
    rows: list[CityRow]
    distribution: list[Band] = field(default_factory=list)
    # Not scored and not ranked: not submitted first, then withdrawn, each by unit name (as the ranking).
    closed: list[Assessment] = field(default_factory=list)

    @property
    def tops(self) -> list[Node]:
        """The top-level components, the columns of the result tables."""
        return [node for node, depth in self.components if depth == 0]

    @property
    def not_submitted(self) -> int:
        return sum(1 for a in self.closed if a.status == Assessment.Status.NOT_SUBMITTED)

    @property
    def withdrawn(self) -> int:
        return sum(1 for a in self.closed if a.status == Assessment.Status.WITHDRAWN)

    @property
    def left_out(self) -> list[str]:
        """What the average and the distribution leave out, in the ranking's words (empty when nothing): the
        dashboard, the recap PDF and the recap in Word say it alike."""
        lines = []
        if self.not_submitted:
            lines.append(
                ngettext(
                    "%(counter)s unit did not submit (tidak menyampaikan)",
                    "%(counter)s units did not submit (tidak menyampaikan)",
                    self.not_submitted,
                )
                % {"counter": self.not_submitted}
            )
        if self.withdrawn:
            lines.append(
                ngettext(
                    "%(counter)s unit withdrawn from the period",
                    "%(counter)s units withdrawn from the period",
                    self.withdrawn,
                )
                % {"counter": self.withdrawn}
            )
        return lines

    @property
    def is_final(self) -> bool:
        return self.period.is_locked

    @property
    def average(self) -> Decimal | None:
        if not self.rows:
            return None
        return _d(sum(row.total for row in self.rows) / len(self.rows))

    @property
    def median(self) -> Decimal | None:
        return _d(median(row.total for row in self.rows)) if self.rows else None

    def area_average(self, code: str) -> Cell | None:
        cells = [row.cells[code] for row in self.rows if code in row.cells and row.cells[code].applicable]
        if not cells:
            return None
        return Cell(_d(sum(c.score for c in cells) / len(cells)), _d(sum(c.max for c in cells) / len(cells)))


def areas_of(period: Period) -> list[Node]:
    """The RB areas of the heatmap: each second-level component, or a top-level one that has none; never
    a theme the period did not choose (it does not exist for that period)."""
    found = []
    for root in definition_for(period).nodes:
        inner = [child for child in root.children if not child.is_leaf]
        found.extend(inner or [root])
    return found


def previous_period_of(period: Period) -> Period | None:
    """The period a change is measured against: the one it was started from if that one is published,
    else the latest published period of an earlier year of the same instansi."""
    previous = period.previous
    if previous is not None and previous.is_locked:
        return previous
    return (
        Period.objects.filter(
            instansi_id=period.instansi_id, status=Period.Status.FINALISED, year__lt=period.year
        )
        .select_related("instrument")
        .order_by("-year", "-finalised_at")
        .first()
    )


def _stored_figures(period: Period, keep: set[str]) -> list[tuple]:
    """The stored figures of the components in `keep`, read out of each Result's JSON by the database: a
    province's thousand results are not decoded whole for a handful of components each."""
    codes = sorted(keep)
    fields = {}
    for index, code in enumerate(codes):
        for key, part in (("s", "score"), ("m", "max"), ("a", "applicable")):
            fields[f"{key}{index}"] = KT(f"detail__nodes__{code}__{part}")
    found = []
    results = (
        Result.objects.filter(assessment__period=period)
        .select_related("assessment__unit")
        .only("total", "max_total", "predicate", "assessment__unit", "assessment__status")
        .annotate(**fields)
    )
    for result in results:
        result.assessment.period = period  # permission checks per row read it: no query each
        cells = {}
        for index, code in enumerate(codes):
            score = getattr(result, f"s{index}")
            if score is None:
                continue
            applicable = str(getattr(result, f"a{index}")).lower() in ("true", "1")
            cells[code] = Cell(_d(score), _d(getattr(result, f"m{index}")), applicable)
        found.append((result.assessment, result.total, result.max_total, result.predicate, cells))
    return found


def _draft_figures(period: Period, keep: set[str]) -> list[tuple]:
    found = []
    finals = final_values_of_period(period)
    for assessment in period.assessments.exclude(status__in=UNSCORED).select_related("unit"):
        assessment.period = period
        result = score_of_unit(period, assessment.unit_id, finals[assessment.pk])
        cells = {code: Cell(n.score, n.max, n.applicable) for code, n in result.nodes.items() if code in keep}
        found.append((assessment, result.total, result.max_total, result.predicate or "", cells))
    return found


def previous_totals(previous: Period | None) -> dict[int, tuple[Decimal, str]]:
    """unit id -> (total, predicate) in the previous period, in one query."""
    if previous is None:
        return {}
    rows = Result.objects.filter(assessment__period=previous).values_list(
        "assessment__unit_id", "total", "predicate"
    )
    return {unit_id: (total, predicate) for unit_id, total, predicate in rows}


def city_table(period: Period, *, wanted: set[str] | None = None) -> CityTable:
    """Every unit of the period, best first (ties share a rank), with the components in `wanted` (all
    components and RB areas when None)."""
    instrument = period.instrument
    shown = components(period)
    areas = areas_of(period)
    keep = wanted if wanted is not None else {n.code for n, _d in shown} | {n.code for n in areas}
    figures = _stored_figures(period, keep) if period.is_locked else _draft_figures(period, keep)
    previous = previous_period_of(period)
    before = previous_totals(previous)
    figures.sort(key=lambda f: (-f[1], f[0].unit.name))
    rows, last, rank = [], None, 0
    for position, (assessment, total, max_total, predicate, cells) in enumerate(figures, start=1):
        if total != last:
            rank, last = position, total
        earlier = before.get(assessment.unit_id)
        rows.append(
            CityRow(
                rank=rank,
                assessment=assessment,
                total=total,
                max_total=max_total,
                predicate=predicate,
                predicate_label=predicate_label(instrument, predicate),
                cells=cells,
                previous_total=earlier[0] if earlier else None,
                previous_predicate=earlier[1] if earlier else "",
            )
        )
    return CityTable(
        period=period,
        previous=previous,
        components=shown,
        areas=areas,
        rows=rows,
        distribution=distribution(instrument, [row.predicate for row in rows]),
        closed=closed_of(period),
    )


def closed_of(period: Period) -> list[Assessment]:
    """The units closed as not submitted or withdrawn, with their reason, in the ranking's order."""
    closed = list(period.assessments.filter(status__in=UNSCORED).select_related("unit"))
    for assessment in closed:
        assessment.period = period  # permission checks per row read it: no query each
    return sorted(closed, key=lambda a: (UNSCORED.index(a.status), a.unit.name))


def distribution(instrument, predicates: list[str]) -> list[Band]:
    """How many units hold each predicate, best first, every band shown (a total below every band
    counts as "—")."""
    bands = [Band(p.code, p.label, predicates.count(p.code)) for p in definition_of(instrument).predicates]
    below = predicates.count("")
    if below:
        bands.append(Band("", "—", below))
    return bands


# --- findings across the city -------------------------------------------------------------------------


@dataclass(frozen=True)
class AreaFindings:
    """The findings of one component across every unit: how many units, the kondisi that recur, and every
    recommendation with its unit."""

    node: Node
    units: int
    recurring: list[tuple[str, int]]  # kondisi text, how many units share it (most shared first)
    recommendations: list[tuple[str, str]]  # unit name, rekomendasi


def findings_by_area(period: Period) -> list[AreaFindings]:
    nodes = {node.code: node for node in definition_for(period).walk()}
    order = list(nodes)
    grouped: dict[str, list[Finding]] = {}
    for finding in (
        Finding.objects.filter(assessment__period=period)
        .select_related("assessment__unit")
        .prefetch_related("recommendations")
        .order_by("assessment__unit__name", "pk")
    ):
        if finding.node in nodes:
            grouped.setdefault(finding.node, []).append(finding)
    found = []
    for code in sorted(grouped, key=order.index):
        items = grouped[code]
        counts: dict[str, int] = {}
        for finding in items:
            key = " ".join(finding.condition.split())
            counts[key] = counts.get(key, 0) + 1
        recurring = sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))
        found.append(
            AreaFindings(
                node=nodes[code],
                units=len({f.assessment.unit_id for f in items}),
                recurring=recurring,
                recommendations=[(f.assessment.unit.name, f.recommendation) for f in items],
            )
        )
    return sorted(found, key=lambda area: -area.units)
