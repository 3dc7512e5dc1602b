"""The opt-in public summary of a unit: off by default, aggregates only, switched by the unit or the admin."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.surveys import actions
from nyata.surveys.models import UnitSurveySettings

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(service, period):
    actions.submit_response(
        service=service,
        answers=[4, 3, 3, 4, 3, 3, 4, 3, 2],
        sex="P",
        age=34,
        suggestion="Petugas bernama Budi kasar",
    )
    actions.submit_response(service=service, answers=[3, 3, 2, 4, 3, 4, 4, 3, 2])
    return service


def _public_url(city, code="dinkes"):
    return reverse("surveys:public-summary", args=[city.instansi.code, code])


def _toggle_url(city, code="dinkes"):
    return reverse("surveys:public-toggle", args=[city.instansi.code, city.units[code].pk])


def test_the_public_summary_is_off_by_default(client, city, answered):
    assert client.get(_public_url(city)).status_code == 404


def test_the_unit_turns_it_on_and_anyone_sees_only_aggregates(client, opd_operator, city, answered):
    client.force_login(opd_operator)
    assert client.post(_toggle_url(city), {"enabled": "1"}).status_code == 302
    settings_row = UnitSurveySettings.objects.get()
    assert settings_row.public_summary is True
    assert settings_row.history.get().history_user == opd_operator
    client.logout()
    response = client.get(_public_url(city))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<dd>79,17</dd>" in body
    assert "<dd>B (Baik)</dd>" in body
    assert "<td>3,500</td>" in body  # U1 NRR
    assert "belum cukup" in body  # 2 of the 226 required
    assert 'id="skm-chart-data"' in body
    # Nothing that points at a citizen: no complaint text, no profile.
    assert "Budi" not in body
    assert "Perempuan" not in body
    assert "<script>" not in body  # scripts only from files, with the page's nonce


def test_turning_it_off_takes_the_page_down(client, opd_operator, city, answered):
    client.force_login(opd_operator)
    client.post(_toggle_url(city), {"enabled": "1"})
    client.post(_toggle_url(city), {"enabled": "0"})
    client.logout()
    assert client.get(_public_url(city)).status_code == 404


def test_another_opd_and_readers_cannot_switch_it(
    client, outsider_opd_operator, pengampu_verifier, other_city_admin, city, answered
):
    for person, status in ((outsider_opd_operator, 404), (pengampu_verifier, 403), (other_city_admin, 404)):
        client.force_login(person)
        assert client.post(_toggle_url(city), {"enabled": "1"}).status_code == status
    assert not UnitSurveySettings.objects.exists()


def test_the_inspektorat_admin_may_switch_it_for_a_unit(client, inspektorat_admin, city, answered):
    client.force_login(inspektorat_admin)
    assert client.post(_toggle_url(city, "dikbud"), {"enabled": "1"}).status_code == 302
    assert client.get(_public_url(city, "dikbud")).status_code == 200


def test_the_public_summary_takes_a_fixed_number_of_queries(client, city, service, answered):
    actions.set_public_summary(unit=city.units["dinkes"], enabled=True, by=None)
    client.get(_public_url(city))
    with CaptureQueriesContext(connection) as queries:
        client.get(_public_url(city))
    assert len(queries) <= 8, [q["sql"] for q in queries]
