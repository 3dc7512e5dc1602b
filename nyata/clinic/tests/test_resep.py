"""The resep klinik of an OPD: where the unit gains most (its published result's diagnosis, with the FAQ of
those indicators), its open follow-up items and its action plan of the year, its unanswered questions and the
sessions it missed; page and PDF."""

from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from nyata.clinic.actions.sessions import schedule_session
from nyata.clinic.models import Faq
from nyata.clinic.queries.resep import resep_of
from nyata.clinic.tests.scene import ask
from nyata.evaluations.queries.standings import unit_result
from nyata.followups import planning
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
    assert resep.follow_ups == []


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

    assert [item.recommendation.text for item in resep.follow_ups] == ["Tindak lanjuti unsur SKM terendah."]


# --- the action plan of the year -------------------------------------------------------------------------

ZONE = ZoneInfo("Asia/Makassar")


@contextmanager
def on(*moment):
    with mock.patch.object(timezone, "now", return_value=datetime(*moment, tzinfo=ZONE)):
        yield


def _activity(plan, by, name, targets, node):
    return planning.save_activity(
        plan=plan,
        data=planning.ActivityData(
            name=name,
            output="Dokumen ditetapkan",
            indicator="Jumlah dokumen",
            target=Decimal(sum(targets)),
            targets=tuple(Decimal(t) for t in targets),
            budget=Decimal(10000000),
            responsible="Sekretaris Dinas",
            node=node,
        ),
        by=by,
    )


def _realise(activity, quarter, value, by):
    planning.record_realisation(
        activity=activity,
        quarter=quarter,
        value=Decimal(value),
        evidence_url="https://data.kendari.example/bukti",
        constraints="",
        solutions="",
        by=by,
    )


@pytest.fixture
def approved_plan(finalised, city, opd_operator, opd_head, evaluator):
    """Dinkes's plan of 2027, the one answering its published result of 2026: approved, realised in TW I and
    TW II (the SOP on target, the survey short of its TW II target); the Inspektorat reviewed TW II last."""
    plan = planning.create_plan(unit=city.units["dinkes"], year=2027, by=opd_operator)
    sop = _activity(plan, opd_operator, "Penyusunan SOP layanan", (1, 1, 1, 1), "I.1")
    survey = _activity(plan, opd_operator, "Survei kepuasan masyarakat", (0, 2.5, 0, 2), "II.1")
    planning.submit_plan(plan=plan, by=opd_head)
    planning.review_plan(plan=plan, approve=True, note="", by=evaluator)
    with on(2027, 4, 10, 9):
        _realise(sop, 1, 1, opd_operator)
        planning.write_desk_review(plan=plan, quarter=1, note="TW I sesuai target.", by=evaluator)
    with on(2027, 7, 10, 9):
        _realise(sop, 2, 1, opd_operator)
        _realise(survey, 2, "1.5", opd_operator)
        planning.write_desk_review(
            plan=plan, quarter=2, note="Survei TW II baru 60%: percepat pengolahan data.", by=evaluator
        )
    return plan


def test_the_resep_shows_the_approved_plan_with_targets_realisation_share_and_the_latest_review_note(
    approved_plan, city, opd_head
):
    resep = resep_of(opd_head, city.units["dinkes"], today=date(2027, 8, 1))  # TW I and TW II have closed

    progress = resep.plan.progress
    assert (resep.plan.year, progress.plan, progress.plan.status) == (2027, approved_plan, "approved")
    assert [(a.activity.name, a.activity.node, a.behind) for a in progress.activities] == [
        ("Penyusunan SOP layanan", "I.1", False),
        ("Survei kepuasan masyarakat", "II.1", True),
    ]
    survey = progress.activities[1]
    assert [(q.label, q.target, q.realised, q.share) for q in survey.quarters] == [
        ("TW I", Decimal("0.00"), None, None),  # no target: nothing to reach
        ("TW II", Decimal("2.50"), Decimal("1.50"), Decimal("60.0")),
        ("TW III", Decimal("0.00"), None, None),
        ("TW IV", Decimal("2.00"), None, None),  # not closed yet
    ]
    assert progress.latest_review.note == "Survei TW II baru 60%: percepat pengolahan data."


