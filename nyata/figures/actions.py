"""Writes of outside figures: one figure by form, or a whole table, all-or-nothing.

Only the Inspektorat admin records figures (rules.py: a unit never supplies its own outcome data). A figure
recorded again for the same unit, kind and year is a correction: the row changes, its history keeps the
value before, who changed it and why (django-simple-history's change reason), and the evaluations that
read it take the new value when refreshed.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.core.numbers import figure as shown
from nyata.evaluations.actions.uploads import inspect_upload
from nyata.figures.models import Figure, Kind, key_validator
from nyata.figures.queries import Usage, usage_of
from nyata.org.models import Instansi, Unit, User
from nyata.org.rules import require

FIRST_YEAR, LAST_YEAR = 2000, 2100


@dataclass(frozen=True)
class Provenance:
    """Where a figure came from: the document that published it."""

    title: str
    number: str
    date: date
    url: str = ""


def check_value(kind: Kind, value: Decimal) -> None:
    if not kind.scale_min <= value <= kind.scale_max:
        raise ValidationError(
            {
                "value": _("%(kind)s runs from %(low)s to %(high)s; %(value)s is outside it.")
                % {
                    "kind": kind.name,
                    "low": shown(kind.scale_min),
                    "high": shown(kind.scale_max),
                    "value": shown(value),
                }
            }
        )
    if value != round(value, kind.places):
        raise ValidationError(
            {
                "value": _("%(kind)s has %(places)s decimal places.")
                % {"kind": kind.name, "places": kind.places}
            }
        )


def check_figure(
    *, instansi: Instansi, kind: Kind, unit: Unit, year: int, value: Decimal, source: Provenance
):
    """Every rule a figure keeps, the same for the form and each imported row; ValidationError by field."""
    errors: dict[str, list[str]] = {}
    if kind.owner_id not in (None, instansi.pk):
        errors["kind"] = [_("This kind belongs to another instansi.")]
    if unit.instansi_id != instansi.pk or not unit.is_active:
        errors["unit"] = [_("The unit is not an active unit of this instansi.")]
    if not FIRST_YEAR <= year <= LAST_YEAR:
        errors["year"] = [_("The year must lie between %(a)s and %(b)s.") % {"a": FIRST_YEAR, "b": LAST_YEAR}]
    try:
        check_value(kind, value)
    except ValidationError as error:
        errors.update(error.message_dict)
    for field, text in (("document_title", source.title), ("document_number", source.number)):
        if not text.strip():
            errors[field] = [_("Name the document the figure comes from.")]
    if source.url:
        try:
            URLValidator(schemes=["http", "https"])(source.url)
        except ValidationError:
            errors["document_url"] = [_("Give a web address starting with http:// or https://.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def record_figure(
    *,
    instansi: Instansi,
    kind: Kind,
    unit: Unit,
    year: int,
    value: Decimal,
    source: Provenance,
    document: UploadedFile | None = None,
    reason: str = "",
    by: User,
) -> Figure:
    """Record a unit's figure, or correct it (then `reason` is required and kept in its history)."""
    require(by, "figures.manage", instansi)
    check_figure(instansi=instansi, kind=kind, unit=unit, year=year, value=value, source=source)
    inspected = inspect_upload(document) if document is not None else None
    figure = Figure.objects.select_for_update().filter(kind=kind, unit=unit, year=year).first()
    if figure is not None and not reason.strip():
        raise ValidationError(
            {
                "reason": _("%(unit)s already has a figure for %(year)s; say why it is corrected.")
                % {"unit": unit.name, "year": year}
            }
        )
    if inspected is None and not source.url and not (figure is not None and figure.document_file):
        raise ValidationError({"document_url": _("Give the document's link or upload the document.")})
    figure = figure or Figure(kind=kind, unit=unit, year=year)
    figure.value = value
    figure.document_title = source.title.strip()
    figure.document_number = source.number.strip()
    figure.document_date = source.date
    figure.document_url = source.url
    figure.entered_by = by
    if inspected is not None:
        figure.document_file.save(inspected.name, inspected.upload, save=False)
        figure.document_name = inspected.name
        figure.document_type = inspected.kind.mime
    figure._history_user = by
    figure._change_reason = reason.strip() or None
    figure.save()
    return figure


@dataclass(frozen=True)
class Row:
    """One checked row of an import."""

    number: int
    kind: Kind
    unit: Unit
    year: int
    value: Decimal
    source: Provenance


