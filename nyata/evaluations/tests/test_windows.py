"""Windows explain themselves: every refusal names the window that blocks and when it opens or closed, in
the instansi's zone; the pages say the phase now and its deadline, and warn before work that cannot be
saved instead of letting someone type and then fail."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.guards import WindowClosed, require_window
from nyata.evaluations.models import Phase, PhaseWindow, Review
from nyata.evaluations.tests.review.conftest import submitted


def _close(period, *phases, ended=None):
    ended = ended or timezone.now() - timedelta(hours=1)
    PhaseWindow.objects.filter(period=period, phase__in=phases).update(
        starts_at=ended - timedelta(days=5), ends_at=ended
    )


def test_a_closed_window_is_named_with_its_closing_time_in_the_instansis_zone(period, city):
    city.instansi.time_zone = "Asia/Jayapura"
    city.instansi.save()
    period.refresh_from_db()
    _close(period, Phase.SELF_ASSESSMENT, ended=datetime(2026, 5, 5, 7, 0, tzinfo=UTC))
    with pytest.raises(WindowClosed) as refused:
        require_window(period, Phase.SELF_ASSESSMENT, unit_id=None, now=datetime(2026, 5, 6, tzinfo=UTC))
    assert refused.value.messages == [
        "Tahap Penilaian mandiri ditutup pada 5 Mei 2026 16:00 WIT: ini tidak dapat disimpan lagi."
    ]


def test_a_window_not_yet_open_says_when_it_opens(period):
    starts = datetime(2026, 6, 1, 0, 30, tzinfo=UTC)  # 08:30 WITA
    PhaseWindow.objects.filter(period=period, phase=Phase.APPEAL).update(
        starts_at=starts, ends_at=starts + timedelta(days=7)
    )
    with pytest.raises(WindowClosed) as refused:
        require_window(period, Phase.APPEAL, unit_id=None, now=starts - timedelta(days=1))
    assert refused.value.messages == [
        "Tahap Sanggahan dibuka pada 1 Juni 2026 08:30 WITA: ini belum dapat disimpan sebelum waktu itu."
    ]


def _review_url(assessment, code):
    return reverse(
        "evaluations:review-save",
        args=[assessment.period.instansi.code, assessment.period_id, assessment.pk, code],
    )


def _agree(client, desk, evaluator):
    client.force_login(evaluator)
    return client.post(
        _review_url(desk, "I.2"), {"tier": "evaluator", "verdict": "agree", "base_revision": 0}
    )


def test_the_review_save_names_the_desk_review_window_not_the_clarification_window(
    client, period, assessment, opd_operator, opd_head, team
):
    desk = submitted(assessment, opd_operator, opd_head)
    _close(period, Phase.DESK_REVIEW, Phase.CLARIFICATION)
    response = _agree(client, desk, team["evaluator"])
    assert response.status_code == 400
    page = response.content.decode()
    assert "Tahap Reviu dokumen ditutup pada" in page
    assert "Tahap Klarifikasi ditutup" not in page
    assert not Review.objects.exists()


def test_a_review_is_still_taken_in_the_clarification_window_after_the_desk_review_closed(
    client, period, assessment, opd_operator, opd_head, team
):
    desk = submitted(assessment, opd_operator, opd_head)
    _close(period, Phase.DESK_REVIEW)
    assert _agree(client, desk, team["evaluator"]).status_code == 302
    assert Review.objects.count() == 1


def test_between_the_two_windows_the_refusal_says_when_reviews_are_taken_again(
    client, period, assessment, opd_operator, opd_head, team
):
    desk = submitted(assessment, opd_operator, opd_head)
    _close(period, Phase.DESK_REVIEW)
    later = timezone.now() + timedelta(days=2)
    PhaseWindow.objects.filter(period=period, phase=Phase.CLARIFICATION).update(
        starts_at=later, ends_at=later + timedelta(days=5)
    )
    page = _agree(client, desk, team["evaluator"]).content.decode()
    assert "Tahap Reviu dokumen ditutup pada" in page
    assert "Penyimpanan dibuka kembali pada tahap Klarifikasi mulai" in page


def _worksheet(assessment):
    return reverse(
        "evaluations:worksheet", args=[assessment.period.instansi.code, assessment.period_id, assessment.pk]
    )


def test_the_worksheet_warns_before_typing_when_its_window_has_closed_and_offers_no_form(
    client, period, assessment, opd_operator
):
    _close(period, Phase.SELF_ASSESSMENT)
    client.force_login(opd_operator)
    page = client.get(_worksheet(assessment)).content.decode()
    banner = page[page.index('id="cannot-save"') :].split("</p>")[0]
    assert "Saat ini tidak ada yang dapat disimpan di sini." in banner
    assert "Tahap Penilaian mandiri ditutup pada" in banner
    assert 'name="value"' not in page  # nothing to type into


def test_the_worksheet_says_why_once_it_is_submitted(client, assessment, opd_operator, opd_head, team):
    submitted(assessment, opd_operator, opd_head)
    client.force_login(opd_operator)
    page = client.get(_worksheet(assessment)).content.decode()
    assert (
        "Hal ini tidak dapat dilakukan saat penilaian berada pada tahap: Reviu dokumen oleh evaluator."
        in page
    )


def test_the_worksheet_and_review_page_show_the_phase_now_and_its_deadline(
    client, assessment, opd_operator, opd_head, team
):
    desk = submitted(assessment, opd_operator, opd_head)
    closes = timezone.localtime(desk.period.windows.get(phase=Phase.DESK_REVIEW).ends_at)
    for person, url in (
        (opd_operator, _worksheet(desk)),
        (
            team["evaluator"],
            reverse(
                "evaluations:review-assessment", args=[desk.period.instansi.code, desk.period_id, desk.pk]
            ),
        ),
    ):
        client.force_login(person)
        page = client.get(url).content.decode()
        line = page[page.index('class="phase-now"') :].split("</p>")[0]
        assert "Reviu dokumen" in line
        assert f"dibuka sampai {closes.day} " in line
        assert "WITA" in line


def test_the_review_page_warns_and_offers_no_form_when_the_review_window_has_closed(
    client, period, assessment, opd_operator, opd_head, team
):
    desk = submitted(assessment, opd_operator, opd_head)
    _close(period, Phase.DESK_REVIEW, Phase.CLARIFICATION)
    client.force_login(team["evaluator"])
    url = reverse("evaluations:review-assessment", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    page = client.get(url).content.decode()
    assert "Tahap Reviu dokumen ditutup pada" in page[page.index('id="cannot-save"') :]
    assert 'class="review-form"' not in page
    assert "Serahkan kepada ketua tim" not in page


@pytest.mark.parametrize(
    "persona", ["opd_operator", "opd_head", "evaluator", "inspektorat_admin", "leader", "pengampu_verifier"]
)
def test_every_landing_page_shows_each_running_period_with_its_phase_and_deadline(
    client, period, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("home")).content.decode()
    line = page[page.index('class="phase-now"') :].split("</p>")[0]
    assert "Evaluasi RB 2026" in line
    assert "Penilaian mandiri" in line
    assert "dibuka sampai" in line
    assert "WITA" in line


def test_the_clarification_list_warns_instead_of_offering_an_answer_after_its_window(
    client, period, assessment, opd_operator, opd_head, team
):
    from nyata.evaluations.actions.clarifications import ask_clarification

    desk = submitted(assessment, opd_operator, opd_head)
    ask_clarification(assessment=desk, indicators=["I.1"], question="Mohon bukti?", by=team["evaluator"])
    _close(period, Phase.CLARIFICATION)
    client.force_login(opd_operator)
    page = client.get(reverse("evaluations:clarification-list", args=[period.instansi.code])).content.decode()
    assert "Saat ini permintaan ini tidak dapat dijawab. Tahap Klarifikasi ditutup pada" in page
    assert "Kirim jawaban" not in page


def test_the_appeal_page_warns_instead_of_offering_the_form_after_the_appeal_window(
    client, period, assessment, opd_operator, opd_head, team, inspektorat_admin
):
    from nyata.evaluations.actions.appeals import release_preliminary_results
    from nyata.evaluations.models import Assessment

    desk = submitted(assessment, opd_operator, opd_head)
    Assessment.objects.filter(pk=desk.pk).update(status="reviewed")
    release_preliminary_results(period=period, assessments=[desk], by=inspektorat_admin)
    _close(period, Phase.APPEAL)
    client.force_login(opd_head)
    url = reverse("evaluations:appeal-page", args=[period.instansi.code, period.pk, desk.pk])
    page = client.get(url).content.decode()
    assert "Saat ini sanggahan tidak dapat diajukan. Tahap Sanggahan ditutup pada" in page
    assert "Ajukan sanggahan" not in page
