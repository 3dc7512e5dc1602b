"""Answers at the indicator: the Inspektorat publishes an answered question, anonymised, as the FAQ of its
indicator; every OPD reads it on the instrument page and finds it by searching."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from nyata.clinic.actions.faq import publish_faq
from nyata.clinic.models import Faq
from nyata.clinic.queries.faq import faq_list

pytestmark = pytest.mark.django_db

QUESTION = "Apakah realisasi rencana aksi dihitung per kegiatan atau per anggaran?"
ANSWER = "Realisasi dihitung per kegiatan yang tercantum dalam rencana aksi."


def test_an_answered_question_is_published_without_who_asked(answered, inspektorat_admin):
    faq = publish_faq(question=answered, question_text=QUESTION, answer_text=ANSWER, by=inspektorat_admin)

    assert (faq.instrument_code, faq.indicator, faq.question, faq.answer) == ("uji", "I.2", QUESTION, ANSWER)
    assert faq.source == answered
    assert {f.name for f in Faq._meta.concrete_fields} == {
        "id",
        "instansi",
        "instrument_code",
        "indicator",
        "question",
        "answer",
        "source",
        "published_by",
        "published_at",
    }


def test_a_text_naming_the_unit_or_the_person_who_asked_is_refused(answered, inspektorat_admin, opd_operator):
    with pytest.raises(ValidationError) as refused:
        publish_faq(
            question=answered,
            question_text=f"Dinas Kesehatan bertanya: {QUESTION}",
            answer_text=f"Kepada {opd_operator.name}: {ANSWER}",
            by=inspektorat_admin,
        )

    assert refused.value.message_dict == {
        "question_text": ["FAQ bersifat anonim: hapus “Dinas Kesehatan”, yang menunjukkan siapa penanyanya."],
        "answer_text": [
            f"FAQ bersifat anonim: hapus “{opd_operator.name}”, yang menunjukkan siapa penanyanya."
        ],
    }
    assert Faq.objects.count() == 0


def test_an_unanswered_question_is_not_published(question, inspektorat_admin):
    with pytest.raises(ValidationError) as refused:
        publish_faq(question=question, question_text=QUESTION, answer_text=ANSWER, by=inspektorat_admin)

    assert refused.value.messages == ["Jawab pertanyaan ini sebelum menerbitkannya."]


def test_the_faq_is_searched_word_by_word_in_questions_and_answers(city, answered, inspektorat_admin):
    publish_faq(question=answered, question_text=QUESTION, answer_text=ANSWER, by=inspektorat_admin)

    assert [f.indicator for f in faq_list(city.instansi, search="kegiatan anggaran")] == ["I.2"]
    assert [f.indicator for f in faq_list(city.instansi, search="REALISASI")] == ["I.2"]
    assert list(faq_list(city.instansi, search="kegiatan survei")) == []


def test_another_opd_reads_the_faq_beside_the_indicator_on_the_instrument_page_anonymised(
    client, answered, inspektorat_admin, outsider_opd_operator, opd_operator
):
    publish_faq(question=answered, question_text=QUESTION, answer_text=ANSWER, by=inspektorat_admin)
    client.force_login(outsider_opd_operator)

    page = client.get(reverse("instruments:detail", args=["uji", "2026.1"])).content.decode()
    faq_page = client.get(reverse("clinic:faq", args=["kota-kendari"]), {"q": "anggaran"}).content.decode()

    indicator = page[page.index('id="node-I.2"') : page.index('id="node-II"')]
    assert "Pernah ditanyakan (FAQ klinik)" in indicator
    assert QUESTION in indicator
    assert ANSWER in indicator
    assert QUESTION in faq_page
    for page_text in (page, faq_page):
        assert "Dinas Kesehatan" not in page_text
        assert opd_operator.name not in page_text


def test_the_inspektorat_publishes_through_the_page_and_a_bad_text_is_kept(
    client, answered, inspektorat_admin
):
    client.force_login(inspektorat_admin)
    url = reverse("clinic:publish", args=["kota-kendari", answered.pk])

    form = client.get(url)
    refused = client.post(url, {"question_text": "Dinkes bertanya soal realisasi", "answer_text": ANSWER})
    accepted = client.post(url, {"question_text": QUESTION, "answer_text": ANSWER})

    assert form.status_code == 200
    assert answered.body in form.content.decode()
    assert refused.status_code == 400
    assert "Dinkes bertanya soal realisasi" in refused.content.decode()
    assert accepted.status_code == 302
    assert Faq.objects.get().question == QUESTION


def test_another_opds_worksheet_shows_the_faq_beside_the_indicators_guidance(
    client, period, answered, inspektorat_admin, outsider_opd_operator
):
    publish_faq(question=answered, question_text=QUESTION, answer_text=ANSWER, by=inspektorat_admin)
    dikbud = period.assessments.get(unit__code="dikbud")
    client.force_login(outsider_opd_operator)

    page = client.get(
        reverse("evaluations:worksheet", args=["kota-kendari", period.pk, dikbud.pk])
    ).content.decode()

    indicator = page[page.index('id="i-I_2"') :]
    indicator = indicator[: indicator.index("</article>")]
    assert "Pernah ditanyakan (FAQ klinik)" in indicator
    assert QUESTION in indicator
    assert "Tanyakan indikator ini ke klinik" in indicator
    assert "Dinas Kesehatan" not in page
    assert 'href="/static/clinic/clinic.css"' in page


def test_the_clinic_material_of_an_area_prints_the_guidance_and_the_faq_of_its_indicators(
    client, period, answered, inspektorat_admin, outsider_opd_operator
):
    from nyata.reports.tests.documents import pdf_text

    publish_faq(question=answered, question_text=QUESTION, answer_text=ANSWER, by=inspektorat_admin)
    Faq.objects.filter(indicator="I.2").update(indicator="I.1")  # I.1 is the indicator of kelembagaan
    client.force_login(outsider_opd_operator)

    response = client.get(reverse("clinic:material-pdf", args=["kota-kendari", period.pk, "kelembagaan"]))
    unknown = client.get(reverse("clinic:material-pdf", args=["kota-kendari", period.pk, "pariwisata"]))

    text = pdf_text(response.content)
    assert "MATERI KLINIK" in text
    assert "I.1 Rencana aksi RB" in text
    assert "I.2 Realisasi" not in text
    assert QUESTION in text.replace("\n", " ")
    assert unknown.status_code == 404
