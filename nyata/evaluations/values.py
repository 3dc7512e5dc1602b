"""Answer values between forms, the database and the scoring engine.

Stored (JSON): an option code or "na" as a string; {"number": "85.5"} for percent and number kinds;
{"target": "100", "realized": "92"} for target kinds. Numbers stay decimal text so they are exact.

Two steps, in two places: `from_form` reads what a person typed (at the edge: a form or a view), and
`check` holds a stored value against its indicator (in the action, whoever the caller is). `from_form`
ends with `check`, so a form and an action refuse the same values with the same words.
"""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from nyata.core.numbers import figure, percent, typed
from nyata.scoring import NOT_APPLICABLE, AnswerKind, Node

type Stored = str | dict[str, str] | None


def _finite(raw: str, *, label: str) -> Decimal:
    try:
        number = Decimal(raw)
    except (InvalidOperation, TypeError, ValueError):  # TypeError: a caller that broke the type
        raise ValidationError(_("%(label)s must be a number.") % {"label": label}) from None
    if not number.is_finite():
        raise ValidationError(_("%(label)s must be a number.") % {"label": label})
    return number


def _decimal(raw: str, *, label: str) -> Decimal:
    return _finite(raw.strip().replace(",", "."), label=label)  # Indonesian users type a decimal comma


def from_form(node: Node, data: dict[str, str]) -> Stored:
    """The stored value of what a form sent for `node` (keys: value, target, realized); None if blank."""
    return check(node, _read(node, data))


def _read(node: Node, data: dict[str, str]) -> Stored:
    """Text to a stored value, refusing only what is not a value at all; `check` judges the rest."""
    spec = node.answer
    raw = (data.get("value") or "").strip()
    if raw == NOT_APPLICABLE or spec.kind == AnswerKind.CHOICE:
        return raw or None
    if spec.kind == AnswerKind.TARGET:
        target, realized = (data.get("target") or "").strip(), (data.get("realized") or "").strip()
        if not target and not realized:
            return None
        if not target or not realized:
            raise ValidationError(_("Fill both the target and the realisation."))
        return {
            "target": str(_decimal(target, label=_("Target"))),
            "realized": str(_decimal(realized, label=_("Realisation"))),
        }
    return {"number": str(_decimal(raw, label=_("The answer")))} if raw else None


def number(node: Node, amount: Decimal) -> Stored:
    """The stored value of a figure computed elsewhere (the survey's IKM), checked like a typed one."""
    return check(node, {"number": str(amount)})


def check(node: Node, value: Stored) -> Stored:
    """`value` in its stored form if `node` accepts it; ValidationError otherwise. None is a blank answer.

    Actions call this on every value they write: the instrument's rules (the options, a percentage's
    0..100, a number's range, not applicable only where allowed) hold whoever parsed the value."""
    if value is None:
        return None
    if value == NOT_APPLICABLE:
        if not node.allow_na:
            raise ValidationError(_("This indicator cannot be marked not applicable."))
        return NOT_APPLICABLE
    spec = node.answer
    if spec.kind == AnswerKind.CHOICE:
        if not isinstance(value, str) or value not in {option.code for option in spec.options}:
            raise ValidationError(_("Choose one of the options."))
        return value
    if spec.kind == AnswerKind.TARGET:
        if not isinstance(value, dict) or set(value) != {"target", "realized"}:
            raise ValidationError(_("Fill both the target and the realisation."))
        return {
            "target": str(_finite(value["target"], label=_("Target"))),
            "realized": str(_finite(value["realized"], label=_("Realisation"))),
        }
    if not isinstance(value, dict) or set(value) != {"number"}:
        raise ValidationError(_("%(label)s must be a number.") % {"label": _("The answer")})
    amount = _finite(value["number"], label=_("The answer"))
    if spec.kind == AnswerKind.PERCENT and not Decimal(0) <= amount <= Decimal(100):
        raise ValidationError(_("A percentage lies between 0 and 100."))
    bounded = spec.kind == AnswerKind.NUMBER and spec.min is not None and spec.max is not None
    if bounded and not spec.min <= amount <= spec.max:
        raise ValidationError(
            _("The answer must lie between %(min)s and %(max)s.")
            % {"min": figure(spec.min), "max": figure(spec.max)}
        )
    return {"number": str(amount)}


def to_engine(stored: Stored) -> object:
    """What the scoring engine takes for a stored value."""
    if isinstance(stored, dict):
        if "number" in stored:
            return Decimal(stored["number"])
        return {"target": Decimal(stored["target"]), "realized": Decimal(stored["realized"])}
    return stored


def engine_answers(values: dict[str, Stored]) -> dict[str, object]:
    return {code: to_engine(value) for code, value in values.items() if value is not None}


def display(node: Node, stored: Stored) -> str:
    """A short human text of a stored value, for tables, timelines and reports."""
    if stored is None:
        return "—"
    if stored == NOT_APPLICABLE:
        return _("Not applicable")
    if isinstance(stored, str):
        labels = {option.code: option.label for option in node.answer.options} if node.answer else {}
        return f"{stored} · {labels[stored]}" if stored in labels and labels[stored] != stored else stored
    if "number" in stored:
        is_percent = node.answer and node.answer.kind == AnswerKind.PERCENT
        return percent(stored["number"]) if is_percent else figure(stored["number"])
    return _("%(realized)s of target %(target)s") % {
        "realized": figure(stored["realized"]),
        "target": figure(stored["target"]),
    }


def form_fields(stored: Stored) -> dict[str, str]:
    """The form inputs that show a stored value again, figures with the language's decimal mark (85,5 in
    Bahasa Indonesia), which `from_form` reads back."""
    if stored is None:
        return {}
    if isinstance(stored, str):
        return {"value": stored}
    if "number" in stored:
        return {"value": typed(stored["number"])}
    return {"target": typed(stored["target"]), "realized": typed(stored["realized"])}
