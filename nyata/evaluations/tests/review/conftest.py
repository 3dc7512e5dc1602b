"""An assessment of Dinkes answered, with evidence, submitted and approved: at the evaluator's desk review."""

import hashlib

import pytest
from django.utils import timezone

from nyata.evaluations import values
from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.reviews import save_review
from nyata.evaluations.actions.submission import approve_submission, submit_assessment
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Evidence, Review
from nyata.instruments.models import Instrument
from nyata.org.tests.factories import person_with_role

ANSWERS = {"I.1": {"value": "B"}, "I.2": {"value": "80"}, "II.1": {"value": "85"}}


def typed(assessment, code, fields: dict[str, str] | None) -> values.Stored:
    """What the form's edge makes of the text a person typed for `code` (None for nothing typed)."""
    node = indicators_of(assessment.period.instrument)[code]
    return values.from_form(node, fields or {})


def answer(assessment, by, code, explanation="", **fields):
    """Save an answer as the worksheet does: the typed text parsed at the edge, then the action."""
    return save_answer(
        assessment=assessment,
        indicator=code,
        value=typed(assessment, code, fields),
        explanation=explanation,
        base_revision=0,
        by=by,
    )


def link(assessment, by, indicator, item="", name="Dokumen"):
    return Evidence.objects.create(
        assessment=assessment,
        indicator=indicator,
        item=item,
        kind="link",
        url=f"https://kendari.example/{indicator}.pdf",
        name=name,
        uploaded_by=by,
    )


def submitted(assessment, operator, head):
    """Answer every indicator of the small instrument, attach the required evidence, submit, approve."""
    for code, data in ANSWERS.items():
        answer(assessment, operator, code, **data)
        link(assessment, operator, code, item="dok-renaksi" if code == "I.1" else "", name=f"Bukti {code}")
    submit_assessment(assessment=assessment, by=operator)
    approve_submission(assessment=assessment, by=head)
    assessment.refresh_from_db()
    return assessment


def review(assessment, by, code, *, tier="evaluator", verdict="agree", data=None, note=""):
    """Save a review as the review page does; `data` is the score's text, parsed at the edge."""
    current = Review.objects.filter(assessment=assessment, indicator=code, tier=tier).first()
    return save_review(
        assessment=assessment,
        indicator=code,
        tier=tier,
        verdict=verdict,
        value=typed(assessment, code, data),
        note=note,
        base_revision=current.revision if current else 0,
        by=by,
    )


@pytest.fixture
def desk(assessment, opd_operator, opd_head, team):
    return submitted(assessment, opd_operator, opd_head)


@pytest.fixture
def other_evaluator(city):
    """An evaluator of the same Inspektorat who sits in no team of this assessment."""
    return person_with_role(city, role="evaluator", unit_code="inspektorat", username="evaluator.lain")


def big_instrument(count: int) -> Instrument:
    """A published instrument with `count` indicators, half of them in the kelembagaan area."""
    lines = [
        "code: besar",
        'version: "2026.1"',
        "title: Instrumen besar",
        "answer_types:",
        "  abc:",
        "    kind: choice",
        "    options:",
        "      - {code: A, label: Lengkap, value: 1}",
        "      - {code: B, label: Sebagian, value: 0.5}",
        "predicates:",
        "  - {code: BAIK, label: Baik, from: 0}",
        "nodes:",
        "  - code: I",
        "    title: Komponen",
        "    weight: 100",
        "    children:",
    ]
    for n in range(1, count + 1):
        lines += [
            f"      - code: I.{n}",
            f"        title: Indikator {n}",
            f"        weight: {100 / count}",
            "        answer: abc",
        ]
        if n % 2:
            lines.append("        pengampu: kelembagaan")
    source = "\n".join(lines) + "\n"
    now = timezone.now()
    return Instrument.objects.create(
        code=f"besar-{count}",
        version="2026.1",
        title="Instrumen besar",
        checksum=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
        status="published",
        loaded_at=now,
        published_at=now,
    )
