"""The demo: the 2024 recommendations followed up in every state, and the 2025 action plans of every OPD
and unit pengampu approved, realised for TW I-III and desk-reviewed; loading again changes nothing."""

from collections import Counter
from io import StringIO

from nyata.evaluations.models import Recommendation
from nyata.evaluations.tests.admin.test_demo import demo  # noqa: F401  (the module-scoped demo city)
from nyata.followups import demo as followup_demo
from nyata.followups.models import ActionPlan, DeskReview, Item, Realisation
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
    units = Unit.objects.filter(instansi=demo, kind__in=["opd", "pengampu"]).count()
    assert ActionPlan.objects.filter(year=2025, status="approved").count() == units
    assert set(Realisation.objects.values_list("quarter", flat=True)) == {1, 2, 3}
    assert DeskReview.objects.count() == units * 3
    before = (Item.objects.count(), ActionPlan.objects.count(), Realisation.objects.count())
    followup_demo.load_demo(instansi=demo, stdout=StringIO())
    assert (Item.objects.count(), ActionPlan.objects.count(), Realisation.objects.count()) == before
