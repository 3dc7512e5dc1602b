"""Asistensi before submission: asked while the self-assessment window is open, commented per indicator by
the Inspektorat without scoring, closed by the OPD, and never counted as review."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from nyata.clinic.actions.asistensi import close_asistensi, comment_asistensi, request_asistensi
from nyata.clinic.models import Asistensi
from nyata.evaluations.models import Event, PhaseWindow, Review
from nyata.evaluations.queries.results import final_values
from nyata.evaluations.tests.admin.conftest import to_desk_review
from nyata.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def asked(assessment, team, opd_operator):
    return request_asistensi(
        assessment=assessment, indicators=["I.2", "I.1"], note="Apakah bukti kami cukup?", by=opd_operator
    )


def test_the_opd_asks_for_chosen_indicators_and_its_team_is_told(asked, team):
    assert (asked.indicators, asked.status) == (["I.1", "I.2"], "open")  # in the instrument's order
    told = set(
        Notification.objects.filter(kind="clinic.asistensi_requested").values_list("recipient", flat=True)
    )
    assert told == {person.pk for person in team.values()}


def test_asistensi_is_refused_once_the_self_assessment_window_has_closed(assessment, opd_operator):
    PhaseWindow.objects.filter(period=assessment.period, phase="self_assessment").update(
        starts_at=timezone.now() - timedelta(days=10), ends_at=timezone.now() - timedelta(days=1)
    )

    with pytest.raises(ValidationError) as refused:
        request_asistensi(assessment=assessment, indicators=["I.1"], note="", by=opd_operator)

    assert "ditutup" in refused.value.messages[0]
    assert Asistensi.objects.count() == 0


def test_the_evaluator_comments_without_scoring_and_nothing_counts_as_review(
    asked, assessment, evaluator, opd_operator, opd_head
):
    values_before, events_before = (
        final_values(assessment),
        Event.objects.filter(assessment=assessment).count(),
    )

    comment = comment_asistensi(
        asistensi=asked, indicator="I.1", text="Lampirkan SK tim RB yang ditandatangani.", by=evaluator
    )

    assert (comment.indicator, comment.written_by) == ("I.1", evaluator)
    assert Review.objects.filter(assessment=assessment).count() == 0
    assert final_values(assessment) == values_before
    assert Event.objects.filter(assessment=assessment).count() == events_before
    told = set(
        Notification.objects.filter(kind="clinic.asistensi_commented").values_list("recipient", flat=True)
    )
    assert told == {opd_operator.pk, opd_head.pk}


def test_a_comment_on_an_indicator_not_asked_about_is_refused(asked, evaluator):
    with pytest.raises(ValidationError) as refused:
        comment_asistensi(asistensi=asked, indicator="II.1", text="Catatan.", by=evaluator)

    assert refused.value.message_dict == {
        "indicator": ["Beri catatan pada salah satu indikator yang diminta unit."]
    }


def test_the_opd_closes_it_and_no_comment_follows(asked, opd_operator, evaluator):
    close_asistensi(asistensi=asked, by=opd_operator)

    asked.refresh_from_db()
    assert (asked.status, asked.closed_by) == ("closed", opd_operator)
    with pytest.raises(ValidationError):
        comment_asistensi(asistensi=asked, indicator="I.1", text="Terlambat.", by=evaluator)


def test_once_submitted_the_comments_belong_to_the_review(
    asked, assessment, opd_operator, opd_head, evaluator
):
    to_desk_review(
        assessment, operator=opd_operator, head=opd_head, answers={"I.1": "A", "I.2": "90", "II.1": "85"}
    )

    with pytest.raises(ValidationError) as refused:
        comment_asistensi(asistensi=asked, indicator="I.1", text="Catatan.", by=evaluator)

    assert refused.value.messages == [
        "Unit telah menyampaikan penilaian mandirinya: catatan sekarang menjadi bagian dari reviu."
    ]


def test_the_whole_round_through_the_pages(client, assessment, team, opd_operator, evaluator):
    client.force_login(opd_operator)
    request_url = reverse(
        "clinic:asistensi-request", args=["kota-kendari", assessment.period_id, assessment.pk]
    )
    response = client.post(request_url, {"indicators": ["I.1"], "note": "Mohon ditelaah."})
    asistensi = Asistensi.objects.get()
    assert response.url == reverse("clinic:asistensi", args=["kota-kendari", asistensi.pk])

    client.force_login(evaluator)
    commented = client.post(
        reverse("clinic:asistensi-comment", args=["kota-kendari", asistensi.pk]),
        {"indicator": "I.1", "text": "Tambahkan notulen rapat tim."},
    )
    assert commented.status_code == 302

    client.force_login(opd_operator)
    page = client.get(response.url).content.decode()
    assert "Tambahkan notulen rapat tim." in page
    closed = client.post(reverse("clinic:asistensi-close", args=["kota-kendari", asistensi.pk]))
    assert closed.status_code == 302
    asistensi.refresh_from_db()
    assert asistensi.status == "closed"


def test_the_comments_show_in_the_units_worksheet_and_not_in_another_units(
    client, asked, period, evaluator, opd_operator, outsider_opd_operator
):
    comment_asistensi(asistensi=asked, indicator="I.1", text="Lampirkan SK tim RB.", by=evaluator)
    client.force_login(opd_operator)

    own = client.get(reverse("evaluations:worksheet", args=["kota-kendari", period.pk, asked.assessment_id]))
    client.force_login(outsider_opd_operator)
    dikbud = period.assessments.get(unit__code="dikbud")
    other = client.get(reverse("evaluations:worksheet", args=["kota-kendari", period.pk, dikbud.pk]))

    text = own.content.decode()
    indicator = text[text.index('id="i-I_1"') :]
    assert "Asistensi (bukan reviu, tidak dinilai)" in indicator[: indicator.index("</article>")]
    assert "Lampirkan SK tim RB." in indicator
    assert "Lampirkan SK tim RB." not in other.content.decode()


def test_the_request_page_says_beforehand_that_the_window_has_closed(client, assessment, opd_operator):
    PhaseWindow.objects.filter(period=assessment.period, phase="self_assessment").update(
        starts_at=timezone.now() - timedelta(days=10), ends_at=timezone.now() - timedelta(days=1)
    )
    client.force_login(opd_operator)

    page = client.get(
        reverse("clinic:asistensi-request", args=["kota-kendari", assessment.period_id, assessment.pk])
    ).content.decode()

    assert 'role="alert"' in page
    assert "ditutup" in page