def test_the_page_and_the_pdf_show_the_plan_in_indonesian(client, approved_plan, city, opd_head):
    unit = city.units["dinkes"]

    with on(2027, 8, 1, 9):  # signed in then too: a session of today would have expired by August 2027
        client.force_login(opd_head)
        page = client.get(reverse("clinic:resep", args=["kota-kendari", unit.pk])).content.decode()
        text = pdf_text(client.get(reverse("clinic:resep-pdf", args=["kota-kendari", unit.pk])).content)

    for shown in (page, text):
        assert "Rencana aksi 2027" in shown
        assert "Disetujui" in shown
        assert "Penyusunan SOP layanan" in shown
        assert "Survei kepuasan masyarakat" in shown
        assert "2,50 / 1,50" in shown
        assert "(60,0%)" in shown
        assert "(100,0%)" in shown
        assert "Survei TW II baru 60%: percepat pengolahan data." in shown
        assert "1 kegiatan tertinggal dari targetnya pada triwulan yang sudah ditutup." in shown


def test_a_unit_without_a_plan_reads_that_none_was_submitted_with_a_link_to_make_one(
    client, finalised, city, opd_head, inspektorat_admin
):
    unit = city.units["dinkes"]
    plans = reverse("followups:plans", args=["kota-kendari"]) + "?tahun=2027"

    client.force_login(opd_head)
    own = client.get(reverse("clinic:resep", args=["kota-kendari", unit.pk])).content.decode()
    text = pdf_text(client.get(reverse("clinic:resep-pdf", args=["kota-kendari", unit.pk])).content)
    client.force_login(inspektorat_admin)
    inspektorat = client.get(reverse("clinic:resep", args=["kota-kendari", unit.pk])).content.decode()

    sentence = "Belum ada rencana aksi 2027 yang diajukan."
    assert [sentence in shown for shown in (own, text, inspektorat)] == [True, True, True]
    assert f'href="{plans}"' in own
    assert plans not in inspektorat  # the Inspektorat reviews plans, it does not make them


def test_a_returned_plan_shows_its_status_and_the_inspektorats_note(
    client, finalised, city, opd_operator, opd_head, evaluator
):
    plan = planning.create_plan(unit=city.units["dinkes"], year=2027, by=opd_operator)
    _activity(plan, opd_operator, "Penyusunan SOP layanan", (1, 1, 1, 1), "I.1")
    planning.submit_plan(plan=plan, by=opd_head)
    planning.review_plan(plan=plan, approve=False, note="Target TW I terlalu rendah.", by=evaluator)
    client.force_login(opd_head)
    unit = city.units["dinkes"]

    page = client.get(reverse("clinic:resep", args=["kota-kendari", unit.pk])).content.decode()
    text = pdf_text(client.get(reverse("clinic:resep-pdf", args=["kota-kendari", unit.pk])).content)

    for shown in (page, text):
        assert "Dikembalikan dengan catatan" in shown
        assert "Target TW I terlalu rendah." in shown
        assert "tertinggal" not in shown  # a plan never approved was never monitored


def test_another_opds_resep_never_shows_the_plan_of_dinkes(client, approved_plan, city, dikbud_head):
    client.force_login(dikbud_head)

    own = client.get(reverse("clinic:resep", args=["kota-kendari", city.units["dikbud"].pk]))
    other = client.get(reverse("clinic:resep", args=["kota-kendari", city.units["dinkes"].pk]))

    assert own.status_code == 200
    assert "Penyusunan SOP layanan" not in own.content.decode()
    assert "Belum ada rencana aksi 2027 yang diajukan." in own.content.decode()
    assert other.status_code == 404
