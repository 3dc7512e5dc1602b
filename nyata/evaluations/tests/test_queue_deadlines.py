"""When queued work is due: the end of the first window of its phases that has not closed for the unit (an
extension included), or the last one, late, once all have closed."""

from datetime import timedelta

from django.utils import timezone

from nyata.evaluations.actions.periods import extend_window
from nyata.evaluations.models import PhaseWindow
from nyata.evaluations.queries.queues.items import REVIEW, SELF_ASSESSMENT, Deadlines


def _set(period, phase, starts, ends):
    PhaseWindow.objects.filter(period=period, phase=phase).update(starts_at=starts, ends_at=ends)


def test_review_work_is_due_by_the_desk_review_then_by_the_clarification_window(period, city):
    now = timezone.now()
    dinkes = city.units["dinkes"].pk
    desk_end, clarification_end = now + timedelta(days=2), now + timedelta(days=9)
    _set(period, "desk_review", now - timedelta(days=5), desk_end)
    _set(period, "clarification", now - timedelta(days=1), clarification_end)
    assert Deadlines([period]).due(period, REVIEW, dinkes, now) == (desk_end, False)
    later = now + timedelta(days=3)  # the desk review closed, the clarification window still runs
    assert Deadlines([period]).due(period, REVIEW, dinkes, later) == (clarification_end, False)
    after = now + timedelta(days=10)
    assert Deadlines([period]).due(period, REVIEW, dinkes, after) == (clarification_end, True)


def test_an_extension_holds_for_its_unit_only(period, city, inspektorat_admin):
    now = timezone.now()
    end = now + timedelta(days=1)
    _set(period, "self_assessment", now - timedelta(days=5), end)
    extended = end + timedelta(days=6)
    extend_window(
        period=period,
        unit=city.units["dinkes"],
        phase="self_assessment",
        ends_at=extended,
        reason="Banjir",
        by=inspektorat_admin,
    )
    deadlines = Deadlines([period])
    assert deadlines.due(period, SELF_ASSESSMENT, city.units["dinkes"].pk, now) == (extended, False)
    assert deadlines.due(period, SELF_ASSESSMENT, city.units["dikbud"].pk, now) == (end, False)
    assert deadlines.due(period, SELF_ASSESSMENT, None, now) == (end, False)


def test_work_without_a_window_has_no_due_date_and_is_not_late(period, city):
    PhaseWindow.objects.filter(period=period).delete()
    assert Deadlines([period]).due(period, REVIEW, city.units["dinkes"].pk, timezone.now()) == (None, False)
