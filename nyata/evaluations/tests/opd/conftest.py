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


def _area_instrument_yaml() -> str:
    """Two roots; area A.1 holds twelve indicators (two pages), A.2 one; root B has an indicator of its own
    beside its component B.2. Items: a dated SK, an undated photo, and one document asked at two places."""
    lines = [
        "code: uji-area",
        'version: "2026.1"',
        "title: Instrumen uji area",
        "answer_types:",
        "  yt: {kind: choice, options: [{code: Ya, label: Ya, value: 1},",
        "                               {code: Tidak, label: Tidak, value: 0}]}",
        "predicates:",
        "  - {code: BAIK, label: Baik, from: 50}",
        "  - {code: KURANG, label: Kurang, from: 0}",
        "nodes:",
        "  - {code: A, title: RB General, weight: 60, children: [",
        "    {code: A.1, title: Area satu, weight: 40, children: [",
    ]
    evidence = {
        1: "[{code: sk, title: SK Tim, required: true, dated: true}, {code: foto, title: Foto kegiatan}]",
        2: "[{code: sp, title: Dokumen Standar Pelayanan, required: true}]",
        3: "[{code: sp, title: Dokumen Standar Pelayanan, required: true}]",
    }
    for index in range(1, 13):
        extra = f", evidence: {evidence[index]}" if index in evidence else ""
        lines.append(
            f"      {{code: A.1.{index:02d}, title: Indikator satu {index}, weight: 1, answer: yt{extra}}},"
        )
    lines += [
        "    ]},",
        "    {code: A.2, title: Area dua, weight: 20, children: [",
        "      {code: A.2.1, title: Realisasi, weight: 1, allow_na: true, answer: {kind: percent},",
        "       evidence: [{code: lap, title: Laporan kinerja, required: true, dated: true}]},",
        "    ]},",
        "  ]}",
        "  - {code: B, title: RB Tematik, weight: 40, children: [",
        "    {code: B.1, title: Indikator tematik, weight: 1, answer: {kind: percent}},",
        "    {code: B.2, title: Dampak, weight: 1, children: [",
        "      {code: B.2.1, title: Dampak satu, weight: 1, answer: yt}]},",
        "  ]}",
    ]
    return "\n".join(lines) + "\n"


AREA_INSTRUMENT = _area_instrument_yaml()


@pytest.fixture
def area_assessment(city, inspektorat_admin, all_windows_open):
    import hashlib

    from django.utils import timezone

    from nyata.evaluations.actions.periods import open_period
    from nyata.instruments.models import Instrument

    now = timezone.now()
    instrument = Instrument.objects.create(
        code="uji-area",
        version="2026.1",
        title="Instrumen uji area",
        checksum=hashlib.sha256(AREA_INSTRUMENT.encode()).hexdigest(),
        source=AREA_INSTRUMENT,
        status="published",
        loaded_at=now,
        published_at=now,
    )
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi area 2026",
        instrument=instrument,
        units=[city.units["dinkes"]],
        windows=all_windows_open,
        by=inspektorat_admin,
    )
    return period.assessments.get()


@pytest.fixture
def area_urls(area_assessment):
    return Urls(area_assessment)
