"""Results pages: a chart from the vendored Chart.js beside each table, data by json_script, few queries."""

import json
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.surveys import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(service, dikbud_service, period):
    for answers in ([4, 3, 3, 4, 3, 3, 4, 3, 2], [3, 3, 2, 4, 3, 4, 4, 3, 2]):
        actions.submit_response(service=service, answers=answers, suggestion="Ruang tunggu panas")
    actions.submit_response(service=dikbud_service, answers=[1] * 9)
    return service


def _unit_url(city):
    return reverse("surveys:unit", args=[city.instansi.code, city.units["dinkes"].pk])


def test_the_unit_page_passes_the_chart_figures_as_json_and_loads_the_vendored_chart_library(
    client, opd_operator, city, answered
):
    client.force_login(opd_operator)
    body = client.get(_unit_url(city)).content.decode()
    data = json.loads(
        re.search(r'<script id="skm-chart-data" type="application/json">(.*?)</script>', body).group(1)
    )
    assert data["unsur"]["labels"] == [f"U{i}" for i in range(1, 10)]
    assert data["unsur"]["values"] == [3.5, 3.0, 2.5, 4.0, 3.0, 3.5, 4.0, 3.0, 2.0]
    assert len(data["trend"]["values"]) == 1
    assert data["trend"]["values"] == [79.17]
    nonce = re.search(r'<script src="/static/vendor/chart.umd.min.js" nonce="([^"]+)" defer>', body).group(1)
    assert f'<script src="/static/surveys/charts.js" nonce="{nonce}" defer>' in body
    # Each chart sits beside the table with the same figures, and says so to screen readers.
    assert 'id="chart-unsur"' in body
    assert 'id="table-unsur"' in body
    assert 'id="chart-trend"' in body
    assert 'id="table-trend"' in body
    assert "tabel di sampingnya memuat angka yang sama" in body
    # No inline script (other than the JSON data block) and no style attribute.
    assert re.findall(r"<script(?![^>]*(?:src=|application/json))", body) == []
    assert re.findall(r"\sstyle=", body) == []


def test_the_vendored_chart_library_has_no_source_map_reference():
    library = Path(finders.find("vendor/chart.umd.min.js")).read_text()
    assert library.startswith("/*!\n * Chart.js v4.")
    assert "sourceMappingURL" not in library


def test_the_unit_page_takes_the_same_queries_however_many_services_and_responses(
    client, opd_operator, city, service, answered
):
    client.force_login(opd_operator)
    url = _unit_url(city)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(5):
        extra = actions.save_service(
            unit=city.units["dinkes"], by=None, name=f"Layanan {index}", population=100
        )
        for _ in range(3):
            actions.submit_response(service=extra, answers=[3] * 9, suggestion="Saran")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few), [q["sql"] for q in many]


def test_the_service_page_takes_the_same_queries_however_many_responses(
    client, inspektorat_admin, city, service, answered
):
    client.force_login(inspektorat_admin)
    url = reverse("surveys:service", args=[city.instansi.code, service.pk])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for _ in range(10):
        actions.submit_response(service=service, answers=[2] * 9, flags=["too_fast"])
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
