"""The dashboard of results: the open periods against their deadlines, and one published period's
distribution, ranking with its change, heatmap of unit x RB area and each unit's SKM. A fixed number of
queries whatever the number of units (the benchmark counts them at 31 and at 1,000 units)."""

from dataclasses import dataclass, field
from datetime import datetime
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.evaluations.models import Assessment, Period, Phase, PhaseWindow
from nyata.org.models import Instansi
from nyata.reports.queries.city import CityRow, CityTable, _d, city_table
from nyata.reports.queries.skm import UnitSkm, skm_by_unit

STAGES = Assessment.Status
# Beyond this many units a bar per unit is unreadable: the ranking and the IKM are then tables only.
CHART_UNITS = 60


@dataclass(frozen=True)
class WindowLine:
    phase: str
    label: str
    starts_at: datetime
    ends_at: datetime
    is_open: bool
    is_past: bool


@dataclass
class OpenPeriod:
    period: Period
    stages: list[tuple[str, str, int]]  # status, label, units at that stage
    windows: list[WindowLine]
    units: int

    @property
    def current(self) -> list[WindowLine]:
        return [w for w in self.windows if w.is_open]

    @property
    def next_deadline(self) -> WindowLine | None:
        return next((w for w in self.windows if not w.is_past), None)

    @property
    def submitted(self) -> int:
        """Units past their own self-assessment (sent to the head or further)."""
        return sum(count for status, _label, count in self.stages if status != STAGES.SELF_ASSESSMENT)


@dataclass
class Dashboard:
    instansi: Instansi
    published: list[Period]  # every finalised period, newest first (the chooser)
    table: CityTable | None
    skm: dict[int, UnitSkm] = field(default_factory=dict)
    open_periods: list[OpenPeriod] = field(default_factory=list)

    @property
    def period(self) -> Period | None:
        return self.table.period if self.table is not None else None

    def skm_average(self) -> Decimal | None:
        return average_ikm(self.skm)


def average_ikm(skm: dict[int, UnitSkm]) -> Decimal | None:
    """The plain mean of the units' IKM (each unit counts once, whatever its number of respondents)."""
    figures = [s.ikm for s in skm.values() if s.ikm is not None]
    return _d(sum(figures) / len(figures)) if figures else None


def open_periods(instansi: Instansi, *, unit_ids: list[int] | None = None) -> list[OpenPeriod]:
    """Each open period with its units per stage and its phase windows (unit_ids: only those units)."""
    periods = list(Period.objects.filter(instansi=instansi, status=Period.Status.OPEN).order_by("-year"))
    if not periods:
        return []
    counts: dict[int, dict[str, int]] = {p.pk: {} for p in periods}
    assessments = Assessment.objects.filter(period__in=periods)
    if unit_ids is not None:
        assessments = assessments.filter(unit_id__in=unit_ids)
    for period_id, status, n in assessments.values_list("period_id", "status").annotate(n=Count("pk")):
        counts[period_id][status] = n
    windows: dict[int, list[PhaseWindow]] = {p.pk: [] for p in periods}
    for window in PhaseWindow.objects.filter(period__in=periods).order_by("starts_at"):
        windows[window.period_id].append(window)
    now = timezone.now()
    return [
        OpenPeriod(
            period=period,
            stages=[(value, label, counts[period.pk].get(value, 0)) for value, label in STAGES.choices],
            windows=[
                WindowLine(
                    w.phase,
                    Phase(w.phase).label,
                    w.starts_at,
                    w.ends_at,
                    w.starts_at <= now < w.ends_at,
                    w.ends_at <= now,
                )
                for w in windows[period.pk]
            ],
            units=sum(counts[period.pk].values()),
        )
        for period in periods
    ]


def published_periods(instansi: Instansi) -> list[Period]:
    return list(
        Period.objects.filter(instansi=instansi, status=Period.Status.FINALISED)
        .select_related("instansi", "instrument", "previous")
        .order_by("-year", "-finalised_at")
    )


def dashboard(
    instansi: Instansi, *, chosen: str | None = None, unit_ids: list[int] | None = None
) -> Dashboard:
    """The city's dashboard on the chosen published period (the latest by default)."""
    published = published_periods(instansi)
    period = next((p for p in published if str(p.pk) == chosen), published[0] if published else None)
    table = city_table(period) if period is not None else None
    skm = skm_by_unit(period, [row.assessment.unit_id for row in table.rows]) if table is not None else {}
    return Dashboard(
        instansi=instansi,
        published=published,
        table=table,
        skm=skm,
        open_periods=open_periods(instansi, unit_ids=unit_ids),
    )


def chart_data(board: Dashboard) -> dict:
    """What reports/dashboard.js draws, passed with json_script: the same figures as the tables beside."""
    data: dict = {}
    table = board.table
    if table is not None:
        data["distribution"] = {
            "labels": [band.code or "—" for band in table.distribution],
            "values": [band.count for band in table.distribution],
            "label": str(_("Units")),
        }
    if table is not None and len(table.rows) <= CHART_UNITS:
        data["ranking"] = {
            "labels": [row.unit.display_name for row in table.rows],
            "values": [float(row.total) for row in table.rows],
            "label": str(_("Total")),
            "max": float(max((row.max_total for row in table.rows), default=100)),
        }
        ikm = [
            board.skm[row.assessment.unit_id].ikm if row.assessment.unit_id in board.skm else None
            for row in table.rows
        ]
        if any(value is not None for value in ikm):
            data["ikm"] = {
                "labels": [row.unit.display_name for row in table.rows],
                "values": [float(value) if value is not None else None for value in ikm],
                "label": str(_("IKM (25 to 100)")),
            }
    if board.open_periods:
        first = board.open_periods[0]
        data["progress"] = {
            "labels": [str(label) for _status, label, _n in first.stages],
            "values": [n for _status, _label, n in first.stages],
            "label": str(_("Units")),
        }
    return data


@dataclass
class UnitStanding:
    """One unit against the city, for its head (and for the drill-down of the pimpinan)."""

    row: CityRow
    table: CityTable
    skm: UnitSkm | None
    city_skm: Decimal | None

    @property
    def units(self) -> int:
        return len(self.table.rows)


def unit_standing(board: Dashboard, assessment: Assessment) -> UnitStanding | None:
    if board.table is None:
        return None
    row = next((r for r in board.table.rows if r.assessment.pk == assessment.pk), None)
    if row is None:
        return None
    return UnitStanding(
        row=row, table=board.table, skm=board.skm.get(assessment.unit_id), city_skm=board.skm_average()
    )
