"""The audit trail of a record, field by field, read from django-simple-history's tables."""

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from django.db import models
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.core.numbers import figure

ACTIONS = {"+": gettext_lazy("created"), "~": gettext_lazy("changed"), "-": gettext_lazy("deleted")}


@dataclass(frozen=True)
class Change:
    field: str
    old: str
    new: str


@dataclass(frozen=True)
class Entry:
    when: datetime
    who: str
    action: str
    reason: str
    changes: list[Change] = field(default_factory=list)
    subject: str = ""  # which record, when one list holds the history of several


def _display(model: type[models.Model], name: str, value) -> str:
    try:
        model_field = model._meta.get_field(name)
    except Exception:
        return "" if value is None else str(value)
    if isinstance(value, list):  # many-to-many: a list of through-rows as dicts
        target = model_field.related_model
        ids = [row.get(model_field.m2m_reverse_field_name()) for row in value]
        return ", ".join(str(obj) for obj in target._base_manager.filter(pk__in=ids))
    if model_field.is_relation and value is not None:
        related = model_field.related_model._base_manager.filter(pk=value).first()
        return str(related) if related else f"#{value}"
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return formats.date_format(timezone.localtime(value), "j M Y H:i")
    if isinstance(value, date):
        return formats.date_format(value, "j M Y")
    if isinstance(value, Decimal | float):
        return figure(value)
    return "" if value is None else str(value)


def _label(model: type[models.Model], name: str) -> str:
    try:
        return str(model._meta.get_field(name).verbose_name)
    except Exception:
        return name


def history_entries(obj: models.Model) -> list[Entry]:
    """Newest first: who did what, when, and each field's value before and after."""
    return history_of_records(type(obj), obj.history.all())


def history_of_records(model: type[models.Model], records, *, with_subject: bool = False) -> list[Entry]:
    """Entries for history rows of possibly several records of `model` (e.g. a person's role assignments);
    each row is compared with the previous row of the same record."""
    rows = list(records.select_related("history_user").order_by("-history_date", "-history_id"))
    older_of: dict[int, object] = {}
    pending: dict[object, object] = {}
    for row in reversed(rows):  # oldest first, so the last seen row of a record is the one before
        older_of[row.history_id] = pending.get(row.id)
        pending[row.id] = row
    return [
        _entry(model, row, older_of[row.history_id], subject=str(row.instance) if with_subject else "")
        for row in rows
    ]


def _created_changes(model: type[models.Model], record) -> list[Change]:
    hidden = {"id", "password", "last_login"}
    names = [f.name for f in model._meta.concrete_fields if f.name in {x.name for x in record._meta.fields}]
    return [
        Change(_label(model, n), "", _display(model, n, getattr(record, f"{n}_id", getattr(record, n, None))))
        for n in names
        if n not in hidden
    ]


def _entry(model: type[models.Model], record, older, *, subject: str) -> Entry:
    changes: list[Change] = []
    if older is not None and record.history_type == "~":
        delta = record.diff_against(older)
        changes = [
            Change(_label(model, c.field), _display(model, c.field, c.old), _display(model, c.field, c.new))
            for c in delta.changes
        ]
    elif record.history_type == "+":
        changes = _created_changes(model, record)
    return Entry(
        when=record.history_date,
        who=str(record.history_user) if record.history_user else "",
        action=str(ACTIONS.get(record.history_type, record.history_type)),
        reason=record.history_change_reason or "",
        changes=changes,
        subject=subject,
    )
