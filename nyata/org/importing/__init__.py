"""Bulk import of units and of people with their roles, from CSV or XLSX.

All or nothing: every row is checked first and every problem reported with its row and column; if any
row is bad, nothing is written. Existing records (matched by unit code or username) are updated, and
roles are added, never removed, so that re-importing the same file changes nothing.
"""

from django.utils.translation import gettext_lazy

from nyata.org.importing.people import import_people
from nyata.org.importing.rows import PERSON_COLUMNS, UNIT_COLUMNS, ImportResult, RowError
from nyata.org.importing.units import import_units

__all__ = [
    "IMPORT_KIND_LABELS",
    "TEMPLATE_EXAMPLES",
    "TEMPLATE_HEADERS",
    "ImportResult",
    "RowError",
    "import_people",
    "import_units",
]

TEMPLATE_HEADERS = {
    "units": list(UNIT_COLUMNS),
    "people": list(PERSON_COLUMNS),
}
TEMPLATE_EXAMPLES = {
    "units": [["dinas-kesehatan", "Dinas Kesehatan", "Dinkes", "opd", "", "", "", "ya"]],
    "people": [
        [
            "budi.santoso",
            "Budi Santoso",
            "budi@kendari.example",
            "",
            "081234567890",
            "opd_operator",
            "dinas-kesehatan",
            "ya",
        ]
    ],
}
IMPORT_KIND_LABELS = {"units": gettext_lazy("Units"), "people": gettext_lazy("People and their roles")}
