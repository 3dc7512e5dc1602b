"""The counted responses of a unit as CSV or XLSX: one row per response, every flag as a column of its own.

The column names are those of the paper import, so an exported file can be read back by it. Every cell
goes through nyata.core.exports: citizens' free text (and service names) that would start a formula is
written inert, and the CSV is written for an Indonesian Excel (BOM, `;`).
"""

from collections.abc import Iterable

from django.utils import timezone

from nyata.core import exports
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
            r.suggestion,
            1 if r.suspicious else 0,
            *[1 if flag in r.flags else 0 for flag in Flag.values],
        ]


def to_csv(responses: Iterable[Response]) -> bytes:
    return exports.csv_bytes(HEADER, rows(responses))


def to_xlsx(responses: Iterable[Response]) -> bytes:
    return exports.xlsx_bytes([("SKM", HEADER, rows(responses))])
