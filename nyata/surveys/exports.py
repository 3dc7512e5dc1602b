"""The counted responses of a unit as CSV or XLSX: one row per response, every flag as a column of its own.

The column names are those of the paper import, so an exported file can be read back by it.
"""

import csv
import io
from collections.abc import Iterable

from django.utils import timezone

from nyata.surveys.models import Flag, Response
from nyata.surveys.questionnaire import ANSWER_FIELDS

HEADER = [
    "id",
    "layanan",
    "dikirim",
    "tanggal",
    "saluran",
    "jenis_kelamin",
    "usia",
    "pendidikan",
    "pekerjaan",
    *ANSWER_FIELDS,
    "saran",
    "ditandai",
    *[f"tanda_{flag}" for flag in Flag.values],
]
# A cell starting with one of these is run as a formula by spreadsheet programs (CSV/formula injection):
# citizens' free text is written with a leading apostrophe instead.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _text(value: str) -> str:
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def rows(responses: Iterable[Response]) -> Iterable[list]:
    for r in responses:
        yield [
            r.pk,
            r.service.name,
            timezone.localtime(r.submitted_at).strftime("%Y-%m-%d %H:%M"),
            r.day.isoformat(),
            r.channel,
            r.sex,
            r.age if r.age is not None else "",
            r.education,
            r.occupation,
            *[a if a is not None else "" for a in r.answers],
            _text(r.suggestion),
            1 if r.suspicious else 0,
            *[1 if flag in r.flags else 0 for flag in Flag.values],
        ]


def to_csv(responses: Iterable[Response]) -> bytes:
    """UTF-8 with a byte-order mark, so that spreadsheet programs read the Indonesian text correctly."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    writer.writerows(rows(responses))
    return buffer.getvalue().encode("utf-8-sig")


def to_xlsx(responses: Iterable[Response]) -> bytes:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("SKM")
    sheet.append(HEADER)
    for row in rows(responses):
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
