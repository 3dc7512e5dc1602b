"""The authorisation matrix: every view of the evaluations URL namespace (the evidence download included)
for every persona, before and after publication, against the table below. Each request runs in a
savepoint that is rolled back, so that one persona's write never changes what the next one sees. And no
response ever carries another OPD's answers or evidence before it is entitled to them."""

import os
from datetime import date, timedelta

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse
from django.utils import timezone

from nyata.core.tests.files import pdf_bytes
from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.evidence import attach_evidence
from nyata.evaluations.actions.finalise import finalise_period, finalise_units
from nyata.evaluations.actions.periods import assign_team_member
from nyata.evaluations.models import Answer, Appeal, Clarification, Review, TeamMember
from nyata.evaluations.tests.admin.conftest import carry_through, through_review, to_desk_review
from nyata.evaluations.tests.review.conftest import review
from nyata.org.tests.factories import person_with_role

PERSONAS = (
    "anonymous",
    "operator",  # own OPD (Dinkes)
    "head",  # own OPD
    "outsider",  # another OPD's staff (Dikbud)
    "evaluator",  # assigned to Dinkes
    "unassigned",  # an evaluator of the same Inspektorat in no team
    "ketua",
    "pengendali",
    "pengampu",  # verifier of the kelembagaan area (indicator I.1)
    "leader",  # pimpinan
    "admin",  # Inspektorat admin
)
INSPEKTORAT = {"evaluator", "unassigned", "ketua", "pengendali", "admin"}
OWN = {"operator", "head"}
EVERYONE = set(PERSONAS) - {"anonymous"}
# A marker in Dinkes's answer and evidence of I.2 (not a pengampu indicator) and one in Dikbud's.
DINKES_SECRET = "RAHASIA-DINKES-7319"
DIKBUD_SECRET = "RAHASIA-DIKBUD-4452"

# row -> (personas allowed before publication, personas allowed after it). Allowed: the view did its
# work or refused the input (200, 302 not to the login page, 400); denied: 403 or 404; anonymous people
# are sent to the login page. After publication the writes still pass the permission check and are then
# refused by the lock (test_locked_period proves nothing changes).
TABLE = {
    "period-list": (EVERYONE, EVERYONE),
    "period-create": ({"admin"}, {"admin"}),
    "period-detail": (EVERYONE, EVERYONE),
    "period-windows": ({"admin"}, {"admin"}),
    "period-themes": ({"admin"}, {"admin"}),
    "window-extend": ({"admin"}, {"admin"}),
    "finalise": ({"admin", "pengendali"}, {"admin", "pengendali"}),
    "unit-close": ({"admin"}, {"admin"}),
    "ranking": (INSPEKTORAT, INSPEKTORAT | {"leader"}),
    "progress": (INSPEKTORAT | {"leader", "pengampu"}, INSPEKTORAT | {"leader", "pengampu"}),
    "result": (INSPEKTORAT, INSPEKTORAT | OWN | {"leader"}),
    # Dikbud's own pages: its staff is the outsider; once Dikbud is finalised they are published.
    "result dikbud": (INSPEKTORAT, INSPEKTORAT | {"outsider", "leader"}),
    "timeline dikbud": (INSPEKTORAT | {"outsider"}, INSPEKTORAT | {"outsider", "leader"}),
    "finding-save": ({"evaluator", "ketua", "pengendali"}, {"evaluator", "ketua", "pengendali"}),
    "timeline": (INSPEKTORAT | OWN, INSPEKTORAT | OWN | {"leader"}),
    "worksheet": (INSPEKTORAT | OWN, INSPEKTORAT | OWN | {"leader"}),
    "answer-save": ({"operator"}, {"operator"}),
    "evidence-upload": ({"operator"}, {"operator"}),
    "evidence-withdraw": ({"operator"}, {"operator"}),
    "submit": ({"operator"}, {"operator"}),
    "survey-refresh": ({"operator"}, {"operator"}),
    "feed-refresh": ({"operator"}, {"operator"}),
    "head-decision": ({"head"}, {"head"}),
    "head-note": ({"head"}, {"head"}),
    "evidence-download I.2": (INSPEKTORAT | OWN, INSPEKTORAT | OWN | {"leader"}),
    "evidence-download I.1": (INSPEKTORAT | OWN | {"pengampu"}, INSPEKTORAT | OWN | {"leader", "pengampu"}),
    "review-period": (INSPEKTORAT, INSPEKTORAT),
    "review-release": ({"admin", "pengendali"}, {"admin", "pengendali"}),
    "team-page": ({"admin"}, {"admin"}),
    "team-assign": ({"admin"}, {"admin"}),
    "team-remove": ({"admin"}, {"admin"}),
    "review-assessment": (INSPEKTORAT, INSPEKTORAT),
    "review-save": ({"evaluator"}, {"evaluator"}),
    "review-move": ({"evaluator"}, {"evaluator"}),
    "clarification-ask": ({"evaluator"}, {"evaluator"}),
    "verification-list": ({"pengampu"}, {"pengampu"}),
    "verification-save": ({"pengampu"}, {"pengampu"}),
    "verification-all": ({"pengampu"}, {"pengampu"}),
    "clarification-list": (INSPEKTORAT | OWN | {"outsider"}, INSPEKTORAT | OWN | {"outsider"}),
    "clarification-answer": (OWN, OWN),
    "clarification-close": ({"evaluator"}, {"evaluator"}),
    "appeal-page": (INSPEKTORAT | OWN, INSPEKTORAT | OWN | {"leader"}),
    "appeal-file": (OWN, OWN),
    "appeal-decide": ({"ketua"}, {"ketua"}),
}
# Personas entitled to read Dinkes's (resp. Dikbud's) answers and evidence, before and after publication.
READS_DINKES = (INSPEKTORAT | OWN, INSPEKTORAT | OWN | {"leader"})
READS_DIKBUD = (INSPEKTORAT | {"outsider"}, INSPEKTORAT | {"outsider", "leader"})
# Between the two: Dikbud finalised on its own while Dinkes is still reviewed. Dikbud's pages are published,
# Dinkes's are as before publication.
DIKBUD_ROWS = {"result dikbud", "timeline dikbud"}


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "media")},
        },
    }


