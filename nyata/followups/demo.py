"""`nyata demo`: follow-up of the 2024 recommendations, in every state, on dates relative to the day the demo
is loaded, so that the demo looks the same whenever it runs: follow-up opened 100 days ago with a default due
date 45 days ahead; per unit, items reported and verified as sesuai (closed), returned once, dalam proses,
awaiting verification, tidak dapat ditindaklanjuti (approved, or awaiting the Inspektur), and the rest not
reported; in a third of the units one open item's due date was moved later, in another third one was brought
forward and is now overdue (by 20 or 50 days: the first two ageing bands). The two OPD with demo accounts keep
items for their own people to report.
Then the 2025 action plans of every OPD and unit pengampu (on the calendar of 2024-2025, as a plan year is):
approved ex ante in December 2024 (the first returned once before), realised for TW I-III within each window,
each quarter desk-reviewed. Last, the open 2025 worksheets take their follow-up and action-plan answers.

Reports of OPD without a demo operator stand in the Inspektorat admin's name (as their 2024 evidence
links do). Links point to an example domain. Idempotent: a period whose follow-up is open, and a year that
has plans, are left as they are."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from nyata.evaluations import feeds
from nyata.evaluations.actions.feeds import fill_from_sources
from nyata.evaluations.models import Period, TeamMember
from nyata.followups import actions, feed, notices, planning
from nyata.followups.models import ActionPlan, Item, Schedule
from nyata.notifications.models import Notification
from nyata.org.models import Membership, Role, Unit, User

# Days from the day the demo is loaded (negative: before it).
OPENED, REPORTED, RETURNED, VERIFIED, DECIDED, DUE_MOVED = -100, -45, -37, -35, -28, -60
DEFAULT_DUE = 45
LATER_DUE, OVERDUE = 180, (-20, -50)
EVIDENCE_SITE = "https://data.kendari.example/tindak-lanjut"
# What happens to the n-th item of a unit (cycled, shifted per unit so that the city shows every state).
PLAN = ("done", "returned", "in_progress", "verifying", "not_reported", "cannot_approved", "cannot_pending")
READ_THEN = (
    notices.REPORTED,
    notices.VERIFIED,
    notices.RETURNED,
    notices.APPROVAL,
    notices.PLAN_SUBMITTED,
    notices.PLAN_REVIEWED,
)
OWN_PEOPLE_KEEP = 2  # items the OPD with demo accounts keep unreported, for their own people


@contextmanager
def _clock(zone: ZoneInfo, *moment: int) -> Iterator[None]:
    with mock.patch.object(timezone, "now", return_value=datetime(*moment, tzinfo=zone)):
        yield


@contextmanager
def _on_day(zone: ZoneInfo, offset: int, hour: int) -> Iterator[None]:
    """Run the actions as if it were `offset` days from today, at `hour` in the instansi's zone."""
    day = timezone.localtime(timezone.now(), zone).date() + timedelta(days=offset)
    with _clock(zone, day.year, day.month, day.day, hour):
        yield


def load_demo(*, instansi, stdout) -> None:
    period = Period.objects.filter(instansi=instansi, year=2024, status=Period.Status.FINALISED).first()
    admin = User.objects.filter(username="admin.inspektorat").first()
    if period is None or admin is None:
        stdout.write("Follow-up: no finalised 2024 period or no Inspektorat admin; skipped.\n")
        return
    if not Schedule.objects.filter(period=period).exists():
        _follow_up(instansi, period, admin, stdout)
    if not ActionPlan.objects.filter(unit__instansi=instansi, year=2025).exists():
        _plans(instansi, admin, stdout)
    _fill_open_worksheets(instansi, admin, stdout)
    # The hand-overs of weeks and years ago were read back then; what waits now is in the work queues.
    Notification.objects.filter(
        kind__in=READ_THEN, created_at__lt=timezone.now() - timedelta(days=7), read_at=None
    ).update(read_at=F("created_at"))


def _fill_open_worksheets(instansi, admin, stdout) -> None:
    """The 2025 period opened before the follow-up and the plans existed: fill its follow-up and
    action-plan indicators now, as the OPD's refresh would (unchanged answers are left alone)."""
    changed = 0
    for period in Period.objects.filter(instansi=instansi, status=Period.Status.OPEN):
        if not any(feeds.fed_indicators(period, name=name) for name in (feed.FOLLOW_UP, feed.ACTION_PLAN)):
            continue
        for assessment in period.assessments.select_related("period__instansi", "unit"):
            for name in (feed.FOLLOW_UP, feed.ACTION_PLAN):
                changed += len(fill_from_sources(assessment=assessment, by=admin, only=name))
    if changed:
        stdout.write(f"Follow-up and action plans: {changed} answers of open worksheets filled.\n")


