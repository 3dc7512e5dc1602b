"""Reading answer definitions (inline under a node, or named under `answer_types`)."""

from __future__ import annotations

from nyata.scoring.fields import Reader, describe
from nyata.scoring.model import NOT_APPLICABLE, AnswerKind, AnswerSpec, Option
from nyata.scoring.problems import Path, gettext_noop

# The keys each kind accepts (contract, "Answer kinds"); any other key is an unknown key.
ANSWER_KEYS: dict[AnswerKind, tuple[str, ...]] = {
    AnswerKind.CHOICE: ("kind", "options"),
    AnswerKind.PERCENT: ("kind",),
    AnswerKind.NUMBER: ("kind", "min", "max", "higher_is_better"),
    AnswerKind.TARGET: ("kind", "higher_is_better"),
}
REQUIRED_KEYS: dict[AnswerKind, tuple[str, ...]] = {
    AnswerKind.CHOICE: ("kind", "options"),
    AnswerKind.PERCENT: ("kind",),
    AnswerKind.NUMBER: ("kind", "min", "max"),
    AnswerKind.TARGET: ("kind",),
}
OPTION_KEYS = ("code", "label", "value")


def read_answer_spec(
    reader: Reader, value: object, *, path: Path, code: str | None = None, name: str | None = None
) -> AnswerSpec | None:
    """An answer definition, or None after recording what is wrong with it."""
    if not isinstance(value, dict):
        reader.problem(
            path=path,
            code=code,
            template=gettext_noop("an answer definition must be a mapping, got %(value)s"),
            params={"value": describe(value)},
        )
        return None
    raw_kind = value.get("kind")
    try:
        kind = AnswerKind(raw_kind)
    except ValueError:
        kinds = ", ".join(kind.value for kind in AnswerKind)
        reader.problem(
            path=(*path, "kind"),
            code=code,
            template=gettext_noop("unknown answer kind %(value)s; one of %(kinds)s"),
            params={"value": describe(raw_kind), "kinds": kinds},
        )
        return None
    reader.mapping(value, path=path, code=code, allowed=ANSWER_KEYS[kind], required=REQUIRED_KEYS[kind])
    higher_is_better = True
    if "higher_is_better" in value and kind in (AnswerKind.NUMBER, AnswerKind.TARGET):
        flag = reader.boolean(value["higher_is_better"], path=(*path, "higher_is_better"), code=code)
        higher_is_better = True if flag is None else flag
    if kind is AnswerKind.CHOICE:
        options = _read_options(reader, value.get("options", []), path=(*path, "options"), code=code)
        return AnswerSpec(kind=kind, name=name, options=options)
    if kind is AnswerKind.NUMBER:
        low = reader.number(value["min"], path=(*path, "min"), code=code) if "min" in value else None
        high = reader.number(value["max"], path=(*path, "max"), code=code) if "max" in value else None
        if low is not None and high is not None and low >= high:
            # (value - min) / (max - min) needs a non-empty range.
            reader.problem(
                path=path,
                code=code,
                template=gettext_noop("min must be below max, got min %(min)s and max %(max)s"),
                params={"min": str(low), "max": str(high)},
            )
        return AnswerSpec(kind=kind, name=name, min=low, max=high, higher_is_better=higher_is_better)
    return AnswerSpec(kind=kind, name=name, higher_is_better=higher_is_better)


def _read_options(reader: Reader, value: object, *, path: Path, code: str | None) -> tuple[Option, ...]:
    items = reader.items(value, path=path, code=code)
    if isinstance(value, list) and not items:
        reader.problem(path=path, code=code, template=gettext_noop("a choice needs at least one option"))
    options: list[Option] = []
    seen: dict[str, int] = {}
    for index, item in enumerate(items):
        where = (*path, index)
        mapping = reader.mapping(item, path=where, code=code, allowed=OPTION_KEYS, required=("code", "value"))
        if mapping is None:
            continue
        option_code = _read_option_code(reader, mapping.get("code"), path=(*where, "code"), code=code)
        label = mapping.get("label", option_code)
        if "label" in mapping:
            label = reader.text(mapping["label"], path=(*where, "label"), code=code, allow_empty=True)
        option_value = (
            reader.fraction(mapping["value"], path=(*where, "value"), code=code)
            if "value" in mapping
            else None
        )
        if option_code is None:
            continue
        if option_code in seen:
            reader.problem(
                path=(*where, "code"),
                code=code,
                template=gettext_noop("duplicate option code %(code)s (also %(first)s)"),
                params={"code": repr(option_code), "first": f"{path[-1]}[{seen[option_code]}]"},
            )
            continue
        seen[option_code] = index
        if option_value is not None and isinstance(label, str):
            options.append(Option(code=option_code, label=label, value=option_value))
    return tuple(options)


def _read_option_code(reader: Reader, value: object, *, path: Path, code: str | None) -> str | None:
    # Integer codes (1..4 on IPAK/IPKP scales) are allowed and compared as text; a decimal code is not,
    # because 1.10 and 1.1 would be the same number.
    if isinstance(value, int) and not isinstance(value, bool):
        return str(value)
    text = reader.text(value, path=path, code=code)
    if text == NOT_APPLICABLE:
        reader.problem(
            path=path,
            code=code,
            template=gettext_noop("%(na)s is reserved for 'not applicable'"),
            params={"na": repr(NOT_APPLICABLE)},
        )
        return None
    return text
