"""The LHE of one unit, as PDF and as Word: every figure of the stored result, written the Indonesian way."""

import io

from nyata.evaluations.models import Result
from nyata.reports.documents.pdf import lhe_pdf
from nyata.reports.queries.lhe import lhe_of


def pdf_text(data: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_probe(published, assessment):
    assessment.refresh_from_db()
    lhe = lhe_of(assessment)
    text = pdf_text(lhe_pdf(lhe))
    print(text)
    stored = Result.objects.get(assessment=assessment)
    print(stored.total, lhe.previous)
    assert False
