"""`nyata demo` builds a finished 2024 period of all 27 OPD and an open 2025 one started from it."""

from collections import Counter
from io import StringIO

from nyata.evaluations.demo import periods as demo_data
from nyata.evaluations.models import Answer, Appeal, Clarification, Finding, Period, Result
from nyata.instruments import demo_data as instrument_demo
from nyata.org.demo import DEFAULT_CITY, load_city, read_city


def test_the_demo_finishes_2024_for_every_opd_and_opens_2025_and_runs_twice_unchanged(db):
    instansi, _logins = load_city(read_city(DEFAULT_CITY))
    out = StringIO()
    instrument_demo.load_demo(instansi=instansi, stdout=out)
    demo_data.load_demo(instansi=instansi, stdout=out)
    finished = Period.objects.get(year=2024)
    current = Period.objects.get(year=2025)
    assert finished.is_locked
    assert finished.finalised_at.year == 2024
    assert Result.objects.filter(assessment__period=finished).count() == 27
    assert len(Counter(Result.objects.values_list("predicate", flat=True))) >= 4  # varied, plausible
    assert Appeal.objects.filter(decision="accepted").count() == 1
    assert Clarification.objects.filter(status="closed").count() == 2
    assert Finding.objects.exists()
    assert current.previous == finished
    assert not current.is_locked
    assert set(current.assessments.values_list("status", flat=True)) == {"self_assessment"}
    partly = Counter(
        Answer.objects.filter(assessment__period=current).values_list("assessment__unit__code", flat=True)
    )
    assert set(partly) == {"dikbud", "dinkes", "dpupr"}
    before = (Period.objects.count(), Answer.objects.count(), Result.objects.count())
    demo_data.load_demo(instansi=instansi, stdout=out)
    assert (Period.objects.count(), Answer.objects.count(), Result.objects.count()) == before
