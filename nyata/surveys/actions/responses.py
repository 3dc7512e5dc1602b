"""Storing responses and counting them: the running tallies, the public form's write, inclusion decisions.

The tallies (ServiceDayTally) change only in this package, in the same transaction as the responses they
count. Only included responses count; a response is included unless it is flagged (screening.py) or comes
from a paper file the Inspektorat has not accepted (actions/paper.py).
"""

import contextlib
import functools
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.core.database import prepared_cursor
from nyata.org.models import Instansi, User
from nyata.surveys import screening
from nyata.surveys.ikm import Tally
from nyata.surveys.models import (
    Channel,
    Flag,
    PaperImport,
    Response,
    ResponseDecision,
    Service,
    ServiceDayTally,
    SurveyPeriod,
)
from nyata.surveys.questionnaire import ANSWER_FIELDS

TALLY_TABLE = ServiceDayTally._meta.db_table
RESPONSE_TABLE = Response._meta.db_table
_TALLY_COLUMNS = ["n"] + [f"{kind}{i}" for i in range(1, 10) for kind in ("c", "s")] + ["paper"]
# One statement, the same on SQLite (3.24+) and PostgreSQL: insert the day's row or add to it. The addition
# happens inside the database under its row lock, so concurrent submissions never lose an update.
# Built from the model's own constant names only; every value is a bound parameter.
_UPSERT_HEAD = f"INSERT INTO {TALLY_TABLE} (service_id, day, {', '.join(_TALLY_COLUMNS)}) "  # noqa: S608
_ON_CONFLICT_ADD = "ON CONFLICT (service_id, day) DO UPDATE SET " + ", ".join(
    f"{c} = {TALLY_TABLE}.{c} + excluded.{c}" for c in _TALLY_COLUMNS
)
_TALLY_PLACEHOLDERS = ", ".join(["%s"] * (2 + len(_TALLY_COLUMNS)))
_UPSERT = f"{_UPSERT_HEAD}VALUES ({_TALLY_PLACEHOLDERS}) {_ON_CONFLICT_ADD}"


# Taking counted responses out: their day's row exists, since they were added to it.
_SUBTRACT = (
    f"UPDATE {TALLY_TABLE} SET "  # noqa: S608
    + ", ".join(f"{c} = {c} - %s" for c in _TALLY_COLUMNS)
    + " WHERE service_id = %s AND day = %s"
)


def _tally_values(rows: Iterable[tuple[Sequence[int | None], bool]]) -> list[int]:
    """The tally columns' increments for responses given as (answers, on paper)."""
    values = [0] * len(_TALLY_COLUMNS)
    for answers, on_paper in rows:
        values[0] += 1
        for i, value in enumerate(answers):
            if value is not None:
                values[1 + 2 * i] += 1
                values[2 + 2 * i] += value
        values[-1] += 1 if on_paper else 0
    return values


def _add_to_tally(
    *, service_id: int, day: date, rows: Iterable[tuple[Sequence[int | None], bool]], sign: int
) -> None:
    values = _tally_values(rows)
    day_value = connection.ops.adapt_datefield_value(day)
    with prepared_cursor() as cursor:
        if sign > 0:
            cursor.execute(_UPSERT, [service_id, day_value, *values])
        else:
            # A plain UPDATE: an upsert would first check its negative VALUES row against n >= 0.
            cursor.execute(_SUBTRACT, [*values, service_id, day_value])
            if cursor.rowcount != 1:
                raise RuntimeError(f"No tally of service {service_id} on {day} to subtract from")


def count_in_tallies(responses: Iterable[Response], *, sign: int) -> None:
    """Add the responses to their days' tallies (sign +1) or take them out (-1), one statement per day."""
    by_day: dict[tuple[int, date], list[tuple[tuple[int | None, ...], bool]]] = {}
    for response in responses:
        by_day.setdefault((response.service_id, response.day), []).append(
            (response.answers, response.channel == Channel.PAPER)
        )
    for (service_id, day), rows in sorted(by_day.items()):
        _add_to_tally(service_id=service_id, day=day, rows=rows, sign=sign)


def local_day(moment: datetime, instansi: Instansi) -> date:
    return moment.astimezone(zoneinfo.ZoneInfo(instansi.time_zone)).date()


def period_on(instansi: Instansi, day: date) -> SurveyPeriod | None:
    return SurveyPeriod.objects.filter(instansi=instansi, starts_on__lte=day, ends_on__gte=day).first()


