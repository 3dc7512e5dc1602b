"""Action plans: written by the unit, submitted by its head, returned and approved ex ante by the
Inspektorat, realised quarter by quarter within each window, desk-reviewed; imported from and exported to
Excel in the documented layout (all or nothing, every bad row named); the figures for the score."""

import io
from contextlib import contextmanager
from datetime import datetime
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from nyata.core.tabular import read_table
from nyata.followups import plan_queries, plan_sheet, planning, quarters
from nyata.followups.models import ActionPlan, Activity

ZONE = ZoneInfo("Asia/Makassar")


@contextmanager
def on(*moment):
    with mock.patch.object(timezone, "now", return_value=datetime(*moment, tzinfo=ZONE)):
        yield


def data(name="Penyusunan SOP layanan", targets=(1, 1, 1, 1), answers=()):
    return planning.ActivityData(
        name=name,
        output="SOP ditetapkan",
        indicator="Jumlah SOP",
        target=Decimal(4),
        targets=tuple(Decimal(t) for t in targets),
        budget=Decimal(15000000),
        responsible="Kepala Subbagian Umum",
        node="I.B.1",
        answers=answers,
    )


@pytest.fixture
def plan(city, opd_operator):
    return planning.create_plan(unit=city.units["dinkes"], year=2027, by=opd_operator)


@pytest.fixture
def approved(plan, opd_operator, opd_head, evaluator):
    planning.save_activity(plan=plan, data=data(), by=opd_operator)
    planning.submit_plan(plan=plan, by=opd_head)
    return planning.review_plan(plan=plan, approve=True, note="", by=evaluator)


def test_the_quarter_windows_run_from_the_last_month_to_the_15th_after():
    assert quarters.window(2027, 1) == (datetime(2027, 3, 1).date(), datetime(2027, 4, 15).date())
    assert quarters.window(2027, 4) == (datetime(2027, 12, 1).date(), datetime(2028, 1, 15).date())


def test_a_plan_is_submitted_returned_changed_and_approved(plan, opd_operator, opd_head, evaluator):
    with pytest.raises(ValidationError):
        planning.submit_plan(plan=plan, by=opd_head)  # no activity yet
    planning.save_activity(plan=plan, data=data(), by=opd_operator)
    planning.submit_plan(plan=plan, by=opd_head)
    with pytest.raises(ValidationError):
        planning.save_activity(plan=plan, data=data("Lain"), by=opd_operator)  # submitted: frozen
    with pytest.raises(ValidationError):
        planning.review_plan(plan=plan, approve=False, note="", by=evaluator)  # a return says why
    planning.review_plan(plan=plan, approve=False, note="Target TW I terlalu rendah.", by=evaluator)
    plan.refresh_from_db()
    assert (plan.status, plan.review_note) == (ActionPlan.Status.RETURNED, "Target TW I terlalu rendah.")
    planning.save_activity(plan=plan, data=data("Survei kepuasan", (2, 1, 1, 0)), by=opd_operator)
    planning.submit_plan(plan=plan, by=opd_head)
    planning.review_plan(plan=plan, approve=True, note="", by=evaluator)
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.APPROVED
    assert [s.kind for s in plan.steps.all()][::-1] == [
        "created",
        "activity_saved",
        "submitted",
        "returned",
        "activity_saved",
        "submitted",
        "approved",
    ]


