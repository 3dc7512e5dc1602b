"""The OPD head's notes on single indicators, and the evaluators' clarification requests, found by the
worksheet's filter "dikembalikan/ada catatan"."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nyata.evaluations.actions.notes import NOTE_MAX_LENGTH, write_head_note
from nyata.evaluations.actions.submission import return_submission
from nyata.evaluations.models import Assessment, Clarification, Event

HTMX = {"HX-Request": "true"}


def _awaiting(assessment):
    Assessment.objects.filter(pk=assessment.pk).update(status="awaiting_head")
    assessment.refresh_from_db()
    return assessment


def _note_url(urls, code):
    return reverse("evaluations:head-note", args=[*urls.args, code])


def test_the_head_notes_an_indicator_while_deciding_and_it_is_on_the_timeline(assessment, opd_head):
    _awaiting(assessment)
    write_head_note(assessment=assessment, indicator="I.1", note="  SK sudah kedaluwarsa. ", by=opd_head)
    assessment.refresh_from_db()
    assert assessment.head_notes == {"I.1": "SK sudah kedaluwarsa."}
    event = Event.objects.get(kind="head_note")
    assert (event.indicator, event.after, event.actor) == ("I.1", "SK sudah kedaluwarsa.", opd_head)
    write_head_note(assessment=assessment, indicator="I.1", note="", by=opd_head)
    assessment.refresh_from_db()
    assert assessment.head_notes == {}


@pytest.mark.parametrize(
    ("status", "indicator", "note", "message"),
    [
        ("self_assessment", "I.1", "Perbaiki", "pada tahap: Penilaian mandiri oleh OPD"),
        ("awaiting_head", "Z.9", "Perbaiki", "Indikator Z.9 tidak dikenal."),
        ("awaiting_head", "I.1", "x" * (NOTE_MAX_LENGTH + 1), f"paling panjang {NOTE_MAX_LENGTH} karakter"),
    ],
)
def test_a_note_out_of_turn_on_an_unknown_indicator_or_too_long_is_refused(
    assessment, opd_head, status, indicator, note, message
):
    Assessment.objects.filter(pk=assessment.pk).update(status=status)
    assessment.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        write_head_note(assessment=assessment, indicator=indicator, note=note, by=opd_head)
    assert message in " ".join(refused.value.messages)
    assessment.refresh_from_db()
    assert assessment.head_notes == {}


def test_the_head_writes_a_note_from_the_worksheet(client, opd_head, urls):
    _awaiting(urls.assessment)
    client.force_login(opd_head)
    page = client.get(urls.worksheet).content.decode()
    assert "Tulis catatan untuk operator" in page
    response = client.post(_note_url(urls, "I.2"), {"note": "Lampirkan LKj triwulan IV."}, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="i-I_2-notes" class="notes" hx-swap-oob="true"' in body
    assert "Catatan kepala OPD:</strong> Lampirkan LKj triwulan IV." in body
    assert "✓ Catatan tersimpan" in body
    assert "1 catatan" in body  # the area's progress


def test_only_the_head_writes_notes(client, opd_operator, evaluator, outsider_opd_operator, urls):
    _awaiting(urls.assessment)
    for person, status in ((opd_operator, 403), (evaluator, 403), (outsider_opd_operator, 404)):
        client.force_login(person)
        assert client.post(_note_url(urls, "I.1"), {"note": "x"}).status_code == status
    urls.assessment.refresh_from_db()
    assert urls.assessment.head_notes == {}


def test_the_operator_finds_the_returned_indicators_with_the_filter(client, opd_operator, opd_head, urls):
    assessment = _awaiting(urls.assessment)
    write_head_note(assessment=assessment, indicator="II.1", note="Sumber IKM?", by=opd_head)
    return_submission(assessment=assessment, note="Lihat catatan per indikator.", by=opd_head)
    client.force_login(opd_operator)
    page = client.get(urls.worksheet).content.decode()
    assert "Kepala OPD juga memberi catatan pada 1 indikator: tampilkan" in page
    assert 'data-area="II"><span class="code">II</span> Komponen hasil</a>' in page
    assert "1 catatan" in page
    noted = client.get(urls.worksheet + "?area=II&saring=ada-catatan").content.decode()
    assert 'id="i-II_1"' in noted
    assert "Catatan kepala OPD:</strong> Sumber IKM?" in noted
    assert "Tulis catatan untuk operator" not in noted  # the operator reads it, the head writes it


def test_clarification_requests_name_their_indicators_until_closed(client, opd_operator, evaluator, urls):
    asked = Clarification.objects.create(
        assessment=urls.assessment,
        indicators=["I.2"],
        question="Mana laporan realisasinya?",
        asked_by=evaluator,
    )
    client.force_login(opd_operator)
    page = client.get(urls.worksheet + "?saring=ada-catatan").content.decode()
    assert "Permintaan klarifikasi (terbuka):</strong> Mana laporan realisasinya?" in page
    assert "1 permintaan klarifikasi terbuka" in page
    Clarification.objects.filter(pk=asked.pk).update(status="closed")
    page = client.get(urls.worksheet + "?saring=ada-catatan").content.decode()
    assert "Mana laporan realisasinya?" not in page
