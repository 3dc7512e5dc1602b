"""Writes of the SKM. Each is atomic and raises ValidationError, keyed by field, on input that breaks a rule.

The tallies (ServiceDayTally) change only here, in the same transaction as the response they count.
"""

import zoneinfo
from collections.abc import Iterable, Sequence
from datetime import date, datetime

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.org.models import Instansi, Unit, User
from nyata.surveys.ikm import Tally
from nyata.surveys.models import Channel, Response, ResponseDecision, Service, ServiceDayTally, SurveyPeriod
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


_UNRESOLVED = object()


def _insert_statement() -> tuple[str, list]:
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
        **dict(zip(ANSWER_FIELDS, answers, strict=True)),
    )
    sql, fields = _insert_statement()
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
    cache.delete(f"surveys:public-service:{service.public_code}")
    return service


@transaction.atomic
def save_period(
    *, instansi: Instansi, by: User | None, period: SurveyPeriod | None = None, **fields
) -> SurveyPeriod:
    """Create or change a survey period; periods of one instansi never overlap. Responses follow the dates."""
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
    # A response belongs to the period covering its day: re-resolve after the dates move.
    responses = Response.objects.filter(service__unit__instansi=instansi)
    responses.filter(period=period).exclude(day__gte=period.starts_on, day__lte=period.ends_on).update(
        period=None
    )
    responses.filter(period=None, day__gte=period.starts_on, day__lte=period.ends_on).update(period=period)
    return period
