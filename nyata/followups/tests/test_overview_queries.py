"""The follow-up overview, and one unit's list of items, cost a fixed number of queries whatever the number
of units and items (issue 11: a city of 31 units x 40 items and a province of 1,000 units; the benchmark is
bench/followup_overview.py): two units against fourteen, three items of a unit against fifteen."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape

from nyata.evaluations.models import Assessment
from nyata.followups.dates import today_in
from nyata.followups.models import Item
from nyata.followups.tests.conftest import write_finding
from nyata.org.models import Unit

# Every stage and status an item passes through, due in the past and in the future in turn.
STATES = [
    (Item.Stage.WITH_OPD, Item.Status.NOT_STARTED),
    (Item.Stage.VERIFYING, Item.Status.NOT_STARTED),
    (Item.Stage.WITH_OPD, Item.Status.IN_PROGRESS),
    (Item.Stage.CLOSED, Item.Status.DONE),
    (Item.Stage.APPROVAL, Item.Status.CANNOT),
    (Item.Stage.CLOSED, Item.Status.CANNOT),
]


def add_items(assessment, *, count: int, by, owners=()) -> None:
    """`count` more items of the assessment's unit, in every state, half of them past their due date."""
    finding = write_finding(
        assessment, node="I.1", texts=[f"Rekomendasi tambahan {n}." for n in range(count)], by=by
    )
    today = today_in(assessment.period.instansi)
    Item.objects.bulk_create(
        Item(
            recommendation=recommendation,
            assessment=assessment,
            unit_id=assessment.unit_id,
            period=assessment.period,
            node=finding.node,
            due=today + timedelta(days=40 * (1 if index % 2 else -1) + index),
            stage=STATES[index % len(STATES)][0],
            status=STATES[index % len(STATES)][1],
            reason="Program dihapus." if STATES[index % len(STATES)][1] == Item.Status.CANNOT else "",
            owner=owners[index % len(owners)] if owners else None,
        )
        for index, recommendation in enumerate(finding.recommendations.order_by("position"))
    )


def add_units(period, *, count: int, items_each: int, by) -> None:
    for index in range(count):
        unit = Unit.objects.create(
            instansi=period.instansi, code=f"opd-{index}", name=f"OPD Tambahan {index:02d}", kind="opd"
        )
        assessment = Assessment.objects.create(period=period, unit=unit, status=Assessment.Status.FINALISED)
        add_items(assessment, count=items_each, by=by)


def queries_of(client, url: str) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return len(captured), response.content.decode()


@pytest.mark.parametrize("persona", ["inspektorat_admin", "leader"])
def test_the_city_overview_costs_the_same_queries_for_two_units_or_fourteen(
    request, client, items, published, evaluator, persona
):
    client.force_login(request.getfixturevalue(persona))
    url = reverse("followups:overview", args=[published.instansi.code]) + f"?periode={published.pk}"
    client.get(url)
    few, body = queries_of(client, url)
    assert body.count('href="/i/kota-kendari/tindak-lanjut/periode/') == 2
    add_units(published, count=12, items_each=6, by=evaluator)
    many, body = queries_of(client, url)
    assert "OPD Tambahan 11" in body
    assert body.count('href="/i/kota-kendari/tindak-lanjut/periode/') == 14
    assert many == few


def test_an_opds_own_overview_costs_the_same_queries_for_three_items_or_fifteen(
    client, items, published, city, opd_head, evaluator
):
    client.force_login(opd_head)
    url = reverse("followups:overview", args=[published.instansi.code])
    client.get(url)
    few, body = queries_of(client, url)
    assert "Dinas Pendidikan" not in body
    add_items(published.assessments.get(unit=city.units["dinkes"]), count=12, by=evaluator)
    add_units(published, count=12, items_each=6, by=evaluator)
    many, body = queries_of(client, url)
    assert "OPD Tambahan" not in body
    assert many == few


def test_a_units_list_of_items_costs_the_same_queries_for_three_items_or_fifteen(
    client, items, published, city, opd_head, opd_operator, evaluator
):
    dinkes = city.units["dinkes"]
    client.force_login(opd_head)
    url = reverse("followups:unit", args=[published.instansi.code, published.pk, dinkes.pk])
    client.get(url)
    few, body = queries_of(client, url)
    assert body.count('href="/i/kota-kendari/tindak-lanjut/butir/') == 3
    add_items(published.assessments.get(unit=dinkes), count=12, by=evaluator, owners=(opd_head, opd_operator))
    many, body = queries_of(client, url)
    assert body.count('href="/i/kota-kendari/tindak-lanjut/butir/') == 15
    assert escape(opd_operator.name) in body  # each item's person responsible, read in the same query
    assert many == few
