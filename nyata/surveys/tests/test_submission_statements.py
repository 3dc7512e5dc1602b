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


@postgresql_only
def test_on_postgresql_the_submission_statement_is_parsed_once_not_for_every_citizen(
    service, period, quick_form
):
    # psycopg parses a statement's placeholders for every execution unless it caches the parse, which it
    # does only for statements of at most 50 parameters: the tally's values are computed from the row.
    from psycopg._queries import _query2pg

    for _citizen in range(3):
        client = Client()
        started = started_value(client, service)
        before = _query2pg.cache_info()
        assert _post(client, service, started).status_code == 302
        after = _query2pg.cache_info()
    assert after.hits > before.hits
    assert after.misses == before.misses
    assert ServiceDayTally.objects.get(service=service).n == 3
    assert _tally_equals_a_recount(service)


@postgresql_only
def test_on_postgresql_an_unanswered_unsur_is_left_out_of_its_tally_column(service, period):
    from django.utils import timezone

    from nyata.surveys.actions import submit_public_response
    from nyata.surveys.screening import Origin

    answers = (4, None, 3, 4, 3, 3, 4, 3, 2)
    for n in range(2):
        submit_public_response(
            service=service,
            answers=answers,
            profile={"sex": "P", "age": 30, "education": "sma", "occupation": "wirausaha"},
            channel="online",
            flags=(),
            origin=Origin(client_hash=f"address-{n}", prefix_hash=f"network-{n}"),
            start_token=f"token-{n}",
            now=timezone.now(),
            period=period,
        )
    tally = ServiceDayTally.objects.get(service=service)
    assert (tally.n, tally.c1, tally.s1, tally.c2, tally.s2, tally.s9, tally.paper) == (2, 2, 8, 0, 0, 4, 0)
    assert _tally_equals_a_recount(service)
