"""Setting up the survey: a unit's services, the instansi's survey periods, the unit's public summary."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.org.models import Instansi, Unit, User
from nyata.surveys.models import Response, Service, SurveyPeriod, UnitSurveySettings
from nyata.surveys.queries import forget_public_service

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
    _forget_now_and_on_commit([service.public_code])
    return service


def _forget_now_and_on_commit(codes: list[str]) -> None:
    """Drop the cached public services (with their periods) now, and again once the change is committed,
    so that no request in between can cache the old service or periods for another TTL."""

    def forget() -> None:
        for code in codes:
            forget_public_service(code)

    forget()
    transaction.on_commit(forget)


def _forget_public_services(instansi: Instansi) -> None:
    _forget_now_and_on_commit(
        list(Service.objects.filter(unit__instansi=instansi).values_list("public_code", flat=True))
    )


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


@transaction.atomic
def set_public_summary(*, unit: Unit, enabled: bool, by: User | None) -> UnitSurveySettings:
    """Publish the unit's summary page (aggregates only) or take it offline again."""
    settings_row = UnitSurveySettings.objects.filter(unit=unit).first() or UnitSurveySettings(unit=unit)
    settings_row.public_summary = enabled
    settings_row._history_user = by
    settings_row.save()
    return settings_row