def test_realisation_is_taken_only_within_its_quarter_window(approved, opd_operator, evaluator):
    activity = approved.activities.get()
    with on(2027, 2, 10, 9), pytest.raises(ValidationError, match="TW I"):
        planning.record_realisation(
            activity=activity,
            quarter=1,
            value=Decimal(1),
            evidence_url="https://data.kendari.example/sop",
            constraints="",
            solutions="",
            by=opd_operator,
        )
    with on(2027, 4, 10, 9):
        planning.record_realisation(
            activity=activity,
            quarter=1,
            value=Decimal(1),
            evidence_url="https://data.kendari.example/sop",
            constraints="Narasumber terlambat.",
            solutions="Jadwal dimajukan.",
            by=opd_operator,
        )
        planning.write_desk_review(
            plan=approved, quarter=1, note="Realisasi TW I sesuai target.", by=evaluator
        )
    line = plan_queries.grid(approved)[0]
    assert [cell.met for cell in line.cells] == [True, False, False, False]
    figures = plan_queries.plan_figures(2027, [approved.unit_id], counted_quarters=(1, 2))
    assert figures[approved.unit_id].approved is True
    assert (figures[approved.unit_id].realised, figures[approved.unit_id].targets) == (1, 2)
    assert figures[approved.unit_id].percent == Decimal("50.00")


def _xlsx(rows) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.append(list(plan_sheet.COLUMNS))
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


GOOD = [
    "Penyusunan SOP",
    "SOP",
    "Jumlah SOP",
    "dokumen",
    4,
    1,
    1,
    1,
    1,
    15000000,
    "Kasubbag Umum",
    "I.B.1",
    "",
]


def test_an_import_with_bad_rows_changes_nothing_and_names_each_row(plan, opd_operator):
    planning.save_activity(plan=plan, data=data("Tetap ada"), by=opd_operator)
    bad_number = [*GOOD[:4], "empat", *GOOD[5:]]
    no_name = ["", *GOOD[1:]]
    table = read_table(name="renaksi.xlsx", data=_xlsx([GOOD, bad_number, no_name]), max_rows=100)
    rows, problems = plan_sheet.parse(plan, table)
    assert [(p.row, p.column) for p in problems] == [(3, "target"), (4, "kegiatan")]
    assert list(plan.activities.values_list("name", flat=True)) == ["Tetap ada"]


def test_an_import_replaces_the_activities_and_the_export_reads_back_the_same(plan, opd_operator):
    second = [
        "Survei kepuasan",
        "Laporan SKM",
        "IKM",
        "indeks",
        "82,5",
        0,
        0,
        "82,5",
        0,
        5000000,
        "Sekretaris",
        "I.A.7",
        "",
    ]
    table = read_table(name="renaksi.xlsx", data=_xlsx([GOOD, second]), max_rows=100)
    rows, problems = plan_sheet.parse(plan, table)
    assert problems == []
    planning.replace_activities(plan=plan, rows=rows, by=opd_operator)
    assert list(Activity.objects.values_list("name", "target_q3")) == [
        ("Penyusunan SOP", Decimal("1.00")),
        ("Survei kepuasan", Decimal("82.50")),
    ]
    exported = plan_sheet.workbook(plan)
    sheet = load_workbook(io.BytesIO(exported)).active
    assert [cell.value for cell in sheet[1]] == list(plan_sheet.COLUMNS)
    assert sheet["A3"].value == "Survei kepuasan"
    assert sheet["H3"].value == 82.5
    again, problems = plan_sheet.parse(plan, read_table(name="x.xlsx", data=exported, max_rows=100))
    assert problems == []
    assert again == rows


def test_the_inspektorat_hears_of_a_submitted_plan_and_the_unit_of_the_decision(
    plan, opd_operator, opd_head, evaluator, inspektorat_admin
):
    from nyata.notifications.models import Notification

    planning.save_activity(plan=plan, data=data(), by=opd_operator)
    planning.submit_plan(plan=plan, by=opd_head)
    told = Notification.objects.filter(kind="plan_submitted")
    assert {n.recipient for n in told} == {evaluator, inspektorat_admin}
    planning.review_plan(plan=plan, approve=True, note="", by=evaluator)
    decided = Notification.objects.get(kind="plan_reviewed", recipient=opd_operator)
    assert decided.message == "Inspektorat telah mereviu rencana aksi 2027 Anda: Disetujui."
