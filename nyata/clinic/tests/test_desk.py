"""The consultation desk: a unit asks, the question reaches the right desk, the desk answers in a thread,
everyone concerned is told, and the Inspektorat sees what waits and for how long."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nyata.clinic.actions.desk import answer_question, follow_up_question
from nyata.clinic.models import Attachment, Question
from nyata.clinic.queries.desk import desk_figures
from nyata.clinic.tests.scene import ask, pdf_upload
from nyata.core.tests.files import exe_bytes
from nyata.notifications.models import Notification

pytestmark = pytest.mark.django_db


def test_a_question_on_an_indicator_of_a_pengampu_area_goes_to_that_pengampu(
    city, period, team, opd_operator, pengampu_verifier
):
    question = ask(city, period, opd_operator, indicator="I.1", subject="Format rencana aksi")

    assert (question.route, question.area, question.status) == ("pengampu", "kelembagaan", "open")
    told = Notification.objects.get(kind="clinic.question_asked")
    assert told.recipient == pengampu_verifier
    assert told.message == "Dinas Kesehatan bertanya kepada klinik: “Format rencana aksi”."
    assert told.url == f"/i/kota-kendari/klinik/pertanyaan/{question.pk}/"


def test_a_question_on_an_indicator_without_pengampu_goes_to_the_units_evaluator_team(
    city, period, team, opd_operator
):
    question = ask(city, period, opd_operator, indicator="I.2")

    assert (question.route, question.area) == ("team", "")
    told = set(Notification.objects.filter(kind="clinic.question_asked").values_list("recipient", flat=True))
    assert told == {person.pk for person in team.values()}


def test_a_general_question_without_a_team_goes_to_the_inspektorat_administrators(
    city, period, opd_operator, inspektorat_admin
):
    question = ask(city, None, opd_operator, indicator="", subject="Jadwal evaluasi")

    assert (question.route, question.period, question.indicator) == ("team", None, "")
    assert list(Notification.objects.values_list("recipient", flat=True)) == [inspektorat_admin.pk]


def test_the_answer_starts_the_response_time_and_tells_the_asker(question, evaluator, opd_operator):
    reply = answer_question(question=question, body="Per kegiatan.", uploads=[], by=evaluator)

    question.refresh_from_db()
    assert question.status == "answered"
    assert question.first_answered_at == reply.written_at
    assert question.waiting_since is None
    told = Notification.objects.get(kind="clinic.question_answered")
    assert (told.recipient, told.message) == (
        opd_operator,
        "Klinik telah menjawab pertanyaan Anda “Cara menghitung realisasi”.",
    )


def test_writing_again_reopens_the_question_but_keeps_the_first_response_time(answered, opd_operator):
    first = answered.first_answered_at

    follow_up_question(question=answered, body="Bagaimana jika kegiatan batal?", uploads=[], by=opd_operator)

    answered.refresh_from_db()
    assert (answered.status, answered.first_answered_at) == ("open", first)
    assert answered.replies.count() == 2


def test_attachments_are_kept_and_an_unaccepted_file_refuses_the_whole_question(city, period, opd_operator):
    fake = SimpleUploadedFile("panduan.pdf", exe_bytes(), content_type="application/pdf")

    with pytest.raises(ValidationError) as refused:
        ask(city, period, opd_operator, uploads=[pdf_upload(), fake])

    assert "panduan.pdf bukan jenis berkas yang diterima" in refused.value.messages[0]
    assert (Question.objects.count(), Attachment.objects.count()) == (0, 0)
    question = ask(city, period, opd_operator, uploads=[pdf_upload()])
    stored = question.attachments.get()
    assert (stored.name, stored.content_type) == ("Surat_edaran.pdf", "application/pdf")
    assert stored.file.read().startswith(b"%PDF-")


def test_an_attachment_past_the_evidence_size_limit_is_refused(city, period, opd_operator, settings):
    settings.NYATA_EVIDENCE_MAX_BYTES = 100

    with pytest.raises(ValidationError) as refused:
        ask(city, period, opd_operator, uploads=[pdf_upload()])

    assert "terlalu besar" in refused.value.messages[0]
    assert Question.objects.count() == 0


def test_nobody_asks_on_behalf_of_another_unit(city, period, opd_operator):
    with pytest.raises(ValidationError) as refused:
        ask(city, period, opd_operator, unit="dikbud")

    assert refused.value.message_dict == {"unit": ["Anda hanya dapat bertanya atas nama unit Anda sendiri."]}


def test_a_unit_never_answers_its_own_question_as_the_desk(question, opd_head):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        answer_question(question=question, body="Sudah jelas.", uploads=[], by=opd_head)


def test_the_inspektorat_sees_the_oldest_waiting_question_first_and_the_response_times(
    city, period, team, opd_operator, evaluator
):
    older = ask(city, period, opd_operator, subject="Lama")
    newer = ask(city, period, opd_operator, subject="Baru")
    answered = ask(city, period, opd_operator, subject="Dijawab")
    answer_question(question=answered, body="Jawaban.", uploads=[], by=evaluator)
    answered.refresh_from_db()
    Question.objects.filter(pk=older.pk).update(waiting_since=older.asked_at - timedelta(days=4))

    figures = desk_figures(city.instansi, now=newer.asked_at + timedelta(hours=2))

    assert [entry.question.subject for entry in figures.waiting] == ["Lama", "Baru"]
    assert figures.waiting[0].age > timedelta(days=4)
    assert (figures.asked, figures.answered) == (3, 1)
    assert figures.median_response == answered.first_answered_at - answered.asked_at


def test_asking_through_the_page_routes_and_shows_the_thread(client, city, period, team, opd_operator):
    client.force_login(opd_operator)
    url = reverse("clinic:ask", args=["kota-kendari"])

    page = client.get(url)
    response = client.post(
        url,
        {
            "unit": city.units["dinkes"].pk,
            "about": f"{period.pk}:I.1",
            "subject": "Format rencana aksi",
            "body": "Apakah ada format baku?",
            "files": [pdf_upload()],
        },
    )

    assert page.status_code == 200
    question = Question.objects.get()
    assert (response.status_code, response.url) == (302, f"/i/kota-kendari/klinik/pertanyaan/{question.pk}/")
    assert (question.indicator, question.period, question.route) == ("I.1", period, "pengampu")
    thread = client.get(response.url).content.decode()
    assert "Apakah ada format baku?" in thread
    assert "Surat_edaran.pdf" in thread


def test_a_bad_form_keeps_what_was_typed_and_says_why(client, city, period, opd_operator):
    client.force_login(opd_operator)

    response = client.post(
        reverse("clinic:ask", args=["kota-kendari"]),
        {"unit": city.units["dinkes"].pk, "about": "", "subject": "", "body": "Pertanyaan yang panjang"},
    )

    assert response.status_code == 400
    assert "Pertanyaan yang panjang" in response.content.decode()
    assert Question.objects.count() == 0
