"""The counted responses of a unit as CSV or XLSX: one row per response, every flag as a column of its own.

The column names are those of the paper import, so an exported file can be read back by it. Every cell
goes through nyata.core.exports: citizens' free text (and service names) that would start a formula is
written inert, and the CSV is written for an Indonesian Excel (BOM, `;`).
"""

from collections.abc import Iterator

from django.db.models import QuerySet
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


# Read as tuples, not model instances: building 65,000 instances of 30 fields cost seconds of an export.
FIELDS = [
    "pk",
    "service__name",
    "submitted_at",
    "day",
    "channel",
    "sex",
    "age",
    "education",
    "occupation",
    *ANSWER_FIELDS,
    "suggestion",
    "suspicious",
    "flags",
]


def rows(responses: QuerySet[Response]) -> Iterator[list]:
    for (
        pk,
        service,
        submitted_at,
        day,
        channel,
        sex,
        age,
        education,
        occupation,
        *rest,
    ) in responses.values_list(*FIELDS).iterator(chunk_size=2000):
        *answers, suggestion, suspicious, flags = rest
        yield [
            pk,
            service,
            timezone.localtime(submitted_at).strftime("%Y-%m-%d %H:%M"),
            day.isoformat(),
            channel,
            sex,
            age if age is not None else "",
            education,
            occupation,
            *[a if a is not None else "" for a in answers],
            suggestion,
            1 if suspicious else 0,
            *[1 if flag in flags else 0 for flag in Flag.values],
        ]


def csv_chunks(responses: QuerySet[Response]) -> Iterator[bytes]:
    return exports.csv_chunks(HEADER, rows(responses))


def xlsx_chunks(responses: QuerySet[Response]) -> Iterator[bytes]:
    return exports.xlsx_chunks([("SKM", HEADER, rows(responses))])
