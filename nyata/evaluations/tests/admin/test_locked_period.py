"""A finalised period is locked: every write action and every write URL of the evaluations and evidence
routes refuses, and the database does not change by a single row."""

import importlib
import inspect
import pkgutil
from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import get_resolver, reverse
from django.utils import timezone

import nyata.evaluations.actions as actions_package
from nyata.evaluations.actions import (
    answers,
    appeals,
    clarifications,
    feeds,
    finalise,
    findings,
    notes,
    periods,
    responses,
    reviews,
    submission,
    survey_feed,
)
from nyata.evaluations.actions import (
    evidence as evidence_actions,
)
from nyata.evaluations.guards import PeriodLocked, UnitClosed
from nyata.evaluations.models import Answer, Review
from nyata.evaluations.tests.admin.scene import fingerprint, lock
from nyata.evaluations.tests.opd.conftest import pdf_upload
from nyata.org.tests.factories import person_with_role

# Writes that are not "in" an existing period: opening a new one (from a locked one is allowed), and the
# timeline helper every action calls after its own checks.
NOT_IN_A_PERIOD = {"periods.open_period", "timeline.record"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


@pytest.fixture
def locked(reviewed, assessment, inspektorat_admin, evaluator, opd_operator):
    return lock(reviewed, assessment, admin=inspektorat_admin, evaluator=evaluator, operator=opd_operator)


def _write_actions() -> set[str]:
    """Every public function with a `by` argument in nyata/evaluations/actions/ (evidence included)."""
    modules = [
        importlib.import_module(f"nyata.evaluations.actions.{m.name}")
        for m in pkgutil.iter_modules(actions_package.__path__)
    ]
    found = set()
    for module in modules:
        short = module.__name__.rsplit(".", 1)[-1]
        for name, function in inspect.getmembers(module, inspect.isfunction):
            public = function.__module__ == module.__name__ and not name.startswith("_")
            if public and "by" in inspect.signature(function).parameters:
                found.add(f"{short}.{name}")
    return found


def _without(mapping: dict, *keys: str) -> dict:
    return {key: value for key, value in mapping.items() if key not in keys}


def _calls(s, people) -> dict:
    a, now = s.assessment, timezone.now()
    admin, evaluator, ketua, pengendali = (
        people["admin"],
        people["evaluator"],
        people["ketua"],
        people["pengendali"],
    )
    operator, head = people["operator"], people["head"]
    revision = Answer.objects.get(assessment=a, indicator="I.2").revision
    review_revision = Review.objects.get(assessment=a, indicator="I.2", tier="evaluator").revision
    link = {
        "assessment": a,
        "indicator": "I.2",
        "item": "",
        "effective_date": date(2026, 1, 5),
        "by": operator,
    }
    return {
        "survey_feed.fill_from_survey": lambda: survey_feed.fill_from_survey(assessment=a, by=operator),
        "feeds.fill_from_sources": lambda: feeds.fill_from_sources(assessment=a, by=operator),
        "periods.set_window": lambda: periods.set_window(
            period=s.period, phase="appeal", starts_at=now, ends_at=now + timedelta(days=3), by=admin
        ),
        "periods.set_windows": lambda: periods.set_windows(
            period=s.period, windows={"appeal": (now, now + timedelta(days=3))}, by=admin
        ),
        "periods.extend_window": lambda: periods.extend_window(
            period=s.period,
            unit=a.unit,
            phase="appeal",
            ends_at=now + timedelta(days=30),
            reason="Banjir",
            by=admin,
        ),
        "periods.assign_team_member": lambda: periods.assign_team_member(
            assessment=a, user=people["other_evaluator"], tier="evaluator", by=admin
        ),
        "periods.remove_team_member": lambda: periods.remove_team_member(member=s.member, by=admin),
        "periods.choose_themes": lambda: periods.choose_themes(period=s.period, themes=["II"], by=admin),
        "answers.save_answer": lambda: answers.save_answer(
            assessment=a,
            indicator="I.2",
            value={"number": "10"},
            explanation="",
            base_revision=revision,
            by=operator,
        ),
        "submission.submit_assessment": lambda: submission.submit_assessment(assessment=a, by=operator),
        "submission.approve_submission": lambda: submission.approve_submission(assessment=a, by=head),
        "submission.return_submission": lambda: submission.return_submission(
            assessment=a, note="Ulang", by=head
        ),
        "reviews.save_review": lambda: reviews.save_review(
            assessment=a,
            indicator="I.2",
            tier="evaluator",
            verdict="adjusted",
            value={"number": "10"},
            note="",
            base_revision=review_revision,
            by=evaluator,
        ),
        "reviews.submit_to_ketua": lambda: reviews.submit_to_ketua(assessment=a, by=evaluator),
        "reviews.approve_as_ketua": lambda: reviews.approve_as_ketua(assessment=a, by=ketua),
        "reviews.approve_as_pengendali": lambda: reviews.approve_as_pengendali(assessment=a, by=pengendali),
        "reviews.return_to_evaluator": lambda: reviews.return_to_evaluator(
            assessment=a, note="Ulang", by=ketua
        ),
        "reviews.return_to_ketua": lambda: reviews.return_to_ketua(assessment=a, note="Ulang", by=pengendali),
        "reviews.verify_indicator": lambda: reviews.verify_indicator(
            assessment=a,
            indicator="I.1",
            is_valid=False,
            note="Tidak sah",
            areas=frozenset({"kelembagaan"}),
            by=people["pengampu"],
        ),
        "reviews.verify_all_valid": lambda: reviews.verify_all_valid(
            assessment=a, note="Semua sesuai", areas=frozenset({"kelembagaan"}), by=people["pengampu"]
        ),
        "clarifications.ask_clarification": lambda: clarifications.ask_clarification(
            assessment=a, indicators=["I.1"], question="Mohon?", by=evaluator
        ),
        "clarifications.answer_clarification": lambda: clarifications.answer_clarification(
            clarification=s.open_clarification, response="Ini", by=operator
        ),
        "clarifications.close_clarification": lambda: clarifications.close_clarification(
            clarification=s.answered_clarification, by=evaluator
        ),
        "appeals.release_preliminary_results": lambda: appeals.release_preliminary_results(
            period=s.period, by=admin
        ),
        "appeals.file_appeal": lambda: appeals.file_appeal(
            assessment=a, indicator="I.2", reason="Naik", by=head
        ),
        "appeals.decide_appeal": lambda: appeals.decide_appeal(
            appeal=s.pending_appeal, accept=True, value={"number": "100"}, reason="", by=ketua
        ),
        "findings.save_finding": lambda: findings.save_finding(
            assessment=a, node="I", condition="Kondisi", recommendations=["Rekomendasi"], by=evaluator
        ),
        "finalise.finalise_period": lambda: finalise.finalise_period(period=s.period, by=admin),
        "finalise.finalise_units": lambda: finalise.finalise_units(
            period=s.period, assessments=[a], by=admin
        ),
        "finalise.close_not_submitted": lambda: finalise.close_not_submitted(
            assessment=a, reason="Tidak menyampaikan sampai batas waktu", by=admin
        ),
        "finalise.withdraw_unit": lambda: finalise.withdraw_unit(
            assessment=a, reason="Digabung dengan dinas lain", by=admin
        ),
        "responses.answer_clarification_with_evidence": lambda: responses.answer_clarification_with_evidence(
            clarification=s.open_clarification,
            response="Ini",
            attachments=responses.Attachments(indicator="I.1", url="https://contoh.example/a.pdf"),
            by=operator,
        ),
        "responses.file_appeal_with_evidence": lambda: responses.file_appeal_with_evidence(
            assessment=a,
            indicator="I.2",
            reason="Naik",
            attachments=responses.Attachments(url="https://contoh.example/b.pdf"),
            by=head,
        ),
        "evidence.attach_evidence": lambda: evidence_actions.attach_evidence(
            url="https://contoh.example/c.pdf", **link
        ),
        "evidence.attach_link": lambda: evidence_actions.attach_link(
            url="https://contoh.example/d.pdf", **link
        ),
        "evidence.attach_files": lambda: evidence_actions.attach_files(uploads=[pdf_upload()], **link),
        "evidence.attach_files_to": lambda: evidence_actions.attach_files_to(
            uploads=[pdf_upload()],
            targets=[("I.1", "dok-renaksi"), ("I.2", "")],
            **_without(link, "indicator", "item"),
        ),
        "evidence.attach_link_to": lambda: evidence_actions.attach_link_to(
            url="https://contoh.go.id/e.pdf", targets=[("I.2", "")], **_without(link, "indicator", "item")
        ),
        "notes.write_head_note": lambda: notes.write_head_note(
            assessment=a, indicator="I.2", note="Lampirkan LKj", by=head
        ),
        "evidence.withdraw_evidence": lambda: evidence_actions.withdraw_evidence(
            evidence=s.evidence, by=operator
        ),
    }


@pytest.fixture
def people(team, inspektorat_admin, opd_operator, opd_head, pengampu_verifier, city):
    return {
        "admin": inspektorat_admin,
        "evaluator": team["evaluator"],
        "ketua": team["ketua_tim"],
        "pengendali": team["pengendali_teknis"],
        "operator": opd_operator,
        "head": opd_head,
        "pengampu": pengampu_verifier,
        "other_evaluator": person_with_role(
            city, role="evaluator", unit_code="inspektorat", username="eval.lain"
        ),
    }


def test_the_call_table_covers_every_write_action(locked, people):
    assert set(_calls(locked, people)) == _write_actions() - NOT_IN_A_PERIOD


def test_every_write_action_refuses_a_locked_period_and_changes_nothing(locked, people):
    calls = _calls(locked, people)
    before = fingerprint()
    refused = {}
    for name, call in calls.items():
        with pytest.raises(ValidationError) as caught:
            call()
        refused[name] = type(caught.value)
        assert fingerprint() == before, name
    assert {name: kind for name, kind in refused.items() if kind is not PeriodLocked} == {}


def test_the_lock_message_is_in_indonesian(locked, people):
    with pytest.raises(PeriodLocked) as caught:
        _calls(locked, people)["answers.save_answer"]()
    assert caught.value.messages == [
        "Periode ini sudah difinalisasi dan dikunci: tidak ada yang dapat diubah."
    ]


# --- every write URL -------------------------------------------------------------------------------

# URL name -> (persona entitled before the lock, extra URL kwargs, POST data). period-create opens a new
# period: not a write in this one.
NOT_IN_THIS_PERIOD = {"period-create"}


def _requests(s, people) -> list[tuple[str, str, dict, dict]]:
    a = s.assessment
    revision = Answer.objects.get(assessment=a, indicator="I.2").revision
    review_revision = Review.objects.get(assessment=a, indicator="I.2", tier="evaluator").revision
    now = timezone.localtime(timezone.now())
    windows = {}
    for phase in ("self_assessment", "desk_review", "clarification", "appeal", "finalisation"):
        windows[f"{phase}_starts"] = (now - timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
        windows[f"{phase}_ends"] = (now + timedelta(days=20)).strftime("%Y-%m-%dT%H:%M")
    on_assessment = {"period": s.period.pk, "pk": a.pk}
    review_args = {"period": s.period.pk, "assessment": a.pk}
    return [
        ("worksheet", "operator", on_assessment, {}),
        ("answer-save", "operator", {**on_assessment, "code": "I.2"}, {"value": "10", "revision": revision}),
        (
            "evidence-upload",
            "operator",
            {**on_assessment, "code": "I.2"},
            {"url": "https://contoh.example/x.pdf", "title": "X", "effective_date": "2026-01-05"},
        ),
        ("evidence-withdraw", "operator", on_assessment, {"evidence": s.evidence.pk}),
        ("submit", "operator", on_assessment, {}),
        ("survey-refresh", "operator", on_assessment, {}),
        ("feed-refresh", "operator", on_assessment, {}),
        ("head-decision", "head", on_assessment, {"decision": "approve"}),
        ("head-decision", "head", on_assessment, {"decision": "return", "note": "Ulang"}),
        ("head-note", "head", {**on_assessment, "code": "I.2"}, {"note": "Lampirkan LKj"}),
        ("evidence-download", "operator", {"evidence": s.evidence.pk}, {}),
        ("review-period", "admin", {"period": s.period.pk}, {}),
        ("review-release", "admin", {"period": s.period.pk}, {"assessments": [a.pk]}),
        ("team-page", "admin", {"period": s.period.pk}, {}),
        (
            "team-assign",
            "admin",
            {"period": s.period.pk},
            {"assessment": a.pk, "user": people["other_evaluator"].pk, "tier": "evaluator"},
        ),
        ("team-remove", "admin", {"period": s.period.pk, "member": s.member.pk}, {}),
        ("review-assessment", "evaluator", review_args, {}),
        (
            "review-save",
            "evaluator",
            {**review_args, "indicator": "I.2"},
            {"tier": "evaluator", "verdict": "adjusted", "value": "10", "base_revision": review_revision},
        ),
        ("review-move", "evaluator", {**review_args, "move": "kirim-ketua"}, {}),
        ("review-move", "ketua", {**review_args, "move": "ketua-setuju"}, {}),
        ("review-move", "ketua", {**review_args, "move": "ketua-kembalikan"}, {"note": "Ulang"}),
        ("review-move", "pengendali", {**review_args, "move": "pengendali-setuju"}, {}),
        ("review-move", "pengendali", {**review_args, "move": "pengendali-kembalikan"}, {"note": "Ulang"}),
        ("clarification-ask", "evaluator", review_args, {"indicators": ["I.1"], "question": "Mohon?"}),
        ("verification-list", "pengampu", {"period": s.period.pk}, {}),
        (
            "verification-save",
            "pengampu",
            {"period": s.period.pk, "assessment": a.pk, "indicator": "I.1"},
            {"is_valid": "0", "note": "Tidak sah"},
        ),
        (
            "verification-all",
            "pengampu",
            {"period": s.period.pk, "assessment": a.pk},
            {"note": "Semua sesuai"},
        ),
        ("clarification-list", "operator", {}, {}),
        ("clarification-answer", "operator", {"pk": s.open_clarification.pk}, {"response": "Ini jawabannya"}),
        ("clarification-close", "evaluator", {"pk": s.answered_clarification.pk}, {}),
        ("appeal-page", "head", review_args, {}),
        ("appeal-file", "head", review_args, {"indicator": "I.2", "reason": "Naik"}),
        (
            "appeal-decide",
            "ketua",
            {**review_args, "appeal": s.pending_appeal.pk},
            {"decision": "accept", "value": "100", "reason": "Ok"},
        ),
        ("period-list", "admin", {}, {}),
        ("period-detail", "admin", {"period": s.period.pk}, {}),
        ("period-windows", "admin", {"period": s.period.pk}, windows),
        ("period-themes", "admin", {"period": s.period.pk}, {"themes": ["II"]}),
        (
            "window-extend",
            "admin",
            {"period": s.period.pk},
            {"unit": a.unit_id, "phase": "appeal", "ends_at": windows["appeal_ends"], "reason": "Banjir"},
        ),
        ("finalise", "admin", {"period": s.period.pk}, {"assessments": [a.pk]}),
        ("unit-close", "admin", review_args, {"kind": "withdrawn", "reason": "Digabung"}),
        ("ranking", "admin", {"period": s.period.pk}, {}),
        ("progress", "admin", {"period": s.period.pk}, {}),
        ("result", "admin", review_args, {}),
        (
            "finding-save",
            "evaluator",
            review_args,
            {"node": "I", "condition": "Kondisi", "recommendation": "Rekomendasi"},
        ),
        ("timeline", "admin", review_args, {}),
    ]


def _url_names() -> set[str]:
    _prefix, resolver = get_resolver().namespace_dict["evaluations"]
    return {pattern.name for pattern in resolver.url_patterns}


def test_the_request_table_covers_every_url_of_the_evaluations_and_evidence_routes(locked, people):
    assert {name for name, *_rest in _requests(locked, people)} == _url_names() - NOT_IN_THIS_PERIOD


def test_posting_to_every_url_as_the_entitled_person_changes_nothing_in_a_locked_period(
    client, locked, people
):
    code = locked.period.instansi.code
    before = fingerprint()
    for name, persona, kwargs, data in _requests(locked, people):
        client.force_login(people[persona])
        response = client.post(reverse(f"evaluations:{name}", kwargs={"instansi": code, **kwargs}), data)
        assert response.status_code < 500, name
        assert fingerprint() == before, f"{name} as {persona} changed the database"


def test_the_same_posts_do_write_while_the_period_is_open(client, reviewed, assessment, people):
    """The control: the table's data is plausible, so a refusal above is the lock and not bad input."""
    s = type("Open", (), {"period": reviewed, "assessment": assessment})
    code = reviewed.instansi.code
    open_requests = {
        name: (persona, kwargs, data) for name, persona, kwargs, data in _requests_while_open(s, people)
    }
    for name, (persona, kwargs, data) in open_requests.items():
        before = fingerprint()
        client.force_login(people[persona])
        response = client.post(reverse(f"evaluations:{name}", kwargs={"instansi": code, **kwargs}), data)
        assert response.status_code == 302, name
        assert fingerprint() != before, name


def _requests_while_open(s, people):
    now = timezone.localtime(timezone.now())
    review_args = {"period": s.period.pk, "assessment": s.assessment.pk}
    every_unit = {"assessments": list(s.period.assessments.values_list("pk", flat=True))}
    return [
        ("finding-save", "evaluator", review_args, {"node": "I", "condition": "K", "recommendation": "R"}),
        (
            "window-extend",
            "admin",
            {"period": s.period.pk},
            {
                "unit": s.assessment.unit_id,
                "phase": "appeal",
                "ends_at": (now + timedelta(days=30)).strftime("%Y-%m-%dT%H:%M"),
                "reason": "Banjir",
            },
        ),
        ("review-release", "admin", {"period": s.period.pk}, every_unit),
        ("finalise", "admin", {"period": s.period.pk}, every_unit),
    ]


# --- one unit finalised, the period still open ---------------------------------------------------------

# Writes on the period as a whole, not on the finalised unit: they go on while another unit is open.
ON_THE_PERIOD = {
    "periods.set_window",
    "periods.set_windows",
    "appeals.release_preliminary_results",
    "finalise.finalise_period",
    "periods.choose_themes",
}
ON_THE_PERIOD_URLS = {"period-windows", "period-themes"}


@pytest.fixture
def unit_finalised(reviewed, assessment, inspektorat_admin, evaluator, opd_operator):
    return lock(
        reviewed, assessment, admin=inspektorat_admin, evaluator=evaluator, operator=opd_operator, only=True
    )


def test_a_finalised_unit_refuses_every_write_on_it_while_the_period_stays_open(unit_finalised, people):
    calls = _calls(unit_finalised, people)
    before = fingerprint()
    refused = {}
    for name, call in calls.items():
        if name in ON_THE_PERIOD:
            continue
        with pytest.raises(ValidationError) as caught:
            call()
        refused[name] = type(caught.value)
        assert fingerprint() == before, name
    assert {name: kind for name, kind in refused.items() if kind is not UnitClosed} == {}
    unit_finalised.period.refresh_from_db()
    assert not unit_finalised.period.is_locked


def test_the_unit_lock_message_names_the_unit_in_indonesian(unit_finalised, people):
    with pytest.raises(UnitClosed) as caught:
        _calls(unit_finalised, people)["findings.save_finding"]()
    assert caught.value.messages == [
        "Penilaian Dinas Kesehatan sudah difinalisasi: hasilnya sudah dipublikasikan dan tidak dapat "
        "berubah lagi."
    ]


def test_posting_about_a_finalised_unit_changes_nothing_while_the_other_unit_goes_on(
    client, unit_finalised, people
):
    code = unit_finalised.period.instansi.code
    before = fingerprint()
    for name, persona, kwargs, data in _requests(unit_finalised, people):
        if name in ON_THE_PERIOD_URLS:
            continue
        client.force_login(people[persona])
        response = client.post(reverse(f"evaluations:{name}", kwargs={"instansi": code, **kwargs}), data)
        assert response.status_code < 500, name
        assert fingerprint() == before, f"{name} as {persona} changed the database"
    # The other unit is still open: its finding is written, and finalising it locks the period.
    dikbud = unit_finalised.period.assessments.get(unit__code="dikbud")
    findings.save_finding(
        assessment=dikbud,
        node="I",
        condition="Kondisi",
        recommendations=["Rekomendasi"],
        by=people["evaluator"],
    )
    finalise.finalise_period(period=unit_finalised.period, by=people["admin"])
    unit_finalised.period.refresh_from_db()
    assert unit_finalised.period.is_locked
