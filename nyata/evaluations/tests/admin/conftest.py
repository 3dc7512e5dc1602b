"""Periods carried through review to the reviewed stage (and finalised), for the admin and results side."""

import pytest

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.actions.periods import assign_team_member
from nyata.evaluations.actions.reviews import (
    approve_as_ketua,
    approve_as_pengendali,
    submit_to_ketua,
    verify_indicator,
)
from nyata.evaluations.tests.review.conftest import answer, link, review
from nyata.org.tests.factories import person_with_role


def to_desk_review(assessment, *, operator, head, answers, explanations=None):
    """Answer (with a link per indicator, the required one on I.1), submit and approve."""
    from nyata.evaluations.actions.submission import approve_submission, submit_assessment

    for code, value in answers.items():
        explanation = (explanations or {}).get(code, f"Penjelasan {code}")
        answer(assessment, operator, code, value=value, explanation=explanation)
        link(assessment, operator, code, item="dok-renaksi" if code == "I.1" else "", name=f"Bukti {code}")
    submit_assessment(assessment=assessment, by=operator)
    approve_submission(assessment=assessment, by=head)
    assessment.refresh_from_db()
    return assessment


def through_review(assessment, *, team, verifier, adjust=None):
    """Score every indicator (agreeing except `adjust`), verify I.1, approve in every tier."""
    scored_and_verified(assessment, team=team, verifier=verifier, adjust=adjust)
    submit_to_ketua(assessment=assessment, by=team["evaluator"])
    approve_as_ketua(assessment=assessment, by=team["ketua_tim"])
    approve_as_pengendali(assessment=assessment, by=team["pengendali_teknis"])
    assessment.refresh_from_db()
    return assessment


def scored_and_verified(assessment, *, team, verifier, adjust=None):
    """The evaluator's score on every indicator (agreeing except `adjust`) and the pengampu's I.1: ready
    to be handed to the ketua tim."""
    for code in ("I.1", "I.2", "II.1"):
        if adjust and code in adjust:
            review(
                assessment,
                team["evaluator"],
                code,
                verdict="adjusted",
                data={"value": adjust[code]},
                note="Data dukung belum menunjukkan capaian penuh.",
            )
        else:
            review(assessment, team["evaluator"], code)
    verify_indicator(
        assessment=assessment,
        indicator="I.1",
        is_valid=True,
        note="",
        areas=frozenset({"kelembagaan"}),
        by=verifier,
    )
    return assessment


def carry_through(assessment, *, operator, head, team, verifier, answers, adjust=None, explanations=None):
    to_desk_review(assessment, operator=operator, head=head, answers=answers, explanations=explanations)
    return through_review(assessment, team=team, verifier=verifier, adjust=adjust)


@pytest.fixture
def dikbud_head(city):
    return person_with_role(city, role="opd_head", unit_code="dikbud", username="kepala.dikbud")


@pytest.fixture
def reviewed(
    period,
    assessment,
    team,
    opd_operator,
    opd_head,
    outsider_opd_operator,
    dikbud_head,
    pengampu_verifier,
    inspektorat_admin,
):
    """Both units of the period reviewed: Dinkes (II.1 adjusted down to 70) ahead of Dikbud."""
    carry_through(
        assessment,
        operator=opd_operator,
        head=opd_head,
        team=team,
        verifier=pengampu_verifier,
        answers={"I.1": "A", "I.2": "90", "II.1": "85"},
        adjust={"II.1": "70"},
    )
    dikbud = period.assessments.get(unit__code="dikbud")
    for tier, person in team.items():
        assign_team_member(assessment=dikbud, user=person, tier=tier, by=inspektorat_admin)
    carry_through(
        dikbud,
        operator=outsider_opd_operator,
        head=dikbud_head,
        team=team,
        verifier=pengampu_verifier,
        answers={"I.1": "C", "I.2": "40", "II.1": "50"},
    )
    period.refresh_from_db()
    return period


@pytest.fixture
def finalised(reviewed, inspektorat_admin):
    release_preliminary_results(period=reviewed, by=inspektorat_admin)
    return finalise_period(period=reviewed, by=inspektorat_admin)