def _pdf(assessment, by, indicator, name, item=""):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile(name, pdf_bytes(name), content_type="application/pdf")
    return attach_evidence(
        assessment=assessment,
        indicator=indicator,
        item=item,
        upload=upload,
        effective_date=date(2026, 1, 5),
        by=by,
    ).evidence


@pytest.fixture
def people(
    team, city, opd_operator, opd_head, outsider_opd_operator, pengampu_verifier, leader, inspektorat_admin
):
    return {
        "operator": opd_operator,
        "head": opd_head,
        "outsider": outsider_opd_operator,
        "evaluator": team["evaluator"],
        "unassigned": person_with_role(
            city, role="evaluator", unit_code="inspektorat", username="evaluator.lain"
        ),
        "ketua": team["ketua_tim"],
        "pengendali": team["pengendali_teknis"],
        "pengampu": pengampu_verifier,
        "leader": leader,
        "admin": inspektorat_admin,
    }


@pytest.fixture
def scene(period, assessment, people, city):
    """Dinkes at the desk review with a file on I.1 and on I.2 and a secret in its I.2 answer; Dikbud
    reviewed with its own secret. The test after publication completes Dinkes's review and finalises."""
    dikbud = period.assessments.get(unit__code="dikbud")
    dikbud_head = person_with_role(city, role="opd_head", unit_code="dikbud", username="kepala.dikbud")
    team = {
        "evaluator": people["evaluator"],
        "ketua_tim": people["ketua"],
        "pengendali_teknis": people["pengendali"],
    }
    for tier, person in team.items():
        assign_team_member(assessment=dikbud, user=person, tier=tier, by=people["admin"])
    evidence = {
        "I.1": _pdf(assessment, people["operator"], "I.1", "Rencana aksi.pdf", item="dok-renaksi"),
        "I.2": _pdf(assessment, people["operator"], "I.2", f"{DINKES_SECRET}.pdf"),
    }
    to_desk_review(
        assessment,
        operator=people["operator"],
        head=people["head"],
        answers={"I.1": "A", "I.2": "90", "II.1": "85"},
        explanations={"I.2": DINKES_SECRET},
    )
    _pdf(dikbud, people["outsider"], "I.2", f"{DIKBUD_SECRET}.pdf")
    carry_through(
        dikbud,
        operator=people["outsider"],
        head=dikbud_head,
        team=team,
        verifier=people["pengampu"],
        answers={"I.1": "C", "I.2": "40", "II.1": "50"},
        explanations={"I.2": DIKBUD_SECRET},
    )
    for code in ("I.1", "I.2", "II.1"):
        review(assessment, people["evaluator"], code)
    return {"period": period, "assessment": assessment, "evidence": evidence, "team": team}


