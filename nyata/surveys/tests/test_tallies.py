"""The running tallies always equal a full recomputation from the responses, whatever happens to them."""

from datetime import UTC, datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nyata.surveys import actions, queries
from nyata.surveys.actions.responses import build_response, insert_statement, row_params
from nyata.surveys.ikm import Tally
from nyata.surveys.models import Response, ResponseDecision, Service
from nyata.surveys.questionnaire import Sex

pytestmark = pytest.mark.django_db

answer = st.one_of(st.none(), st.integers(1, 4))
insert = st.tuples(
    st.just("insert"),
    st.integers(0, 1),  # which service
    st.lists(answer, min_size=9, max_size=9).filter(lambda a: any(v is not None for v in a)),
    st.booleans(),  # flagged
    st.integers(0, 90),  # days after the start
)
decide = st.tuples(st.just("decide"), st.integers(0, 10_000), st.booleans())
START = datetime(2026, 1, 1, 3, 0, tzinfo=UTC)


def _check(services, period):
    everything = Service.objects.filter(pk__in=[s.pk for s in services])
    for scope in [*(Service.objects.filter(pk=s.pk) for s in services), everything]:
        for p in (None, period):
            reference = Tally.of(
                r.answers
                for r in Response.objects.filter(service__in=scope, included=True)
                if p is None or p.starts_on <= r.day <= p.ends_on
            )
            assert queries.recount_from_responses(services=scope, period=p) == reference
            months = queries.monthly_trend(services=scope, period=p)
            assert sum((r.tally for _m, r in months), Tally()) == reference
    for service in services:
        assert queries.service_result(service, period).tally == queries.recount_from_responses(
            services=Service.objects.filter(pk=service.pk), period=period
        )
    unit_results = queries.unit_results([services[0].unit, services[1].unit], period)
    for service in services:
        assert unit_results[service.unit_id].tally == queries.recount_from_responses(
            services=Service.objects.filter(unit=service.unit_id), period=period
        )


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(operations=st.lists(st.one_of(insert, decide), max_size=25))
def test_tallies_equal_a_recount_after_random_inserts_and_decisions(
    operations, service, dikbud_service, city
):
    services = [service, dikbud_service]
    with transaction.atomic():
        period = actions.save_period(
            instansi=city.instansi,
            by=None,
            name="Triwulan I",
            starts_on=datetime(2026, 1, 15).date(),
            ends_on=datetime(2026, 3, 10).date(),
        )
        for operation in operations:
            if operation[0] == "insert":
                _kind, which, answers, flagged, days = operation
                actions.submit_response(
                    service=services[which],
                    answers=answers,
                    flags=["too_fast"] if flagged else [],
                    now=START + timedelta(days=days, hours=days % 24),
                )
            else:
                _kind, pick, include = operation
                flagged = list(Response.objects.filter(suspicious=True).order_by("pk"))
                if flagged:
                    actions.decide_inclusion(
                        response=flagged[pick % len(flagged)], included=include, reason="uji", by=None
                    )
        _check(services, period)
        transaction.set_rollback(True)


def test_a_decision_counts_once_however_often_it_is_repeated(service):
    flagged = actions.submit_response(service=service, answers=[4] * 9, flags=["honeypot"])
    for _again in range(3):
        actions.decide_inclusion(response=flagged, included=True, reason="manusia asli", by=None)
    assert queries.service_result(service, None).n == 1
    actions.decide_inclusion(response=flagged, included=False, reason="ternyata bot", by=None)
    assert queries.service_result(service, None).n == 0
    assert ResponseDecision.objects.filter(response=flagged).count() == 4


def test_an_ordinary_response_cannot_be_excluded_and_a_decision_needs_a_reason(service):
    ordinary = actions.submit_response(service=service, answers=[4] * 9)
    with pytest.raises(ValidationError, match="ditandai"):
        actions.decide_inclusion(response=ordinary, included=False, reason="tidak suka", by=None)
    flagged = actions.submit_response(service=service, answers=[4] * 9, flags=["too_fast"])
    with pytest.raises(ValidationError):
        actions.decide_inclusion(response=flagged, included=True, reason="  ", by=None)


def test_rebuilding_the_tallies_reproduces_the_running_ones(service, dikbud_service):
    for day in range(5):
        actions.submit_response(service=service, answers=[day % 4 + 1] * 9, now=START + timedelta(days=day))
        actions.submit_response(service=dikbud_service, answers=[2] * 8 + [None], now=START)
    before = sorted(queries.ServiceDayTally.objects.values_list("service_id", "day", "n", "s1", "c9", "s9"))
    assert actions.rebuild_tallies() == 6
    after = sorted(queries.ServiceDayTally.objects.values_list("service_id", "day", "n", "s1", "c9", "s9"))
    assert after == before


def test_a_response_belongs_to_the_period_of_its_local_day(city, service):
    # 23:30 UTC on 31 March is already 1 April in WITA (UTC+8).
    late = datetime(2026, 3, 31, 23, 30, tzinfo=UTC)
    april = actions.save_period(
        instansi=city.instansi,
        by=None,
        name="April",
        starts_on=datetime(2026, 4, 1).date(),
        ends_on=datetime(2026, 4, 30).date(),
    )
    response = actions.submit_response(service=service, answers=[3] * 9, now=late)
    assert str(response.day) == "2026-04-01"
    assert response.period == april


def test_periods_of_one_instansi_never_overlap(city, period):
    with pytest.raises(ValidationError) as error:
        actions.save_period(
            instansi=city.instansi, by=None, name="Lain", starts_on=period.ends_on, ends_on=period.ends_on
        )
    assert "starts_on" in error.value.message_dict


def test_a_survey_period_cannot_be_moved_to_another_instansi_by_a_field(city, other_city, period):
    with pytest.raises(TypeError, match="instansi"):
        actions.save_period(
            instansi=city.instansi, by=None, period=period, instansi_id=other_city.instansi.pk
        )
    period.refresh_from_db()
    assert period.instansi == city.instansi


def test_the_database_refuses_an_answer_outside_1_to_4(service):
    from django.db import IntegrityError

    now = datetime(2026, 1, 1, tzinfo=UTC)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(service=service, submitted_at=now, day=now.date(), u1=5)
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(service=service, submitted_at=now, day=now.date())  # answers nothing


@pytest.mark.parametrize(
    "fields",
    [
        {"age": 34, "suggestion": "Antrean panjang", "flags": [], "paper_import": None},
        {"age": None, "suggestion": "", "flags": ["honeypot", "too_fast"], "start_token": "0a1b2c3d4e5f6789"},
        # Values of another type than the field's own go through Django's preparation, as before.
        {"age": "41", "sex": Sex.MALE, "channel": "kiosk"},
    ],
)
def test_a_rows_values_are_prepared_exactly_as_django_prepares_them_for_saving(service, period, fields):
    response = build_response(
        service=service,
        answers=(4, None, 3, 2, 1, 4, 3, 2, 1),
        now=START + timedelta(days=3),
        period=period,
        flags=fields.pop("flags", []),
        counted=True,
        **fields,
    )
    database = connections[DEFAULT_DB_ALIAS]
    row_fields = insert_statement(database.vendor).fields
    django_prepared = [f.get_db_prep_save(getattr(response, f.attname), database) for f in row_fields]
    assert _comparable(row_params(response)) == _comparable(django_prepared)
    assert [type(v) for v in row_params(response)] == [type(v) for v in django_prepared]


def _comparable(values: list) -> list:
    # psycopg's JSON wrapper (the flags, on PostgreSQL) does not compare by content; what it wraps does.
    return [getattr(v, "obj", v) for v in values]
