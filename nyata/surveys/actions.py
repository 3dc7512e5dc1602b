"""Writes of the SKM. Each is atomic and raises ValidationError, keyed by field, on input that breaks a rule.

The tallies (ServiceDayTally) change only here, in the same transaction as the response they count.
"""

import functools
import hashlib
import zoneinfo
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.core.tabular import Table
from nyata.org.models import Instansi, Unit, User
from nyata.surveys import paper
from nyata.surveys.ikm import Tally
from nyata.surveys.models import (
    Channel,
    ComplaintReply,
    PaperImport,
    Response,
    ResponseDecision,
    Service,
    ServiceDayTally,
    SurveyPeriod,
    UnitSurveySettings,
)
from nyata.surveys.paper import RowProblem
from nyata.surveys.queries import public_service_cache_key
from nyata.surveys.questionnaire import ANSWER_FIELDS

TALLY_TABLE = ServiceDayTally._meta.db_table
RESPONSE_TABLE = Response._meta.db_table
_TALLY_COLUMNS = ["n"] + [f"{kind}{i}" for i in range(1, 10) for kind in ("c", "s")]
# One statement, the same on SQLite (3.24+) and PostgreSQL: insert the day's row or add to it. The addition
# happens inside the database under its row lock, so concurrent submissions never lose an update.
# Built from the model's own constant names only; every value is a bound parameter.
_UPSERT = (
    f"INSERT INTO {TALLY_TABLE} (service_id, day, {', '.join(_TALLY_COLUMNS)}) "  # noqa: S608
    f"VALUES (%s, %s, {', '.join(['%s'] * len(_TALLY_COLUMNS))}) "
    f"ON CONFLICT (service_id, day) DO UPDATE SET "
    + ", ".join(f"{c} = {TALLY_TABLE}.{c} + excluded.{c}" for c in _TALLY_COLUMNS)
)


# Taking a counted response out: its day's row exists, since the response was added to it.
_SUBTRACT = (
    f"UPDATE {TALLY_TABLE} SET "  # noqa: S608
    + ", ".join(f"{c} = {c} - %s" for c in _TALLY_COLUMNS)
    + " WHERE service_id = %s AND day = %s"
)


def _add_to_tally(*, service_id: int, day: date, answers: Sequence[int | None], sign: int) -> None:
    values = [1]
    for value in answers:
        values += [0, 0] if value is None else [1, value]
    day_value = connection.ops.adapt_datefield_value(day)
    with connection.cursor() as cursor:
        if sign > 0:
            cursor.execute(_UPSERT, [service_id, day_value, *values])
        else:
            # A plain UPDATE: an upsert would first check its negative VALUES row against n >= 0.
            cursor.execute(_SUBTRACT, [*values, service_id, day_value])
            if cursor.rowcount != 1:
                raise RuntimeError(f"No tally of service {service_id} on {day} to subtract from")


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
) -> Response:
    """Store one response; unless it is flagged, count it in its day's tally in the same transaction.

    Everything that reads or prepares (the period, the row's values, the SQL) happens before the
    transaction: on SQLite the transaction holds the database's single write lock, so it must be short.
    """
    if len(answers) != 9 or all(a is None for a in answers):
        raise ValidationError(_("A response answers the nine unsur."))
    if any(a is not None and not 1 <= a <= 4 for a in answers):
        raise ValidationError(_("Each answer is a number from 1 to 4."))
    now = now or timezone.now()
    instansi = service.unit.instansi
    day = local_day(now, instansi)
    if period is _UNRESOLVED or (period is not None and not period.starts_on <= day <= period.ends_on):
        period = period_on(instansi, day)
    flags = sorted(set(flags))
    response = Response(
        service=service,
        period=period,
        submitted_at=now,
        day=day,
        channel=channel,
        sex=sex,
        age=age,
        education=education,
        occupation=occupation,
        suggestion=suggestion.strip(),
        suspicious=bool(flags),
        flags=flags,
        included=not flags,
        client_hash=client_hash,
        paper_import=paper_import,
        **dict(zip(ANSWER_FIELDS, answers, strict=True)),
    )
    sql, fields = _insert_statement(connection.vendor)
    params = [f.get_db_prep_save(getattr(response, f.attname), connection) for f in fields]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)
        response.pk = cursor.fetchone()[0]
        if response.included:
            _add_to_tally(service_id=service.pk, day=day, answers=answers, sign=+1)
    response._state.adding = False
    return response


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
        _add_to_tally(
            service_id=response.service_id,
            day=response.day,
            answers=response.answers,
            sign=1 if included else -1,
        )
    ResponseDecision.objects.create(response=response, included=included, reason=reason.strip(), by=by)
    response.included = included
    return response