def _plant(scene, people):
    """Rows that exist while a period runs, planted after its state is set (before or after the lock)."""
    a = scene["assessment"]
    opened = Clarification.objects.create(
        assessment=a, indicators=["I.1"], question="Mohon?", asked_by=people["evaluator"]
    )
    answered = Clarification.objects.create(
        assessment=a,
        indicators=["I.2"],
        question="Laporan?",
        asked_by=people["evaluator"],
        response="Terlampir",
        answered_by=people["operator"],
        answered_at=timezone.now(),
        status=Clarification.Status.ANSWERED,
    )
    appeal = Appeal.objects.create(assessment=a, indicator="II.1", reason="Naik", filed_by=people["head"])
    return {"open": opened, "answered": answered, "appeal": appeal}


def _rows(scene, planted, people) -> list[tuple[str, str, str, dict, dict]]:
    """(row, url name, method, URL kwargs, POST data) for every view."""
    p, a = scene["period"].pk, scene["assessment"]
    on = {"period": p, "pk": a.pk}
    rv = {"period": p, "assessment": a.pk}
    dikbud = {"period": p, "assessment": scene["period"].assessments.get(unit__code="dikbud").pk}
    now = timezone.localtime(timezone.now())
    stamp = (now + timedelta(days=40)).strftime("%Y-%m-%dT%H:%M")
    windows = {
        f"{phase}_{edge}": stamp
        for phase in ("self_assessment", "desk_review", "clarification", "appeal", "finalisation")
        for edge in ("starts", "ends")
    }
    revision = Answer.objects.get(assessment=a, indicator="I.2").revision
    review_revision = Review.objects.get(assessment=a, indicator="I.2", tier="evaluator").revision
    member = TeamMember.objects.filter(assessment=a, tier="evaluator").first()
    return [
        ("period-list", "period-list", "get", {}, {}),
        ("period-create", "period-create", "get", {}, {}),
        ("period-detail", "period-detail", "get", {"period": p}, {}),
        ("period-windows", "period-windows", "post", {"period": p}, windows),
        ("period-themes", "period-themes", "post", {"period": p}, {"themes": ["II"]}),
        (
            "window-extend",
            "window-extend",
            "post",
            {"period": p},
            {"unit": a.unit_id, "phase": "appeal", "ends_at": stamp, "reason": "Banjir"},
        ),
        ("finalise", "finalise", "get", {"period": p}, {}),
        ("ranking", "ranking", "get", {"period": p}, {}),
        ("progress", "progress", "get", {"period": p}, {}),
        ("result", "result", "get", rv, {}),
        ("result dikbud", "result", "get", dikbud, {}),
        ("timeline dikbud", "timeline", "get", dikbud, {}),
        ("unit-close", "unit-close", "post", rv, {"kind": "withdrawn", "reason": "Digabung"}),
        ("finding-save", "finding-save", "post", rv, {"node": "I", "condition": "K", "recommendation": "R"}),
        ("timeline", "timeline", "get", rv, {}),
        ("worksheet", "worksheet", "get", on, {}),
        ("answer-save", "answer-save", "post", {**on, "code": "I.2"}, {"value": "10", "revision": revision}),
        (
            "evidence-upload",
            "evidence-upload",
            "post",
            {**on, "code": "I.2"},
            {"url": "https://contoh.example/x.pdf", "title": "X", "effective_date": "2026-01-05"},
        ),
        (
            "evidence-withdraw",
            "evidence-withdraw",
            "post",
            on,
            {"evidence": scene["evidence"]["I.2"].pk},
        ),
        ("submit", "submit", "get", on, {}),
        ("survey-refresh", "survey-refresh", "post", on, {}),
        ("feed-refresh", "feed-refresh", "post", on, {}),
        ("head-decision", "head-decision", "post", on, {"decision": "approve"}),
        ("head-note", "head-note", "post", {**on, "code": "I.2"}, {"note": "Lampirkan LKj"}),
        ("evidence-download I.2", "evidence-download", "get", {"evidence": scene["evidence"]["I.2"].pk}, {}),
        ("evidence-download I.1", "evidence-download", "get", {"evidence": scene["evidence"]["I.1"].pk}, {}),
        ("review-period", "review-period", "get", {"period": p}, {}),
        ("review-release", "review-release", "post", {"period": p}, {}),
        ("team-page", "team-page", "get", {"period": p}, {}),
        (
            "team-assign",
            "team-assign",
            "post",
            {"period": p},
            {"assessment": a.pk, "user": people["unassigned"].pk, "tier": "evaluator"},
        ),
        ("team-remove", "team-remove", "post", {"period": p, "member": member.pk}, {}),
        ("review-assessment", "review-assessment", "get", rv, {}),
        (
            "review-save",
            "review-save",
            "post",
            {**rv, "indicator": "I.2"},
            {"tier": "evaluator", "verdict": "adjusted", "value": "10", "base_revision": review_revision},
        ),
        ("review-move", "review-move", "post", {**rv, "move": "kirim-ketua"}, {}),
        ("clarification-ask", "clarification-ask", "post", rv, {"indicators": ["I.1"], "question": "Mohon?"}),
        ("verification-list", "verification-list", "get", {"period": p}, {}),
        (
            "verification-save",
            "verification-save",
            "post",
            {"period": p, "assessment": a.pk, "indicator": "I.1"},
            {"is_valid": "1"},
        ),
        (
            "verification-all",
            "verification-all",
            "post",
            {"period": p, "assessment": a.pk},
            {"note": "Semua sesuai"},
        ),
        ("clarification-list", "clarification-list", "get", {}, {}),
        (
            "clarification-answer",
            "clarification-answer",
            "post",
            {"pk": planted["open"].pk},
            {"response": "Ini"},
        ),
        ("clarification-close", "clarification-close", "post", {"pk": planted["answered"].pk}, {}),
        ("appeal-page", "appeal-page", "get", rv, {}),
        ("appeal-file", "appeal-file", "post", rv, {"indicator": "I.2", "reason": "Naik"}),
        (
            "appeal-decide",
            "appeal-decide",
            "post",
            {**rv, "appeal": planted["appeal"].pk},
            {"decision": "reject", "reason": "Tidak"},
        ),
    ]


