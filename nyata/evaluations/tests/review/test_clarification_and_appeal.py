"""Clarification: the evaluator asks, the OPD answers within the window, the evaluator closes.
Appeal (sanggah): after the preliminary release the OPD contests an indicator and the ketua tim decides."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.clarifications import ask_clarification
from nyata.evaluations.models import Appeal, Assessment, Clarification, Period, PhaseWindow
from nyata.evaluations.queries.periods import open_clarifications_count


def _review_url(assessment, name="evaluations:review-assessment", *extra):
    return reverse(name, args=[assessment.period.instansi.code, assessment.period_id, assessment.pk, *extra])


def _list_url(assessment):
    return reverse("evaluations:clarification-list", args=[assessment.period.instansi.code])


def _answer_url(clarification):
    return reverse(
        "evaluations:clarification-answer",
        args=[clarification.assessment.period.instansi.code, clarification.pk],
    )


def test_the_evaluator_asks_the_opd_answers_and_the_evaluator_closes(client, desk, team, opd_operator):
    client.force_login(team["evaluator"])
    asked = client.post(
        _review_url(desk, "evaluations:clarification-ask"),
        {"indicators": ["I.1", "II.1"], "question": "Lampirkan SK tim RB yang ditandatangani."},
    )
    assert asked.status_code == 302
    clarification = Clarification.objects.get(assessment=desk)
    assert clarification.indicators == ["I.1", "II.1"]
    assert open_clarifications_count(opd_operator) == 1

    client.force_login(opd_operator)
    listing = client.get(_list_url(desk))
    body = listing.content.decode()
    assert '<span class="badge count"' in body
    assert "Lampirkan SK tim RB yang ditandatangani." in body
    prefix = f"c{clarification.pk}"
    answered = client.post(
        _answer_url(clarification),
        {f"{prefix}-response": "SK terlampir di data dukung.", f"{prefix}-indicator": "I.1"},
    )
    assert answered.status_code == 302
    clarification.refresh_from_db()
    assert (clarification.status, clarification.response, clarification.answered_by) == (
        "answered",
        "SK terlampir di data dukung.",
        opd_operator,
    )
    assert open_clarifications_count(opd_operator) == 0

    client.force_login(team["evaluator"])
    page = client.get(_review_url(desk)).content.decode()
    assert "SK terlampir di data dukung." in page
    close = reverse("evaluations:clarification-close", args=[desk.period.instansi.code, clarification.pk])
    assert client.post(close).status_code == 302
    assert Clarification.objects.get(pk=clarification.pk).status == "closed"


def test_an_answer_with_a_link_is_kept_as_evidence_of_the_request(client, desk, team, opd_operator):
    clarification = ask_clarification(
        assessment=desk, indicators=["I.2"], question="Data?", by=team["evaluator"]
    )
    client.force_login(opd_operator)
    prefix = f"c{clarification.pk}"
    client.post(
        _answer_url(clarification),
        {
            f"{prefix}-response": "Lihat tautan",
            f"{prefix}-indicator": "I.2",
            f"{prefix}-url": "https://kendari.example/realisasi.xlsx",
        },
    )
    evidence = clarification.evidence.get()
    assert (evidence.indicator, evidence.kind, evidence.url) == (
        "I.2",
        "link",
        "https://kendari.example/realisasi.xlsx",
    )


def test_an_answer_after_the_clarification_window_is_refused_and_changes_nothing(
    client, desk, team, opd_operator
):
    clarification = ask_clarification(
        assessment=desk, indicators=["I.1"], question="Bukti?", by=team["evaluator"]
    )
    past = timezone.now() - timedelta(hours=1)
    PhaseWindow.objects.filter(period=desk.period, phase="clarification").update(
        starts_at=past - timedelta(days=3), ends_at=past
    )
    client.force_login(opd_operator)
    response = client.post(_answer_url(clarification), {f"c{clarification.pk}-response": "Terlambat"})
    assert response.status_code == 400
    assert "Tahap Klarifikasi ditutup pada" in response.content.decode()
    assert Clarification.objects.get(pk=clarification.pk).status == "open"


def test_another_opd_neither_sees_nor_answers_the_request(client, desk, team, outsider_opd_operator, leader):
    clarification = ask_clarification(
        assessment=desk, indicators=["I.1"], question="Rahasia Dinkes", by=team["evaluator"]
    )
    client.force_login(outsider_opd_operator)
    listing = client.get(_list_url(desk))
    assert listing.status_code == 200
    assert "Rahasia Dinkes" not in listing.content.decode()
    assert open_clarifications_count(outsider_opd_operator) == 0
    assert client.post(_answer_url(clarification), {f"c{clarification.pk}-response": "x"}).status_code == 404
    client.force_login(leader)
    assert client.get(_list_url(desk)).status_code == 403


def test_only_the_evaluator_of_the_team_closes_a_request(client, desk, team, opd_operator, other_evaluator):
    clarification = ask_clarification(
        assessment=desk, indicators=["I.1"], question="Bukti?", by=team["evaluator"]
    )
    close = reverse("evaluations:clarification-close", args=[desk.period.instansi.code, clarification.pk])
    client.force_login(other_evaluator)
    assert client.post(close).status_code == 403
    client.force_login(opd_operator)
    assert client.post(close).status_code == 403
    client.force_login(team["evaluator"])
    refused = client.post(close, follow=True)  # not answered yet
    assert "Hanya permintaan yang sudah dijawab yang dapat ditutup." in refused.content.decode()


def _reviewed(assessment):
    Assessment.objects.filter(period=assessment.period).update(status="reviewed")


def test_release_is_per_unit_so_a_unit_still_in_self_assessment_never_holds_back_a_reviewed_one(
    client, desk, team, inspektorat_admin, evaluator
):
    release = reverse("evaluations:review-release", args=[desk.period.instansi.code, desk.period_id])
    page = reverse("evaluations:review-period", args=[desk.period.instansi.code, desk.period_id])
    client.force_login(evaluator)
    assert client.post(release, {"assessments": [desk.pk]}).status_code == 403
    client.force_login(inspektorat_admin)
    nothing = client.post(release)
    assert nothing.status_code == 400
    assert "Pilih sekurang-kurangnya satu unit." in nothing.content.decode()
    not_ready = client.post(release, {"assessments": [desk.pk]})
    assert not_ready.status_code == 400
    assert Assessment.objects.get(pk=desk.pk).released_at is None
    Assessment.objects.filter(pk=desk.pk).update(status="reviewed")  # Dikbud stays in self-assessment
    listed = client.get(page).content.decode()
    assert f'value="{desk.pk}"' in listed
    assert "Dinas Pendidikan dan Kebudayaan masih pada tahap: Penilaian mandiri oleh OPD." in listed
    client.force_login(team["pengendali_teknis"])
    assert client.post(release, {"assessments": [desk.pk]}).status_code == 302
    released = dict(desk.period.assessments.values_list("unit__code", "released_at"))
    assert released["dinkes"] is not None
    assert released["dikbud"] is None
    assert Period.objects.get(pk=desk.period_id).preliminary_released_at == released["dinkes"]
    assert list(desk.events.filter(kind="preliminary_released").values_list("actor", flat=True)) == [
        team["pengendali_teknis"].pk
    ]


def test_the_opd_contests_a_score_and_the_ketua_accepts_with_a_new_one(
    client, desk, team, opd_head, inspektorat_admin
):
    from nyata.evaluations.actions.appeals import release_preliminary_results
    from nyata.evaluations.tests.review.conftest import review

    for code in ("I.1", "I.2", "II.1"):
        review(
            desk,
            team["evaluator"],
            code,
            verdict="adjusted",
            data={"value": {"I.1": "C"}.get(code, "50")},
            note="Data dukung tidak lengkap.",
        )
    client.force_login(opd_head)
    before = client.get(_review_url(desk, "evaluations:appeal-page"))
    assert "Hasil sementara belum dirilis." in before.content.decode()
    assert before.context["rows"] == []  # nothing of the tiers leaks before the release
    _reviewed(desk)
    release_preliminary_results(period=desk.period, by=inspektorat_admin)
    page = client.get(_review_url(desk, "evaluations:appeal-page"))
    assert [(row.node.code, row.final_text) for row in page.context["rows"]] == [
        ("I.1", "C · Tidak ada"),
        ("I.2", "50%"),
        ("II.1", "50"),
    ]
    filed = client.post(
        _review_url(desk, "evaluations:appeal-file"),
        {"indicator": "I.1", "reason": "Dokumen renaksi lengkap."},
    )
    assert filed.status_code == 302
    appeal = Appeal.objects.get(assessment=desk)

    decide = _review_url(desk, "evaluations:appeal-decide", appeal.pk)
    assert (
        client.post(decide, {"decision": "accept", "value": "A"}).status_code == 403
    )  # the OPD does not decide
    client.force_login(team["ketua_tim"])
    no_reason = client.post(decide, {"decision": "reject", "reason": ""})
    assert no_reason.status_code == 400
    assert "Jelaskan alasan sanggahan ditolak." in no_reason.content.decode()
    assert (
        client.post(decide, {"decision": "accept", "value": "A", "reason": "Bukti diterima"}).status_code
        == 302
    )
    appeal.refresh_from_db()
    assert (appeal.decision, appeal.new_value, appeal.decided_by) == ("accepted", "A", team["ketua_tim"])

    client.force_login(opd_head)
    shown = client.get(_review_url(desk, "evaluations:appeal-page"))
    assert shown.context["rows"][0].final_text == "A · Lengkap"
    assert "Bukti diterima" in shown.content.decode()
    assert "Diterima" in shown.content.decode()


def test_an_unreadable_new_score_shows_above_the_decision_and_a_missing_one_under_the_score_input(
    client, desk, team, opd_head, inspektorat_admin
):
    from nyata.evaluations.actions.appeals import file_appeal, release_preliminary_results

    _reviewed(desk)
    release_preliminary_results(period=desk.period, by=inspektorat_admin)
    desk.period.refresh_from_db()
    appeal = file_appeal(assessment=desk, indicator="I.1", reason="Dokumen lengkap.", by=opd_head)
    decide = _review_url(desk, "evaluations:appeal-decide", appeal.pk)
    client.force_login(team["ketua_tim"])

    def decision_form(response):
        assert response.status_code == 400
        return next(
            a.decision_form for row in response.context["rows"] for a in row.appeals if a.pk == appeal.pk
        )

    bad = decision_form(client.post(decide, {"decision": "accept", "value": "Z"}))
    assert (bad.non_field_errors(), bad.errors.get("value")) == (["Pilih salah satu pilihan jawaban."], None)
    missing = decision_form(client.post(decide, {"decision": "accept", "value": ""}))
    assert (missing.non_field_errors(), missing.errors["value"]) == ([], ["Isikan nilai baru."])
    rejected = client.post(decide, {"decision": "reject", "value": "Z", "reason": "Belum disahkan."})
    assert rejected.status_code == 302  # a rejection does not read the score inputs
    appeal.refresh_from_db()
    assert (appeal.decision, appeal.new_value) == ("rejected", None)


def test_an_appeal_after_the_window_is_refused_and_another_opd_gets_404(
    client, desk, opd_head, outsider_opd_operator, inspektorat_admin
):
    from nyata.evaluations.actions.appeals import release_preliminary_results

    _reviewed(desk)
    release_preliminary_results(period=desk.period, by=inspektorat_admin)
    past = timezone.now() - timedelta(hours=1)
    PhaseWindow.objects.filter(period=desk.period, phase="appeal").update(
        starts_at=past - timedelta(days=3), ends_at=past
    )
    client.force_login(opd_head)
    late = client.post(
        _review_url(desk, "evaluations:appeal-file"), {"indicator": "I.1", "reason": "Terlambat"}
    )
    assert late.status_code == 400
    assert "ditutup pada" in late.content.decode()
    assert not Appeal.objects.exists()
    client.force_login(outsider_opd_operator)
    assert client.get(_review_url(desk, "evaluations:appeal-page")).status_code == 404
    assert client.post(_review_url(desk, "evaluations:appeal-file"), {"indicator": "I.1"}).status_code == 404
