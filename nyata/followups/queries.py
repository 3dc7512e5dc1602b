"""Reads of follow-up: the permission-checked getters (a 404 for whoever may not see), the overview of a
period (completion per OPD and for the city, with ageing past the due date) in a fixed number of queries
whatever the number of units and items, each role's work queue, and the figures for the score."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import ROUND_HALF_UP, Decimal
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, Q, QuerySet, When
from django.http import Http404
from django.urls import reverse
from django.utils.translation import gettext as _

from nyata.evaluations.models import Period, TeamMember
from nyata.evaluations.queries.queues import WorkItem
from nyata.followups.dates import today_in
from nyata.followups.models import Attachment, Item, Schedule, Step
from nyata.followups.rules import sees_every_unit
from nyata.org import rules
from nyata.org.models import Instansi

# Ageing of open items past their due date, in days (the usual bands of an APIP follow-up register).
AGEING = ((1, 30), (31, 90), (91, 180), (181, None))


def visible_items(user, instansi: Instansi) -> QuerySet[Item]:
    items = Item.objects.filter(period__instansi=instansi)
    if sees_every_unit(user, instansi.pk):
        return items
    return items.filter(unit_id__in=rules.own_unit_ids(user))


def get_item_for_user(user, instansi: Instansi, pk: int) -> Item:
    item = (
        visible_items(user, instansi)
        .select_related("period__instansi", "unit", "owner", "recommendation__finding", "approved_by")
        .filter(pk=pk)
        .first()
    )
    if item is None:
        raise Http404
    return item


def get_attachment_for_user(user, item: Item, pk: int) -> Attachment:
    attachment = Attachment.objects.filter(report__item=item, pk=pk).select_related("report__item").first()
    if attachment is None:
        raise Http404
    return attachment


def follow_up_periods(instansi: Instansi) -> list[Period]:
    """Periods with at least one published result, newest first (follow-up opens on those)."""
    return list(
        Period.objects.filter(instansi=instansi)
        .filter(Q(status=Period.Status.FINALISED) | Q(assessments__status="finalised"))
        .distinct()
        .select_related("follow_up")
        .order_by("-year", "-pk")
    )


@dataclass
class Completion:
    """One unit's (or the city's) items: how many, how many closed and how, and the open ones by age."""

    name: str
    unit_id: int | None = None
    total: int = 0
    done: int = 0
    cannot: int = 0
    with_opd: int = 0
    verifying: int = 0
    approval: int = 0
    not_due: int = 0
    ageing: list[int] = field(default_factory=lambda: [0] * len(AGEING))

    @property
    def closed(self) -> int:
        return self.done + self.cannot

    @property
    def share(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.closed) * 100 / self.total).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def overdue(self) -> int:
        return sum(self.ageing)

    def add(self, other: "Completion") -> None:
        for name in ("total", "done", "cannot", "with_opd", "verifying", "approval", "not_due"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.ageing = [a + b for a, b in zip(self.ageing, other.ageing, strict=True)]


def _counts(today: date) -> dict:
    # Due and overdue are the OPD's: an item it has reported waits on the Inspektorat, not on the OPD (as
    # on the item page and in the daily reminder), so "not yet due" and the ageing split the OPD's items.
    with_opd = Q(stage=Item.Stage.WITH_OPD)
    found = {
        "total": Count("pk"),
        "done": Count("pk", filter=Q(stage=Item.Stage.CLOSED, status=Item.Status.DONE)),
        "cannot": Count("pk", filter=Q(stage=Item.Stage.CLOSED, status=Item.Status.CANNOT)),
        "with_opd": Count("pk", filter=with_opd),
        "verifying": Count("pk", filter=Q(stage=Item.Stage.VERIFYING)),
        "approval": Count("pk", filter=Q(stage=Item.Stage.APPROVAL)),
        "not_due": Count("pk", filter=with_opd & Q(due__gte=today)),
    }
    for index, (low, high) in enumerate(AGEING):
        band = with_opd & Q(due__lte=today - timedelta(days=low))
        if high is not None:
            band &= Q(due__gte=today - timedelta(days=high))
        found[f"age{index}"] = Count("pk", filter=band)
    return found


def completion(items: QuerySet[Item], today: date) -> tuple[list[Completion], Completion]:
    """Per unit (by name) and for all: one grouped query."""
    rows = items.order_by().values("unit_id", "unit__name").annotate(**_counts(today)).order_by("unit__name")
    city = Completion(_("All units"))
    units = []
    for row in rows:
        line = Completion(
            row["unit__name"],
            row["unit_id"],
            **{
                k: row[k] for k in ("total", "done", "cannot", "with_opd", "verifying", "approval", "not_due")
            },
            ageing=[row[f"age{i}"] for i in range(len(AGEING))],
        )
        units.append(line)
        city.add(line)
    return units, city


def unit_items(items: QuerySet[Item], unit_id: int) -> list[Item]:
    return list(items.filter(unit_id=unit_id).select_related("recommendation__finding", "owner", "period"))


def timeline(item: Item) -> QuerySet[Step]:
    return item.steps.select_related("actor")


def reports(item: Item):
    return item.reports.select_related("reported_by").prefetch_related("attachments")


def schedule_of(period: Period) -> Schedule | None:
    return Schedule.objects.filter(period=period).first()


def is_overdue(item: Item, today: date) -> bool:
    return _overdue(item.stage, item.due, today)


def _overdue(stage: str, due: date, today: date) -> bool:
    """Only the OPD can be late: a report waiting for the Inspektorat is not the OPD's delay."""
    return stage == Item.Stage.WITH_OPD and due < today


# --- work queues of the landing pages ------------------------------------------------------------------