@transaction.atomic
def rebuild_tallies(*, services: Iterable[Service] | None = None) -> int:
    """Recompute the tallies from the included responses (after a bulk load); returns the rows written."""
    ids = None if services is None else [s.pk for s in services]
    tallies = ServiceDayTally.objects.all()
    where = "included"
    params: list[object] = []
    if ids is not None:
        tallies = tallies.filter(service_id__in=ids)
        where += f" AND service_id IN ({', '.join(['%s'] * len(ids))})" if ids else " AND 1 = 0"
        params = list(ids)
    tallies.delete()
    sums = ", ".join(f"COUNT(u{i}), COALESCE(SUM(u{i}), 0)" for i in range(1, 10))
    # "included" is a boolean column on both databases; SQLite stores it as 0/1 and accepts the bare name.
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {TALLY_TABLE} (service_id, day, {', '.join(_TALLY_COLUMNS)}) "  # noqa: S608
            f"SELECT service_id, day, COUNT(*), {sums} FROM {RESPONSE_TABLE} "
            f"WHERE {where} GROUP BY service_id, day",
            params,
        )
        return cursor.rowcount


def recount(responses: Iterable[Response]) -> Tally:
    """The tally of responses counted one by one: the reference the running tallies must equal."""
    return Tally.of(r.answers for r in responses if r.included)


SERVICE_FIELDS = ("name", "description", "population", "is_active")


@transaction.atomic
def save_service(*, unit: Unit, by: User | None, service: Service | None = None, **fields) -> Service:
    unknown = set(fields) - set(SERVICE_FIELDS)
    if unknown:
        raise TypeError(f"Unknown service fields: {sorted(unknown)}")
    service = service or Service(unit=unit)
    if service.unit_id != unit.pk:
        raise ValidationError(_("This service belongs to another unit."))
    for name, value in fields.items():
        setattr(service, name, value)
    if Service.objects.filter(unit=unit, name=service.name).exclude(pk=service.pk).exists():
        raise ValidationError({"name": [_("This unit already has a service with this name.")]})
    service._history_user = by
    service.full_clean(validate_constraints=False)
    service.save()
    cache.delete(public_service_cache_key(service.public_code))
    return service


def _forget_public_services(instansi: Instansi) -> None:
    """Drop the cached public services (with their periods) now, and again once the change is committed,
    so that no request in between can cache the old periods for another TTL."""
    keys = [
        public_service_cache_key(code)
        for code in Service.objects.filter(unit__instansi=instansi).values_list("public_code", flat=True)
    ]
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


PERIOD_FIELDS = ("name", "starts_on", "ends_on")


