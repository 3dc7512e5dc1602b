"""The scoring engine's messages in the user's language.

The engine (nyata.scoring) may not import Django, so it gives every problem an English template marked
with its own no-op gettext_noop and the parameters apart; the templates are translated in
nyata/scoring/locale. This is the one place where they are translated and filled in for a page.
"""

from django.utils.translation import gettext

from nyata.scoring.answers import Rejected
from nyata.scoring.problems import TOP_LEVEL, WHOLE_FILE, Phrase, Problem, render


def localised(problem: Problem | Rejected | Phrase) -> str:
    """The message of an engine problem (or rejected answer) in the active language."""
    return render(problem.template, problem.params, translate=gettext)


def localised_place(problem: Problem) -> str:
    """Where a problem is: a YAML path as written in the file, or the file or its top level, translated."""
    return gettext(problem.path) if problem.path in (WHOLE_FILE, TOP_LEVEL) else problem.path
