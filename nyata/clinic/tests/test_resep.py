"""The resep klinik of an OPD: where the unit gains most (its published result's diagnosis, with the FAQ of
those indicators), the follow-up seam, its unanswered questions and the sessions it missed; page and PDF."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from nyata.clinic.actions.sessions import schedule_session
from nyata.clinic.models import Faq
from nyata.clinic.queries.resep import resep_of
from nyata.clinic.tests.scene import ask
from nyata.evaluations.queries.standings import unit_result
from nyata.reports.tests.documents import pdf_text

pytestmark = pytest.mark.django_db


def _missed_session(city, by):
    starts = timezone.now() - timedelta(days=7)
    return schedule_session(
        instansi=city.instansi,
        topic="Klinik indikator hasil",
        description="",
        areas=[],
        indicators=[],
        starts_at=starts,
        ends_at=starts + timedelta(hours=2),
        place="Aula Inspektorat",
        online_link="",
        units=[city.units["dinkes"]],
        people=[],
        by=by,
    )


def test_before_any_published_result_the_resep_says_so_and_lists_what_is_open(
    city, period, team, opd_head, opd_operator, inspektorat_admin
):
    ask(city, period, opd_operator, subject="Belum dijawab")
    _missed_session(city, inspektorat_admin)

    resep = resep_of(opd_head, city.units["dinkes"])

    assert (resep.assessment, resep.gains) == (None, [])
    assert [q.subject for q in resep.unanswered] == ["Belum dijawab"]
    assert [s.topic for s in resep.missed] == ["Klinik indikator hasil"]
    assert (resep.follow_ups.tracked, resep.follow_ups.items) == (True, [])


def test_the_published_result_gives_where_the_unit_gains_most_with_the_faq_of_those_indicators(
    finalised, city, opd_head, opd_operator, evaluator, inspektorat_admin
):
    ask(city, None, opd_operator, indicator="", subject="Umum")
    # Published in an earlier round (the period is locked now, so nobody asks in it any more).
    Faq.objects.create(
        instansi=city.instansi,
        instrument_code="uji",
        indicator="II.1",
        question="Bagaimana menaikkan IKM?",
        answer="Tindak lanjuti saran responden.",
        published_by=inspektorat_admin,
    )
    assessment = finalised.assessments.get(unit=city.units["dinkes"])

    resep = resep_of(opd_head, city.units["dinkes"])

    expected = [(line.node.code, line.gain) for line in unit_result(assessment).gains]
    assert expected  # the scene leaves room to gain
    assert resep.assessment == assessment
    assert [(advice.gain.node.code, advice.gain.gain) for advice in resep.gains] == expected
    faqs = {advice.gain.node.code: [f.question for f in advice.faqs] for advice in resep.gains}
    assert faqs.get("II.1") == ["Bagaimana menaikkan IKM?"]
    assert [q.subject for q in resep.unanswered] == ["Umum"]


def test_the_opd_head_downloads_the_resep_as_pdf(client, finalised, city, opd_head, inspektorat_admin):
    _missed_session(city, inspektorat_admin)
    client.force_login(opd_head)
    unit = city.units["dinkes"]

    page = client.get(reverse("clinic:resep", args=["kota-kendari", unit.pk]))
    response = client.get(reverse("clinic:resep-pdf", args=["kota-kendari", unit.pk]))

    assert page.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "RESEP KLINIK" in text
    assert "Dinas Kesehatan" in text
    assert "Di mana unit paling banyak dapat menambah nilai" in text
    assert "Klinik indikator hasil" in text
    assert "Tidak ada tindak lanjut yang masih terbuka." in text


def test_the_resep_lists_the_units_open_follow_up_items_and_none_of_another_unit(
    finalised, city, opd_head, evaluator, inspektorat_admin
):
    from datetime import date

    from nyata.followups.actions import open_follow_up
    from nyata.followups.models import Item
    from nyata.followups.tests.conftest import write_finding

    dinkes = finalised.assessments.get(unit=city.units["dinkes"])
    dikbud = finalised.assessments.get(unit=city.units["dikbud"])
    write_finding(
        dinkes, node="II.1", texts=["Tindak lanjuti unsur SKM terendah.", "Umumkan hasil SKM."], by=evaluator
    )
    write_finding(dikbud, node="I", texts=["Lengkapi data dukung rencana aksi."], by=evaluator)
    open_follow_up(period=finalised, default_due=date(2027, 3, 31), by=inspektorat_admin)
    Item.objects.filter(recommendation__text="Umumkan hasil SKM.").update(
        stage=Item.Stage.CLOSED, status=Item.Status.DONE
    )

    resep = resep_of(opd_head, city.units["dinkes"])

    assert [item.recommendation.text for item in resep.follow_ups.items] == [
        "Tindak lanjuti unsur SKM terendah."
    ]
