"""Editing one activity of an action plan: the unit corrects a mistyped target without deleting and
re-entering the activity, while the plan is a draft or returned; a bad edit changes nothing and says why;
the edit is on the plan's timeline."""

from decimal import Decimal

import pytest
from django.urls import reverse

from nyata.followups import planning
from nyata.followups.models import ActionPlan, Activity
from nyata.followups.tests.test_action_plans import data

FIELDS = (
    "name",
    "output",
    "indicator",
    "unit_of_measure",
    "target",
    "target_q1",
    "target_q2",
    "target_q3",
    "target_q4",
    "budget",
    "responsible",
    "node",
)


@pytest.fixture
def plan(city, opd_operator):
    plan = planning.create_plan(unit=city.units["dinkes"], year=2027, by=opd_operator)
    planning.save_activity(plan=plan, data=data(), by=opd_operator)
    planning.save_activity(plan=plan, data=data("Survei kepuasan masyarakat", (0, 1, 0, 1)), by=opd_operator)
    return plan


def _first(plan) -> Activity:
    return plan.activities.get(position=1)


def _url(plan, activity) -> str:
    return reverse("followups:activity-edit", args=[plan.unit.instansi.code, plan.pk, activity.pk])


def _stored(activity) -> dict:
    activity.refresh_from_db()
    return {name: getattr(activity, name) for name in FIELDS} | {
        "answers": sorted(activity.answers.values_list("pk", flat=True))
    }


def _posted(**changes) -> dict:
    form = {
        "name": "Penyusunan SOP layanan",
        "output": "SOP ditetapkan",
        "indicator": "Jumlah SOP",
        "unit_of_measure": "",
        "target": "4",
        "target_q1": "1",
        "target_q2": "1",
        "target_q3": "1",
        "target_q4": "1",
        "budget": "15000000",
        "responsible": "Kepala Subbagian Umum",
        "node": "I.B.1",
    }
    return form | changes


def test_the_edit_form_is_filled_with_the_activity_s_values(client, opd_operator, plan):
    client.force_login(opd_operator)
    page = client.get(_url(plan, _first(plan)))
    assert page.status_code == 200
    form = page.context["activity_form"]
    assert page.context["editing"] == _first(plan)
    assert {name: form.initial[name] for name in ("name", "target", "budget", "target_q4")} == {
        "name": "Penyusunan SOP layanan",
        "target": Decimal(4),
        "budget": Decimal(15000000),
        "target_q4": Decimal(1),
    }
    body = page.content.decode()
    assert "Ubah kegiatan: Penyusunan SOP layanan" in body
    assert 'name="target" value="4,00"' in body  # decimal comma, as Indonesians write it
    assert 'name="budget" value="15.000.000"' in body
    assert "Simpan perubahan" in body


def test_the_plan_page_offers_an_edit_link_per_activity(client, opd_operator, plan):
    client.force_login(opd_operator)
    body = client.get(reverse("followups:plan", args=[plan.unit.instansi.code, plan.pk])).content.decode()
    for activity in plan.activities.all():
        assert f'href="{_url(plan, activity)}#activity-form"' in body
    assert body.count(">Ubah</a>") == 2


def test_editing_changes_the_activity_and_nothing_else(client, opd_operator, plan, dinkes_item):
    other = plan.activities.get(position=2)
    other_before = _stored(other)
    activity = _first(plan)
    client.force_login(opd_operator)
    answer = client.post(
        _url(plan, activity),
        _posted(target="6", target_q2="2,5", budget="17500000", answers=[dinkes_item.pk]),
    )
    assert answer.status_code == 302, answer.context["activity_form"].errors
    assert _stored(activity) == {
        "name": "Penyusunan SOP layanan",
        "output": "SOP ditetapkan",
        "indicator": "Jumlah SOP",
        "unit_of_measure": "",
        "target": Decimal(6),
        "target_q1": Decimal(1),
        "target_q2": Decimal("2.5"),
        "target_q3": Decimal(1),
        "target_q4": Decimal(1),
        "budget": Decimal(17500000),
        "responsible": "Kepala Subbagian Umum",
        "node": "I.B.1",
        "answers": [dinkes_item.pk],
    }
    assert activity.position == 1
    assert _stored(other) == other_before
    assert plan.activities.count() == 2
    plan.refresh_from_db()
    assert plan.status == ActionPlan.Status.DRAFT
    latest = plan.steps.first()
    assert (latest.kind, latest.actor, latest.note, latest.label) == (
        "activity_changed",
        opd_operator,
        "Penyusunan SOP layanan",
        "Kegiatan diubah",
    )


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"name": " "}, "name", "Bidang ini tidak boleh kosong."),
        ({"target_q3": "-1"}, "target_q3", None),
        ({"target": "banyak"}, "target", None),
        ({"responsible": "x" * 201}, "responsible", None),
    ],
)
def test_a_bad_edit_changes_nothing_and_says_why(client, opd_operator, plan, changes, field, message):
    activity = _first(plan)
    before = _stored(activity)
    steps = plan.steps.count()
    client.force_login(opd_operator)
    answer = client.post(_url(plan, activity), _posted(target="9") | changes)
    assert answer.status_code == 400
    errors = answer.context["activity_form"].errors[field]
    assert errors
    if message:
        assert errors == [message]
    body = answer.content.decode()
    assert all(error in body for error in errors)
    assert "Ubah kegiatan" in body  # still the edit form, with what the unit typed
    assert _stored(activity) == before
    assert plan.steps.count() == steps