def _follow_up(instansi, period, admin, stdout) -> None:
    zone = ZoneInfo(instansi.time_zone)
    today = timezone.localtime(timezone.now(), zone).date()
    with _on_day(zone, OPENED, 9):
        items = actions.open_follow_up(
            period=period, default_due=today + timedelta(days=DEFAULT_DUE), by=admin
        )
    operators = {
        m.unit_id: m.user for m in Membership.objects.filter(unit__instansi=instansi, role=Role.OPD_OPERATOR)
    }
    evaluators = {
        seat.assessment_id: seat.user
        for seat in TeamMember.objects.filter(assessment__period=period, tier=TeamMember.Tier.EVALUATOR)
    }
    by_unit: dict[int, list[Item]] = {}
    for item in items:
        by_unit.setdefault(item.unit_id, []).append(item)
    for unit_index, (unit_id, unit_items) in enumerate(sorted(by_unit.items())):
        keep = OWN_PEOPLE_KEEP if unit_id in operators else 0
        reporter = operators.get(unit_id, admin)
        for index, item in enumerate(unit_items[keep:]):
            state = PLAN[(unit_index + index) % len(PLAN)]
            _play(item, state, zone, reporter, evaluators.get(item.assessment_id, admin), admin)
        _move_due(period, unit_id, unit_index, zone, today, admin)
    stdout.write(f"Follow-up: {len(items)} recommendations of {period.title} followed up.\n")


def _move_due(period, unit_id: int, unit_index: int, zone, today: date, admin) -> None:
    """One open item of most units has its own due date: later in a third of them (waiting for the budget
    change), brought forward in two thirds (a priority), which is now past."""
    later = (
        Item.objects.filter(unit_id=unit_id, period=period, stage=Item.Stage.WITH_OPD, status="not_started")
        .order_by("pk")
        .last()
    )
    if later is None:
        return
    with _on_day(zone, DUE_MOVED, 10):
        if unit_index % 3 == 0:
            actions.set_due(
                item=later,
                due=today + timedelta(days=LATER_DUE),
                reason="Menunggu penetapan APBD Perubahan untuk kegiatan ini.",
                by=admin,
            )
        else:
            actions.set_due(
                item=later,
                due=today + timedelta(days=OVERDUE[unit_index % 3 - 1]),
                reason="Rekomendasi prioritas: tenggat dimajukan atas arahan Inspektur.",
                by=admin,
            )


def _report(item, zone, by, text: str) -> None:
    with _on_day(zone, REPORTED, 10):
        actions.report_follow_up(
            item=item, text=text, uploads=[], links=[f"{EVIDENCE_SITE}/{item.unit.code}/{item.pk}"], by=by
        )


def _play(item, state: str, zone, reporter, evaluator, admin) -> None:
    if state == "not_reported":
        return
    _report(item, zone, reporter, "Kegiatan telah dilaksanakan; laporan dan dokumentasi terlampir.")
    if state == "verifying":
        return
    if state == "returned":
        with _on_day(zone, RETURNED, 9):
            actions.return_follow_up(
                item=item,
                note="Lampirkan dokumen penetapan yang telah ditandatangani kepala OPD.",
                by=evaluator,
            )
        return
    with _on_day(zone, VERIFIED, 9):
        if state == "done":
            actions.verify_follow_up(item=item, status=Item.Status.DONE, note="", by=evaluator)
        elif state == "in_progress":
            actions.verify_follow_up(
                item=item,
                status=Item.Status.IN_PROGRESS,
                note="Baru sebagian kegiatan terlaksana; laporkan kembali setelah kegiatan berikutnya.",
                by=evaluator,
            )
        else:
            actions.verify_follow_up(
                item=item,
                status=Item.Status.CANNOT,
                note="Kegiatan tidak lagi menjadi kewenangan OPD setelah perubahan struktur organisasi.",
                by=evaluator,
            )
    if state == "cannot_approved":
        with _on_day(zone, DECIDED, 9):
            actions.decide_exemption(item=item, approve=True, note="", by=admin)


# --- 2025 action plans ------------------------------------------------------------------------------------