@transaction.atomic
def record_figures(*, instansi: Instansi, rows: list[Row], file_name: str, by: User) -> int:
    """Record every checked row of one imported table (nyata.figures.importing); all or none."""
    require(by, "figures.manage", instansi)
    for row in rows:
        record_figure(
            instansi=instansi,
            kind=row.kind,
            unit=row.unit,
            year=row.year,
            value=row.value,
            source=row.source,
            reason=_("Imported from %(file)s") % {"file": file_name},
            by=by,
        )
    return len(rows)


# --- the registry of kinds ---------------------------------------------------------------------------

MAX_PLACES = 2  # Figure.value keeps two decimal places


@dataclass(frozen=True)
class KindValues:
    """What a person writes of a kind."""

    key: str
    name: str
    scale_min: Decimal
    scale_max: Decimal
    places: int
    higher_is_better: bool
    issuer: str
    source_document: str
    basis: str = ""


def _check_kind(kind: Kind | None, values: KindValues) -> None:
    errors: dict[str, list[str]] = {}
    try:
        key_validator(values.key)
    except ValidationError:
        errors["key"] = [_("Use lower-case letters, digits and hyphens (at most 40).")]
    else:
        taken = Kind.objects.filter(key=values.key).exclude(pk=kind.pk if kind else None).exists()
        if taken:
            errors["key"] = [
                _("Another kind already has this key; instruments name a kind by its key alone.")
            ]
    if kind is not None and values.key != kind.key:
        usage = usage_of(kind)
        if usage.in_use:
            errors["key"] = [key_in_use(kind, usage)]
    for field in ("name", "issuer", "source_document"):
        if not getattr(values, field).strip():
            errors[field] = [_("Fill this in.")]
    if values.scale_min >= values.scale_max:
        errors["scale_max"] = [_("The highest value must be above the lowest.")]
    if not 0 <= values.places <= MAX_PLACES:
        errors["places"] = [_("A figure keeps at most %(n)d decimal places.") % {"n": MAX_PLACES}]
    if kind is not None and "scale_max" not in errors:
        outside = Figure.objects.filter(kind=kind).exclude(
            value__gte=values.scale_min, value__lte=values.scale_max
        )
        if outside.exists():
            errors["scale_min"] = [
                _("%(n)d recorded figures lie outside this scale; correct them first.")
                % {"n": outside.count()}
            ]
    if errors:
        raise ValidationError(errors)


def key_in_use(kind: Kind, usage: Usage) -> str:
    users = []
    if usage.instruments:
        users.append(_("the instrument %(list)s") % {"list": ", ".join(usage.instruments)})
    if usage.figures:
        users.append(_("%(n)d recorded figures") % {"n": usage.figures})
    if len(users) == 2:
        users = [_("%(one)s and %(other)s") % {"one": users[0], "other": users[1]}]
    return _("The key %(key)s is in use by %(users)s, which name the kind by this key and would lose it.") % {
        "key": kind.key,
        "users": users[0],
    }


@transaction.atomic
def save_kind(
    *, instansi: Instansi, kind: Kind | None, values: KindValues, shared: bool = False, by: User
) -> Kind:
    """Add a kind (the instansi's own, or shared by every instansi when a system administrator says so), or
    change one; a key in use by an instrument or by recorded figures stays as it is."""
    if kind is None:
        require(by, "figures.manage_kinds", instansi)
        if shared:
            require(by, "figures.add_shared_kind")
    else:
        require(by, "figures.change_kind", kind)
        kind = Kind.objects.select_for_update().get(pk=kind.pk)
    _check_kind(kind, values)
    if kind is None:
        last = Kind.objects.order_by("-order").values_list("order", flat=True).first() or 0
        kind = Kind(owner=None if shared else instansi, order=last + 1)
    for field in ("key", "name", "scale_min", "scale_max", "places", "higher_is_better"):
        setattr(kind, field, getattr(values, field))
    for field in ("issuer", "source_document", "basis"):
        setattr(kind, field, getattr(values, field).strip())
    kind.name = kind.name.strip()
    kind._history_user = by
    kind.save()
    return kind


@transaction.atomic
def delete_kind(*, kind: Kind, by: User) -> None:
    """Remove a kind nothing names yet (a mistake just made); one in use stays."""
    require(by, "figures.change_kind", kind)
    kind = Kind.objects.select_for_update().get(pk=kind.pk)
    usage = usage_of(kind)
    if usage.in_use:
        raise ValidationError(
            _("%(kind)s cannot be deleted: %(why)s") % {"kind": kind.name, "why": key_in_use(kind, usage)}
        )
    kind._history_user = by
    kind.delete()
