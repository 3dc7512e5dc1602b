"""The reports' authorisation matrix: every view of the reports namespace (every document and file) for
every persona, before and after publication, against the table below; each request runs in a savepoint
that is rolled back. And no response, read as its reader's program reads it (HTML, CSV, PDF text, Word,
Excel), ever carries another unit's work: an OPD never gets another OPD's LHE or worksheet."""

import os

import pytest
from django.db import transaction
from django.urls import get_resolver, reverse

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.actions.findings import save_finding
from nyata.evaluations.models import Answer
from nyata.org.tests.factories import person_with_role
from nyata.reports.actions import request_file
from nyata.reports.tests.documents import docx_text, pdf_text

PERSONAS = (
    "anonymous",
    "operator",  # Dinkes
    "head",  # Dinkes
    "outsider",  # Dikbud's operator
    "outsider_head",  # Dikbud's head
    "evaluator",
    "unassigned",
    "pengampu",
    "leader",
    "admin",
    "other_city",
)
INSPEKTORAT = {"evaluator", "unassigned", "admin"}
EVERYONE = set(PERSONAS) - {"anonymous"}
HEADS = {"head", "outsider_head"}
DINKES_SECRET = "RAHASIA-DINKES-7319"
DIKBUD_SECRET = "RAHASIA-DIKBUD-4452"
CITY = (INSPEKTORAT, INSPEKTORAT | {"leader"})
DINKES_DOCUMENTS = (INSPEKTORAT, INSPEKTORAT | {"leader", "head"})
TABLE = {
    "dashboard": (INSPEKTORAT | HEADS | {"leader"}, INSPEKTORAT | HEADS | {"leader"}),
    "unit": DINKES_DOCUMENTS,
    "lhe pdf": DINKES_DOCUMENTS,
    "lhe docx": DINKES_DOCUMENTS,
    "worksheet": DINKES_DOCUMENTS,
    "documents": CITY,
    "recap pdf": CITY,
    "recap docx": CITY,
    "recap xlsx": CITY,
    "ranking csv": CITY,
    "ranking xlsx": CITY,
    "generate": CITY,
    "job": CITY,
    "job-download": CITY,
    "settings": ({"admin"}, {"admin"}),
    "downloads": ({"admin"}, {"admin"}),
}
# Who may read Dinkes's (resp. Dikbud's) work, before and after publication.
READS_DINKES = (INSPEKTORAT, INSPEKTORAT | {"head", "leader"})
READS_DIKBUD = (INSPEKTORAT, INSPEKTORAT | {"outsider_head", "leader"})


@pytest.fixture
def people(
    request,
    city,
    other_city,
    opd_operator,
    opd_head,
    outsider_opd_operator,
    pengampu_verifier,
    leader,
    inspektorat_admin,
    other_city_admin,
):
    team = request.getfixturevalue("team")
    return {
        "operator": opd_operator,
        "head": opd_head,
        "outsider": outsider_opd_operator,
        "outsider_head": request.getfixturevalue("dikbud_head"),
        "evaluator": team["evaluator"],
        "unassigned": person_with_role(
            city, role="evaluator", unit_code="inspektorat", username="evaluator.lain"
        ),
        "pengampu": pengampu_verifier,
        "leader": leader,
        "admin": inspektorat_admin,
        "other_city": other_city_admin,
    }


