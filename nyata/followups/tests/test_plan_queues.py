"""Plan work in the landing queues (issue 11): a plan returned with notes waits for the unit's own people; a
submitted plan, and a quarter realised but not desk-reviewed, wait for the Inspektorat (the administrator,
and the evaluators seated on the unit's team); another OPD's plans never reach a queue."""

from datetime import datetime

import pytest
from django.urls import reverse

from nyata.evaluations.actions.periods import assign_team_member
from nyata.evaluations.tests.conftest import assessment  # noqa: F401  (fixture: Dinkes in an open period)
from nyata.followups import planning
from nyata.followups.plan_queries import inspektorat_plan_queue as inspektorat_queue
from nyata.followups.plan_queries import opd_plan_queue as opd_queue
from nyata.followups.tests.test_action_plans import ZONE, data, on


@pytest.fixture
def submitted(city, opd_operator, opd_head):
    plan = planning.create_plan(unit=city.units["dinkes"], year=2027, by=opd_operator)
    planning.save_activity(plan=plan, data=data(), by=opd_operator)
    return planning.submit_plan(plan=plan, by=opd_head)


def _plan_work(queue):
    return [
        (item.what, item.unit, item.period.title, item.detail) for item in queue if "rencana-aksi" in item.url
    ]


def test_a_submitted_plan_waits_for_the_inspektorat_administrator_due_before_its_year(
    submitted, city, inspektorat_admin
):
    (work,) = [
        item for item in inspektorat_queue(inspektorat_admin, city.instansi) if "rencana-aksi" in item.url
    ]
    assert (work.what, work.unit, work.period.title, work.action) == (
        "Reviu rencana aksi",
        "Dinas Kesehatan",
        "Rencana aksi 2027",
        "Reviu",
    )
    assert work.due == datetime(2026, 12, 31, 23, 59, tzinfo=ZONE)
    assert work.url == reverse("followups:plan", args=[city.instansi.code, submitted.pk])


def test_an_evaluator_sees_the_plans_of_the_units_whose_team_they_sit_on(
    submitted,
    city,
    evaluator,
    inspektorat_admin,
    assessment,  # noqa: F811
):
    assert _plan_work(inspektorat_queue(evaluator, city.instansi)) == []
    assign_team_member(assessment=assessment, user=evaluator, tier="evaluator", by=inspektorat_admin)
    assert [w[0] for w in _plan_work(inspektorat_queue(evaluator, city.instansi))] == ["Reviu rencana aksi"]


def test_a_returned_plan_waits_for_the_units_own_people_and_no_other_opd(
    submitted, city, evaluator, inspektorat_admin, opd_operator, outsider_opd_operator
):
    planning.review_plan(plan=submitted, approve=False, note="Target TW I terlalu rendah.", by=evaluator)
    assert _plan_work(opd_queue(opd_operator)) == [
        (
            "Perbaiki rencana aksi yang dikembalikan dengan catatan",
            "Dinas Kesehatan",
            "Rencana aksi 2027",
            "Target TW I terlalu rendah.",
        ),
    ]
    assert _plan_work(opd_queue(outsider_opd_operator)) == []
    assert _plan_work(inspektorat_queue(inspektorat_admin, city.instansi)) == []


def test_a_realised_quarter_waits_for_its_desk_review_until_it_is_written(
    submitted, city, evaluator, inspektorat_admin, opd_operator
):
    planning.review_plan(plan=submitted, approve=True, note="", by=evaluator)
    activity = submitted.activities.get()
    with on(2027, 4, 10, 9):
        planning.record_realisation(
            activity=activity,
            quarter=1,
            value=activity.target_q1,
            evidence_url="https://data.kendari.example/sop",
            constraints="",
            solutions="",
            by=opd_operator,
        )
        (work,) = [i for i in inspektorat_queue(inspektorat_admin, city.instansi) if "rencana-aksi" in i.url]
        assert (work.what, work.detail, work.late) == (
            "Tulis catatan reviu realisasi triwulan",
            "TW I",
            False,
        )
        assert work.due == datetime(2027, 4, 15, 23, 59, tzinfo=ZONE)
        planning.write_desk_review(plan=submitted, quarter=1, note="Sesuai bukti.", by=evaluator)
        assert _plan_work(inspektorat_queue(inspektorat_admin, city.instansi)) == []
    assert _plan_work(opd_queue(opd_operator)) == []


def test_the_landing_page_lists_the_plan_to_review(client, submitted, inspektorat_admin):
    client.force_login(inspektorat_admin)
    page = client.get(reverse("home")).content.decode()
    assert "Reviu rencana aksi" in page
    assert "Rencana aksi 2027" in page
