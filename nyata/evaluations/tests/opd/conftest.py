"""Helpers of the OPD page tests: uploads into a per-test folder, URLs of one assessment."""

from datetime import date

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.actions.evidence import attach_evidence
from nyata.evaluations.models import Answer


@pytest.fixture(autouse=True)
def evidence_storage(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }
    return tmp_path / "media"


class Urls:
    def __init__(self, assessment):
        self.assessment = assessment
        self.args = [assessment.period.instansi.code, assessment.period_id, assessment.pk]

    @property
    def worksheet(self) -> str:
        return reverse("evaluations:worksheet", args=self.args)

    def save(self, code: str) -> str:
        return reverse("evaluations:answer-save", args=[*self.args, code])

    def upload(self, code: str) -> str:
        return reverse("evaluations:evidence-upload", args=[*self.args, code])

    @property
    def withdraw(self) -> str:
        return reverse("evaluations:evidence-withdraw", args=self.args)

    def download(self, evidence_pk: int) -> str:
        return reverse("evaluations:evidence-download", args=[self.args[0], evidence_pk])

    @property
    def submit(self) -> str:
        return reverse("evaluations:submit", args=self.args)

    @property
    def decision(self) -> str:
        return reverse("evaluations:head-decision", args=self.args)


@pytest.fixture
def urls(assessment):
    return Urls(assessment)


def pdf_upload(name: str = "renaksi.pdf", text: str = "Dokumen uji") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, pdf_bytes(text), content_type="application/pdf")


def attach_pdf(assessment, by, indicator="I.1", item="dok-renaksi", text="Dokumen uji"):
    return attach_evidence(
        assessment=assessment,
        indicator=indicator,
        item=item,
        upload=pdf_upload(text=text),
        effective_date=date(2026, 2, 1),
        by=by,
    ).evidence


def revision_of(assessment, code: str) -> int:
    answer = Answer.objects.filter(assessment=assessment, indicator=code).first()
    return answer.revision if answer else 0
