"""`nyata demo`: follow-up of the 2024 recommendations, in every state, on a controlled clock so that the
timeline shows the dates it would have had: opened in June 2024 with 31 March 2025 as the default due date;
per unit, items reported and verified as sesuai (closed), returned once, dalam proses, awaiting verification,
tidak dapat ditindaklanjuti (approved, or awaiting the Inspektur), some with a later due date, the rest not
reported (overdue now). The two OPD with demo accounts keep items for their own people to report.

Reports of OPD without a demo operator stand in the Inspektorat admin's name (as their 2024 evidence
links do). Links point to an example domain. Idempotent: a period whose follow-up is open is left as it is."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

from nyata.evaluations.models import Period, TeamMember
from nyata.followups import actions
from nyata.followups.models import Item, Schedule
from nyata.org.models import Membership, Role, User

DEFAULT_DUE = date(2025, 3, 31)
EVIDENCE_SITE = "https://data.kendari.example/tindak-lanjut"
# What happens to the n-th item of a unit (cycled, shifted per unit so that the city shows every state).
PLAN = ("done", "returned", "in_progress", "verifying", "not_reported", "cannot_approved", "cannot_pending")
OWN_PEOPLE_KEEP = 2  # items the OPD with demo accounts keep unreported, for their own people


@contextmanager
def _clock(zone: ZoneInfo, *moment: int) -> Iterator[None]:
    with mock.patch.object(timezone, "now", return_value=datetime(*moment, tzinfo=zone)):
        yield


def load_demo(*, instansi, stdout) -> None:
    period = Period.objects.filter(instansi=instansi, year=2024, status=Period.Status.FINALISED).first()
    admin = User.objects.filter(username="admin.inspektorat").first()
    if period is None or admin is None:
        stdout.write("Follow-up: no finalised 2024 period or no Inspektorat admin; skipped.\n")
        return
    if Schedule.objects.filter(period=period).exists():
        return
    zone = ZoneInfo(instansi.time_zone)
    with _clock(zone, 2024, 6, 10, 9):
        items = actions.open_follow_up(period=period, default_due=DEFAULT_DUE, by=admin)
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
        later = Item.objects.filter(unit_id=unit_id, period=period).exclude(stage=Item.Stage.CLOSED).last()
        if unit_index % 3 == 0 and later is not None:
            with _clock(zone, 2025, 3, 20, 10):
                actions.set_due(
                    item=later,
                    due=date(2026, 12, 31),
                    reason="Menunggu penetapan APBD Perubahan untuk kegiatan ini.",
                    by=admin,
                )
    stdout.write(f"Follow-up: {len(items)} recommendations of {period.title} followed up.\n")


def _report(item, zone, by, day: tuple[int, int, int], text: str) -> None:
    with _clock(zone, *day, 10):
        actions.report_follow_up(
            item=item, text=text, uploads=[], links=[f"{EVIDENCE_SITE}/{item.unit.code}/{item.pk}"], by=by
        )


def _play(item, state: str, zone, reporter, evaluator, admin) -> None:
    if state == "not_reported":
        return
    _report(
        item,
        zone,
        reporter,
        (2024, 11, 12),
        "Kegiatan telah dilaksanakan; laporan dan dokumentasi terlampir.",
    )
    if state == "verifying":
        return
    if state == "returned":
        with _clock(zone, 2024, 11, 20, 9):
            actions.return_follow_up(
                item=item,
                note="Lampirkan dokumen penetapan yang telah ditandatangani kepala OPD.",
                by=evaluator,
            )
        return
    with _clock(zone, 2024, 11, 22, 9):
        if state == "done":
            actions.verify_follow_up(item=item, status=Item.Status.DONE, note="", by=evaluator)
        elif state == "in_progress":
            actions.verify_follow_up(
                item=item,
                status=Item.Status.IN_PROGRESS,
                note="Baru sebagian kegiatan terlaksana; laporkan kembali setelah triwulan I 2025.",
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
        with _clock(zone, 2024, 11, 29, 9):
            actions.decide_exemption(item=item, approve=True, note="", by=admin)
