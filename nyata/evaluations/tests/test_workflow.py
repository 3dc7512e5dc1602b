"""The whole path of an assessment through the actions: answer, submit, approve, review in tiers, finalise."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from nyata.evaluations import values
from nyata.evaluations.actions.answers import AnswerConflict, save_answer
from nyata.evaluations.actions.appeals import decide_appeal, file_appeal, release_preliminary_results
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.actions.periods import extend_window
from nyata.evaluations.actions.reviews import (
    approve_as_ketua,
    approve_as_pengendali,
    save_review,
    submit_to_ketua,
    verify_indicator,
)
from nyata.evaluations.actions.submission import SubmissionBlocked, approve_submission, submit_assessment
from nyata.evaluations.guards import PeriodLocked, WindowClosed
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Answer, Assessment, Event, Evidence, PhaseWindow, Result


def _answer(assessment, by, code, value):
    current = Answer.objects.filter(assessment=assessment, indicator=code).first()
    return save_answer(
        assessment=assessment,
        indicator=code,
        value=value,
        explanation="",
        base_revision=current.revision if current else 0,
        by=by,
    )


def _attach(assessment, by, indicator, item):
    return Evidence.objects.create(
        assessment=assessment,
        indicator=indicator,
        item=item,
        kind="link",
        url="https://kendari.example/dok.pdf",
        name="Dokumen",
        uploaded_by=by,
    )


def _answer_all(assessment, operator):
    _answer(assessment, operator, "I.1", value="B")
    _answer(assessment, operator, "I.2", value={"number": "80"})
    _answer(assessment, operator, "II.1", value={"number": "85"})
    _attach(assessment, operator, "I.1", "dok-renaksi")


def _review_all(assessment, evaluator):
    for code in ("I.1", "I.2", "II.1"):
        save_review(
            assessment=assessment,
            indicator=code,
            tier="evaluator",
            verdict="agree",
            value=None,
            note="",
            base_revision=0,
            by=evaluator,
        )


def test_opening_a_period_creates_one_assessment_per_participating_unit(period, city):
    assert sorted(period.assessments.values_list("unit__code", flat=True)) == ["dikbud", "dinkes"]
    assert set(period.assessments.values_list("status", flat=True)) == {"self_assessment"}


def test_an_answer_outside_the_indicators_range_is_refused_and_nothing_is_saved(assessment, opd_operator):
    with pytest.raises(ValidationError, match="antara 25 dan 100"):
        _answer(assessment, opd_operator, "II.1", value={"number": "120"})
    with pytest.raises(ValidationError):
        _answer(assessment, opd_operator, "I.1", value="Z")
    with pytest.raises(ValidationError):
        _answer(assessment, opd_operator, "II.1", value="na")  # II.1 does not allow not applicable
    assert Answer.objects.count() == 0


def test_a_second_person_saving_from_an_older_revision_gets_a_conflict_with_both_values(
    assessment, opd_operator, opd_head
):
    first = _answer(assessment, opd_operator, "I.2", value={"number": "70"})
    with pytest.raises(AnswerConflict) as conflict:
        save_answer(
            assessment=assessment,
            indicator="I.2",
            value={"number": "90"},
            explanation="",
            base_revision=0,
            by=opd_head,
        )
    assert conflict.value.current.value == {"number": "70"}
    assert conflict.value.submitted == {"number": "90"}
    assert Answer.objects.get(pk=first.answer.pk).value == {"number": "70"}


def test_decimal_commas_are_read_as_decimals(assessment, opd_operator):
    node = indicators_of(assessment.period.instrument)["I.2"]
    saved = _answer(assessment, opd_operator, "I.2", value=values.from_form(node, {"value": "87,5"}))
    assert saved.answer.value == {"number": "87.5"}


def test_submission_is_blocked_listing_each_missing_answer_and_required_evidence(assessment, opd_operator):
    _answer(assessment, opd_operator, "I.1", value="A")
    with pytest.raises(SubmissionBlocked) as blocked:
        submit_assessment(assessment=assessment, by=opd_operator)
    assert [(g.indicator, g.item) for g in blocked.value.gaps] == [
        ("I.1", "dok-renaksi"),
        ("I.2", ""),
        ("II.1", ""),
    ]
    assert Assessment.objects.get(pk=assessment.pk).status == "self_assessment"


def test_a_not_applicable_indicator_needs_no_evidence(assessment, opd_operator):
    _answer_all(assessment, opd_operator)
    _answer(assessment, opd_operator, "I.2", value="na")
    submit_assessment(assessment=assessment, by=opd_operator)
    assert Assessment.objects.get(pk=assessment.pk).status == "awaiting_head"


def test_writes_outside_the_window_are_refused_with_when_it_closed(assessment, opd_operator):
    PhaseWindow.objects.filter(period=assessment.period, phase="self_assessment").update(
        starts_at=timezone.now() - timedelta(days=5), ends_at=timezone.now() - timedelta(days=1)
    )
    with pytest.raises(WindowClosed, match="ditutup pada"):
        _answer(assessment, opd_operator, "I.1", value="A")


def test_an_extension_for_one_unit_reopens_its_window_only_and_is_on_its_timeline(
    period, city, opd_operator, inspektorat_admin
):
    PhaseWindow.objects.filter(period=period, phase="self_assessment").update(
        starts_at=timezone.now() - timedelta(days=5), ends_at=timezone.now() - timedelta(days=1)
    )
    extend_window(
        period=period,
        unit=city.units["dinkes"],
        phase="self_assessment",
        ends_at=timezone.now() + timedelta(days=2),
        reason="Server OPD rusak",
        by=inspektorat_admin,
    )
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    dikbud = period.assessments.get(unit=city.units["dikbud"])
    _answer(dinkes, opd_operator, "I.1", value="A")
    with pytest.raises(WindowClosed):
        _answer(dikbud, opd_operator, "I.1", value="A")
    assert (
        Event.objects.filter(assessment=dinkes, kind="window_extended")
        .get()
        .note.endswith("Server OPD rusak")
    )


def test_the_full_path_keeps_every_tier_and_finalises_with_the_engine(
    assessment, opd_operator, opd_head, team, pengampu_verifier, inspektorat_admin
):
    _answer_all(assessment, opd_operator)
    submit_assessment(assessment=assessment, by=opd_operator)
    approve_submission(assessment=assessment, by=opd_head)
    _review_all(assessment, team["evaluator"])
    with pytest.raises(ValidationError, match="I.1"):  # the pengampu has not verified I.1 yet
        submit_to_ketua(assessment=assessment, by=team["evaluator"])
    verify_indicator(
        assessment=assessment,
        indicator="I.1",
        is_valid=True,
        note="",
        areas=frozenset({"kelembagaan"}),
        by=pengampu_verifier,
    )
    submit_to_ketua(assessment=assessment, by=team["evaluator"])
    # The ketua adjusts II.1 down; the pengendali approves without changes.
    save_review(
        assessment=assessment,
        indicator="II.1",
        tier="ketua_tim",
        verdict="adjusted",
        value={"number": "70"},
        note="Data survei belum lengkap",
        base_revision=0,
        by=team["ketua_tim"],
    )
    approve_as_ketua(assessment=assessment, by=team["ketua_tim"])
    approve_as_pengendali(assessment=assessment, by=team["pengendali_teknis"])
    period = assessment.period
    dikbud = period.assessments.exclude(pk=assessment.pk).get()
    Assessment.objects.filter(pk=dikbud.pk).update(status="reviewed")
    release_preliminary_results(period=period, by=inspektorat_admin)
    appeal = file_appeal(
        assessment=assessment, indicator="II.1", reason="Survei lengkap, lihat lampiran", by=opd_head
    )
    decide_appeal(
        appeal=appeal, accept=True, value={"number": "80"}, reason="Bukti diterima", by=team["ketua_tim"]
    )
    finalise_period(period=period, by=inspektorat_admin)

    result = Result.objects.get(assessment=assessment)
    # I.1 = B -> 30 * 0.5 = 15; I.2 = 80% -> 30 * 0.8 = 24; I = 39 of 60.
    # II.1 = 80 after the appeal -> 40 * (80 - 25) / 75 = 29.333.. ; total 68.33 -> KURANG (below 70).
    assert (result.total, result.max_total, result.predicate) == (
        Decimal("68.33"),
        Decimal("100.00"),
        "KURANG",
    )
    # The OPD's own answers: II.1 = 85 -> 40 * 60 / 75 = 32; total 71.00 -> BAIK.
    assert result.proposed_total == Decimal("71.00")
    assert result.final_values["II.1"] == {"number": "80"}
    assert result.engine_version == "1.0"
    kinds = list(
        Event.objects.filter(assessment=assessment).order_by("at", "pk").values_list("kind", flat=True)
    )
    assert kinds[-6:] == [
        "approved_by_ketua",
        "approved_by_pengendali",
        "preliminary_released",
        "appeal_filed",
        "appeal_accepted",
        "finalised",
    ]


def test_a_locked_period_refuses_every_write(assessment, opd_operator, inspektorat_admin):
    period = assessment.period
    period.assessments.update(status="reviewed")
    release_preliminary_results(period=period, by=inspektorat_admin)
    finalise_period(period=period, by=inspektorat_admin)
    with pytest.raises(PeriodLocked):
        _answer(assessment, opd_operator, "I.1", value="A")
    with pytest.raises(PeriodLocked):
        finalise_period(period=period, by=inspektorat_admin)
