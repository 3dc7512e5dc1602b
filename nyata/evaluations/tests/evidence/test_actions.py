"""Attaching, replacing and withdrawing evidence: checked by content and size, all or nothing, audited."""

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from nyata.core.tests.files import exe_bytes, pdf_bytes, png_bytes, xlsx_bytes
from nyata.evaluations.actions.evidence import attach_evidence, attach_files, withdraw_evidence
from nyata.evaluations.guards import PeriodLocked, WindowClosed
from nyata.evaluations.models import Event, Evidence, Period, PhaseWindow

TODAY = date(2026, 3, 1)


def _upload(name: str, data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def _attach(assessment, by, name="renaksi.pdf", data=None, **extra):
    return attach_evidence(
        assessment=assessment,
        indicator=extra.pop("indicator", "I.1"),
        item=extra.pop("item", "dok-renaksi"),
        upload=_upload(name, data if data is not None else pdf_bytes()),
        effective_date=TODAY,
        by=by,
        **extra,
    )


def test_a_pdf_is_stored_under_an_opaque_path_with_its_hash_and_a_safe_name(
    assessment, opd_operator, evidence_storage
):
    attached = _attach(assessment, opd_operator, name="Rencana Aksi RB (final).pdf")
    evidence = attached.evidence
    assert evidence.name == "Rencana_Aksi_RB_final.pdf"
    assert evidence.content_type == "application/pdf"
    assert len(evidence.sha256) == 64
    assert evidence.size == len(pdf_bytes())
    assert "Rencana" not in evidence.file.name
    assert evidence.file.name.startswith(f"evidence/{assessment.period_id}/{assessment.pk}/")
    assert (evidence_storage / evidence.file.name).read_bytes() == pdf_bytes()
    assert Event.objects.filter(kind="evidence_attached", indicator="I.1").count() == 1


def test_a_png_named_pdf_is_accepted_as_the_png_it_is(assessment, opd_operator):
    evidence = _attach(assessment, opd_operator, name="scan.pdf", data=png_bytes()).evidence
    assert (evidence.content_type, evidence.name) == ("image/png", "scan.png")


def test_an_exe_renamed_pdf_is_refused_and_nothing_is_stored(assessment, opd_operator, evidence_storage):
    with pytest.raises(ValidationError) as refused:
        _attach(assessment, opd_operator, name="laporan.pdf", data=exe_bytes())
    assert "bukan jenis berkas yang diterima" in refused.value.message_dict["file"][0]
    assert Evidence.objects.count() == 0
    assert not evidence_storage.exists() or not any(evidence_storage.rglob("*.*"))


def test_a_file_over_the_limit_is_refused_with_the_limit_in_the_message(assessment, opd_operator, settings):
    settings.NYATA_EVIDENCE_MAX_BYTES = 1024 * 1024
    with pytest.raises(ValidationError) as refused:
        _attach(assessment, opd_operator, name="besar.pdf", data=pdf_bytes() + b"0" * (1024 * 1024))
    assert refused.value.message_dict["file"] == ["besar.pdf terlalu besar (1,0 MB); batas ukurannya 1 MB."]
    assert Evidence.objects.count() == 0


def test_one_bad_file_among_several_refuses_them_all(assessment, opd_operator, evidence_storage):
    with pytest.raises(ValidationError) as refused:
        attach_files(
            assessment=assessment,
            indicator="I.1",
            item="dok-renaksi",
            uploads=[
                _upload("a.pdf", pdf_bytes()),
                _upload("b.xlsx", xlsx_bytes()),
                _upload("c.pdf", exe_bytes()),
            ],
            effective_date=TODAY,
            by=opd_operator,
        )
    assert len(refused.value.message_dict["file"]) == 1
    assert refused.value.message_dict["file"][0].startswith("c.pdf ")
    assert Evidence.objects.count() == 0


def test_the_same_file_on_another_item_is_allowed_and_flagged(assessment, opd_operator):
    first = _attach(assessment, opd_operator).evidence
    again = _attach(assessment, opd_operator, indicator="I.2", item="")
    assert again.duplicates == (first,)


def test_the_same_file_on_the_same_item_is_refused(assessment, opd_operator):
    _attach(assessment, opd_operator)
    with pytest.raises(ValidationError, match="sudah dilampirkan"):
        _attach(assessment, opd_operator, name="salinan.pdf")
    assert Evidence.objects.count() == 1


def test_replacing_a_file_keeps_the_old_revision(assessment, opd_operator):
    old = _attach(assessment, opd_operator).evidence
    new = _attach(
        assessment, opd_operator, name="renaksi-v2.pdf", data=pdf_bytes("Revisi"), replaces=old
    ).evidence
    old.refresh_from_db()
    assert (old.is_current, new.is_current, new.replaces_id) == (False, True, old.pk)
    assert old.file.storage.exists(old.file.name)
    assert Event.objects.filter(kind="evidence_replaced").count() == 1


def test_a_link_is_attached_with_its_title(assessment, opd_operator):
    evidence = attach_evidence(
        assessment=assessment,
        indicator="I.1",
        item="dok-renaksi",
        url="https://jdih.kendari.example/sk-renaksi",
        effective_date=TODAY,
        by=opd_operator,
    ).evidence
    assert (evidence.kind, evidence.name) == ("link", "https://jdih.kendari.example/sk-renaksi")


def test_a_link_that_is_not_a_web_address_is_refused(assessment, opd_operator):
    with pytest.raises(ValidationError) as refused:
        attach_evidence(
            assessment=assessment,
            indicator="I.1",
            item="dok-renaksi",
            url="javascript:alert(1)",
            effective_date=TODAY,
            by=opd_operator,
        )
    assert list(refused.value.message_dict) == ["url"]


def test_an_item_not_on_the_checklist_is_refused(assessment, opd_operator):
    with pytest.raises(ValidationError) as refused:
        _attach(assessment, opd_operator, item="tidak-ada")
    assert list(refused.value.message_dict) == ["item"]


def test_withdrawing_takes_the_file_off_the_checklist_but_keeps_it(assessment, opd_operator):
    evidence = _attach(assessment, opd_operator).evidence
    withdraw_evidence(evidence=evidence, by=opd_operator)
    evidence.refresh_from_db()
    assert evidence.is_current is False
    assert evidence.file.storage.exists(evidence.file.name)


def test_nothing_is_attached_outside_the_self_assessment_window(assessment, opd_operator):
    now = timezone.now()
    PhaseWindow.objects.filter(period=assessment.period, phase="self_assessment").update(
        starts_at=now - timedelta(days=10), ends_at=now - timedelta(days=1)
    )
    with pytest.raises(WindowClosed):
        _attach(assessment, opd_operator)
    assert Evidence.objects.count() == 0


def test_nothing_is_attached_in_a_locked_period(assessment, opd_operator):
    Period.objects.filter(pk=assessment.period_id).update(
        status=Period.Status.FINALISED, finalised_at=timezone.now()
    )
    with pytest.raises(PeriodLocked):
        _attach(assessment, opd_operator)
    assert Evidence.objects.count() == 0