# The fields a queue row shows: read as plain rows, so that a long queue builds no model instances.
QUEUE_FIELDS = ("pk", "period_id", "node", "due", "stage", "unit__name", "recommendation__text")


def _queue_words() -> dict[str, tuple[str, str]]:
    """Stage -> what waits and the link's words."""
    return {
        Item.Stage.WITH_OPD: (_("Report the follow-up of a recommendation"), _("Report")),
        Item.Stage.VERIFYING: (_("Verify a follow-up report"), _("Verify")),
        Item.Stage.APPROVAL: (_("Approve: cannot be followed up"), _("Decide")),
    }


def _queue_work(items: QuerySet[Item]) -> list[WorkItem]:
    """The work items of `items`, in their order, in two queries whatever their number: the rows, then
    their periods once each (one instance per period, shared by its work items)."""
    rows = list(items.values_list(*QUEUE_FIELDS, named=True))
    if not rows:
        return []
    periods = Period.objects.select_related("instansi").in_bulk({row.period_id for row in rows})
    zones = {pk: ZoneInfo(period.instansi.time_zone) for pk, period in periods.items()}
    today = {pk: today_in(period.instansi) for pk, period in periods.items()}
    words = _queue_words()
    work = []
    for row in rows:
        period = periods[row.period_id]
        what, action = words[row.stage]
        work.append(
            WorkItem(
                what=what,
                unit=row.unit__name,
                period=period,
                url=reverse("followups:item", args=[period.instansi.code, row.pk]),
                action=action,
                detail=f"{row.node} · {row.recommendation__text[:80]}",
                # A follow-up is due by the end of its day, in the instansi's zone.
                due=datetime.combine(row.due, time(23, 59), zones[row.period_id]),
                late=_overdue(row.stage, row.due, today[row.period_id]),
            )
        )
    return work


def opd_queue(user) -> list[WorkItem]:
    """The OPD's open items: the ones it has to report (late ones first)."""
    units = rules.own_unit_ids(user)
    if not units:
        return []
    items = Item.objects.filter(unit_id__in=units, stage=Item.Stage.WITH_OPD)
    return _queue_work(items.order_by("due", "unit__name", "pk"))


def inspektorat_queue(user, instansi: Instansi) -> list[WorkItem]:
    """Reported items to verify: every one for the administrator, those of the units whose team they sit on
    for other staff; and for the administrator, first, the approvals of "tidak dapat ditindaklanjuti"."""
    items = Item.objects.filter(period__instansi=instansi)
    if rules.manages_instansi(user, instansi.pk):
        items = items.filter(stage__in=(Item.Stage.APPROVAL, Item.Stage.VERIFYING))
    else:
        seated = TeamMember.objects.filter(user=user).values("assessment_id")
        items = items.filter(stage=Item.Stage.VERIFYING, assessment_id__in=seated)
    approvals_first = Case(When(stage=Item.Stage.APPROVAL, then=0), default=1)
    return _queue_work(items.order_by(approvals_first, "unit__name", "pk"))


# --- figures for the score (source: follow-up) -----------------------------------------------------------


@dataclass(frozen=True)
class ClosedShare:
    closed: int
    total: int

    @property
    def percent(self) -> Decimal | None:
        if not self.total:
            return None
        return (Decimal(self.closed) * 100 / self.total).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class FollowUpFigure:
    """One unit's recommendations of a period as `source: follow-up` counts them at a cut-off
    (docs/instrument-extensions.md): closed as recommended (sesuai rekomendasi) by then, over every
    recommendation except those the Inspektur approved as tidak dapat ditindaklanjuti by then."""

    total: int  # every recommendation of the unit in the period
    done: int  # closed as sesuai rekomendasi at or before the cut-off
    cannot: int  # closed as tidak dapat ditindaklanjuti (approved by the Inspektur) at or before the cut-off
    done_later: int  # closed as sesuai rekomendasi after the cut-off: shown, not counted

    @property
    def counted(self) -> int:
        return self.total - self.cannot

    @property
    def open(self) -> int:
        return self.counted - self.done

    @property
    def percent(self) -> Decimal | None:
        """None when nothing counts: no recommendations is no figure, never a 100."""
        if not self.counted:
            return None
        return (Decimal(self.done) * 100 / self.counted).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def closed_by(period: Period, cut_off, unit_ids=None) -> dict[int, FollowUpFigure]:
    """unit id -> its recommendations of `period` counted at `cut_off` (a moment): the figure of
    `source: follow-up` for the next period. One query."""
    items = Item.objects.filter(period=period)
    if unit_ids is not None:
        items = items.filter(unit_id__in=unit_ids)
    closed = Q(stage=Item.Stage.CLOSED)
    by_then = closed & Q(closed_at__lte=cut_off)
    rows = (
        items.order_by()
        .values("unit_id")
        .annotate(
            total=Count("pk"),
            done=Count("pk", filter=by_then & Q(status=Item.Status.DONE)),
            cannot=Count("pk", filter=by_then & Q(status=Item.Status.CANNOT)),
            done_later=Count("pk", filter=closed & Q(closed_at__gt=cut_off, status=Item.Status.DONE)),
        )
    )
    return {
        row["unit_id"]: FollowUpFigure(row["total"], row["done"], row["cannot"], row["done_later"])
        for row in rows
    }


def city_closed_share(period: Period) -> ClosedShare | None:
    """The share of the period's recommendations closed now, for the reports dashboard (None before
    follow-up opens)."""
    row = Item.objects.filter(period=period).aggregate(
        total=Count("pk"), closed=Count("pk", filter=Q(stage=Item.Stage.CLOSED))
    )
    return ClosedShare(row["closed"], row["total"]) if row["total"] else None