def period_among(periods: Iterable[SurveyPeriod], day: date) -> SurveyPeriod | None:
    """The period covering the day, from periods already at hand (periods of an instansi never overlap)."""
    return next((p for p in periods if p.starts_on <= day <= p.ends_on), None)


_UNRESOLVED = object()


@functools.cache
def _insert_statement(vendor: str) -> tuple[str, list]:
    """Built once per database vendor: compiling it for every submission was measurable on the hot path."""
    fields = [f for f in Response._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    sql = f"INSERT INTO {RESPONSE_TABLE} ({columns}) VALUES ({placeholders}) RETURNING id"  # noqa: S608
    return sql, fields


def _check_answers(answers: Sequence[int | None]) -> None:
    if len(answers) != 9 or all(a is None for a in answers):
        raise ValidationError(_("A response answers the nine unsur."))
    if any(a is not None and not 1 <= a <= 4 for a in answers):
        raise ValidationError(_("Each answer is a number from 1 to 4."))


def _response(
    *,
    service: Service,
    answers: Sequence[int | None],
    now: datetime | None,
    period: SurveyPeriod | None | object,
    flags: Iterable[str],
    counted: bool,
    **fields,
) -> Response:
    """The row to store, prepared before any transaction: on SQLite the transaction holds the write lock."""
    _check_answers(answers)
    now = now or timezone.now()
    instansi = service.unit.instansi
    day = local_day(now, instansi)
    if period is _UNRESOLVED or (period is not None and not period.starts_on <= day <= period.ends_on):
        period = period_on(instansi, day)
    flags = sorted(set(flags))
    fields["suggestion"] = fields.get("suggestion", "").strip()
    return Response(
        service=service,
        period=period,
        submitted_at=now,
        day=day,
        suspicious=bool(flags),
        flags=flags,
        included=counted and not flags,
        **fields,
        **dict(zip(ANSWER_FIELDS, answers, strict=True)),
    )


def _row_params(response: Response) -> list:
    _sql, fields = _insert_statement(connection.vendor)
    return [f.get_db_prep_save(getattr(response, f.attname), connection) for f in fields]


def _insert(response: Response) -> Response:
    """Insert the row and count it if it is included; inside the caller's transaction."""
    sql, _fields = _insert_statement(connection.vendor)
    with prepared_cursor() as cursor:
        cursor.execute(sql, _row_params(response))
        response.pk = cursor.fetchone()[0]
    if response.included:
        rows = [(response.answers, response.channel == Channel.PAPER)]
        _add_to_tally(service_id=response.service_id, day=response.day, rows=rows, sign=+1)
    response._state.adding = False
    return response


@functools.cache
def _insert_counted_statement() -> str:
    """PostgreSQL: the row and its tally in one statement (data-modifying common table expressions), which
    is a transaction of its own, or part of the caller's."""
    insert, _fields = _insert_statement("postgresql")
    return f"WITH response AS ({insert}), tally AS ({_UPSERT} RETURNING 1) SELECT id FROM response"  # noqa: S608


@functools.cache
def _insert_if_quiet_statement() -> str:
    """PostgreSQL: the burst counts, and only when none of them reaches its threshold the row and its tally,
    in one statement. It answers the row's id (none when it was not stored) and the counts."""
    _sql, fields = _insert_statement("postgresql")
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    return (
        f"WITH counts (from_address, from_network, in_window, counted_today) AS ({screening.RECENT}), "  # noqa: S608
        f"response AS (INSERT INTO {RESPONSE_TABLE} ({columns}) SELECT {placeholders} FROM counts "
        f"WHERE {screening.QUIET} RETURNING id), "
        # WHERE TRUE: without it PostgreSQL would read ON CONFLICT as the ON of a join.
        f"tally AS ({_UPSERT_HEAD}SELECT {_TALLY_PLACEHOLDERS} FROM response WHERE TRUE {_ON_CONFLICT_ADD} "
        "RETURNING 1) "
        "SELECT (SELECT id FROM response), from_address, from_network, in_window, counted_today FROM counts"
    )


def _insert_if_quiet(response: Response, window: screening.Window) -> tuple[int, int, int, int | None] | None:
    """PostgreSQL: store and count the response in the statement that counts its window, unless a count
    reaches its threshold; then nothing is stored and the counts are answered, to be judged."""
    day = connection.ops.adapt_datefield_value(response.day)
    tally = _tally_values([(response.answers, response.channel == Channel.PAPER)])
    params = [
        *window.count_params(),
        *_row_params(response),
        *screening.quiet_params(),
        response.service_id,
        day,
        *tally,
    ]
    with _savepoint_if_nested(), prepared_cursor() as cursor:
        cursor.execute(_insert_if_quiet_statement(), params)
        pk, *counts = cursor.fetchone()
    if pk is None:
        return tuple(counts)
    response.pk = pk
    response._state.adding = False
    return None


def _insert_at_once(response: Response) -> Response:
    """PostgreSQL: what _insert does, in one statement when the row counts; no explicit transaction."""
    if not response.included:
        with _savepoint_if_nested():
            return _insert(response)
    day = connection.ops.adapt_datefield_value(response.day)
    tally = _tally_values([(response.answers, response.channel == Channel.PAPER)])
    with _savepoint_if_nested(), prepared_cursor() as cursor:
        cursor.execute(
            _insert_counted_statement(), [*_row_params(response), response.service_id, day, *tally]
        )
        response.pk = cursor.fetchone()[0]
    response._state.adding = False
    return response


def _savepoint_if_nested():
    """Inside a caller's transaction, a savepoint: a row refused (a served form sent twice) leaves that
    transaction usable. In autocommit, nothing: one statement is its own transaction."""
    return transaction.atomic() if connection.in_atomic_block else contextlib.nullcontext()


def submit_response(
    *,
    service: Service,
    answers: Sequence[int | None],
    sex: str = "",
    age: int | None = None,
    education: str = "",
    occupation: str = "",
    suggestion: str = "",
    channel: str = Channel.ONLINE,
    flags: Iterable[str] = (),
    client_hash: str = "",
    now: datetime | None = None,
    period: SurveyPeriod | None | object = _UNRESOLVED,
    paper_import: PaperImport | None = None,
    counted: bool = True,
) -> Response:
    """Store one response; unless it is flagged or not `counted` yet, count it in its day's tally in the
    same transaction. No burst screening: that is the public form's (submit_public_response)."""
    response = _response(
        service=service,
        answers=answers,
        now=now,
        period=period,
        flags=flags,
        counted=counted,
        sex=sex,
        age=age,
        education=education,
        occupation=occupation,
        suggestion=suggestion,
        channel=channel,
        client_hash=client_hash,
        paper_import=paper_import,
    )
    with transaction.atomic():
        return _insert(response)


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
    response = _response(
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
        return _insert(response)


def _judge(response: Response, burst: screening.Burst) -> screening.Burst:
    """A burst flags the response: it will not count."""
    if burst.flags:
        response.flags = sorted({*response.flags, *burst.flags})
        response.suspicious, response.included = True, False
    return burst


@transaction.atomic
def decide_inclusion(*, response: Response, included: bool, reason: str, by: User | None) -> Response:
    """Include a flagged response in the IKM, or exclude it again; the decision is recorded with why."""
    if not response.suspicious:
        raise ValidationError(_("Only a flagged response can be included or excluded."))
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why, for the audit trail.")]})
    # The conditional update makes a repeated or concurrent decision count once: only the request that
    # actually flips the flag moves the tally.
    flipped = Response.objects.filter(pk=response.pk, included=not included).update(included=included)
    if flipped:
        count_in_tallies([response], sign=1 if included else -1)
    ResponseDecision.objects.create(response=response, included=included, reason=reason.strip(), by=by)
    response.included = included
    return response


@transaction.atomic
def rebuild_tallies(*, services: Iterable[Service] | None = None) -> int:
    """Recompute the tallies from the included responses (after a bulk load); returns the rows written."""
    ids = None if services is None else [s.pk for s in services]
    tallies = ServiceDayTally.objects.all()
    where = "included"
    params: list[object] = [Channel.PAPER.value]
    if ids is not None:
        tallies = tallies.filter(service_id__in=ids)
        where += f" AND service_id IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0"
        params += list(ids)
    tallies.delete()
    sums = ", ".join(f"COUNT(u{i}), COALESCE(SUM(u{i}), 0)" for i in range(1, 10))
    # "included" is a boolean column on both databases; SQLite stores it as 0/1 and accepts the bare name.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TALLY_TABLE} (service_id, day, {', '.join(_TALLY_COLUMNS)}) "  # noqa: S608
            f"SELECT service_id, day, COUNT(*), {sums}, SUM(CASE WHEN channel = %s THEN 1 ELSE 0 END) "
            f"FROM {RESPONSE_TABLE} WHERE {where} GROUP BY service_id, day",
            params,
        )
        return cursor.rowcount


def recount(responses: Iterable[Response]) -> Tally:
    """The tally of responses counted one by one: the reference the running tallies must equal."""
    return Tally.of(r.answers for r in responses if r.included)
