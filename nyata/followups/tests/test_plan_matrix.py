"""Every action-plan view, for every persona: an OPD never sees or writes another OPD's plan (404), the
Inspektorat reviews, the unit writes, the head submits."""

import pytest
from django.urls import reverse

from nyata.followups import planning
from nyata.followups.models import ActionPlan
from nyata.followups.tests.test_action_plans import data

PERSONAS = [
    "inspektorat_admin",
    "evaluator",
    "opd_head",
    "opd_operator",
    "outsider_opd_operator",
    "leader",
    "other_city_admin",
]
# persona -> (plans page, plan page, export)
READS = {
    "inspektorat_admin": (200, 200, 200),
    "evaluator": (200, 200, 200),
    "opd_head": (200, 200, 200),
    "opd_operator": (200, 200, 200),
    "outsider_opd_operator": (200, 404, 404),
    "leader": (200, 200, 200),
    "other_city_admin": (404, 404, 404),
}


@pytest.fixture
def plan(city, opd_operator):
    plan = planning.create_plan(unit=city.units["dinkes"], year=2027, by=opd_operator)
    planning.save_activity(plan=plan, data=data(), by=opd_operator)
    return plan


@pytest.mark.parametrize("persona", PERSONAS)
def test_who_reads_which_plan_page(client, request, persona, plan):
    client.force_login(request.getfixturevalue(persona))
    code = plan.unit.instansi.code
    urls = [
        reverse("followups:plans", args=[code]) + "?tahun=2027",
        reverse("followups:plan", args=[code, plan.pk]),
        reverse("followups:plan-export", args=[code, plan.pk]),
    ]
    assert tuple(client.get(url).status_code for url in urls) == READS[persona]


def test_another_opd_does_not_find_the_plan_in_its_list(client, outsider_opd_operator, plan):
    client.force_login(outsider_opd_operator)
    page = client.get(reverse("followups:plans", args=[plan.unit.instansi.code]) + "?tahun=2027")
    assert "Dinas Kesehatan" not in page.content.decode()


OK = "allowed"
# persona -> (add activity, submit, review, desk review)
WRITES = {
    "inspektorat_admin": (403, 403, OK, OK),
    "evaluator": (403, 403, OK, OK),
    "opd_head": (OK, OK, 403, 403),
    "opd_operator": (OK, 403, 403, 403),
    "outsider_opd_operator": (404, 404, 404, 404),
    "leader": (403, 403, 403, 403),
}


@pytest.mark.parametrize("persona", list(WRITES))
def test_who_may_write_a_plan(client, request, persona, plan):
    client.force_login(request.getfixturevalue(persona))
    code = plan.unit.instansi.code

    def url(name):
        return reverse(f"followups:{name}", args=[code, plan.pk])

    posts = [
        (url("activity-save"), {"name": "X"}, ActionPlan.Status.DRAFT),
        (url("plan-submit"), {}, ActionPlan.Status.DRAFT),
        (url("plan-review"), {"decision": "return", "note": "Perbaiki."}, ActionPlan.Status.SUBMITTED),
        (url("desk-review-save"), {"quarter": "1", "note": "Catatan."}, ActionPlan.Status.APPROVED),
    ]
    got = []
    for target, form, status in posts:
        ActionPlan.objects.filter(pk=plan.pk).update(status=status)
        answer = client.post(target, form).status_code
        got.append(OK if answer in (302, 400) else answer)
    assert tuple(got) == WRITES[persona]


# persona -> (edit form, save an edit): the unit's own people only; another OPD's operator finds nothing
EDITS = {
    "inspektorat_admin": (403, 403),
    "evaluator": (403, 403),
    "opd_head": (200, 302),
    "opd_operator": (200, 302),
    "outsider_opd_operator": (404, 404),
    "leader": (403, 403),
    "other_city_admin": (404, 404),
}


@pytest.mark.parametrize("persona", list(EDITS))
def test_who_may_edit_an_activity(client, request, persona, plan):
    client.force_login(request.getfixturevalue(persona))
    activity = plan.activities.get()
    url = reverse("followups:activity-edit", args=[plan.unit.instansi.code, plan.pk, activity.pk])
    form = {
        "name": "Kegiatan diubah",
        "output": "SOP ditetapkan",
        "indicator": "Jumlah SOP",
        "target": "8",
        **{f"target_q{q}": "2" for q in (1, 2, 3, 4)},
        "budget": "1000",
        "responsible": "Kepala Subbagian Umum",
    }
    got = (client.get(url).status_code, client.post(url, form).status_code)
    assert got == EDITS[persona]
    activity.refresh_from_db()
    assert (activity.name == "Kegiatan diubah") == (got[1] == 302)


def test_a_unit_cannot_start_a_plan_for_another_unit(client, city, outsider_opd_operator):
    client.force_login(outsider_opd_operator)
    answer = client.post(
        reverse("followups:plan-create", args=[city.instansi.code]),
        {"unit": city.units["dinkes"].pk, "year": 2027},
    )
    assert answer.status_code == 400  # Dinkes is not among the units it may choose
    assert not ActionPlan.objects.exists()
