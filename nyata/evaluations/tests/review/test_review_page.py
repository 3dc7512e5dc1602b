"""The tiered review page of one assessment: who reads it, who writes which tier, saving per indicator."""

from django.urls import reverse

from nyata.evaluations.models import Assessment, Event, Review, Verification
from nyata.evaluations.tests.review.conftest import review


def _url(assessment, name="evaluations:review-assessment", *extra):
    return reverse(name, args=[assessment.period.instansi.code, assessment.period_id, assessment.pk, *extra])


def _save_url(assessment, code):
    return _url(assessment, "evaluations:review-save", code)


def test_the_evaluator_sees_the_proposal_its_evidence_and_every_tier_side_by_side(
    client, desk, team, pengampu_verifier
):
    review(
        desk, team["evaluator"], "II.1", verdict="adjusted", data={"value": "70"}, note="Survei belum lengkap"
    )
    client.force_login(team["evaluator"])
    response = client.get(_url(desk))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rencana aksi RB" in body
    assert "Komponen pengungkit" in body
    assert "B · Sebagian" in body  # the OPD's proposal of I.1
    assert 'href="https://kendari.example/I.1.pdf"' in body
    assert "Bukti I.1" in body
    assert "Survei belum lengkap" in body
    assert "Menunggu verifikasi unit pengampu" in body  # I.1 is of the kelembagaan area, which has a verifier
    assert body.count('name="tier" value="evaluator"') == 3
    assert response.context["own_tier"] == "evaluator"


