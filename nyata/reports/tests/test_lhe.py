"""The LHE of one unit, as PDF and as Word: every figure of the stored result, written the Indonesian way,
with the unit's SKM, its findings, the basis of the instrument and the signature block."""

from nyata.evaluations.models import Result
from nyata.reports.actions import save_settings
from nyata.reports.documents.pdf import lhe_pdf
from nyata.reports.documents.word import lhe_docx
from nyata.reports.indonesian import number
from nyata.reports.queries.lhe import lhe_of
from nyata.reports.queries.texts import defaults
from nyata.reports.tests.conftest import SKM_ANSWERS
from nyata.reports.tests.documents import docx_text, pdf_text, result_figures
from nyata.surveys.ikm import IkmResult, Tally


def _expected(assessment, earlier):
    result = Result.objects.get(assessment=assessment)
    previous = Result.objects.get(assessment__period=earlier, assessment__unit=assessment.unit)
    skm = IkmResult(tally=Tally.of(SKM_ANSWERS * 3), population=50)
    nrr = skm.rounded_nrr()
    return [
        *result_figures(result, previous=previous),
        number(skm.rounded_ikm()),
        *(number(value, 3) for value in nrr.values()),
        "Rencana aksi belum memuat target yang terukur.",
        "Tindak lanjuti unsur terendah SKM.",
        "Tunjuk penanggung jawab pemantauan.",
        "Rencana aksi memuat target triwulanan yang terukur.",
        "Belum ada penanggung jawab pemantauan.",
        "PermenPANRB Nomor 9 Tahun 2023",
        "Dinas Kesehatan",
        "Evaluasi RB 2025",
    ]


def test_the_published_lhe_pdf_shows_every_figure_of_the_stored_result(published, earlier, assessment):
    assessment.refresh_from_db()
    text = pdf_text(lhe_pdf(lhe_of(assessment)))
    missing = [figure for figure in _expected(assessment, earlier) if figure not in text]
    assert missing == []
    assert "81,00" in text
    assert "BAIK" in text
    assert "+25,00" in text
    assert "LAPORAN HASIL EVALUASI" in text
    assert "DRAF" not in text
    assert "81.00" not in text  # never a decimal point


def test_the_published_lhe_in_word_shows_the_same_figures(published, earlier, assessment):
    assessment.refresh_from_db()
    text = docx_text(lhe_docx(lhe_of(assessment)))
    missing = [figure for figure in _expected(assessment, earlier) if figure not in text]
    assert missing == []
    assert "81.00" not in text


def test_the_lhe_carries_the_inspektorat_s_own_texts_and_signature(
    published, assessment, inspektorat_admin, city
):
    texts = defaults(city.instansi) | {
        "number_pattern": "700.1/{nomor}/Insp/{tahun}",
        "purpose": "Tujuan khusus evaluasi Kota Kendari.",
        "signer_name": "Dra. Contoh Inspektur, M.Si.",
        "signer_nip": "197501012000031001",
        "extra_basis": "Peraturan Wali Kota Kendari Nomor 1 Tahun 2026",
    }
    save_settings(
        instansi=city.instansi, texts=texts, letterhead=None, remove_letterhead=False, by=inspektorat_admin
    )
    assessment.refresh_from_db()
    report = lhe_of(assessment)
    for text in (pdf_text(lhe_pdf(report)), docx_text(lhe_docx(report))):
        assert "700.1/01/Insp/2026" in text
        assert "Tujuan khusus evaluasi Kota Kendari." in text
        assert "Dra. Contoh Inspektur, M.Si." in text
        assert "NIP 197501012000031001" in text
        assert "Peraturan Wali Kota Kendari Nomor 1 Tahun 2026" in text


def test_a_draft_lhe_says_it_is_a_draft(with_findings, assessment):
    assessment.refresh_from_db()
    report = lhe_of(assessment)
    assert not report.is_final
    assert "DRAF" in pdf_text(lhe_pdf(report))
    assert "Draf" in docx_text(lhe_docx(report))
    assert report.filename_stem == "DRAF-LHE-2026-dinkes"
