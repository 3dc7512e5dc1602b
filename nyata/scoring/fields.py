"""Typed readers for one field of a parsed document that record a problem instead of raising.

Every reader returns None when the field is wrong, so the parser can keep going and report every
problem of the file in one run (contract: "prints every problem").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from decimal import Decimal

from nyata.scoring.problems import Param, Path, Phrase, Problem, format_path, gettext_noop
from nyata.scoring.yaml_source import line_of


def describe(value: object) -> str | Phrase:
    """A short description of a wrong value for a message (a Phrase where it is words, not the value)."""
    if value is None:
        return Phrase(gettext_noop("nothing"))
    if isinstance(value, bool):
        return Phrase(gettext_noop("%(value)s (a yes/no value)"), {"value": str(value).lower()})
    if isinstance(value, dict):
        return Phrase(gettext_noop("a mapping"))
    if isinstance(value, list):
        return Phrase(gettext_noop("a list"))
    if isinstance(value, str):
        return repr(value)
    return str(value)


NOT_FINITE = gettext_noop("must be a finite number, got %(value)s")
A_MAPPING = Phrase(gettext_noop("a mapping"))


class Reader:
    """Collects problems while reading one document."""

    def __init__(self, *, lines: dict[Path, int] | None = None) -> None:
        self.lines = lines or {}
        self.problems: list[Problem] = []

    def problem(
        self, *, path: Path, template: str, params: Mapping[str, Param] | None = None, code: str | None = None
    ) -> None:
        """Record a problem; `template` is marked with gettext_noop and filled with `params`."""
        self.problems.append(
            Problem(
                path=format_path(path),
                template=template,
                params=params or {},
                code=code,
                line=line_of(lines=self.lines, path=path),
            )
        )

    def mapping(
        self,
        value: object,
        *,
        path: Path,
        allowed: Iterable[str],
        required: Iterable[str] = (),
        code: str | None = None,
        what: Phrase = A_MAPPING,
    ) -> Mapping[str, object] | None:
        """Check that `value` is a mapping with only `allowed` keys and every `required` key."""
        if not isinstance(value, dict):
            self.problem(
                path=path,
                code=code,
                template=gettext_noop("must be %(what)s, got %(value)s"),
                params={"what": what, "value": describe(value)},
            )
            return None
        allowed_keys = set(allowed)
        for key in value:
            if key not in allowed_keys:
                self.problem(
                    path=(*path, key),
                    code=code,
                    template=gettext_noop("unknown key %(key)s; allowed here: %(allowed)s"),
                    params={"key": repr(key), "allowed": ", ".join(sorted(allowed_keys))},
                )
        for key in required:
            if key not in value:
                self.problem(
                    path=path,
                    code=code,
                    template=gettext_noop("missing required key %(key)s"),
                    params={"key": repr(key)},
                )
        return value

    def text(
        self, value: object, *, path: Path, code: str | None = None, allow_empty: bool = False
    ) -> str | None:
        if not isinstance(value, str):
            self.problem(
                path=path,
                code=code,
                template=gettext_noop("must be text, got %(value)s; quote it"),
                params={"value": describe(value)},
            )
            return None
        if not allow_empty and not value.strip():
            self.problem(path=path, code=code, template=gettext_noop("must not be empty"))
            return None
        return value

    def number(self, value: object, *, path: Path, code: str | None = None) -> Decimal | None:
        """A finite number as an exact Decimal; yes/no values and quoted numbers are not numbers."""
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            self.problem(
                path=path,
                code=code,
                template=gettext_noop("must be a number, got %(value)s"),
                params={"value": describe(value)},
            )
            return None
        if isinstance(value, float):
            if not math.isfinite(value):
                self.problem(path=path, code=code, template=NOT_FINITE, params={"value": str(value)})
                return None
            return Decimal(repr(value))
        if isinstance(value, Decimal) and not value.is_finite():
            self.problem(path=path, code=code, template=NOT_FINITE, params={"value": str(value)})
            return None
        return Decimal(value)

    def fraction(self, value: object, *, path: Path, code: str | None = None) -> Decimal | None:
        """A number within 0..1 (an option value or an award's per-node minimum)."""
        number = self.number(value, path=path, code=code)
        if number is not None and not Decimal(0) <= number <= Decimal(1):
            self.problem(
                path=path,
                code=code,
                template=gettext_noop("must be within 0..1, got %(value)s"),
                params={"value": str(number)},
            )
            return None
        return number

    def boolean(self, value: object, *, path: Path, code: str | None = None) -> bool | None:
        if not isinstance(value, bool):
            self.problem(
                path=path,
                code=code,
                template=gettext_noop("must be true or false, got %(value)s"),
                params={"value": describe(value)},
            )
            return None
        return value

    def text_list(self, value: object, *, path: Path, code: str | None = None) -> tuple[str, ...]:
        if not isinstance(value, list):
            self.problem(
                path=path,
                code=code,
                template=gettext_noop("must be a list of text, got %(value)s"),
                params={"value": describe(value)},
            )
            return ()
        items = [self.text(item, path=(*path, index), code=code) for index, item in enumerate(value)]
        return tuple(item for item in items if item is not None)

    def items(self, value: object, *, path: Path, code: str | None = None) -> list[object]:
        """A YAML sequence; anything else is reported and read as empty."""
        if not isinstance(value, list):
            self.problem(
                path=path,
                code=code,
                template=gettext_noop("must be a list, got %(value)s"),
                params={"value": describe(value)},
            )
            return []
        return value