def _walk(client, scene, planted, people, instansi_code, *, dikbud_published=None) -> tuple[dict, list[str]]:
    """Observed (row, persona) -> allowed?, and every leak found."""
    observed, leaks = {}, []
    stage = 1 if scene["period"].is_locked else 0
    dikbud_stage = stage if dikbud_published is None else int(dikbud_published)
    for row, name, method, kwargs, data in _rows(scene, planted, people):
        url = reverse(f"evaluations:{name}", kwargs={"instansi": instansi_code, **kwargs})
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(people[persona])
            with transaction.atomic():
                response = client.post(url, data) if method == "post" else client.get(url)
                transaction.set_rollback(True)
            if persona == "anonymous":
                assert response.status_code == 302, (row, response.status_code)
                assert "/akun/masuk/" in response["Location"], row
                observed[(row, persona)] = False
                continue
            assert response.status_code in (200, 302, 400, 403, 404), (row, persona, response.status_code)
            observed[(row, persona)] = response.status_code not in (403, 404)
            body = b"".join(response) if response.streaming else response.content
            text = body.decode(errors="replace")
            if DINKES_SECRET in text and persona not in READS_DINKES[stage]:
                leaks.append(f"{row} shows Dinkes's work to {persona}")
            if DIKBUD_SECRET in text and persona not in READS_DIKBUD[dikbud_stage]:
                leaks.append(f"{row} shows Dikbud's work to {persona}")
    return observed, leaks


def _expected(stage: int, *, dikbud_stage: int | None = None) -> dict:
    def at(row: str) -> int:
        return dikbud_stage if dikbud_stage is not None and row in DIKBUD_ROWS else stage

    return {
        (row, persona): persona in allowed[at(row)] for row, allowed in TABLE.items() for persona in PERSONAS
    }


def _differences(observed, expected) -> list[str]:
    return sorted(
        f"{row} · {persona}: {'allowed' if observed[(row, persona)] else 'denied'}"
        for (row, persona) in expected
        if observed[(row, persona)] != expected[(row, persona)]
    )


def test_the_table_names_every_view_of_the_namespace():
    _prefix, resolver = get_resolver().namespace_dict["evaluations"]
    names = {pattern.name for pattern in resolver.url_patterns}
    assert {row.split(" ")[0] for row in TABLE} == names


