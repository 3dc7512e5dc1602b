"""Helpers of the clinic's tests: an uploaded PDF, and a question asked by a person of a unit."""

from django.core.files.uploadedfile import SimpleUploadedFile

from nyata.clinic.actions.desk import ask_question
from nyata.core.tests.files import pdf_bytes


def pdf_upload(name: str = "Surat edaran.pdf", text: str = "Surat edaran") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def ask(
    city, period, person, *, unit="dinkes", indicator="I.2", subject="Cara menghitung realisasi", **extra
):
    return ask_question(
        instansi=city.instansi,
        unit=city.units[unit],
        period=period,
        indicator=indicator,
        subject=subject,
        body=extra.pop("body", "Apakah realisasi dihitung per kegiatan atau per anggaran?"),
        uploads=extra.pop("uploads", []),
        by=person,
    )
