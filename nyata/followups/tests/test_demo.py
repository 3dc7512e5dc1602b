"""The demo: the 2024 recommendations followed up in every state, and the 2025 action plans of every OPD
and unit pengampu approved, realised for TW I-III and desk-reviewed; loading again changes nothing."""

from collections import Counter
from datetime import timedelta
from io import StringIO

from nyata.evaluations.feeds import read
from nyata.evaluations.models import Answer, Event, Period, Recommendation
from nyata.evaluations.tests.admin.test_demo import demo  # noqa: F401  (the module-scoped demo city)
from nyata.followups import demo as followup_demo
from nyata.followups import queries
from nyata.followups.dates import today_in
from nyata.followups.models import ActionPlan, DeskReview, Item, Realisation, Schedule
from nyata.org.models import Unit


def test_the_demo_follows_up_every_2024_recommendation_and_plans_2025(demo, db):  # noqa: F811
    followup_demo.load_demo(instansi=demo, stdout=StringIO())
    assert (
        Item.objects.count() == Recommendation.objects.filter(finding__assessment__period__year=2024).count()
    )
    states = Counter(Item.objects.values_list("stage", "status"))
    assert set(states) == {
        ("with_opd", "not_started"),
        ("with_opd", "in_progress"),
        ("verifying", "not_started"),
        ("closed", "done"),
        ("closed", "cannot"),
        ("approval", "cannot"),
    }
    own = Item.objects.filter(unit__code__in=["dinkes", "dikbud"], stage="with_opd", status="not_started")
    assert own.count() >= 4  # left for the demo's own people to report
    # Dates follow the day the demo is loaded: most open items are not due yet, some are overdue.
    today = today_in(demo)
    assert Schedule.objects.get().default_due == today + timedelta(days=45)
    units, city = queries.completion(Item.objects.all(), today)
    assert city.not_due > city.overdue > 0
    assert city.ageing[0] > 0  # 1-30 days past due
    assert city.ageing[1] > 0  # 31-90 days
    assert city.ageing[2:] == [0, 0]
    units = Unit.objects.filter(instansi=demo, kind__in=["opd", "pengampu"]).count()
    assert ActionPlan.objects.filter(year=2025, status="approved").count() == units
    assert set(Realisation.objects.values_list("quarter", flat=True)) == {1, 2, 3}
    assert DeskReview.objects.count() == units * 3
    before = (Item.objects.count(), ActionPlan.objects.count(), Realisation.objects.count())
    followup_demo.load_demo(instansi=demo, stdout=StringIO())
    assert (Item.objects.count(), ActionPlan.objects.count(), Realisation.objects.count()) == before


def test_the_demo_2025_worksheets_take_follow_up_and_action_plan_from_the_demos_own_records(
    demo,  # noqa: F811
    db,
):
    followup_demo.load_demo(instansi=demo, stdout=StringIO())
    period = Period.objects.get(instansi=demo, year=2025)
    assert period.instrument.version == "2025.3"
    assessments = list(period.assessments.select_related("period__instansi", "unit"))
    answers = {
        (a.assessment.unit.code, a.indicator): a.value
        for a in Answer.objects.filter(
            assessment__period=period, indicator__in=["I.A.4.1.b", "I.C.2.1.a"]
        ).select_related("assessment__unit")
    }
    for assessment in assessments:
        follow_up = read(assessment, "follow-up")
        plan = read(assessment, "action-plan")
        # Every OPD had recommendations in 2024 and an approved 2025 plan: both are real figures.
        assert follow_up.value is not None, assessment.unit.code
        assert plan.detail.counted == ("TW I", "TW II", "TW III")
        assert plan.detail.waiting == ("TW IV",)
        assert answers[(assessment.unit.code, "I.A.4.1.b")] == {"number": str(follow_up.value)}
        assert answers[(assessment.unit.code, "I.C.2.1.a")] == {"number": str(plan.value)}
    shares = {answers[(a.unit.code, "I.C.2.1.a")]["number"] for a in assessments}
    assert len(shares) > 1  # about one target in four falls short, unevenly
    assert Event.objects.filter(assessment__period=period, kind="filled_from_follow_up").count() == len(
        assessments
    )
