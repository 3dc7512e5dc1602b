"""Problems found in an instrument file or an answers file, and the errors that carry them.

The contract (docs/instrument-format.md, "Validation") asks for *every* problem at once, each with its
place in the file, so readers collect `Problem`s instead of raising on the first one.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal

type PathPart = str | int
type Path = tuple[PathPart, ...]


def gettext_noop(text: str) -> str:
    """Mark an English message template for translation without translating it.

    The engine may not import Django, yet its messages reach users of a product whose first language is
    Bahasa Indonesia. So every message is a template with named `%(name)s` parameters wrapped in this
    no-op: Django's makemessages (xgettext knows the keyword `gettext_noop`) extracts the templates into
    nyata/scoring/locale, and the product translates them when it shows them
    (nyata.instruments.messages.localised). The English `message` is the template filled in as is.
    """
    return text


# The places that are not a YAML path; marked too, so the product can show them translated.
WHOLE_FILE = gettext_noop("(file)")
TOP_LEVEL = gettext_noop("(top level)")

type Param = str | int | Decimal | Phrase
type Params = tuple[tuple[str, Param], ...]


def frozen_params(params: Mapping[str, Param] | Params) -> Params:
    """Parameters as a tuple of (name, value) pairs, so problems stay hashable like any frozen value."""
    return tuple(params.items()) if isinstance(params, Mapping) else tuple(params)


def render(template: str, params: Params, *, translate: Callable[[str], str] = gettext_noop) -> str:
    """Fill `template` with `params`; `translate` (Django's gettext in the product) translates the
    template and every `Phrase` parameter first. The default renders the English text."""
    values = {
        name: render(value.template, value.params, translate=translate)
        if isinstance(value, Phrase)
        else value
        for name, value in params
    }
    return (translate(template) if template else template) % values


@dataclass(frozen=True, slots=True)
class Phrase:
    """A translatable piece of a message given as a parameter, such as "a mapping" or "nothing"."""

    template: str
    params: Params = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", frozen_params(self.params))

    def __str__(self) -> str:
        return render(self.template, self.params)


def format_path(path: Path) -> str:
    """Render a YAML path the way an author reads it: `nodes[0].children[2].weight`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or TOP_LEVEL


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where (YAML path, node code when known, line) and what.

    What is a message template (marked with `gettext_noop`) and its parameters, given as a mapping and
    kept as (name, value) pairs; `message` is the English text.
    """

    path: str
    template: str
    params: Params = ()
    code: str | None = None
    line: int | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "params", frozen_params(self.params))

    @property
    def message(self) -> str:
        return render(self.template, self.params)

    def __str__(self) -> str:
        where = [f"node {self.code}"] if self.code else []
        if self.line is not None:
            where.append(f"line {self.line}")
        suffix = f" ({', '.join(where)})" if where else ""
        return f"{self.path}{suffix}: {self.message}"


class _ProblemsError(ValueError):
    """Base for errors that carry a list of problems; str() prints one problem per line."""

    headline = "problems found"

    def __init__(self, problems: list[Problem] | tuple[Problem, ...]) -> None:
        self.problems: tuple[Problem, ...] = tuple(problems)
        super().__init__(self.headline + ":\n" + "\n".join(f"  {problem}" for problem in self.problems))


class InstrumentError(_ProblemsError):
    """The instrument file is not valid; nothing may be loaded from it (contract: all-or-nothing)."""

    headline = "the instrument file is not valid"


class AnswersError(_ProblemsError):
    """The answers do not fit the instrument: unknown codes or answers an indicator does not accept."""

    headline = "the answers do not fit the instrument"
