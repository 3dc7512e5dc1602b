"""Suggestions and complaints: listed for the unit to respond to, counted as the follow-up of the SKM."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.surveys import actions, queries
from nyata.surveys.models import ComplaintReply

pytestmark = pytest.mark.django_db


@pytest.fixture
def complaints(service, dikbud_service, period):
    made = [
        actions.submit_response(service=service, answers=[3] * 9, suggestion=f"Keluhan nomor {i}")
        for i in range(3)
    ]
    actions.submit_response(service=service, answers=[3] * 9)  # no text: not a complaint
    actions.submit_response(service=service, answers=[1] * 9, suggestion="Spam bot", flags=["honeypot"])
    actions.submit_response(service=dikbud_service, answers=[2] * 9, suggestion="Ijazah lama sekali")
    return made


def _list_url(city, code="dinkes"):
    return reverse("surveys:complaints", args=[city.instansi.code, city.units[code].pk])


def _reply_url(city, response):
    return reverse("surveys:complaint-reply", args=[city.instansi.code, response.pk])


def test_the_opd_lists_its_counted_complaints_newest_first(client, opd_operator, city, complaints):
    client.force_login(opd_operator)
    response = client.get(_list_url(city))
    body = response.content.decode()
    assert [r.suggestion for r in response.context["page"]] == [
        "Keluhan nomor 2",
        "Keluhan nomor 1",
        "Keluhan nomor 0",
    ]
    assert "Spam bot" not in body  # flagged, not counted
    assert "Ijazah lama sekali" not in body  # another OPD's
    assert "3 saran atau pengaduan: 3 baru, 0 sudah ditanggapi." in body


def test_the_opd_responds_and_the_follow_up_counts_and_share_move(
    client, opd_operator, city, complaints, period
):
    client.force_login(opd_operator)
    response = client.post(_reply_url(city, complaints[0]), {"text": "Loket kedua dibuka mulai Senin."})
    assert response.status_code == 302
    reply = ComplaintReply.objects.get()
    assert (reply.response, reply.text, reply.by) == (
        complaints[0],
        "Loket kedua dibuka mulai Senin.",
        opd_operator,
    )
    assert reply.history.get().history_user == opd_operator
    counts = queries.complaint_counts(city.units["dinkes"], period)
    assert (counts.total, counts.new, counts.responded, counts.share_responded) == (3, 2, 1, 33)
    unit_page = client.get(reverse("surveys:unit", args=[city.instansi.code, city.units["dinkes"].pk]))
    assert "3 saran atau pengaduan: 2 baru, 1 sudah ditanggapi." in unit_page.content.decode()
    assert "33% sudah ditanggapi" in unit_page.content.decode()
    responded = client.get(_list_url(city) + "?status=responded")
    assert [r.pk for r in responded.context["page"]] == [complaints[0].pk]
    fresh = client.get(_list_url(city) + "?status=new")
    assert [r.pk for r in fresh.context["page"]] == [complaints[2].pk, complaints[1].pk]


def test_correcting_a_response_keeps_the_earlier_text_in_the_history(client, opd_head, city, complaints):
    client.force_login(opd_head)
    client.post(_reply_url(city, complaints[1]), {"text": "Versi pertama"})
    client.post(_reply_url(city, complaints[1]), {"text": "Versi kedua"})
    reply = ComplaintReply.objects.get()
    assert reply.text == "Versi kedua"
    assert [h.text for h in reply.history.order_by("history_date")] == ["Versi pertama", "Versi kedua"]


def test_an_empty_response_is_refused_and_changes_nothing(client, opd_operator, city, complaints):
    client.force_login(opd_operator)
    client.post(_reply_url(city, complaints[0]), {"text": "   "})
    assert not ComplaintReply.objects.exists()


def test_another_opd_neither_sees_nor_answers_the_complaints(client, outsider_opd_operator, city, complaints):
    client.force_login(outsider_opd_operator)
    assert client.get(_list_url(city)).status_code == 404
    assert client.post(_reply_url(city, complaints[0]), {"text": "Bukan urusan saya"}).status_code == 404
    assert not ComplaintReply.objects.exists()


def test_another_instansi_sees_nothing(client, other_city_admin, city, complaints):
    client.force_login(other_city_admin)
    assert client.get(_list_url(city)).status_code == 404
    assert client.post(_reply_url(city, complaints[0]), {"text": "x"}).status_code == 404


def test_readers_of_the_whole_instansi_outside_the_inspektorat_do_not_read_citizens_words(
    client, pengampu_verifier, leader, city, complaints
):
    for person in (pengampu_verifier, leader):
        client.force_login(person)
        assert client.get(_list_url(city)).status_code == 403
        unit_page = client.get(reverse("surveys:unit", args=[city.instansi.code, city.units["dinkes"].pk]))
        assert "Tindak lanjut saran dan pengaduan" not in unit_page.content.decode()


def test_the_inspektorat_reads_every_units_complaints_and_its_evaluator_cannot_answer(
    client, inspektorat_admin, evaluator, city, complaints
):
    client.force_login(evaluator)
    assert client.get(_list_url(city, "dikbud")).status_code == 200
    assert client.post(_reply_url(city, complaints[0]), {"text": "x"}).status_code == 403
    client.force_login(inspektorat_admin)
    assert client.post(_reply_url(city, complaints[0]), {"text": "Dibantu Inspektorat"}).status_code == 302


def test_the_list_takes_the_same_few_queries_however_many_complaints(
    client, opd_operator, city, service, complaints
):
    client.force_login(opd_operator)
    url = _list_url(city)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(10):
        response = actions.submit_response(service=service, answers=[2] * 9, suggestion=f"Lagi {i}")
        actions.reply_to_complaint(response=response, text="Ditanggapi", by=opd_operator)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)
