"""`nyata demo` builds a finished 2024 period of all 27 OPD and an open 2025 one started from it."""

import re
from collections import Counter
from io import StringIO

import pytest
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from nyata.evaluations.demo import periods as demo_data
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import (
    Answer,
    Appeal,
    Clarification,
    Evidence,
    Finding,
    Period,
    Recommendation,
    Result,
    Verification,
)
from nyata.instruments import demo_data as instrument_demo
from nyata.org.demo import DEFAULT_CITY, load_city, read_city

FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]


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
    # Each answered by an operator of the clarified OPD itself (the demo city gives several OPD an operator).
    for clarification in Clarification.objects.select_related("assessment__unit", "answered_by"):
        assert clarification.answered_by.username == f"operator.{clarification.assessment.unit.code}"
    assert current.previous == finished
    assert not current.is_locked
    assert set(current.assessments.values_list("status", flat=True)) == {"self_assessment"}
    partly = Counter(
        Answer.objects.filter(assessment__period=current).values_list("assessment__unit__code", flat=True)
    )
    assert set(partly) == {"dikbud", "dinkes", "dpupr"}
    assert (finished.instrument.version, current.instrument.version) == ("2024.2", "2025.3")
    before = (Period.objects.count(), Answer.objects.count(), Result.objects.count())
    demo_data.load_demo(instansi=instansi, stdout=out)
    assert (Period.objects.count(), Answer.objects.count(), Result.objects.count()) == before


class _RolledBack(Exception):
    pass


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo city, instruments and periods, loaded once for the tests below and rolled back after them."""
    with django_db_blocker.unblock(), override_settings(PASSWORD_HASHERS=FAST_HASHER):
        try:
            with transaction.atomic():
                instansi, _logins = load_city(read_city(DEFAULT_CITY))
                instrument_demo.load_demo(instansi=instansi, stdout=StringIO())
                demo_data.load_demo(instansi=instansi, stdout=StringIO())
                yield instansi
                raise _RolledBack
        except _RolledBack:
            pass


def test_every_published_2024_result_has_a_finding_per_component_written_from_its_own_scores(demo, db):
    finished = Period.objects.get(year=2024)
    components = ["I.A", "I.B", "I.C", "II.A", "II.B"]
    for assessment in finished.assessments.all():
        assert sorted(assessment.findings.values_list("node", flat=True)) == components, assessment.unit
    conditions = set(Finding.objects.values_list("condition", flat=True))
    recommendations = set(Recommendation.objects.values_list("text", flat=True))
    assert not Finding.objects.filter(recommendations=None).exists()
    assert not Finding.objects.filter(Q(criteria="") | Q(cause="") | Q(effect="")).exists()
    assert len(conditions) > 27 * 4  # units read their own kondisi (two may reach the same figures)
    assert len(recommendations) >= 12  # each addresses the unit's weakest part
    shares = [share for text in conditions for share in re.findall(r"\d+[.,]\d%", text)]
    assert shares
    assert [share for share in shares if "." in share] == []  # 72,5% as Bahasa Indonesia writes it


def test_each_pengampu_indicator_of_2024_is_verified_by_its_own_area_verifier(demo, db):
    finished = Period.objects.get(year=2024)
    area_of = {
        node.code: node.pengampu for node in definition_of(finished.instrument).leaves() if node.pengampu
    }
    verified = Verification.objects.filter(assessment__period=finished).values_list(
        "indicator", "verified_by__memberships__unit__pengampu_area"
    )
    assert {area_of[indicator] == area for indicator, area in verified} == {True}
    assert set(area_of.values()) == {"kelembagaan", "sdm-aparatur", "perencanaan", "spbe"}
    hosts = {url.split("/")[2] for url in Evidence.objects.values_list("url", flat=True) if url}
    assert hosts == {"data.kendari.example"}
