"""The public form's and the kiosk's write: a response stored with its burst screening.

A burst from one network or a surge of the service flags the response and its earlier members of the window
(they stop counting in the same transaction); a served form counts once. On PostgreSQL a quiet submission is
one statement that counts its window, stores the row and adds it to its tally; on SQLite the count and the
write share one IMMEDIATE transaction (one writer at a time).
"""

import contextlib
import functools
from collections.abc import Iterable, Sequence
from datetime import datetime

from django.db import IntegrityError, connection, transaction

from nyata.core.database import prepared_cursor
from nyata.surveys import screening
from nyata.surveys.actions.responses import (
    ON_CONFLICT_ADD,
    ROW_COLUMNS,
    TALLY_OF_ROW,
    UPSERT_HEAD,
    build_response,
    count_in_tallies,
    insert_response,
    insert_statement,
    row_params,
)
from nyata.surveys.models import Channel, Flag, Response, Service, SurveyPeriod
from nyata.surveys.questionnaire import ANSWER_FIELDS

# The tally upsert of the row the response CTE stored (none when it stored nothing), its values computed from
# that row: a statement of fewer parameters, which psycopg parses once instead of for every submission.
# WHERE TRUE: without it PostgreSQL would read ON CONFLICT as the ON of a join.
_TALLY_OF_RESPONSE = (
    f"tally AS ({UPSERT_HEAD}SELECT {TALLY_OF_ROW} FROM response WHERE TRUE {ON_CONFLICT_ADD} RETURNING 1)"  # noqa: S608
)


@functools.cache
def _insert_counted_statement() -> str:
    """PostgreSQL: the row and its tally in one statement (data-modifying common table expressions), which
    is a transaction of its own, or part of the caller's."""
    insert = insert_statement("postgresql")
    return (
        f"WITH response AS ({insert.head} VALUES ({insert.placeholders}) RETURNING id, {ROW_COLUMNS}), "  # noqa: S608
        f"{_TALLY_OF_RESPONSE} SELECT id FROM response"
    )


@functools.cache
def _insert_if_quiet_statement() -> str:
    """PostgreSQL: the burst counts, and only when none of them reaches its threshold the row and its tally,
    in one statement. It answers the row's id (none when it was not stored) and the counts."""
    insert = insert_statement("postgresql")
    return (
        f"WITH counts (from_address, from_network, in_window, counted_today) AS ({screening.RECENT}), "  # noqa: S608
        f"response AS ({insert.head} SELECT {insert.placeholders} FROM counts "
        f"WHERE {screening.QUIET} RETURNING id, {ROW_COLUMNS}), {_TALLY_OF_RESPONSE} "
        "SELECT (SELECT id FROM response), from_address, from_network, in_window, counted_today FROM counts"
    )


def _insert_if_quiet(response: Response, window: screening.Window) -> tuple[int, int, int, int | None] | None:
    """PostgreSQL: store and count the response in the statement that counts its window, unless a count
    reaches its threshold; then nothing is stored and the counts are answered, to be judged."""
    params = [*window.count_params(), *row_params(response), *screening.quiet_params(), Channel.PAPER.value]
    with _savepoint_if_nested(), prepared_cursor() as cursor:
        cursor.execute(_insert_if_quiet_statement(), params)
        pk, *counts = cursor.fetchone()
    if pk is None:
        return tuple(counts)
    response.pk = pk
    response._state.adding = False
    return None


def _insert_at_once(response: Response) -> Response:
    """PostgreSQL: what insert_response does, in one statement when the row counts; no BEGIN or COMMIT."""
    if not response.included:
        with _savepoint_if_nested():
            return insert_response(response)
    with _savepoint_if_nested(), prepared_cursor() as cursor:
        cursor.execute(_insert_counted_statement(), [*row_params(response), Channel.PAPER.value])
        response.pk = cursor.fetchone()[0]
    response._state.adding = False
    return response


