"""Problems found in an instrument file or an answers file, and the errors that carry them.

The contract (docs/instrument-format.md, "Validation") asks for *every* problem at once, each with its
place in the file, so readers collect `Problem`s instead of raising on the first one.
"""

from __future__ import annotations

from dataclasses import dataclass

type PathPart = str | int
type Path = tuple[PathPart, ...]


def format_path(path: Path) -> str:
    """Render a YAML path the way an author reads it: `nodes[0].children[2].weight`."""
    text = ""
    for part in path:
        if isinstance(part, int):
            text += f"[{part}]"
        else:
            text += f".{part}" if text else part
    return text or "(top level)"


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a file: where (YAML path, node code when known, line) and what."""

    path: str
    message: str
    code: str | None = None
    line: int | None = None

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
