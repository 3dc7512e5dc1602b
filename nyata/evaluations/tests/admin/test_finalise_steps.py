"""Finalisation keeps the database's write lock short and stays all or nothing in meaning.

The engine scores outside any transaction and each result is stored in a short one; one last short
transaction checks the drafts, marks every assessment finalised and locks the period. A crash before that
last step leaves the period open (its drafts shown nowhere) and finalising again completes it; a crash in it
rolls it back whole.
"""

import pytest
from django.db import connection

from nyata.evaluations.actions import finalise
from nyata.evaluations.models import Assessment, Event, Period, Result, Review

pytestmark = pytest.mark.django_db


class Crash(BaseException):
    """A worker dying: no `except Exception` catches it."""


def test_the_engine_scores_outside_every_transaction_and_each_result_commits_on_its_own(
    reviewed, inspektorat_admin, monkeypatch
):
    scored_at, saves = [], []
    real_score = finalise.score

    def spy_score(assessment, values):
        scored_at.append(len(connection.atomic_blocks))
        return real_score(assessment, values)

    real_save = Result.save

    def spy_save(self, *args, **kwargs):
        # Under pytest the test itself runs in a transaction: one level deeper is the action's own.
        saves.append(len(connection.atomic_blocks))
        return real_save(self, *args, **kwargs)

    monkeypatch.setattr(finalise, "score", spy_score)
    monkeypatch.setattr(Result, "save", spy_save)
    outer = len(connection.atomic_blocks)
    finalise.finalise_period(period=reviewed, by=inspektorat_admin)
    assert scored_at == [outer] * 4  # final and proposed, for two units: none in a transaction of its own
    assert saves == [outer + 1, outer + 1]  # each result in a transaction of its own
    assert Period.objects.get(pk=reviewed.pk).is_locked


def test_a_crash_while_scoring_leaves_the_period_open_and_finalising_again_completes_it(
    reviewed, inspektorat_admin, monkeypatch
):
    real = finalise._store_draft
    stored = []

    def crash_on_second(assessment):
        if stored:
            raise Crash
        real(assessment)
        stored.append(assessment.pk)

    monkeypatch.setattr(finalise, "_store_draft", crash_on_second)
    with pytest.raises(Crash):
        finalise.finalise_period(period=reviewed, by=inspektorat_admin)
    period = Period.objects.get(pk=reviewed.pk)
    assert not period.is_locked
    assert set(period.assessments.values_list("status", flat=True)) == {"reviewed"}
    assert not Event.objects.filter(kind="finalised").exists()
    draft = Result.objects.get()  # one draft, shown nowhere while the period is open
    assert draft.assessment_id == stored[0]

    monkeypatch.setattr(finalise, "_store_draft", real)
    finalise.finalise_period(period=period, by=inspektorat_admin)
    period.refresh_from_db()
    assert period.is_locked
    assert set(period.assessments.values_list("status", flat=True)) == {"finalised"}
    assert Result.objects.count() == 2
    assert Result.objects.filter(pk=draft.pk).exists()  # the draft that still matched was kept
    assert Event.objects.filter(kind="finalised").count() == 2


def test_a_draft_whose_values_changed_before_the_lock_is_scored_again(
    reviewed, inspektorat_admin, monkeypatch
):
    dinkes = reviewed.assessments.get(unit__code="dinkes")
    real_lock = Period.objects.select_for_update

    def change_then_lock(*args, **kwargs):
        # Between the drafts and the last step, an evaluator's score changes (as every save does: a new
        # revision at a new time).
        review = Review.objects.get(assessment=dinkes, indicator="II.1", tier="evaluator")
        review.value, review.revision = {"number": "100"}, review.revision + 1
        review.save()
        return real_lock(*args, **kwargs)

    monkeypatch.setattr(Period.objects, "select_for_update", change_then_lock)
    finalise.finalise_period(period=reviewed, by=inspektorat_admin)
    result = Result.objects.get(assessment=dinkes)
    assert result.final_values["II.1"] == {"number": "100"}
    assert result.detail["nodes"]["II.1"]["score"] == 40.0  # full marks: (100 - 25) / 75 of weight 40


def test_a_crash_in_the_last_step_rolls_it_back_whole(reviewed, inspektorat_admin, monkeypatch):
    def crash(*args, **kwargs):
        raise Crash

    monkeypatch.setattr(finalise, "notify", crash)
    with pytest.raises(Crash):
        finalise.finalise_period(period=reviewed, by=inspektorat_admin)
    period = Period.objects.get(pk=reviewed.pk)
    assert not period.is_locked
    assert set(Assessment.objects.filter(period=period).values_list("status", flat=True)) == {"reviewed"}
    assert not Event.objects.filter(kind="finalised").exists()
    assert Result.objects.count() == 2  # the drafts stay, for the next attempt

    monkeypatch.undo()
    finalise.finalise_period(period=period, by=inspektorat_admin)
    assert Period.objects.get(pk=period.pk).is_locked