def _savepoint_if_nested():
    """Inside a caller's transaction, a savepoint: a row refused (a served form sent twice) leaves that
    transaction usable. In autocommit, nothing: one statement is its own transaction."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def _burst_members(service: Service, burst: screening.Burst, origin: screening.Origin) -> list[Response]:
    """The earlier responses of the window that belong to the burst and still count: they stop counting.

    A response an administrator once decided on is suspicious already and keeps its decision."""
    members = Response.objects.filter(
        service=service, submitted_at__gte=burst.since, included=True, suspicious=False
    ).exclude(channel=Channel.PAPER)
    if not burst.service:
        members = members.filter(prefix_hash=origin.prefix_hash)
    # Locked, in one order: of two submissions of one burst flagging at once (PostgreSQL), the second waits
    # for the first and then finds only what still counts. (SQLite runs one writer at a time anyway.)
    members = members.select_for_update().order_by("pk")
    return list(members.only("pk", "service_id", "day", "channel", *ANSWER_FIELDS))


def _flag_burst(service: Service, burst: screening.Burst, origin: screening.Origin) -> None:
    members = _burst_members(service, burst, origin)
    if not members:
        return
    # The members share what made it a burst: their network's burst, the service's surge, or both.
    flags = [
        str(flag)
        for flag, found in ((Flag.PREFIX_BURST, burst.network), (Flag.SURGE, burst.service))
        if found
    ]
    # The same conditions again in the UPDATE: only rows that still count are flipped and subtracted.
    flipped = Response.objects.filter(pk__in=[m.pk for m in members], included=True, suspicious=False).update(
        included=False, suspicious=True, flags=flags
    )
    if flipped != len(members):
        raise RuntimeError("A burst member changed while it was being flagged")  # the transaction rolls back
    count_in_tallies(members, sign=-1)


def submit_public_response(
    *,
    service: Service,
    answers: Sequence[int | None],
    profile: dict[str, object],
    channel: str,
    flags: Iterable[str],
    origin: screening.Origin,
    start_token: str,
    now: datetime,
    period: SurveyPeriod | None,
) -> Response:
    """Store a response from the public form or the kiosk, judging bursts as it is stored.

    A burst from one network or a surge of the service flags its earlier members of the window too (they
    stop counting in the same transaction). A served form counts once: a second response sent with the same
    start token is stored flagged, without the token.
    """
    response = build_response(
        service=service,
        answers=answers,
        now=now,
        period=period,
        flags=flags,
        counted=True,
        channel=channel,
        client_hash=origin.client_hash,
        prefix_hash=origin.prefix_hash,
        start_token=start_token,
        **profile,
    )
    try:
        return _store_screened(response, origin=origin)
    except IntegrityError:
        if not start_token or not Response.objects.filter(start_token=start_token).exists():
            raise
    response.start_token = ""
    response.flags = sorted({*response.flags, str(Flag.REUSED_FORM)})
    response.suspicious, response.included = True, False
    return _store_screened(response, origin=origin)


def _store_screened(response: Response, *, origin: screening.Origin) -> Response:
    window = screening.Window.of(
        service_id=response.service_id, origin=origin, now=response.submitted_at, today=response.day
    )
    if connection.vendor == "postgresql":
        return _store_screened_on_postgresql(response, window)
    # SQLite: one writer at a time; in one IMMEDIATE transaction, the count sees every earlier submission.
    return _judge_flag_and_insert(response, window)


def _store_screened_on_postgresql(response: Response, window: screening.Window) -> Response:
    """A concurrent submission is not seen before it commits, whatever the transaction, so counting needs no
    transaction around it: a quiet submission is counted, stored and tallied in one statement, with no BEGIN
    and COMMIT to wait for. Only flagging a burst's earlier members takes a transaction."""
    if not response.included:  # flagged already: nothing to count it in
        burst = _judge(response, screening.burst(window))
    else:
        counts = _insert_if_quiet(response, window)
        if counts is None:
            return response
        burst = _judge(response, screening.judge(window, counts))
    if burst.reaches_back:
        return _judge_flag_and_insert(response, window)  # counted again, inside the transaction
    return _insert_at_once(response)


def _judge_flag_and_insert(response: Response, window: screening.Window) -> Response:
    with transaction.atomic():
        burst = _judge(response, screening.burst(window))
        if burst.reaches_back:
            _flag_burst(response.service, burst, window.origin)
        return insert_response(response)


def _judge(response: Response, burst: screening.Burst) -> screening.Burst:
    """A burst flags the response: it will not count."""
    if burst.flags:
        response.flags = sorted({*response.flags, *burst.flags})
        response.suspicious, response.included = True, False
    return burst
