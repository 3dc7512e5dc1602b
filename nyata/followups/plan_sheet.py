"""The Excel layout of an action plan, read and written the same way (docs/action-plan-layout.md).

One sheet, a header row, one activity per row, in this order (the header names are matched without regard
to case or spaces, so a sheet exported by Nyata reads back unchanged):

    kegiatan | output | indikator | satuan | target | target_tw1 | target_tw2 | target_tw3 | target_tw4 |
    anggaran | penanggung_jawab | area_atau_indikator | rekomendasi

Numbers may be written 1.250,5 or 1250.5; anggaran is whole Rupiah; rekomendasi lists the numbers of the
unit's follow-up items the activity answers, separated by commas (may be empty). Reading goes through
nyata.core.tabular (size, row, cell and archive limits before the work); every bad row is reported with its
number, column and reason, and nothing is stored unless every row is good."""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from nyata.core import exports
from nyata.core.tabular import Table
from nyata.followups.models import ActionPlan
from nyata.followups.planning import ActivityData, check_activity

COLUMNS = (
    "kegiatan",
    "output",
    "indikator",
    "satuan",
    "target",
    "target_tw1",
    "target_tw2",
    "target_tw3",
    "target_tw4",
    "anggaran",
    "penanggung_jawab",
    "area_atau_indikator",
    "rekomendasi",
)
REQUIRED = ("kegiatan", "output", "indikator", "target", "penanggung_jawab")
FIELD_COLUMN = {
    "name": "kegiatan",
    "output": "output",
    "indicator": "indikator",
    "responsible": "penanggung_jawab",
    "target": "target",
    "answers": "rekomendasi",
}


@dataclass(frozen=True)
class Problem:
    row: int
    column: str
    message: str


def _number(text: str) -> Decimal:
    cleaned = text.strip().replace(" ", "")
    if "," in cleaned:  # Indonesian: 1.250,5
        cleaned = cleaned.replace(".", "").replace(",", ".")
    value = Decimal(cleaned or "0")
    if not value.is_finite() or abs(value) >= Decimal("1e12"):
        raise InvalidOperation
    return value


def parse(plan: ActionPlan, table: Table) -> tuple[list[ActivityData], list[Problem]]:
    """The activities of the sheet, and every problem found (the activities count only if there is none)."""
    missing = [name for name in REQUIRED if name not in table.header]
    if missing:
        return [], [Problem(1, ", ".join(missing), _("These columns are missing from the header row."))]
    rows, problems = [], []
    for row in table.rows:
        values = row.values
        if not any(values.get(name, "") for name in COLUMNS):
            continue  # a blank row
        numbers = {}
        for name in ("target", "target_tw1", "target_tw2", "target_tw3", "target_tw4", "anggaran"):
            try:
                numbers[name] = _number(values.get(name, ""))
            except (InvalidOperation, ValueError):
                problems.append(Problem(row.number, name, _("Write a number, e.g. 1.250,5.")))
        answers: list[int] = []
        for part in values.get("rekomendasi", "").replace(";", ",").split(","):
            if part.strip():
                if part.strip().isdigit():
                    answers.append(int(part.strip()))
                else:
                    problems.append(
                        Problem(
                            row.number,
                            "rekomendasi",
                            _("Write the numbers of the recommendations, separated by commas."),
                        )
                    )
        if len(numbers) < 6:
            continue
        data = ActivityData(
            name=values.get("kegiatan", ""),
            output=values.get("output", ""),
            indicator=values.get("indikator", ""),
            target=numbers["target"],
            targets=(
                numbers["target_tw1"],
                numbers["target_tw2"],
                numbers["target_tw3"],
                numbers["target_tw4"],
            ),
            budget=numbers["anggaran"].quantize(Decimal("1")),
            responsible=values.get("penanggung_jawab", ""),
            node=values.get("area_atau_indikator", "")[:40],
            unit_of_measure=values.get("satuan", "")[:40],
            answers=tuple(answers),
        )
        found = check_activity(plan, data)
        problems += [Problem(row.number, FIELD_COLUMN.get(field, field), message) for field, message in found]
        if not found:
            rows.append(data)
    if not rows and not problems:
        problems.append(Problem(2, "kegiatan", _("The file holds no activity.")))
    return rows, problems


def _plain(number: Decimal) -> object:
    return int(number) if number == number.to_integral_value() else float(number)


def workbook(plan: ActionPlan) -> bytes:
    activities = plan.activities.prefetch_related("answers")
    rows = [
        [
            a.name,
            a.output,
            a.indicator,
            a.unit_of_measure,
            _plain(a.target),
            _plain(a.target_q1),
            _plain(a.target_q2),
            _plain(a.target_q3),
            _plain(a.target_q4),
            _plain(a.budget),
            a.responsible,
            a.node,
            ", ".join(str(i.pk) for i in a.answers.all()),
        ]
        for a in activities
    ]
    return exports.xlsx_bytes([("Rencana aksi", list(COLUMNS), rows)])