def test_before_publication_each_persona_is_allowed_or_denied_as_the_table_says(client, scene, people, city):
    planted = _plant(scene, people)
    observed, leaks = _walk(client, scene, planted, people, city.instansi.code)
    if os.environ.get("NYATA_DUMP_MATRIX"):
        print(_differences(observed, _expected(0)))
    assert _differences(observed, _expected(0)) == []
    assert leaks == []


def test_after_publication_each_persona_is_allowed_or_denied_as_the_table_says(client, scene, people, city):
    through_review(scene["assessment"], team=scene["team"], verifier=people["pengampu"])
    release_preliminary_results(period=scene["period"], by=people["admin"])
    finalise_period(period=scene["period"], by=people["admin"])
    scene["period"].refresh_from_db()
    planted = _plant(scene, people)
    observed, leaks = _walk(client, scene, planted, people, city.instansi.code)
    if os.environ.get("NYATA_DUMP_MATRIX"):
        print(_differences(observed, _expected(1)))
    assert _differences(observed, _expected(1)) == []
    assert leaks == []


# The landing pages (nyata.home) gather each role's work queue from these views: a queue shows only the OPD
# the persona may act for, and every link in it opens for that persona.
QUEUE_UNITS = {
    "operator": {"Dinas Kesehatan"},
    "head": {"Dinas Kesehatan"},
    "outsider": set(),  # Dikbud is reviewed: nothing waits for its operator
    "evaluator": {"Dinas Kesehatan"},  # its turn at Dinkes, and a clarification answer to read
    "unassigned": set(),
    "ketua": {"Dinas Kesehatan"},  # the appeal planted on Dinkes
    "pengendali": set(),
    "pengampu": {"Dinas Kesehatan"},  # I.1 of Dinkes waits for verification
    "leader": set(),
    "admin": {"Dinas Pendidikan dan Kebudayaan"},  # reviewed: its preliminary result to release
}


def test_each_landing_queue_names_only_the_opd_its_persona_acts_for_and_every_link_opens(
    client, scene, people
):
    _plant(scene, people)
    seen = {}
    for persona in PERSONAS[1:]:
        client.force_login(people[persona])
        response = client.get(reverse("home"))
        assert response.status_code == 200, persona
        queue = response.context.get("queue") or []
        seen[persona] = {item.unit for item in queue}
        for item in queue:
            target = client.get(item.url.split("#")[0])
            assert target.status_code == 200, (persona, item.what, item.url, target.status_code)
        body = response.content.decode()
        if persona not in READS_DINKES[0]:
            assert DINKES_SECRET not in body, persona
            assert f"/penilaian/{scene['assessment'].pk}/" not in body, persona
    assert seen == QUEUE_UNITS


def test_a_verifier_never_verifies_outside_its_area(client, scene, people, city):
    from nyata.evaluations.models import Verification

    period, a = scene["period"], scene["assessment"]
    client.force_login(people["pengampu"])
    code = city.instansi.code
    save = reverse("evaluations:verification-save", args=[code, period.pk, a.pk, "I.2"])
    client.post(save, {"is_valid": "1"})
    every = reverse("evaluations:verification-all", args=[code, period.pk, a.pk])
    client.post(every, {"note": "Semua", "area": "sdm-aparatur"})  # an area it does not own: refused
    assert not Verification.objects.filter(assessment=a).exists()
    client.post(every, {"note": "Semua"})
    assert list(Verification.objects.filter(assessment=a).values_list("indicator", flat=True)) == ["I.1"]


def test_a_unit_finalised_on_its_own_is_published_while_the_other_stays_as_before_publication(
    client, scene, people, city
):
    dikbud = scene["period"].assessments.get(unit__code="dikbud")
    release_preliminary_results(period=scene["period"], assessments=[dikbud], by=people["admin"])
    finalise_units(period=scene["period"], assessments=[dikbud], by=people["admin"])
    scene["period"].refresh_from_db()
    assert not scene["period"].is_locked
    planted = _plant(scene, people)
    observed, leaks = _walk(client, scene, planted, people, city.instansi.code, dikbud_published=True)
    expected = _expected(0, dikbud_stage=1)
    if os.environ.get("NYATA_DUMP_MATRIX"):
        print(_differences(observed, expected))
    assert _differences(observed, expected) == []
    assert leaks == []
