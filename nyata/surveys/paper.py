"""Paper survey forms typed into a spreadsheet: the columns, and the check of every row before storing any.

Columns (Indonesian, or the English aliases; order free; header names are compared case-insensitively):
`tanggal` (the day the form was filled: 2026-03-14, 14/03/2026 or a date cell), `jenis_kelamin` (L/P),
`usia`, `pendidikan`, `pekerjaan` (the codes or the Indonesian labels of the questionnaire), `u1`..`u9`
(1..4; empty = not answered, as the contract says for paper forms), `saran` (optional). The profile cells
may be left empty when the paper form left them empty.
"""

from dataclasses import dataclass
from datetime import date, datetime

from django.utils import translation
from django.utils.translation import gettext as _

from nyata.core.tabular import Table
from nyata.surveys.questionnaire import AGE_MAX, AGE_MIN, ANSWER_FIELDS, Education, Occupation, Sex

COLUMNS = ("tanggal", "jenis_kelamin", "usia", "pendidikan", "pekerjaan", *ANSWER_FIELDS, "saran")
ALIASES = {
    "date": "tanggal",
    "sex": "jenis_kelamin",
    "age": "usia",
    "umur": "usia",
    "education": "pendidikan",
    "occupation": "pekerjaan",
    "suggestion": "saran",
    "pengaduan": "saran",
}
REQUIRED = ("tanggal", *ANSWER_FIELDS)
TEMPLATE_EXAMPLE = (
    "2026-03-14",
    "P",
    "34",
    "sma",
    "wirausaha",
    "4",
    "3",
    "3",
    "4",
    "3",
    "3",
    "4",
    "3",
    "2",
    "",
)
SUGGESTION_MAX = 2000


@dataclass(frozen=True)
class RowProblem:
    row: int | None  # the spreadsheet row (header = 1); None for a problem of the whole file
    column: str
    message: str


@dataclass(frozen=True)
class PaperRow:
    row: int
    day: date
    answers: tuple[int | None, ...]
    sex: str
    age: int | None
    education: str
    occupation: str
    suggestion: str


def _choice_lookup(choices: type) -> dict[str, str]:
    """Codes and labels (English and Indonesian) of a questionnaire choice, lower-cased, to the code."""
    lookup = {}
    for code, label in choices.choices:
        lookup[code.lower()] = code
        for language in ("en", "id"):
            with translation.override(language):
                lookup[str(label).lower()] = code
    return lookup


SEX_WORDS = {"l": "L", "p": "P", "laki-laki": "L", "perempuan": "P"}


def _date(text: str) -> date | None:
    text = text.strip()
    for pattern in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    return None


def check_table(table: Table, *, today: date) -> tuple[list[PaperRow], list[RowProblem]]:
    """Every row checked; the problems name row, column and why. Rows are returned only when all are good."""
    columns = {ALIASES.get(name, name): name for name in table.header}
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        return [], [
            RowProblem(
                None,
                name,
                _("This column is missing; the file needs %(names)s.") % {"names": ", ".join(REQUIRED)},
            )
            for name in missing
        ]
    if not table.rows:
        return [], [RowProblem(None, "", _("The file has no rows under the header."))]
    sex_words = SEX_WORDS | _choice_lookup(Sex)
    education_words = _choice_lookup(Education)
    occupation_words = _choice_lookup(Occupation)
    rows, problems = [], []
    for row in table.rows:

        def cell(name: str, row=row) -> str:
            return row.values.get(columns[name], "").strip() if name in columns else ""

        found: list[RowProblem] = []
        day = _date(cell("tanggal"))
        if day is None:
            found.append(RowProblem(row.number, "tanggal", _("Write the date as 2026-03-14 or 14/03/2026.")))
        elif day > today:
            found.append(RowProblem(row.number, "tanggal", _("The date is in the future.")))
        answers: list[int | None] = []
        for field in ANSWER_FIELDS:
            text = cell(field)
            if text == "":
                answers.append(None)
            elif text in {"1", "2", "3", "4"}:
                answers.append(int(text))
            else:
                answers.append(None)
                found.append(
                    RowProblem(
                        row.number,
                        field,
                        _("“%(value)s” is not an answer: use 1, 2, 3 or 4.") % {"value": text},
                    )
                )
        if all(a is None for a in answers) and not any(p.column in ANSWER_FIELDS for p in found):
            found.append(RowProblem(row.number, "u1..u9", _("The row answers none of the nine unsur.")))
        sex = cell("jenis_kelamin")
        if sex and sex.lower() not in sex_words:
            found.append(RowProblem(row.number, "jenis_kelamin", _("Use L or P.")))
        age_text = cell("usia")
        age = None
        if age_text:
            if not age_text.isdigit() or not AGE_MIN <= int(age_text) <= AGE_MAX:
                found.append(
                    RowProblem(
                        row.number,
                        "usia",
                        _("Age is a whole number of years from %(min)d to %(max)d.")
                        % {"min": AGE_MIN, "max": AGE_MAX},
                    )
                )
            else:
                age = int(age_text)
        education = cell("pendidikan")
        if education and education.lower() not in education_words:
            found.append(
                RowProblem(
                    row.number,
                    "pendidikan",
                    _("Unknown education; use one of %(codes)s.") % {"codes": ", ".join(Education.values)},
                )
            )
        occupation = cell("pekerjaan")
        if occupation and occupation.lower() not in occupation_words:
            found.append(
                RowProblem(
                    row.number,
                    "pekerjaan",
                    _("Unknown occupation; use one of %(codes)s.") % {"codes": ", ".join(Occupation.values)},
                )
            )
        suggestion = cell("saran")
        if len(suggestion) > SUGGESTION_MAX:
            found.append(
                RowProblem(
                    row.number, "saran", _("Keep it under %(max)d characters.") % {"max": SUGGESTION_MAX}
                )
            )
        if found:
            problems.extend(found)
            continue
        rows.append(
            PaperRow(
                row=row.number,
                day=day,
                answers=tuple(answers),
                sex=sex_words.get(sex.lower(), ""),
                age=age,
                education=education_words.get(education.lower(), ""),
                occupation=occupation_words.get(occupation.lower(), ""),
                suggestion=suggestion,
            )
        )
    return ([] if problems else rows), problems
