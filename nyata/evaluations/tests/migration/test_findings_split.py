"""Findings written before kriteria, sebab, akibat and several rekomendasi existed keep every word: each
finding's rekomendasi text becomes its first Recommendation, with its past versions, and going back joins
them again."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

BEFORE = [("evaluations", "0005_assessment_head_notes")]
AFTER = [("evaluations", "0006_findings_with_criteria_and_recommendations")]


def _latest():
    executor = MigrationExecutor(connection)
    return executor.loader.graph.leaf_nodes()


def _migrate(target):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(target)
    return executor.loader.project_state(target).apps


@pytest.fixture
def old_finding(transactional_db, city, evaluator):
    apps = _migrate(BEFORE)
    Instrument = apps.get_model("instruments", "Instrument")
    Period = apps.get_model("evaluations", "Period")
    Assessment = apps.get_model("evaluations", "Assessment")
    Finding = apps.get_model("evaluations", "Finding")
    HistoricalFinding = apps.get_model("evaluations", "HistoricalFinding")
    now = timezone.now()
    instrument = Instrument.objects.create(
        code="uji",
        version="2026.1",
        title="Uji",
        checksum="0" * 64,
        source="",
        status="published",
        loaded_at=now,
        published_at=now,
    )
    period = Period.objects.create(
        instansi_id=city.instansi.pk,
        year=2024,
        title="Evaluasi 2024",
        instrument=instrument,
    )
    assessment = Assessment.objects.create(period=period, unit_id=city.units["dinkes"].pk)
    finding = Finding.objects.create(
        assessment=assessment,
        node="I",
        condition="Kondisi lama",
        recommendation="Rekomendasi kedua",
        written_by_id=evaluator.pk,
    )
    for text in ("Rekomendasi pertama", "Rekomendasi kedua"):
        HistoricalFinding.objects.create(
            id=finding.pk,
            assessment_id=assessment.pk,
            node="I",
            condition="Kondisi lama",
            recommendation=text,
            written_by_id=evaluator.pk,
            written_at=now,
            history_date=now,
            history_type="~",
            history_user_id=evaluator.pk,
        )
    yield finding
    _migrate(_latest())


def test_every_rekomendasi_written_before_is_kept_with_its_past_versions(old_finding, evaluator):
    apps = _migrate(AFTER)
    Finding = apps.get_model("evaluations", "Finding")
    HistoricalRecommendation = apps.get_model("evaluations", "HistoricalRecommendation")
    finding = Finding.objects.get(pk=old_finding.pk)
    assert [(r.position, r.text) for r in finding.recommendations.all()] == [(1, "Rekomendasi kedua")]
    assert (finding.condition, finding.criteria, finding.cause, finding.effect) == (
        "Kondisi lama",
        "",
        "",
        "",
    )
    versions = HistoricalRecommendation.objects.filter(finding_id=finding.pk).order_by("history_id")
    assert [(v.text, v.history_user_id) for v in versions] == [
        ("Rekomendasi pertama", evaluator.pk),
        ("Rekomendasi kedua", evaluator.pk),
    ]


def test_going_back_joins_the_rekomendasi_into_one_text(old_finding):
    apps = _migrate(AFTER)
    Recommendation = apps.get_model("evaluations", "Recommendation")
    Recommendation.objects.create(finding_id=old_finding.pk, position=2, text="Rekomendasi ketiga")
    apps = _migrate(BEFORE)
    Finding = apps.get_model("evaluations", "Finding")
    assert Finding.objects.get(pk=old_finding.pk).recommendation == "Rekomendasi kedua\nRekomendasi ketiga"
