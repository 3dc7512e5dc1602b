"""The actions that write a score hold the typed value to the pinned instrument themselves: a caller that
skips the form (a script, the demo, a feed) cannot store what the form would refuse."""

import pytest
from django.core.exceptions import ValidationError

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.appeals import decide_appeal, file_appeal, release_preliminary_results
from nyata.evaluations.actions.reviews import save_review
from nyata.evaluations.models import Answer, Appeal, Assessment, Review

# (indicator, a value already typed, what the action says): the small instrument's rules.
REFUSED = [
    ("I.1", "D", "Pilih salah satu pilihan jawaban."),
    ("I.1", {"number": "1"}, "Pilih salah satu pilihan jawaban."),
    ("I.2", {"number": "100.5"}, "Persentase berada di antara 0 dan 100."),
    ("I.2", {"number": "-1"}, "Persentase berada di antara 0 dan 100."),
    ("II.1", {"number": "24"}, "Jawaban harus berada di antara 25 dan 100."),
    ("II.1", {"number": "lima puluh"}, "Jawaban harus berupa angka."),
    ("II.1", "na", "Indikator ini tidak dapat dinyatakan tidak berlaku."),
]


@pytest.mark.parametrize(("code", "value", "message"), REFUSED)
def test_save_answer_refuses_a_typed_value_the_indicator_does_not_accept(
    assessment, opd_operator, code, value, message
):
    with pytest.raises(ValidationError) as refused:
        save_answer(
            assessment=assessment,
            indicator=code,
            value=value,
            explanation="",
            base_revision=0,
            by=opd_operator,
        )
    assert refused.value.messages == [message]
    assert not Answer.objects.exists()


@pytest.mark.parametrize(("code", "value", "message"), REFUSED)
def test_save_review_refuses_a_typed_adjusted_score_the_indicator_does_not_accept(
    desk, team, code, value, message
):
    with pytest.raises(ValidationError) as refused:
        save_review(
            assessment=desk,
            indicator=code,
            tier="evaluator",
            verdict="adjusted",
            value=value,
            note="",
            base_revision=0,
            by=team["evaluator"],
        )
    assert refused.value.messages == [message]
    assert not Review.objects.exists()


@pytest.mark.parametrize(("code", "value", "message"), REFUSED)
def test_decide_appeal_refuses_a_typed_new_score_the_indicator_does_not_accept(
    desk, team, opd_head, inspektorat_admin, code, value, message
):
    Assessment.objects.filter(period=desk.period).update(status=Assessment.Status.REVIEWED)
    release_preliminary_results(period=desk.period, by=inspektorat_admin)
    desk.period.refresh_from_db()
    appeal = file_appeal(assessment=desk, indicator=code, reason="Bukti lengkap.", by=opd_head)
    with pytest.raises(ValidationError) as refused:
        decide_appeal(appeal=appeal, accept=True, value=value, reason="", by=team["ketua_tim"])
    assert refused.value.messages == [message]
    appeal.refresh_from_db()
    assert (appeal.decision, appeal.new_value) == (Appeal.Decision.PENDING, None)