def test_an_htmx_save_swaps_the_indicator_with_a_saved_state(client, desk, team):
    client.force_login(team["evaluator"])
    response = client.post(
        _save_url(desk, "I.2"),
        {
            "tier": "evaluator",
            "verdict": "adjusted",
            "value": "60",
            "note": "Realisasi hanya 60%",
            "base_revision": 0,
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<article class="card indicator" id="ind-I.2">')
    assert "Tersimpan pukul" in body
    saved = Review.objects.get(assessment=desk, indicator="I.2", tier="evaluator")
    assert (saved.value, saved.verdict, saved.note, saved.revision) == (
        {"number": "60"},
        "adjusted",
        "Realisasi hanya 60%",
        1,
    )
    assert Event.objects.filter(assessment=desk, kind="review_evaluator", indicator="I.2").count() == 1


def test_without_javascript_a_save_redirects_back_to_the_indicator(client, desk, team):
    client.force_login(team["evaluator"])
    response = client.post(
        _save_url(desk, "I.1"), {"tier": "evaluator", "verdict": "agree", "base_revision": 0}
    )
    assert response.status_code == 302
    assert response["Location"] == _url(desk) + "#ind-I.1"
    assert Review.objects.get(assessment=desk, indicator="I.1").value == "B"


def test_a_bad_score_is_refused_in_indonesian_and_nothing_is_saved(client, desk, team):
    client.force_login(team["evaluator"])
    response = client.post(
        _save_url(desk, "II.1"),
        {"tier": "evaluator", "verdict": "adjusted", "value": "120", "base_revision": 0},
    )
    assert response.status_code == 400
    assert "Jawaban harus berada di antara 25 dan 100." in response.content.decode()
    assert not Review.objects.exists()


def test_an_unreadable_score_shows_above_the_form_and_a_missing_one_under_the_score_input(client, desk, team):
    client.force_login(team["evaluator"])
    post = {"tier": "evaluator", "verdict": "adjusted", "base_revision": 0}
    bad = client.post(_save_url(desk, "II.1"), {**post, "value": "lima"}, headers={"HX-Request": "true"})
    assert bad.context["entry"].errors == {"all": ["Jawaban harus berupa angka."]}
    assert '<p class="errorlist" role="alert">Jawaban harus berupa angka.</p>' in bad.content.decode()
    missing = client.post(_save_url(desk, "II.1"), {**post, "value": ""}, headers={"HX-Request": "true"})
    assert missing.context["entry"].errors == {"value": ["Isikan nilai penyesuaian."], "all": []}
    assert not Review.objects.exists()


def test_agreeing_ignores_whatever_the_score_inputs_hold(client, desk, team):
    client.force_login(team["evaluator"])
    response = client.post(
        _save_url(desk, "II.1"),
        {"tier": "evaluator", "verdict": "agree", "value": "lima", "base_revision": 0},
        headers={"HX-Request": "true"},
    )
    assert response.context["entry"].errors == {}
    assert Review.objects.get(assessment=desk, indicator="II.1").value == {"number": "85"}


def test_a_second_save_from_an_older_revision_shows_both_values_and_overwrites_nothing(client, desk, team):
    review(desk, team["evaluator"], "I.2", verdict="adjusted", data={"value": "70"}, note="versi pertama")
    client.force_login(team["evaluator"])
    response = client.post(
        _save_url(desk, "I.2"),
        {
            "tier": "evaluator",
            "verdict": "adjusted",
            "value": "90",
            "note": "versi kedua",
            "base_revision": 0,
        },
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Tidak ada yang ditimpa." in body
    assert "70%" in body
    assert "Milik Anda: 90%." in body
    assert 'name="base_revision" value="1"' in body  # saving again is now a deliberate choice
    assert Review.objects.get(indicator="I.2").value == {"number": "70"}
    plain = client.post(
        _save_url(desk, "I.2"),
        {
            "tier": "evaluator",
            "verdict": "adjusted",
            "value": "90",
            "note": "versi kedua",
            "base_revision": 0,
        },
    )
    assert plain.status_code == 409


def test_an_unassigned_evaluator_reads_the_review_but_every_write_is_forbidden(client, desk, other_evaluator):
    client.force_login(other_evaluator)
    page = client.get(_url(desk))
    assert page.status_code == 200
    assert "bukan anggota tim ini" in page.content.decode()
    assert 'name="tier"' not in page.content.decode()
    writes = [
        (_save_url(desk, "I.1"), {"tier": "evaluator", "verdict": "agree", "base_revision": 0}),
        (_url(desk, "evaluations:review-move", "kirim-ketua"), {}),
        (_url(desk, "evaluations:clarification-ask"), {"indicators": ["I.1"], "question": "Mana buktinya?"}),
    ]
    for url, data in writes:
        assert client.post(url, data).status_code == 403
    assert not Review.objects.exists()
    assert not desk.clarifications.exists()


def test_the_ketua_cannot_write_the_evaluator_tier(client, desk, team):
    client.force_login(team["ketua_tim"])
    forged = client.post(
        _save_url(desk, "I.1"), {"tier": "evaluator", "verdict": "agree", "base_revision": 0}
    )
    assert forged.status_code == 403
    own_too_early = client.post(
        _save_url(desk, "I.1"), {"tier": "ketua_tim", "verdict": "agree", "base_revision": 0}
    )
    assert own_too_early.status_code == 400
    assert "Hal ini tidak dapat dilakukan saat penilaian berada pada tahap" in own_too_early.content.decode()
    assert not Review.objects.exists()


def test_the_opd_may_not_open_the_review_and_another_opd_does_not_even_see_it(
    client, desk, opd_operator, outsider_opd_operator, pengampu_verifier
):
    client.force_login(opd_operator)
    assert client.get(_url(desk)).status_code == 403
    client.force_login(outsider_opd_operator)
    assert client.get(_url(desk)).status_code == 404
    assert client.post(_save_url(desk, "I.1"), {"tier": "evaluator"}).status_code == 404
    client.force_login(pengampu_verifier)  # verifies indicators of its area only, never the whole sheet
    assert client.get(_url(desk)).status_code == 404


def test_the_evaluator_cannot_hand_over_while_gaps_remain_and_sees_each_gap(client, desk, team):
    review(desk, team["evaluator"], "I.2")
    client.force_login(team["evaluator"])
    response = client.post(_url(desk, "evaluations:review-move", "kirim-ketua"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Belum dapat diserahkan kepada ketua tim" in body
    assert "I.1 belum dinilai." in body
    assert "II.1 belum dinilai." in body
    assert Assessment.objects.get(pk=desk.pk).status == "desk_review"


def test_a_hand_over_outside_the_review_windows_is_refused_with_when_they_closed(client, desk, team):
    from datetime import timedelta

    from django.utils import timezone

    from nyata.evaluations.models import PhaseWindow

    for code in ("I.1", "I.2", "II.1"):
        review(desk, team["evaluator"], code)
    Verification.objects.create(
        assessment=desk, indicator="I.1", is_valid=True, verified_by=team["ketua_tim"]
    )
    past = timezone.now() - timedelta(days=1)
    PhaseWindow.objects.filter(period=desk.period, phase__in=["desk_review", "clarification"]).update(
        starts_at=past - timedelta(days=5), ends_at=past
    )
    client.force_login(team["evaluator"])
    response = client.post(_url(desk, "evaluations:review-move", "kirim-ketua"))
    assert response.status_code == 400
    assert "ditutup pada" in response.content.decode()
    assert Assessment.objects.get(pk=desk.pk).status == "desk_review"


def test_the_ketua_returns_with_a_note_and_the_pengendali_approves_after_the_ketua(
    client, desk, team, pengampu_verifier
):
    from nyata.evaluations.actions.reviews import verify_indicator

    for code in ("I.1", "I.2", "II.1"):
        review(desk, team["evaluator"], code)
    verify_indicator(
        assessment=desk,
        indicator="I.1",
        is_valid=True,
        note="",
        areas=frozenset({"kelembagaan"}),
        by=pengampu_verifier,
    )
    client.force_login(team["evaluator"])
    assert client.post(_url(desk, "evaluations:review-move", "kirim-ketua")).status_code == 302
    client.force_login(team["ketua_tim"])
    refused = client.post(_url(desk, "evaluations:review-move", "ketua-kembalikan"), {"note": ""})
    assert refused.status_code == 400
    assert Assessment.objects.get(pk=desk.pk).status == "team_review"
    client.post(_url(desk, "evaluations:review-move", "ketua-kembalikan"), {"note": "Periksa II.1"})
    assert Assessment.objects.get(pk=desk.pk).return_note == "Periksa II.1"
    client.force_login(team["evaluator"])
    client.post(_url(desk, "evaluations:review-move", "kirim-ketua"))
    client.force_login(team["ketua_tim"])
    client.post(
        _save_url(desk, "II.1"),
        {"tier": "ketua_tim", "verdict": "adjusted", "value": "70", "note": "Turunkan", "base_revision": 0},
    )
    early = client.post(_url(desk, "evaluations:review-move", "pengendali-setuju"))
    assert early.status_code == 403  # the ketua is not the pengendali
    assert client.post(_url(desk, "evaluations:review-move", "ketua-setuju")).status_code == 302
    client.force_login(team["pengendali_teknis"])
    page = client.get(_url(desk))
    assert page.context["can_pengendali"] is True
    final = {entry.code: entry.final_text for entry in page.context["sheet"] if not entry.is_heading}
    assert final == {"I.1": "B · Sebagian", "I.2": "80%", "II.1": "70"}
    assert client.post(_url(desk, "evaluations:review-move", "pengendali-setuju")).status_code == 302
    assert Assessment.objects.get(pk=desk.pk).status == "reviewed"


def test_the_review_page_reads_a_fixed_number_of_queries(client, desk, team, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from nyata.evaluations.actions.clarifications import ask_clarification

    review(desk, team["evaluator"], "I.1")
    ask_clarification(assessment=desk, indicators=["I.1"], question="Mohon bukti", by=team["evaluator"])
    client.force_login(team["evaluator"])
    client.get(_url(desk))  # warm the session and the instrument cache

    with CaptureQueriesContext(connection) as before:
        client.get(_url(desk))
    for code in ("I.1", "I.2", "II.1"):
        review(
            desk,
            team["evaluator"],
            code,
            verdict="adjusted",
            data={"value": {"I.1": "A"}.get(code, "90")},
            note="Bukti belum lengkap",
        )
    ask_clarification(
        assessment=desk, indicators=["I.1", "I.2"], question="Mohon bukti", by=team["evaluator"]
    )
    with django_assert_num_queries(len(before)):
        client.get(_url(desk))
