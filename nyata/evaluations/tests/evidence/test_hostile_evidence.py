"""Evidence that could harm its readers or the server is refused before anything is stored (issue 14):
office files with macros whatever they declare, archives unpacking beyond the limit, and more than a
request or an assessment may hold."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nyata.core.tests import hostile
from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.actions.evidence import attach_evidence, attach_files
from nyata.evaluations.models import Evidence

MB = 1024 * 1024


def attach(assessment, by, *uploads: tuple[str, bytes]):
    return attach_files(
        assessment=assessment,
        indicator="I.1",
        item="dok-renaksi",
        uploads=[SimpleUploadedFile(name, data) for name, data in uploads],
        effective_date=date(2026, 3, 1),
        by=by,
    )


def stored_files(storage) -> list[str]:
    return sorted(path.name for path in storage.rglob("*") if path.is_file())


def nothing_stored(storage) -> bool:
    return Evidence.objects.count() == 0 and stored_files(storage) == []


@pytest.mark.parametrize(
    ("name", "data", "part"),
    [
        ("laporan.docx", hostile.docx_with_vba(), "word/vbaProject.bin"),
        ("laporan.docm", hostile.docm(), "word/vbaProject.bin"),
        ("rekap.xlsx", hostile.xlsx_with_macro_sheet(), "xl/macrosheets/sheet1.xml"),
        ("notulen.odt", hostile.odt_with_basic(), "Basic/Standard/Module1.xml"),
        ("notulen.odt", hostile.odt_with_event_script(), "content.xml"),
    ],
    ids=[
        "docx carrying vba",
        "docm",
        "xlsx with a macro sheet",
        "odt with basic",
        "odt with an event script",
    ],
)
def test_office_files_with_macros_are_refused_whatever_they_declare(
    assessment, opd_operator, evidence_storage, name, data, part
):
    with pytest.raises(ValidationError) as refused:
        attach(assessment, opd_operator, (name, data))
    assert refused.value.message_dict["file"] == [
        f"{name}: Berkas berisi makro ({part}); dokumen bermakro tidak diterima. "
        "Simpan sebagai dokumen biasa tanpa makro (misalnya .docx, .xlsx, .odt) lalu unggah lagi."
    ]
    assert nothing_stored(evidence_storage)


def test_an_archive_unpacking_beyond_the_limit_is_refused(assessment, opd_operator, evidence_storage):
    with pytest.raises(ValidationError) as refused:
        attach(assessment, opd_operator, ("lampiran.docx", hostile.docx_bomb()))
    assert refused.value.message_dict["file"][0].startswith(
        "lampiran.docx: Isi berkas setelah diekstrak berukuran 1024,0 MB, melebihi batas 200 MB."
    )
    assert nothing_stored(evidence_storage)


def test_the_files_of_one_request_together_stay_within_their_limit(
    assessment, opd_operator, evidence_storage, settings
):
    settings.NYATA_UPLOAD_MAX_REQUEST_BYTES = 1 * MB
    half = pdf_bytes() + b" " * (MB // 2)
    with pytest.raises(ValidationError) as refused:
        attach(assessment, opd_operator, ("a.pdf", half), ("b.pdf", half + b" "))
    assert refused.value.message_dict["file"] == [
        "Berkas yang dikirim bersamaan berjumlah 1,0 MB; paling banyak 1 MB dapat dikirim sekaligus. "
        "Kirim dalam kelompok yang lebih kecil."
    ]
    assert nothing_stored(evidence_storage)
    assert len(attach(assessment, opd_operator, ("a.pdf", half))) == 1  # one at a time is fine


def test_an_assessment_holds_at_most_its_limit_counting_replaced_and_withdrawn_files(
    assessment, opd_operator, evidence_storage, settings
):
    settings.NYATA_EVIDENCE_MAX_ASSESSMENT_BYTES = 1 * MB
    first = attach(assessment, opd_operator, ("a.pdf", pdf_bytes() + b" " * (MB // 2)))[0].evidence
    # Replacing keeps the old bytes, so it counts too.
    with pytest.raises(ValidationError) as refused:
        attach_evidence(
            assessment=assessment,
            indicator="I.1",
            item="dok-renaksi",
            upload=SimpleUploadedFile("b.pdf", pdf_bytes("B") + b" " * (MB // 2)),
            effective_date=date(2026, 3, 1),
            by=opd_operator,
            replaces=first,
        )
    assert refused.value.message_dict["file"] == [
        "Data dukung penilaian ini akan menjadi 1,0 MB, melebihi 1 MB yang boleh dimuat satu penilaian. "
        "Hubungi administrator Inspektorat."
    ]
    assert list(Evidence.objects.values_list("name", "is_current")) == [("a.pdf", True)]
    assert stored_files(evidence_storage) == [first.file.name.rsplit("/", 1)[-1]]
