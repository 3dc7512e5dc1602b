"""Storing responses and counting them: the running tallies, the rows, inclusion decisions (the public
form's write with its burst screening is public.py).

The tallies (ServiceDayTally) change only in this package, in the same transaction as the responses they
count. Only included responses count; a response is included unless it is flagged (screening.py) or comes
from a paper file the Inspektorat has not accepted (actions/paper.py).
"""

import functools
import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import NamedTuple

from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.core.database import prepared_cursor
from nyata.org.models import Instansi, User
from nyata.surveys.ikm import Tally
from nyata.surveys.models import (
    Channel,
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
UPSERT_HEAD = f"INSERT INTO {TALLY_TABLE} (service_id, day, {', '.join(_TALLY_COLUMNS)}) "  # noqa: S608
ON_CONFLICT_ADD = "ON CONFLICT (service_id, day) DO UPDATE SET " + ", ".join(
    f"{c} = {TALLY_TABLE}.{c} + excluded.{c}" for c in _TALLY_COLUMNS
)
UPSERT = f"{UPSERT_HEAD}VALUES ({', '.join(['%s'] * (2 + len(_TALLY_COLUMNS)))}) {ON_CONFLICT_ADD}"
# What tally_values() adds for one response, computed in SQL from the response's own columns (for an
# upsert that SELECTs from the row an INSERT ... RETURNING gave back); its one parameter is the paper
# channel. Fewer parameters keep a statement within what psycopg caches (50), instead of re-parsing it.
ROW_COLUMNS = ", ".join(["service_id", "day", *ANSWER_FIELDS, "channel"])
TALLY_OF_ROW = ", ".join(
    [
        "service_id",
        "day",
        "1",
        *(f"CASE WHEN {u} IS NULL THEN 0 ELSE 1 END, COALESCE({u}, 0)" for u in ANSWER_FIELDS),
        "CASE WHEN channel = %s THEN 1 ELSE 0 END",
    ]
)


# Taking counted responses out: their day's row exists, since they were added to it.
_SUBTRACT = (
    f"UPDATE {TALLY_TABLE} SET "  # noqa: S608
    + ", ".join(f"{c} = {c} - %s" for c in _TALLY_COLUMNS)
    + " WHERE service_id = %s AND day = %s"
)


def tally_values(rows: Iterable[tuple[Sequence[int | None], bool]]) -> list[int]:
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
    values = tally_values(rows)
    day_value = connection.ops.adapt_datefield_value(day)
    with prepared_cursor() as cursor:
        if sign > 0:
            cursor.execute(UPSERT, [service_id, day_value, *values])
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


class ResponseInsert(NamedTuple):
    """The INSERT of one response: whole, and in the parts PostgreSQL's one-statement write builds on (the
    head with its columns, the placeholders of its values), with the fields in the order of the values."""

    sql: str
    head: str
    placeholders: str
    fields: list[models.Field]


@functools.cache
def insert_statement(vendor: str) -> ResponseInsert:
    """Built once per database vendor: compiling it for every submission was measurable on the hot path."""
    fields = [f for f in Response._meta.concrete_fields if not f.primary_key]
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    head = f"INSERT INTO {RESPONSE_TABLE} ({columns})"  # noqa: S608
    placeholders = ", ".join(["%s"] * len(fields))
    return ResponseInsert(f"{head} VALUES ({placeholders}) RETURNING id", head, placeholders, fields)


def _check_answers(answers: Sequence[int | None]) -> None:
    if len(answers) != 9 or all(a is None for a in answers):
        raise ValidationError(_("A response answers the nine unsur."))
    if any(a is not None and not 1 <= a <= 4 for a in answers):
        raise ValidationError(_("Each answer is a number from 1 to 4."))


def build_response(
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


# A plain value of each field class, to find the fields whose preparation for the database leaves such
# values as they are (Field.get_db_prep_save: str(), int() or bool(), then the backend's adaptation). Which
# ones do depends on the database: PostgreSQL's backend wraps integers in their column's type, SQLite's does
# not. Exact classes only: a subclass may prepare differently.
_PLAIN_SAMPLES: dict[type[models.Field], object] = {
    models.CharField: "text",
    models.TextField: "text",
    models.PositiveSmallIntegerField: 3,
    models.SmallIntegerField: 3,
    models.IntegerField: 3,
    models.BooleanField: True,
    models.ForeignKey: 3,
}


@functools.cache
def _row_preparation(vendor: str) -> tuple[tuple[str, frozenset[type], models.Field], ...]:
    """For each value of insert_statement's row: its attribute, the types of value it takes as they are
    (a plain value its preparation leaves unchanged, and None), and its field."""
    database = connections[DEFAULT_DB_ALIAS]
    preparation = []
    for field in insert_statement(vendor).fields:
        sample = _PLAIN_SAMPLES.get(type(field))
        unchanged = sample is not None and field.get_db_prep_save(sample, database) is sample
        kept = frozenset({type(sample), type(None)}) if unchanged else frozenset()
        preparation.append((field.attname, kept, field))
    return tuple(preparation)


def row_params(response: Response) -> list:
    """The row's values for insert_statement, as Django would prepare them for saving. Most are a plain
    text, number or flag that preparing leaves as it is; they skip the four calls per field that preparing
    costs (a twentieth of a citizen's submission). The rest (dates, times, the flags' JSON) go through
    Django."""
    # The connection itself, not django.db.connection: each attribute read through that proxy looks the
    # connection up again.
    database = connections[DEFAULT_DB_ALIAS]
    values = []
    for attname, kept, field in _row_preparation(database.vendor):
        value = getattr(response, attname)
        values.append(value if type(value) in kept else field.get_db_prep_save(value, database))
    return values


def insert_response(response: Response) -> Response:
    """Insert the row and count it if it is included; inside the caller's transaction."""
    with prepared_cursor() as cursor:
        cursor.execute(insert_statement(connection.vendor).sql, row_params(response))
        response.pk = cursor.fetchone()[0]
    if response.included:
        rows = [(response.answers, response.channel == Channel.PAPER)]
        _add_to_tally(service_id=response.service_id, day=response.day, rows=rows, sign=+1)
    response._state.adding = False
    return response


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
    response = build_response(
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
        return insert_response(response)


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
