"""The worksheet page and autosave: who sees it, what it shows, how saving and conflicts behave."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.models import Answer, Assessment, Period, PhaseWindow, Result
from nyata.evaluations.tests.opd.conftest import attach_pdf, revision_of

HTMX = {"HX-Request": "true"}


def test_the_operator_sees_the_first_area_each_widget_and_the_meter(client, opd_operator, urls):
    client.force_login(opd_operator)
    page = client.get(urls.worksheet).content.decode()
    assert page.count('<article class="indicator card"') == 2  # area I: I.1 and I.2; II.1 is in area II
    assert 'type="radio" name="value" id="i-I_1-option-1" value="A"' in page
    assert "<strong>A</strong> · Lengkap" in page
    assert 'name="value" id="i-I_2-value"' in page  # percent input
    assert 'name="na" value="1" id="i-I_2-na"' in page  # I.2 allows not applicable
    assert 'id="i-II_1' not in page
    assert "Dokumen rencana aksi" in page
    assert 'hx-trigger="change delay:600ms, submit"' in page
    assert "<strong>0 / 3</strong>" in page
    assert "<strong>0 / 1</strong>" in page
    second = client.get(urls.worksheet + "?area=II").content.decode()
    assert second.count('<article class="indicator card"') == 1
    assert 'name="value" id="i-II_1-value"' in second
    assert 'id="i-II_1-na"' not in second


def test_another_opds_operator_gets_404_on_every_opd_page(client, outsider_opd_operator, opd_operator, urls):
    evidence = attach_pdf(urls.assessment, opd_operator)
    client.force_login(outsider_opd_operator)
    assert client.get(urls.worksheet).status_code == 404
    assert client.post(urls.save("I.1"), {"value": "A", "revision": "0"}).status_code == 404
    assert client.post(urls.upload("I.1"), {"item": "dok-renaksi"}).status_code == 404
    assert client.get(urls.download(evidence.pk)).status_code == 404
    assert client.post(urls.withdraw, {"evidence": evidence.pk}).status_code == 404
    assert client.get(urls.submit).status_code == 404
    assert client.post(urls.decision, {"decision": "approve"}).status_code == 404
    assert Answer.objects.count() == 0


def test_another_citys_admin_and_a_pengampu_verifier_get_404_on_the_worksheet(
    client, other_city_admin, pengampu_verifier, urls
):
    for person in (other_city_admin, pengampu_verifier):
        client.force_login(person)
        assert client.get(urls.worksheet).status_code == 404


def test_an_evaluator_reads_the_worksheet_but_cannot_save_answers(client, evaluator, opd_operator, urls):
    save_answer(
        assessment=urls.assessment,
        indicator="I.1",
        value="B",
        explanation="",
        base_revision=0,
        by=opd_operator,
    )
    client.force_login(evaluator)
    page = client.get(urls.worksheet).content.decode()
    assert "<form id=" not in page
    assert "B · Sebagian" in page
    assert client.post(urls.save("I.1"), {"value": "A", "revision": "1"}).status_code == 403
    assert Answer.objects.get(indicator="I.1").value == "B"


def test_the_opd_head_reads_but_cannot_answer(client, opd_head, urls):
    client.force_login(opd_head)
    assert "<form id=" not in client.get(urls.worksheet).content.decode()
    assert client.post(urls.save("I.1"), {"value": "A", "revision": "0"}).status_code == 403


def test_an_htmx_save_answers_with_the_saved_time_the_revision_and_the_meter(client, opd_operator, urls):
    client.force_login(opd_operator)
    response = client.post(
        urls.save("I.2"), {"value": "87,5", "revision": "0", "explanation": "Lihat LKj"}, headers=HTMX
    )
    body = response.content.decode()
    answer = Answer.objects.get(indicator="I.2")
    assert (answer.value, answer.explanation, answer.revision) == ({"number": "87.5"}, "Lihat LKj", 1)
    saved_at = timezone.localtime(answer.updated_at).strftime("%H:%M")
    assert f"Tersimpan pukul {saved_at}" in body
    assert 'id="i-I_2-revision" value="1" hx-swap-oob="true"' in body
    assert "<strong>1 / 3</strong>" in body


def test_without_javascript_a_save_redirects_to_the_indicator(client, opd_operator, urls):
    client.force_login(opd_operator)
    response = client.post(urls.save("I.1"), {"value": "A", "revision": "0"})
    assert response.status_code == 302
    assert response["Location"] == urls.worksheet + "?area=I#i-I_1"
    assert Answer.objects.get(indicator="I.1").value == "A"


def test_the_not_applicable_box_wins_over_a_typed_value(client, opd_operator, urls):
    client.force_login(opd_operator)
    client.post(urls.save("I.2"), {"value": "50", "na": "1", "revision": "0"}, headers=HTMX)
    assert Answer.objects.get(indicator="I.2").value == "na"


def test_a_bad_value_is_refused_with_the_reason_and_the_input_kept(client, opd_operator, urls):
    client.force_login(opd_operator)
    body = client.post(urls.save("II.1"), {"value": "120", "revision": "0"}, headers=HTMX).content.decode()
    assert "Jawaban harus berada di antara 25 dan 100." in body
    assert Answer.objects.count() == 0
    page = client.post(urls.save("II.1"), {"value": "120", "revision": "0"})
    assert page.status_code == 400
    assert 'id="i-II_1-value" value="120"' in page.content.decode()


def test_an_unreadable_value_is_refused_in_the_saved_state_of_its_indicator(client, opd_operator, urls):
    client.force_login(opd_operator)
    body = client.post(urls.save("II.1"), {"value": "lima", "revision": "0"}, headers=HTMX).content.decode()
    assert '<span class="error">Jawaban harus berupa angka. </span>' in body
    assert Answer.objects.count() == 0


def test_a_conflicting_save_shows_both_values_and_overwrites_nothing(client, opd_operator, opd_head, urls):
    save_answer(
        assessment=urls.assessment, indicator="I.1", value="A", explanation="", base_revision=0, by=opd_head
    )
    client.force_login(opd_operator)
    body = client.post(
        urls.save("I.1"), {"value": "C", "revision": "0", "explanation": "punya saya"}, headers=HTMX
    ).content.decode()
    assert 'class="conflict"' in body
    assert 'id="i-I_1-answer"' in body
    assert 'hx-swap-oob="true"' in body
    assert "A · Lengkap" in body
    assert "C · Tidak ada" in body
    assert opd_head.name in body
    assert '<input type="hidden" name="value" value="C">' in body
    assert '<input type="hidden" name="revision" value="1">' in body
    assert Answer.objects.get(indicator="I.1").value == "A"


def test_keeping_my_value_after_a_conflict_saves_it_on_the_stored_revision(
    client, opd_operator, opd_head, urls
):
    save_answer(
        assessment=urls.assessment, indicator="I.1", value="A", explanation="", base_revision=0, by=opd_head
    )
    client.force_login(opd_operator)
    body = client.post(
        urls.save("I.1"), {"value": "C", "revision": "1", "resolve": "mine", "explanation": ""}, headers=HTMX
    ).content.decode()
    answer = Answer.objects.get(indicator="I.1")
    assert (answer.value, answer.revision, answer.updated_by) == ("C", 2, opd_operator)
    assert 'class="conflict"' not in body
    assert "Tersimpan pukul" in body


def test_keeping_the_stored_value_writes_nothing(client, opd_operator, opd_head, urls):
    save_answer(
        assessment=urls.assessment, indicator="I.1", value="A", explanation="", base_revision=0, by=opd_head
    )
    client.force_login(opd_operator)
    body = client.post(
        urls.save("I.1"), {"value": "C", "revision": "1", "resolve": "theirs"}, headers=HTMX
    ).content.decode()
    assert re.search(r'value="A"\s+checked', body)
    assert Answer.objects.get(indicator="I.1").revision == 1


def test_without_javascript_a_conflict_renders_the_page_with_both_values(
    client, opd_operator, opd_head, urls
):
    save_answer(
        assessment=urls.assessment, indicator="I.1", value="A", explanation="", base_revision=0, by=opd_head
    )
    client.force_login(opd_operator)
    response = client.post(urls.save("I.1"), {"value": "B", "revision": "0"})
    assert response.status_code == 409
    assert 'class="conflict"' in response.content.decode()


def test_a_locked_period_refuses_saves_and_shows_the_worksheet_read_only(client, opd_operator, urls):
    Period.objects.filter(pk=urls.assessment.period_id).update(
        status="finalised", finalised_at=timezone.now()
    )
    client.force_login(opd_operator)
    body = client.post(urls.save("I.1"), {"value": "A", "revision": "0"}, headers=HTMX).content.decode()
    assert "Periode ini sudah difinalisasi dan dikunci" in body
    assert Answer.objects.count() == 0
    page = client.get(urls.worksheet).content.decode()
    assert "<form id=" not in page
    assert "dikunci" in page


def test_a_closed_window_refuses_saves(client, opd_operator, urls):
    now = timezone.now()
    PhaseWindow.objects.filter(period=urls.assessment.period, phase="self_assessment").update(
        starts_at=now - timedelta(days=9), ends_at=now - timedelta(days=1)
    )
    client.force_login(opd_operator)
    response = client.post(urls.save("I.1"), {"value": "A", "revision": "0"})
    assert response.status_code == 400
    assert Answer.objects.count() == 0


def test_after_submission_the_operator_sees_the_worksheet_read_only(client, opd_operator, urls):
    Assessment.objects.filter(pk=urls.assessment.pk).update(status="awaiting_head")
    client.force_login(opd_operator)
    assert "<form id=" not in client.get(urls.worksheet).content.decode()
    client.post(urls.save("I.1"), {"value": "A", "revision": "0"})
    assert Answer.objects.count() == 0


@pytest.fixture
def last_year(period, city, inspektorat_admin):
    """Last year's finalised period, with Dinkes's result and that of its predecessor unit."""
    old_unit = city.units["dinkes"].__class__.objects.create(
        instansi=city.instansi, code="dinkes-lama", name="Dinas Kesehatan Lama", kind="opd"
    )
    city.units["dinkes"].predecessors.add(old_unit)
    previous = Period.objects.create(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi RB 2025",
        instrument=period.instrument,
        status="finalised",
        finalised_at=timezone.now(),
    )
    for unit, final in (
        (city.units["dinkes"], {"I.1": "B", "I.2": {"number": "60"}}),
        (old_unit, {"II.1": {"number": "70"}}),
    ):
        Result.objects.create(
            assessment=Assessment.objects.create(period=previous, unit=unit, status="finalised"),
            total=50,
            max_total=100,
            proposed_total=50,
            detail={},
            final_values=final,
            instrument_checksum=period.instrument.checksum,
            engine_version="test",
        )
    Period.objects.filter(pk=period.pk).update(previous=previous)
    return previous


def test_last_years_final_answers_are_shown_but_not_carried_over(client, opd_operator, urls, last_year):
    client.force_login(opd_operator)
    page = client.get(urls.worksheet).content.decode()
    assert "<strong>B · Sebagian</strong> (2025)" in page
    assert "<strong>60%</strong> (2025)" in page
    second_area = client.get(urls.worksheet + "?area=II").content.decode()
    assert "<strong>70</strong> (2025, Dinas Kesehatan Lama)" in second_area
    assert Answer.objects.count() == 0
    assert not re.search(r'value="B"\s+checked', page)
    assert revision_of(urls.assessment, "I.1") == 0
