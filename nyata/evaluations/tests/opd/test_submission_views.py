"""Submission by the operator, with the gaps linked; approval or return with a note by the OPD head."""

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.models import Assessment
from nyata.evaluations.tests.opd.conftest import attach_pdf


def _complete(assessment, operator):
    for code, value in (("I.1", "A"), ("I.2", {"number": "80"}), ("II.1", {"number": "85"})):
        save_answer(
            assessment=assessment, indicator=code, value=value, explanation="", base_revision=0, by=operator
        )
    attach_pdf(assessment, operator)


def _status(assessment) -> str:
    return Assessment.objects.get(pk=assessment.pk).status


def test_the_submit_page_lists_each_gap_linking_to_its_indicator(client, opd_operator, urls):
    save_answer(
        assessment=urls.assessment,
        indicator="I.1",
        value="A",
        explanation="",
        base_revision=0,
        by=opd_operator,
    )
    client.force_login(opd_operator)
    page = client.get(urls.submit).content.decode()
    assert "3 kekurangan harus dilengkapi sebelum mengirim" in page
    assert f'href="{urls.worksheet}?area=I#i-I_1"' in page
    assert "data dukung wajib belum ada: Dokumen rencana aksi" in page
    assert f'href="{urls.worksheet}?area=II#i-II_1"' in page
    assert '<form method="post">' not in page


def test_a_blocked_submission_changes_nothing_and_lists_the_gaps(client, opd_operator, urls):
    client.force_login(opd_operator)
    response = client.post(urls.submit)
    assert response.status_code == 400
    assert "Lengkapi jawaban dan data dukung wajib" in response.content.decode()
    assert _status(urls.assessment) == "self_assessment"


def test_a_complete_assessment_is_submitted_to_the_head(client, opd_operator, urls):
    _complete(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    assert "Kirim kepada kepala OPD" in client.get(urls.submit).content.decode()
    response = client.post(urls.submit)
    assert (response.status_code, response["Location"]) == (302, urls.worksheet)
    assert _status(urls.assessment) == "awaiting_head"


def test_the_head_and_an_evaluator_cannot_submit(client, opd_head, evaluator, urls):
    for person in (opd_head, evaluator):
        client.force_login(person)
        assert client.post(urls.submit).status_code == 403


def test_the_head_approves_and_it_goes_to_the_inspektorat(client, opd_operator, opd_head, urls):
    _complete(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    client.post(urls.submit)
    client.force_login(opd_head)
    assert "Setujui dan kirim ke Inspektorat" in client.get(urls.worksheet).content.decode()
    client.post(urls.decision, {"decision": "approve"})
    assert _status(urls.assessment) == "desk_review"


def test_the_head_returns_with_a_note_the_operator_then_sees(client, opd_operator, opd_head, urls):
    _complete(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    client.post(urls.submit)
    client.force_login(opd_head)
    client.post(urls.decision, {"decision": "return", "note": "Lampirkan SK yang sudah ditandatangani."})
    assert _status(urls.assessment) == "self_assessment"
    client.force_login(opd_operator)
    page = client.get(urls.worksheet).content.decode()
    assert "Dikembalikan oleh kepala OPD" in page
    assert "Lampirkan SK yang sudah ditandatangani." in page
    assert '<form id="i-I_1-answer"' in page  # editable again


def test_returning_without_a_note_is_refused(client, opd_operator, opd_head, urls):
    _complete(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    client.post(urls.submit)
    client.force_login(opd_head)
    response = client.post(urls.decision, {"decision": "return", "note": " "})
    assert response.status_code == 400
    assert "Jelaskan apa yang perlu diperbaiki operator." in response.content.decode()
    assert _status(urls.assessment) == "awaiting_head"


def test_the_operator_and_an_evaluator_cannot_decide_for_the_head(client, opd_operator, evaluator, urls):
    _complete(urls.assessment, opd_operator)
    client.force_login(opd_operator)
    client.post(urls.submit)
    for person in (opd_operator, evaluator):
        client.force_login(person)
        assert client.post(urls.decision, {"decision": "approve"}).status_code == 403
    assert _status(urls.assessment) == "awaiting_head"
