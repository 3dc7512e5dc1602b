"""Follow-up to closure: every rekomendasi becomes an item; the OPD reports with evidence; the Inspektorat
verifies, returns, closes; tidak dapat ditindaklanjuti needs a reason and the Inspektur's approval; overdue
items are reminded once per due date; every change is on the timeline."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command

from nyata.followups import actions, queries
from nyata.followups.models import Attachment, Item, Report
from nyata.notifications.models import Notification

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name="bukti.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_every_rekomendasi_of_a_published_result_becomes_one_item_due_on_the_default(items, opd_head):
    assert sorted(item.recommendation.text for item in items) == [
        "Lengkapi data dukung rencana aksi.",
        "Pantau setiap triwulan.",
        "Susun rencana aksi.",
        "Tindak lanjuti unsur SKM terendah.",
    ]
    assert {(item.due, item.status, item.stage) for item in items} == {
        (date(2027, 3, 31), Item.Status.NOT_STARTED, Item.Stage.WITH_OPD)
    }
    told = Notification.objects.get(recipient=opd_head, kind="followup_opened")
    assert told.message.startswith("3 rekomendasi")


def test_opening_again_adds_nothing_twice_and_moves_the_default_due_date(items, published, inspektorat_admin):
    again = actions.open_follow_up(period=published, default_due=date(2027, 6, 30), by=inspektorat_admin)
    assert again == []
    assert set(Item.objects.values_list("due", flat=True)) == {date(2027, 6, 30)}


def test_a_default_due_date_not_after_today_is_refused(published, inspektorat_admin):
    with pytest.raises(ValidationError, match="default_due"):
        actions.open_follow_up(
            period=published, default_due=date.today() - timedelta(days=1), by=inspektorat_admin
        )
    assert not Item.objects.exists()


def test_an_unpublished_result_is_not_followed_up(period, inspektorat_admin):
    with pytest.raises(ValidationError):
        actions.open_follow_up(period=period, default_due=date(2027, 3, 31), by=inspektorat_admin)
    assert not Item.objects.exists()


def test_the_operator_reports_with_evidence_and_the_inspektorat_returns_then_closes(
    dinkes_item, opd_operator, evaluator, inspektorat_admin
):
    actions.report_follow_up(
        item=dinkes_item, text="Rencana aksi disusun.", uploads=[pdf()], links=[], by=opd_operator
    )
    dinkes_item.refresh_from_db()
    assert dinkes_item.stage == Item.Stage.VERIFYING
    assert Attachment.objects.get().name == "bukti.pdf"
    actions.return_follow_up(item=dinkes_item, note="Lampirkan SK penetapan.", by=evaluator)
    dinkes_item.refresh_from_db()
    assert (dinkes_item.stage, dinkes_item.status, dinkes_item.note) == (
        Item.Stage.WITH_OPD,
        Item.Status.NOT_STARTED,
        "Lampirkan SK penetapan.",
    )
    actions.report_follow_up(
        item=dinkes_item,
        text="SK terlampir.",
        uploads=[],
        links=["https://data.kendari.example/sk"],
        by=opd_operator,
    )
    actions.verify_follow_up(item=dinkes_item, status=Item.Status.DONE, note="", by=evaluator)
    dinkes_item.refresh_from_db()
    assert (dinkes_item.stage, dinkes_item.status) == (Item.Stage.CLOSED, Item.Status.DONE)
    assert dinkes_item.closed_at is not None
    assert [step.kind for step in queries.timeline(dinkes_item)][::-1] == [
        "opened",
        "reported",
        "returned",
        "reported",
        "verified",
    ]


def test_a_report_without_evidence_or_with_a_disguised_file_changes_nothing(dinkes_item, opd_operator):
    with pytest.raises(ValidationError, match="sekurang-kurangnya satu berkas atau tautan"):
        actions.report_follow_up(item=dinkes_item, text="Sudah.", uploads=[], links=[], by=opd_operator)
    with pytest.raises(ValidationError, match="bukan jenis berkas|not an accepted kind|tidak diterima"):
        actions.report_follow_up(
            item=dinkes_item,
            text="Sudah.",
            uploads=[pdf("bukti.pdf", b"MZ\x90\x00 not a pdf")],
            links=[],
            by=opd_operator,
        )
    dinkes_item.refresh_from_db()
    assert dinkes_item.stage == Item.Stage.WITH_OPD
    assert not Report.objects.exists()
    assert not Attachment.objects.exists()


def test_cannot_be_followed_up_needs_a_reason_and_the_inspektur_approval(
    dinkes_item, opd_operator, evaluator, inspektorat_admin
):
    actions.report_follow_up(
        item=dinkes_item,
        text="Kegiatan dihapus.",
        uploads=[],
        links=["https://data.kendari.example/a"],
        by=opd_operator,
    )
    with pytest.raises(ValidationError):
        actions.verify_follow_up(item=dinkes_item, status=Item.Status.CANNOT, note=" ", by=evaluator)
    actions.verify_follow_up(
        item=dinkes_item, status=Item.Status.CANNOT, note="Program dihapus oleh Perda APBD.", by=evaluator
    )
    dinkes_item.refresh_from_db()
    assert dinkes_item.stage == Item.Stage.APPROVAL
    assert Notification.objects.filter(recipient=inspektorat_admin, kind="followup_approval").exists()
    actions.decide_exemption(item=dinkes_item, approve=True, note="", by=inspektorat_admin)
    dinkes_item.refresh_from_db()
    assert (dinkes_item.stage, dinkes_item.status, dinkes_item.approved_by) == (
        Item.Stage.CLOSED,
        Item.Status.CANNOT,
        inspektorat_admin,
    )


def test_an_overdue_item_is_flagged_and_reminded_once_by_the_daily_command(
    dinkes_item, opd_head, opd_operator
):
    Item.objects.filter(pk=dinkes_item.pk).update(due=date.today() - timedelta(days=40))
    call_command("notify_windows", stdout=open("/dev/null", "w"))  # noqa: SIM115
    call_command("notify_windows", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert Notification.objects.filter(kind="followup_overdue", recipient=opd_head).count() == 1
    assert Notification.objects.filter(kind="followup_overdue", recipient=opd_operator).count() == 1
    units, city = queries.completion(Item.objects.all(), date.today())
    dinkes = next(row for row in units if row.unit_id == dinkes_item.unit_id)
    assert dinkes.ageing == [0, 1, 0, 0]
    assert (city.total, city.closed, city.overdue) == (4, 0, 1)


def test_the_share_closed_by_a_cut_off_counts_only_items_closed_by_then(
    dinkes_item, published, opd_operator, evaluator
):
    from django.utils import timezone

    actions.report_follow_up(
        item=dinkes_item,
        text="Selesai.",
        uploads=[],
        links=["https://data.kendari.example/b"],
        by=opd_operator,
    )
    actions.verify_follow_up(item=dinkes_item, status=Item.Status.DONE, note="", by=evaluator)
    now = timezone.now()
    shares = queries.closed_by(published, now)
    assert (shares[dinkes_item.unit_id].done, shares[dinkes_item.unit_id].total) == (1, 3)
    assert shares[dinkes_item.unit_id].percent == Decimal("33.33")
    earlier = queries.closed_by(published, now - timedelta(days=1))[dinkes_item.unit_id]
    assert (earlier.done, earlier.done_later) == (0, 1)
    assert queries.city_closed_share(published).closed == 1


def test_the_landing_pages_queue_the_follow_up_for_the_opd_and_the_inspektorat(
    client, dinkes_item, opd_head, outsider_opd_operator, opd_operator, evaluator, inspektorat_admin
):
    client.force_login(opd_head)
    page = client.get("/").content.decode()
    assert "Laporkan tindak lanjut rekomendasi" in page
    assert page.count("Dinas Kesehatan") >= 3
    client.force_login(outsider_opd_operator)
    page = client.get("/").content.decode()
    assert page.count("Laporkan tindak lanjut rekomendasi") == 1  # Dikbud's own single item
    actions.report_follow_up(
        item=dinkes_item, text="Sudah.", uploads=[], links=["https://data.kendari.example/c"], by=opd_operator
    )
    client.force_login(inspektorat_admin)
    assert "Verifikasi laporan tindak lanjut" in client.get("/").content.decode()


def test_the_reports_dashboard_shows_the_share_of_recommendations_closed(
    client, dinkes_item, published, opd_operator, evaluator, inspektorat_admin
):
    from django.utils import timezone

    from nyata.evaluations.models import Period

    Period.objects.filter(pk=published.pk).update(status=Period.Status.FINALISED, finalised_at=timezone.now())
    actions.report_follow_up(
        item=dinkes_item,
        text="Selesai.",
        uploads=[],
        links=["https://data.kendari.example/d"],
        by=opd_operator,
    )
    actions.verify_follow_up(item=dinkes_item, status=Item.Status.DONE, note="", by=evaluator)
    client.force_login(inspektorat_admin)
    page = client.get(f"/i/{published.instansi.code}/laporan/").content.decode()
    assert '<p class="figure" id="recommendations-closed">25,0%</p>' in page
    assert "1 dari 4 rekomendasi selesai ditindaklanjuti" in page