@pytest.fixture
def scene(request, people, settings, django_capture_on_commit_callbacks):
    """Both units reviewed, each with a secret in an answer and in a finding, and the admin's zip made."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    period = request.getfixturevalue("reviewed")
    dinkes = request.getfixturevalue("assessment")
    dikbud = period.assessments.get(unit__code="dikbud")
    Answer.objects.filter(assessment=dinkes, indicator="I.2").update(explanation=DINKES_SECRET)
    Answer.objects.filter(assessment=dikbud, indicator="I.2").update(explanation=DIKBUD_SECRET)
    for assessment, secret in ((dinkes, DINKES_SECRET), (dikbud, DIKBUD_SECRET)):
        save_finding(
            assessment=assessment,
            node="I",
            condition=secret,
            recommendations=["Perbaiki."],
            by=people["evaluator"],
        )
    return {"period": period, "dinkes": dinkes, "capture": django_capture_on_commit_callbacks}


def _plant_file(scene, people):
    with scene["capture"](execute=True):
        file = request_file(period=scene["period"], kind="lhe_zip", by=people["admin"])
    file.refresh_from_db()
    return file


def _rows(scene, file):
    p, a = scene["period"].pk, scene["dinkes"].pk
    return [
        ("dashboard", "dashboard", "get", [], {}),
        ("unit", "unit", "get", [p, a], {}),
        ("lhe pdf", "lhe", "get", [p, a, "pdf"], {}),
        ("lhe docx", "lhe", "get", [p, a, "docx"], {}),
        ("worksheet", "worksheet", "get", [p, a], {}),
        ("documents", "documents", "get", [p], {}),
        ("recap pdf", "recap", "get", [p, "pdf"], {}),
        ("recap docx", "recap", "get", [p, "docx"], {}),
        ("recap xlsx", "recap", "get", [p, "xlsx"], {}),
        ("ranking csv", "ranking", "get", [p, "csv"], {}),
        ("ranking xlsx", "ranking", "get", [p, "xlsx"], {}),
        ("generate", "generate", "post", [p], {"kind": "workbook"}),
        ("job", "job", "get", [file.pk], {}),
        ("job-download", "job-download", "get", [file.pk], {}),
        ("settings", "settings", "get", [], {}),
        ("downloads", "downloads", "get", [], {}),
    ]


def _text(response) -> str:
    body = b"".join(response) if response.streaming else response.content
    kind = response.get("Content-Type", "")
    if body.startswith(b"%PDF-"):
        return pdf_text(body)
    if "wordprocessingml" in kind:
        return docx_text(body)
    if "spreadsheetml" in kind:
        from nyata.reports.tests.documents import workbook

        book = workbook(body)
        return "\n".join(
            str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row
        )
    if "zip" in kind:
        from nyata.reports.tests.documents import zip_member, zip_names

        return "\n".join(pdf_text(zip_member(body, n)) for n in zip_names(body) if n.endswith(".pdf"))
    return body.decode(errors="replace")


def _walk(client, scene, people, file, code):
    observed, leaks = {}, []
    stage = 1 if scene["period"].is_locked else 0
    for row, name, method, args, data in _rows(scene, file):
        url = reverse(f"reports:{name}", args=[code, *args])
        for persona in PERSONAS:
            client.logout()
            if persona != "anonymous":
                client.force_login(people[persona])
            with transaction.atomic():
                response = client.post(url, data) if method == "post" else client.get(url)
                text = (
                    _text(response)
                    if response.status_code == 200
                    else response.content.decode(errors="replace")
                )
                transaction.set_rollback(True)
            if persona == "anonymous":
                assert response.status_code == 302, row
                assert "/akun/masuk/" in response["Location"], row
                observed[(row, persona)] = False
                continue
            assert response.status_code in (200, 302, 400, 403, 404), (row, persona, response.status_code)
            observed[(row, persona)] = response.status_code not in (403, 404)
            if DINKES_SECRET in text and persona not in READS_DINKES[stage]:
                leaks.append(f"{row} shows Dinkes's work to {persona}")
            if DIKBUD_SECRET in text and persona not in READS_DIKBUD[stage]:
                leaks.append(f"{row} shows Dikbud's work to {persona}")
    return observed, leaks


def _differences(observed, stage):
    expected = {(row, p): p in allowed[stage] for row, allowed in TABLE.items() for p in PERSONAS}
    return sorted(
        f"{row} · {p}: {'allowed' if observed[(row, p)] else 'denied'}"
        for (row, p) in expected
        if observed[(row, p)] != expected[(row, p)]
    )


def test_the_table_names_every_view_of_the_namespace():
    _prefix, resolver = get_resolver().namespace_dict["reports"]
    assert {row.split(" ")[0] for row in TABLE} == {pattern.name for pattern in resolver.url_patterns}


def test_before_publication_only_the_inspektorat_reads_the_drafts(client, scene, people, city):
    file = _plant_file(scene, people)
    assert not file.is_final
    observed, leaks = _walk(client, scene, people, file, city.instansi.code)
    if os.environ.get("NYATA_DUMP_MATRIX"):
        print(_differences(observed, 0))
    assert _differences(observed, 0) == []
    assert leaks == []


def test_after_publication_each_head_reads_only_their_own_unit(client, scene, people, city):
    release_preliminary_results(period=scene["period"], by=people["admin"])
    finalise_period(period=scene["period"], by=people["admin"])
    scene["period"].refresh_from_db()
    file = _plant_file(scene, people)
    assert file.is_final
    observed, leaks = _walk(client, scene, people, file, city.instansi.code)
    if os.environ.get("NYATA_DUMP_MATRIX"):
        print(_differences(observed, 1))
    assert _differences(observed, 1) == []
    assert leaks == []


def test_a_draft_file_stays_the_inspektorat_s_after_publication(client, scene, people, city):
    draft = _plant_file(scene, people)
    release_preliminary_results(period=scene["period"], by=people["admin"])
    finalise_period(period=scene["period"], by=people["admin"])
    client.force_login(people["leader"])
    assert client.get(reverse("reports:job-download", args=[city.instansi.code, draft.pk])).status_code == 404
