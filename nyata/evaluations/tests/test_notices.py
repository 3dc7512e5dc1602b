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
    note = team["evaluator"].notifications.get()
    assert note.kind == "clarification_answered"
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
