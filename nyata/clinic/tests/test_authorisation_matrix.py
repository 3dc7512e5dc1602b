"""Every clinic view against every persona: what each may open (200), what is refused (403) and what does not
exist for them (404). An OPD never sees another OPD's questions or asistensi; a pengampu sees only the
questions routed to its area; the published FAQ names nobody."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nyata.clinic.actions.asistensi import request_asistensi
from nyata.clinic.actions.desk import answer_question
from nyata.clinic.actions.faq import publish_faq
from nyata.clinic.actions.sessions import add_materials, schedule_session
from nyata.clinic.tests.scene import ask, pdf_upload

pytestmark = pytest.mark.django_db

PERSONAS = [
    "inspektorat_admin",
    "evaluator",
    "opd_operator",
    "opd_head",
    "outsider_opd_operator",
    "pengampu_verifier",
    "leader",
    "other_city_admin",
    "anonymous",
]
STAFF = {"inspektorat_admin": 200, "evaluator": 200}
DINKES = {"opd_operator": 200, "opd_head": 200}
EVERYONE_OF_KENDARI = {p: 200 for p in PERSONAS[:7]}


@pytest.fixture
def scene(city, period, assessment, team, opd_operator, evaluator, inspektorat_admin):
    routed = ask(
        city, period, opd_operator, indicator="I.1", subject="Rahasia Dinkes pengampu", uploads=[pdf_upload()]
    )
    teamed = ask(city, period, opd_operator, indicator="I.2", subject="Rahasia Dinkes tim")
    answer_question(question=teamed, body="Jawaban tim.", uploads=[], by=evaluator)
    publish_faq(
        question=teamed,
        question_text="Bagaimana realisasi dihitung?",
        answer_text="Per kegiatan.",
        by=inspektorat_admin,
    )
    asistensi = request_asistensi(
        assessment=assessment, indicators=["I.1"], note="Catatan rahasia", by=opd_operator
    )
    starts = timezone.now() - timedelta(hours=1)
    session = schedule_session(
        instansi=city.instansi,
        topic="Klinik",
        description="",
        areas=[],
        indicators=[],
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Aula",
        online_link="",
        units=[city.units["dinkes"], city.units["dikbud"]],
        people=[],
        by=inspektorat_admin,
    )
    material = add_materials(session=session, uploads=[pdf_upload("Paparan.pdf")], by=inspektorat_admin)[0]
    return {
        "routed": routed,
        "teamed": teamed,
        "attachment": routed.attachments.get(),
        "asistensi": asistensi,
        "session": session,
        "material": material,
        "assessment": assessment,
        "dinkes": city.units["dinkes"],
    }


# (name, GET or POST, arguments after the instansi, expected status per persona; any persona not named: 404
# for the other city's admin, a redirect to sign in for the anonymous, and `default` for the rest)
def views(s):
    q, t, a = s["routed"], s["teamed"], s["asistensi"]
    return [
        ("home", "get", [], EVERYONE_OF_KENDARI, 403),
        ("ask", "get", [], {**DINKES, "outsider_opd_operator": 200, "pengampu_verifier": 200}, 403),
        ("overview", "get", [], STAFF, 403),
        ("question", "get", [q.pk], {**STAFF, **DINKES, "pengampu_verifier": 200}, 404),
        ("question", "get", [t.pk], {**STAFF, **DINKES}, 404),
        ("attachment", "get", [q.pk, s["attachment"].pk], {**STAFF, **DINKES, "pengampu_verifier": 200}, 404),
        ("reply", "post", [t.pk], {**STAFF, **DINKES}, 404),
        ("publish", "get", [t.pk], STAFF, 404),
        ("faq", "get", [], EVERYONE_OF_KENDARI, 403),
        ("material-pdf", "get", [s["assessment"].period_id, "kelembagaan"], EVERYONE_OF_KENDARI, 403),
        ("asistensi", "get", [a.pk], {**STAFF, **DINKES}, 404),
        ("asistensi-comment", "post", [a.pk], STAFF, 404),
        ("asistensi-close", "post", [a.pk], DINKES, 404),
        (
            "asistensi-request",
            "get",
            [s["assessment"].period_id, s["assessment"].pk],
            {**DINKES, "inspektorat_admin": 403, "evaluator": 403},
            404,
        ),
        ("sessions", "get", [], EVERYONE_OF_KENDARI, 403),
        ("schedule", "get", [], {"inspektorat_admin": 200}, 403),
        ("session", "get", [s["session"].pk], EVERYONE_OF_KENDARI, 403),
        ("calendar", "get", [s["session"].pk], EVERYONE_OF_KENDARI, 403),
        ("material", "get", [s["session"].pk, s["material"].pk], EVERYONE_OF_KENDARI, 403),
        ("attendance", "post", [s["session"].pk], STAFF, 403),
        ("minutes", "post", [s["session"].pk], STAFF, 403),
        ("materials", "post", [s["session"].pk], STAFF, 403),
        ("attendance-pdf", "get", [s["session"].pk], STAFF, 403),
        ("resep", "get", [s["dinkes"].pk], {**STAFF, **DINKES}, 404),
    ]


def _expected(allowed: dict, default: int, persona: str) -> int:
    if persona == "anonymous":
        return 302
    if persona == "other_city_admin":
        return 404
    if persona in allowed:
        return allowed[persona]
    return default


# Where a view refuses with 403 for the personas of the desk's own instansi who may see the object but not do
# the thing, and 404 for those who may not see it at all.
REFUSALS = {
    ("publish", "opd_operator"): 403,
    ("publish", "opd_head"): 403,
    ("asistensi-comment", "opd_operator"): 403,
    ("asistensi-comment", "opd_head"): 403,
    ("asistensi-close", "inspektorat_admin"): 403,
    ("asistensi-close", "evaluator"): 403,
}


def test_every_clinic_view_answers_each_persona_as_the_matrix_says(client, scene, request):
    people = {name: request.getfixturevalue(name) for name in PERSONAS if name != "anonymous"}
    wrong = []
    for name, method, args, allowed, default in views(scene):
        url = reverse(f"clinic:{name}", args=["kota-kendari", *args])
        for persona in PERSONAS:
            expected = REFUSALS.get((name, persona)) or _expected(allowed, default, persona)
            client.logout()
            if persona != "anonymous":
                client.force_login(people[persona])
            response = getattr(client, method)(url)
            status = response.status_code
            if method == "post" and expected == 200:
                expected, status = "allowed", "allowed" if status in (200, 302, 400) else status
            if status != expected:
                wrong.append((name, persona, expected, status))
    assert wrong == []


def test_an_opd_never_reads_another_opds_questions_or_asistensi_in_its_lists(
    client, scene, outsider_opd_operator
):
    client.force_login(outsider_opd_operator)

    home = client.get(reverse("clinic:home", args=["kota-kendari"])).content.decode()
    faq = client.get(reverse("clinic:faq", args=["kota-kendari"])).content.decode()

    assert "Rahasia Dinkes" not in home
    assert "Catatan rahasia" not in home
    assert "Bagaimana realisasi dihitung?" in faq
    assert "Dinas Kesehatan" not in faq
    assert "Rahasia Dinkes" not in faq


def test_a_pengampu_lists_only_the_questions_of_its_area(client, scene, pengampu_verifier):
    client.force_login(pengampu_verifier)

    home = client.get(reverse("clinic:home", args=["kota-kendari"])).content.decode()

    assert "Rahasia Dinkes pengampu" in home
    assert "Rahasia Dinkes tim" not in home


def test_a_session_shows_other_units_attendance_to_the_inspektorat_only(
    client, scene, outsider_opd_operator, opd_operator, evaluator
):
    from nyata.clinic.actions.sessions import record_attendance

    record_attendance(session=scene["session"], people=[opd_operator], by=evaluator)
    client.force_login(outsider_opd_operator)

    page = client.get(reverse("clinic:session", args=["kota-kendari", scene["session"].pk])).content.decode()

    assert opd_operator.name not in page