# Activities of an RB action plan, the RB area or indicator each serves, targets per quarter (TW I-IV).
ACTIVITIES = (
    (
        "Penyusunan dan penetapan SOP layanan utama",
        "SOP ditetapkan",
        "Jumlah SOP yang ditetapkan",
        "dokumen",
        "I.B.1",
        (1, 2, 2, 1),
        25_000_000,
    ),
    (
        "Survei kepuasan masyarakat per semester",
        "Laporan SKM",
        "Jumlah survei yang dilaporkan",
        "laporan",
        "I.A.7",
        (0, 1, 0, 1),
        12_000_000,
    ),
    (
        "Pemantauan rencana aksi RB setiap triwulan",
        "Laporan pemantauan",
        "Laporan triwulanan tepat waktu",
        "laporan",
        "I.C.2",
        (1, 1, 1, 1),
        5_000_000,
    ),
    (
        "Pengembangan kompetensi pegawai 20 JP",
        "Pegawai terlatih",
        "Persentase pegawai mencapai 20 JP",
        "persen",
        "I.B.6",
        (20, 25, 25, 30),
        40_000_000,
    ),
)
RESPONSIBLE = (
    "Sekretaris",
    "Kepala Subbagian Umum dan Kepegawaian",
    "Kepala Subbagian Perencanaan",
    "Kepala Bidang Pelayanan",
)


def _plans(instansi, admin, stdout) -> None:
    """Every OPD and unit pengampu: a 2025 plan approved ex ante in December 2024 (one returned once first),
    realised for TW I-III within each window, each quarter desk-reviewed."""
    zone = ZoneInfo(instansi.time_zone)
    evaluator = User.objects.filter(username="evaluator").first() or admin
    writers = {
        m.unit_id: m.user
        for m in Membership.objects.filter(
            unit__instansi=instansi, role__in=[Role.OPD_OPERATOR, Role.PENGAMPU_VERIFIER]
        )
    }
    units = list(
        Unit.objects.filter(
            instansi=instansi, kind__in=[Unit.Kind.OPD, Unit.Kind.PENGAMPU], is_active=True
        ).order_by("name")
    )
    for index, unit in enumerate(units):
        writer = writers.get(unit.pk, admin)
        answers = list(Item.objects.filter(unit=unit).order_by("pk").values_list("pk", flat=True)[:2])
        with _clock(zone, 2024, 11, 25, 9):
            plan = planning.create_plan(unit=unit, year=2025, by=writer)
            for position, (name, output, indicator, measure, node, targets, budget) in enumerate(ACTIVITIES):
                planning.save_activity(
                    plan=plan,
                    data=planning.ActivityData(
                        name=name,
                        output=output,
                        indicator=indicator,
                        unit_of_measure=measure,
                        target=Decimal(sum(targets)) if measure != "persen" else Decimal(100),
                        targets=tuple(Decimal(t) for t in targets),
                        budget=Decimal(budget),
                        responsible=RESPONSIBLE[position],
                        node=node,
                        answers=tuple(answers) if position == 0 else (),
                    ),
                    by=writer,
                )
            planning.submit_plan(plan=plan, by=writer)
        if index == 0:
            with _clock(zone, 2024, 12, 3, 10):
                planning.review_plan(
                    plan=plan,
                    approve=False,
                    note="Target TW I kegiatan pertama perlu dinaikkan.",
                    by=evaluator,
                )
                planning.submit_plan(plan=plan, by=writer)
        with _clock(zone, 2024, 12, 10, 10):
            planning.review_plan(plan=plan, approve=True, note="", by=evaluator)
        for quarter, month in ((1, 4), (2, 7), (3, 10)):
            with _clock(zone, 2025, month, 8, 10):
                for position, activity in enumerate(plan.activities.order_by("position")):
                    target = activity.target_of(quarter)
                    short = (index + position + quarter) % 4 == 0  # about one in four falls short
                    planning.record_realisation(
                        activity=activity,
                        quarter=quarter,
                        value=(target * Decimal("0.5")).quantize(Decimal("0.01")) if short else target,
                        evidence_url=f"{EVIDENCE_SITE}/renaksi/{unit.code}/tw{quarter}/{activity.position}",
                        constraints="Pencairan anggaran terlambat." if short else "",
                        solutions="Kegiatan dijadwalkan ulang pada triwulan berikutnya." if short else "",
                        by=writer,
                    )
            with _clock(zone, 2025, month, 14, 10):
                planning.write_desk_review(
                    plan=plan,
                    quarter=quarter,
                    note="Realisasi sesuai target dan didukung bukti."
                    if index % 3
                    else "Sebagian target belum tercapai; perhatikan kendala anggaran.",
                    by=evaluator,
                )
    stdout.write(f"Action plans: {len(units)} plans of 2025, realised for TW I-III.\n")