def test_a_recommendation_of_another_opd_is_refused(client, opd_operator, plan, dikbud_item):
    activity = _first(plan)
    before = _stored(activity)
    client.force_login(opd_operator)
    answer = client.post(_url(plan, activity), _posted(answers=[dikbud_item.pk]))
    assert answer.status_code == 400
    assert answer.context["activity_form"].errors["answers"]
    assert _stored(activity) == before


@pytest.mark.parametrize("status", [ActionPlan.Status.SUBMITTED, ActionPlan.Status.APPROVED])
def test_a_plan_under_review_or_approved_refuses_edits(client, opd_operator, plan, status):
    activity = _first(plan)
    before = _stored(activity)
    ActionPlan.objects.filter(pk=plan.pk).update(status=status)
    client.force_login(opd_operator)
    answer = client.post(_url(plan, activity), _posted(target="9"))
    assert answer.status_code == 400
    assert "tidak dapat diubah lagi" in " ".join(answer.context["page_errors"])
    assert _stored(activity) == before
    assert "Ubah kegiatan" not in answer.content.decode()
    shown = client.get(_url(plan, activity), follow=True)
    assert shown.redirect_chain[-1][0].endswith(f"/rencana-aksi/{plan.pk}/")
    assert "tidak dapat diubah lagi" in shown.content.decode()
    assert "Ubah kegiatan" not in shown.content.decode()


def test_a_returned_plan_takes_edits(client, opd_operator, plan):
    activity = _first(plan)
    ActionPlan.objects.filter(pk=plan.pk).update(status=ActionPlan.Status.RETURNED)
    client.force_login(opd_operator)
    assert client.post(_url(plan, activity), _posted(target="9")).status_code == 302
    assert _stored(activity)["target"] == Decimal(9)


def test_an_activity_of_another_plan_is_not_found(client, city, opd_operator, outsider_opd_operator, plan):
    theirs = planning.create_plan(unit=city.units["dikbud"], year=2027, by=outsider_opd_operator)
    foreign = planning.save_activity(plan=theirs, data=data("Kegiatan Dikbud"), by=outsider_opd_operator)
    client.force_login(opd_operator)
    # the own plan's address with the other plan's activity: 404, and nothing changes
    assert client.get(_url(plan, foreign)).status_code == 404
    assert client.post(_url(plan, foreign), _posted()).status_code == 404
    foreign.refresh_from_db()
    assert foreign.name == "Kegiatan Dikbud"


def test_the_budget_is_read_and_shown_with_the_thousands_dot(client, opd_operator, plan):
    client.force_login(opd_operator)
    activity = _first(plan)
    response = client.post(_url(plan, activity), _posted(budget="Rp 17.500.000"))
    assert response.status_code == 302
    assert _stored(activity)["budget"] == Decimal(17500000)
    assert 'name="budget" value="17.500.000"' in client.get(_url(plan, activity)).content.decode()


def test_a_budget_with_a_decimal_comma_is_refused_and_nothing_changes(client, opd_operator, plan):
    client.force_login(opd_operator)
    activity = _first(plan)
    before = _stored(activity)
    response = client.post(_url(plan, activity), _posted(budget="17.500,50"))
    assert response.status_code == 400
    assert _stored(activity) == before
