"""Who hears of what in an evaluation, in the product and by e-mail after the commit; reminders of closing
windows once per person."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.clarifications import answer_clarification, ask_clarification
from nyata.evaluations.actions.submission import SubmissionBlocked, return_submission, submit_assessment
from nyata.evaluations.models import PhaseWindow
from nyata.evaluations.notices import remind_closing_windows
from nyata.evaluations.tests.admin.conftest import to_desk_review
from nyata.evaluations.tests.review.conftest import answer, link
from nyata.notifications.models import Notification


def _answered(assessment, operator):
    for code, value in {"I.1": "A", "I.2": "90", "II.1": "85"}.items():
        answer(assessment, operator, code, value=value)
        link(assessment, operator, code, item="dok-renaksi" if code == "I.1" else "")


def test_submitting_tells_the_opd_head_in_the_product_and_by_mail_after_the_commit(
    assessment, opd_operator, opd_head, outsider_opd_operator, django_capture_on_commit_callbacks, mailoutbox
):
    opd_head.email = "kepala@dinkes.kendari.example"
    opd_head.save()
    _answered(assessment, opd_operator)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        submit_assessment(assessment=assessment, by=opd_operator)
    assert mailoutbox == []  # nothing leaves before the commit
    for callback in callbacks:
        callback()
    note = Notification.objects.get()
    assert note.recipient == opd_head
    assert note.kind == "submitted"
    assert note.message.startswith("Dinas Kesehatan: ")
    assert "menunggu persetujuan Anda" in note.message
    assert note.url == reverse(
        "evaluations:worksheet", args=[assessment.period.instansi.code, assessment.period_id, assessment.pk]
    )
    assert [m.to for m in mailoutbox] == [["kepala@dinkes.kendari.example"]]
    assert mailoutbox[0].subject == "[Nyata] Diajukan untuk persetujuan"
    assert not outsider_opd_operator.notifications.exists()


def test_a_refused_submission_tells_nobody(assessment, opd_operator, opd_head):
    with pytest.raises(SubmissionBlocked):
        submit_assessment(assessment=assessment, by=opd_operator)
    assert Notification.objects.count() == 0


def test_returning_tells_the_operators_with_the_note(assessment, opd_operator, opd_head):
    _answered(assessment, opd_operator)
    submit_assessment(assessment=assessment, by=opd_operator)
    return_submission(assessment=assessment, note="Lengkapi bukti I.1", by=opd_head)
    note = opd_operator.notifications.get()
    assert note.kind == "returned"
    assert note.message.endswith("dikembalikan untuk diperbaiki: Lengkapi bukti I.1")


def test_a_clarification_request_reaches_the_opd_and_its_answer_the_evaluator_who_asked(
    assessment, opd_operator, opd_head, team, django_capture_on_commit_callbacks
):
    to_desk_review(
        assessment, operator=opd_operator, head=opd_head, answers={"I.1": "A", "I.2": "90", "II.1": "85"}
    )
    asked = ask_clarification(
        assessment=assessment, indicators=["I.1"], question="Mohon?", by=team["evaluator"]
    )
    assert set(
        Notification.objects.filter(kind="clarification_requested").values_list("recipient", flat=True)
    ) == {
        opd_operator.pk,
        opd_head.pk,
    }
    answer_clarification(clarification=asked, response="Terlampir", by=opd_operator)
    note = team["evaluator"].notifications.get(kind="clarification_answered")
    assert note.url.endswith(f"/penilaian/{assessment.pk}/reviu/")


def _closing_in(period, phase, hours):
    now = timezone.now()
    PhaseWindow.objects.filter(period=period, phase=phase).update(
        starts_at=now - timedelta(days=5), ends_at=now + timedelta(hours=hours)
    )


def test_a_window_closing_within_three_days_reminds_who_must_still_act_once(
    period, opd_operator, opd_head, outsider_opd_operator
):
    _closing_in(period, "self_assessment", 30)
    assert remind_closing_windows() == 3  # Dinkes's operator and head, Dikbud's operator
    assert remind_closing_windows() == 0  # idempotent per window per person
    note = opd_head.notifications.get()
    assert note.kind == "window_closing"
    assert "Tahap Penilaian mandiri pada Evaluasi RB 2026 ditutup pada" in note.message
    assert "Unit: Dinas Kesehatan." in note.message


def test_a_window_closing_later_or_an_extended_unit_is_not_reminded(
    city, period, opd_operator, inspektorat_admin
):
    from nyata.evaluations.actions.periods import extend_window

    _closing_in(period, "self_assessment", 30)
    extend_window(
        period=period,
        unit=city.units["dinkes"],
        phase="self_assessment",
        ends_at=timezone.now() + timedelta(days=9),
        reason="Banjir",
        by=inspektorat_admin,
    )
    _closing_in(period, "appeal", 24 * 5)
    remind_closing_windows()
    assert not opd_operator.notifications.exists()


def test_the_command_runs_the_reminders_and_can_enqueue_them_as_a_task(period, opd_operator, settings):
    _closing_in(period, "self_assessment", 30)
    out = StringIO()
    call_command("notify_windows", stdout=out)
    assert out.getvalue() == "1 reminder(s) created.\n"
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    Notification.objects.all().delete()
    out = StringIO()
    call_command("notify_windows", "--enqueue", stdout=out)
    assert out.getvalue().startswith("Enqueued task ")
    assert opd_operator.notifications.count() == 1


def _review_url(assessment):
    period = assessment.period
    return reverse("evaluations:review-assessment", args=[period.instansi.code, period.pk, assessment.pk])


def test_the_heads_approval_tells_the_evaluator_and_the_verifiers_of_each_area(
    city,
    assessment,
    opd_operator,
    opd_head,
    team,
    pengampu_verifier,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from nyata.org.tests.factories import person_with_role

    team["evaluator"].email = "evaluator@example.org"
    team["evaluator"].save()
    idle = person_with_role(city, role="pengampu_verifier", unit_code="bagian-organisasi", username="cuti")
    idle.is_active = False
    idle.save()
    with django_capture_on_commit_callbacks(execute=True):
        to_desk_review(
            assessment, operator=opd_operator, head=opd_head, answers={"I.1": "A", "I.2": "90", "II.1": "85"}
        )
    told = team["evaluator"].notifications.get()
    assert told.kind == "approved_by_head"
    assert told.message == (
        "Dinas Kesehatan: kepala OPD menyetujui penilaian mandiri Evaluasi RB 2026; kini menunggu reviu "
        "dokumen Anda."
    )
    assert told.url == _review_url(assessment)
    verify = pengampu_verifier.notifications.get()
    assert verify.kind == "verification_needed"
    assert verify.message == (
        "Dinas Kesehatan masuk reviu Inspektorat pada Evaluasi RB 2026: 1 indikator area RB "
        "Bagian Organisasi menunggu verifikasi Anda."
    )
    assert verify.url.endswith(f"/verifikasi/?opd={assessment.pk}&area=kelembagaan&status=waiting")
    assert not idle.notifications.exists()  # an inactive verifier hears nothing
    assert not team["ketua_tim"].notifications.exists()  # not the ketua's turn yet
    assert "[Nyata] Disetujui kepala OPD" in [m.subject for m in mailoutbox]


def test_each_handover_tells_the_next_tier_and_the_last_the_inspektorat_admin(
    assessment,
    opd_operator,
    opd_head,
    team,
    pengampu_verifier,
    inspektorat_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    from nyata.evaluations.tests.admin.conftest import through_review

    to_desk_review(
        assessment, operator=opd_operator, head=opd_head, answers={"I.1": "A", "I.2": "90", "II.1": "85"}
    )
    team["ketua_tim"].email, team["pengendali_teknis"].email = "ketua@example.org", "dalnis@example.org"
    inspektorat_admin.email = "admin@example.org"
    for person in (team["ketua_tim"], team["pengendali_teknis"], inspektorat_admin):
        person.save()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        through_review(assessment, team=team, verifier=pengampu_verifier)  # evaluator → ketua → dalnis
    ketua = team["ketua_tim"].notifications.get()
    assert (ketua.kind, ketua.url) == ("handed_over", _review_url(assessment))
    assert ketua.message.startswith("Dinas Kesehatan: ")
    assert "menyerahkan reviu dokumen Evaluasi RB 2026 kepada Anda sebagai ketua tim" in ketua.message
    dalnis = team["pengendali_teknis"].notifications.get()
    assert dalnis.kind == "handed_over"
    assert "menunggu persetujuan Anda sebagai pengendali teknis" in dalnis.message
    admin = inspektorat_admin.notifications.get()
    assert admin.kind == "review_approved"
    assert admin.url == reverse("evaluations:review-period", args=["kota-kendari", assessment.period_id])
    assert [m.to for m in mailoutbox] == [
        ["ketua@example.org"],
        ["dalnis@example.org"],
        ["admin@example.org"],
    ]
    assert [m.subject for m in mailoutbox] == [
        "[Nyata] Diserahkan kepada Anda",
        "[Nyata] Diserahkan kepada Anda",
        "[Nyata] Reviu disetujui",
    ]


def test_returns_go_back_down_the_chain_with_the_note(
    assessment, opd_operator, opd_head, team, pengampu_verifier
):
    from nyata.evaluations.actions.reviews import (
        approve_as_ketua,
        return_to_evaluator,
        return_to_ketua,
        submit_to_ketua,
    )
    from nyata.evaluations.tests.admin.conftest import scored_and_verified

    to_desk_review(
        assessment, operator=opd_operator, head=opd_head, answers={"I.1": "A", "I.2": "90", "II.1": "85"}
    )
    scored_and_verified(assessment, team=team, verifier=pengampu_verifier)
    submit_to_ketua(assessment=assessment, by=team["evaluator"])
    return_to_evaluator(assessment=assessment, note="Periksa lagi I.2", by=team["ketua_tim"])
    back = team["evaluator"].notifications.filter(kind="review_returned").get()
    assert back.message.endswith("mengembalikan reviu Evaluasi RB 2026 kepada Anda: Periksa lagi I.2")
    submit_to_ketua(assessment=assessment, by=team["evaluator"])
    approve_as_ketua(assessment=assessment, by=team["ketua_tim"])
    return_to_ketua(assessment=assessment, note="Nilai II.1 terlalu tinggi", by=team["pengendali_teknis"])
    back = team["ketua_tim"].notifications.filter(kind="review_returned").get()
    assert back.message.endswith(": Nilai II.1 terlalu tinggi")
    assert back.url == _review_url(assessment)


def test_a_handover_to_an_empty_tier_tells_the_inspektorat_admin_to_seat_someone(
    assessment, opd_operator, opd_head, evaluator, inspektorat_admin
):
    to_desk_review(
        assessment, operator=opd_operator, head=opd_head, answers={"I.1": "A", "I.2": "90", "II.1": "85"}
    )
    gap = inspektorat_admin.notifications.get(kind="approved_by_head")
    assert gap.message == (
        "Dinas Kesehatan: belum ada Evaluator (anggota tim) dalam tim Evaluasi RB 2026, sehingga "
        "pekerjaan yang menunggu di sana tidak ada yang mengerjakan. Tetapkan anggota tim."
    )
    assert gap.url == reverse("evaluations:team-page", args=["kota-kendari", assessment.period_id])
    assert not evaluator.notifications.exists()  # an evaluator in no team of this unit hears nothing


def test_the_release_tells_the_opd_the_appeal_tells_the_ketua_tim_and_the_decision_the_opd(
    period,
    assessment,
    opd_operator,
    opd_head,
    outsider_opd_operator,
    team,
    pengampu_verifier,
    inspektorat_admin,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    """Found by the whole-period journey: the release, the appeal and its decision reached nobody."""
    from nyata.evaluations.actions.appeals import decide_appeal, file_appeal, release_preliminary_results
    from nyata.evaluations.guards import moment_text
    from nyata.evaluations.tests.admin.conftest import through_review

    to_desk_review(
        assessment, operator=opd_operator, head=opd_head, answers={"I.1": "A", "I.2": "90", "II.1": "85"}
    )
    through_review(assessment, team=team, verifier=pengampu_verifier)
    Notification.objects.all().delete()
    opd_head.email = "kepala@example.org"
    opd_head.save()
    appeals = reverse("evaluations:appeal-page", args=["kota-kendari", period.pk, assessment.pk])

    with django_capture_on_commit_callbacks(execute=True):
        release_preliminary_results(period=period, assessments=[assessment], by=inspektorat_admin)
    told = Notification.objects.filter(kind="results_released")
    assert set(told.values_list("recipient", flat=True)) == {opd_operator.pk, opd_head.pk}
    note = opd_head.notifications.get()
    assert note.url == appeals
    closes = moment_text(period.windows.get(phase="appeal").ends_at, "Asia/Makassar")
    assert closes.endswith(" WITA")
    assert note.message == (
        "Dinas Kesehatan: hasil sementara Evaluasi RB 2026 telah dirilis. Sanggahan atas nilai yang dapat "
        f"Anda buktikan keliru dapat diajukan sampai {closes}."
    )
    assert mailoutbox[-1].subject == "[Nyata] Hasil sementara dirilis"
    assert not outsider_opd_operator.notifications.exists()  # Dikbud was not released

    appeal = file_appeal(assessment=assessment, indicator="I.2", reason="Realisasi 95%", by=opd_head)
    ketua = team["ketua_tim"].notifications.get()
    assert (ketua.kind, ketua.url) == ("appeal_filed", appeals)
    assert ketua.message.endswith("menyanggah nilai I.2 pada Evaluasi RB 2026; menunggu keputusan Anda.")

    decide_appeal(appeal=appeal, accept=False, value=None, reason="Laporan belum sah.", by=team["ketua_tim"])
    decided = Notification.objects.filter(kind="appeal_decided")
    assert set(decided.values_list("recipient", flat=True)) == {opd_operator.pk, opd_head.pk}
    assert decided.first().message == (
        "Dinas Kesehatan: sanggahan atas I.2 pada Evaluasi RB 2026 ditolak. Laporan belum sah."
    )
    assert decided.first().url == appeals