@transaction.atomic
def save_period(
    *, instansi: Instansi, by: User | None, period: SurveyPeriod | None = None, **fields
) -> SurveyPeriod:
    """Create or change a survey period; periods of one instansi never overlap. Responses follow the dates.

    Fields are those of PERIOD_FIELDS: the instansi is checked here, so a field may not move the period."""
    unknown = set(fields) - set(PERIOD_FIELDS)
    if unknown:
        raise TypeError(f"Unknown survey period fields: {sorted(unknown)}")
    period = period or SurveyPeriod(instansi=instansi)
    if period.instansi_id != instansi.pk:
        raise ValidationError(_("This period belongs to another instansi."))
    for name, value in fields.items():
        setattr(period, name, value)
    errors: dict[str, list[str]] = {}
    if period.ends_on < period.starts_on:
        errors["ends_on"] = [_("The last day cannot come before the first day.")]
    overlapping = SurveyPeriod.objects.filter(
        instansi=instansi, starts_on__lte=period.ends_on, ends_on__gte=period.starts_on
    ).exclude(pk=period.pk)
    if overlapping.exists():
        errors["starts_on"] = [_("This period overlaps another survey period.")]
    if SurveyPeriod.objects.filter(instansi=instansi, name=period.name).exclude(pk=period.pk).exists():
        errors["name"] = [_("Another survey period already has this name.")]
    if errors:
        raise ValidationError(errors)
    period._history_user = by
    period.full_clean(validate_constraints=False)
    period.save()
    _forget_public_services(instansi)
    # A response belongs to the period covering its day: re-resolve after the dates move.
    responses = Response.objects.filter(service__unit__instansi=instansi)
    responses.filter(period=period).exclude(day__gte=period.starts_on, day__lte=period.ends_on).update(
        period=None
    )
    responses.filter(period=None, day__gte=period.starts_on, day__lte=period.ends_on).update(period=period)
    return period


@dataclass(frozen=True)
class PaperImportResult:
    created: int
    problems: list[RowProblem]

    @property
    def ok(self) -> bool:
        return not self.problems


def import_paper_responses(
    *,
    service: Service,
    table: Table,
    file_name: str,
    data: bytes,
    by: User | None,
    now: datetime | None = None,
) -> PaperImportResult:
    """Store the paper forms of a file through the same write as the online form (channel "paper").

    Every row is checked first; a file with any bad row stores nothing. Each form counts on its own day
    (noon of the instansi's zone), so it lands in the right period and month of the tallies.
    """
    instansi = service.unit.instansi
    zone = zoneinfo.ZoneInfo(instansi.time_zone)
    today = local_day(now or timezone.now(), instansi)
    rows, problems = paper.check_table(table, today=today)
    if problems:
        return PaperImportResult(created=0, problems=problems)
    periods = list(SurveyPeriod.objects.filter(instansi=instansi))
    with transaction.atomic():
        record = PaperImport.objects.create(
            service=service,
            file_name=file_name[:255],
            sha256=hashlib.sha256(data).hexdigest(),
            rows=len(rows),
            by=by,
        )
        for row in rows:
            submit_response(
                service=service,
                answers=row.answers,
                sex=row.sex,
                age=row.age,
                education=row.education,
                occupation=row.occupation,
                suggestion=row.suggestion,
                channel=Channel.PAPER,
                now=datetime.combine(row.day, time(12), tzinfo=zone),
                period=period_among(periods, row.day),
                paper_import=record,
            )
    return PaperImportResult(created=len(rows), problems=[])


@transaction.atomic
def reply_to_complaint(*, response: Response, text: str, by: User | None) -> ComplaintReply:
    """Record (or correct) the unit's answer to a citizen's suggestion or complaint; history keeps each."""
    if not response.suggestion:
        raise ValidationError(_("This response has no suggestion or complaint to answer."))
    text = text.strip()
    if not text:
        raise ValidationError({"text": [_("Write the response to the citizen.")]})
    reply = ComplaintReply.objects.filter(response=response).first() or ComplaintReply(response=response)
    reply.text = text
    reply.by = by
    reply.at = timezone.now()
    reply._history_user = by
    reply.save()
    return reply


@transaction.atomic
def set_public_summary(*, unit: Unit, enabled: bool, by: User | None) -> UnitSurveySettings:
    """Publish the unit's summary page (aggregates only) or take it offline again."""
    settings_row = UnitSurveySettings.objects.filter(unit=unit).first() or UnitSurveySettings(unit=unit)
    settings_row.public_summary = enabled
    settings_row._history_user = by
    settings_row.save()
    return settings_row
