"""Finalisation keeps the database's write lock short and stays all or nothing in meaning.

The engine scores outside any transaction; one last short transaction checks again, scores again only what
changed meanwhile, stores every result, marks every unit finalised and locks the period. A crash before that
last step leaves everything as it was and finalising again completes it; a crash in it rolls it back whole.
No result ever exists for a unit that is not finalised.
"""

import pytest
from django.db import connection

from nyata.evaluations.actions import finalise
from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.models import Assessment, Event, Period, Result, Review

pytestmark = pytest.mark.django_db


@pytest.fixture
def released(reviewed, inspektorat_admin):
    """Both units reviewed and their preliminary results released: ready to be finalised."""
    release_preliminary_results(period=reviewed, by=inspektorat_admin)
    reviewed.refresh_from_db()
    return reviewed


class Crash(BaseException):
    """A worker dying: no `except Exception` catches it."""


def test_the_engine_scores_outside_every_transaction_and_the_results_are_stored_in_one_short_one(
    released, inspektorat_admin, monkeypatch
):
    scored_at, stored_at = [], []
    real_score = finalise.score

    def spy_score(assessment, values):
        scored_at.append(len(connection.atomic_blocks))
        return real_score(assessment, values)

    real_bulk_create = Result.objects.bulk_create

    def spy_bulk_create(results, *args, **kwargs):
        # Under pytest the test itself runs in a transaction: one level deeper is the action's own.
        stored_at.append((len(connection.atomic_blocks), len(results)))
        return real_bulk_create(results, *args, **kwargs)

    monkeypatch.setattr(finalise, "score", spy_score)
    monkeypatch.setattr(Result.objects, "bulk_create", spy_bulk_create)
    outer = len(connection.atomic_blocks)
    finalise.finalise_period(period=released, by=inspektorat_admin)
    assert scored_at == [outer] * 4  # final and proposed, for two units: none inside a transaction
    assert stored_at == [(outer + 1, 2)]  # both results in one statement of the last short transaction
    assert Period.objects.get(pk=released.pk).is_locked


def test_a_crash_while_scoring_leaves_everything_as_it_was_and_finalising_again_completes_it(
    released, inspektorat_admin, monkeypatch
):
    real = finalise._scored
    scored = []

    def crash_on_second(assessment, final):
        if scored:
            raise Crash
        scored.append(assessment.pk)
        return real(assessment, final)

    monkeypatch.setattr(finalise, "_scored", crash_on_second)
    with pytest.raises(Crash):
        finalise.finalise_period(period=released, by=inspektorat_admin)
    period = Period.objects.get(pk=released.pk)
    assert not period.is_locked
    assert set(period.assessments.values_list("status", flat=True)) == {"reviewed"}
    assert not Event.objects.filter(kind="finalised").exists()
    assert not Result.objects.exists()

    monkeypatch.setattr(finalise, "_scored", real)
    finalise.finalise_period(period=period, by=inspektorat_admin)
    period.refresh_from_db()
    assert period.is_locked
    assert set(period.assessments.values_list("status", flat=True)) == {"finalised"}
    assert Result.objects.count() == 2
    assert Event.objects.filter(kind="finalised").count() == 2


def test_a_unit_whose_values_changed_before_the_lock_is_scored_again(
    released, inspektorat_admin, monkeypatch
):
    dinkes = released.assessments.get(unit__code="dinkes")
    real_lock = Period.objects.select_for_update

    def change_then_lock(*args, **kwargs):
        # Between the drafts and the last step, an evaluator's score changes (as every save does: a new
        # revision at a new time).
        review = Review.objects.get(assessment=dinkes, indicator="II.1", tier="evaluator")
        review.value, review.revision = {"number": "100"}, review.revision + 1
        review.save()
        return real_lock(*args, **kwargs)

    monkeypatch.setattr(Period.objects, "select_for_update", change_then_lock)
    finalise.finalise_period(period=released, by=inspektorat_admin)
    result = Result.objects.get(assessment=dinkes)
    assert result.final_values["II.1"] == {"number": "100"}
    assert result.detail["nodes"]["II.1"]["score"] == 40.0  # full marks: (100 - 25) / 75 of weight 40


def test_a_crash_in_the_last_step_rolls_it_back_whole(released, inspektorat_admin, monkeypatch):
    def crash(*args, **kwargs):
        raise Crash

    monkeypatch.setattr(finalise, "notify", crash)
    with pytest.raises(Crash):
        finalise.finalise_period(period=released, by=inspektorat_admin)
    period = Period.objects.get(pk=released.pk)
    assert not period.is_locked
    assert set(Assessment.objects.filter(period=period).values_list("status", flat=True)) == {"reviewed"}
    assert not Event.objects.filter(kind="finalised").exists()
    assert not Result.objects.exists()

    monkeypatch.undo()
    finalise.finalise_period(period=period, by=inspektorat_admin)
    assert Period.objects.get(pk=period.pk).is_locked
