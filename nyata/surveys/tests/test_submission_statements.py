"""What one citizen's submission asks of the database, outside any test transaction, as under gunicorn.

On PostgreSQL one statement counts the burst window and, when no count reaches its threshold, stores the
response with its tally (a transaction of its own, with no BEGIN and COMMIT round trips); SQLite judges and
stores in one IMMEDIATE transaction. Either way the response and its tally are written together or not at
all."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.core.tests.vendors import postgresql_only
from nyata.surveys import queries
from nyata.surveys.models import Flag, Response, ServiceDayTally
from nyata.surveys.tests.filling import form_data, started_value

pytestmark = pytest.mark.django_db(transaction=True)


def _post(client: Client, service, started: str):
    return client.post(
        reverse("surveys:survey", args=[service.public_code]), {**form_data(), "started": started}
    )


def _tally_equals_a_recount(service) -> bool:
    services = type(service).objects.filter(pk=service.pk)
    recounted = queries.recount_from_responses(services=services, period=None)
    return recounted == queries.service_result(service, None).tally


def test_a_submission_is_stored_and_counted_together(service, period, quick_form):
    client = Client()
    assert _post(client, service, started_value(client, service)).status_code == 302
    stored = Response.objects.get()
    assert stored.included
    assert stored.period == period
    assert ServiceDayTally.objects.get(service=service).n == 1
    assert _tally_equals_a_recount(service)


def test_a_served_form_sent_twice_is_kept_flagged_and_counted_once(service, period, quick_form):
    started = started_value(Client(), service)
    assert _post(Client(), service, started).status_code == 302
    assert _post(Client(), service, started).status_code == 302  # another phone, the same served form
    first, second = Response.objects.order_by("pk")
    assert first.included
    assert not second.included
    assert Flag.REUSED_FORM in second.flags
    assert ServiceDayTally.objects.get(service=service).n == 1
    assert _tally_equals_a_recount(service)


@postgresql_only  # the one-statement write is PostgreSQL's
def test_on_postgresql_a_quiet_submission_is_one_statement_counting_storing_and_tallying(
    service, period, quick_form
):
    client = Client()
    started = started_value(client, service)  # the page read the service into the process's cache
    with CaptureQueriesContext(connection) as seen:
        assert _post(client, service, started).status_code == 302
    (statement,) = [q["sql"] for q in seen.captured_queries]
    # Logged as bound on the server: the statement, then its parameters.
    assert "WITH counts (from_address, from_network, in_window, counted_today)" in statement
    assert "INSERT INTO surveys_response" in statement
    assert "INSERT INTO surveys_servicedaytally" in statement
    assert Response.objects.get().included
    assert ServiceDayTally.objects.get(service=service).n == 1
    assert _tally_equals_a_recount(service)


@postgresql_only
def test_on_postgresql_a_submission_beyond_a_limit_is_judged_from_the_counts_and_stored_flagged(
    service, period, quick_form
):
    quick_form.NYATA_SKM_RATE_LIMIT = 1
    assert _post(Client(), service, started_value(Client(), service)).status_code == 302
    started = started_value(Client(), service)
    with CaptureQueriesContext(connection) as seen:
        assert _post(Client(), service, started).status_code == 302
    statements = [q["sql"] for q in seen.captured_queries]
    # The quiet statement stored nothing and answered the counts; no second count, then the flagged row.
    assert len(statements) == 2, statements
    assert "WITH counts" in statements[0]
    assert statements[1].startswith("QUERY = 'INSERT INTO surveys_response")
    flags = list(Response.objects.order_by("pk").values_list("flags", flat=True))
    assert flags == [[], ["rate_limited"]]
    assert ServiceDayTally.objects.get(service=service).n == 1
    assert _tally_equals_a_recount(service)
