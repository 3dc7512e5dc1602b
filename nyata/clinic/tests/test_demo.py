"""The clinic's demo: sessions with attendance and minutes, questions answered and published, an asistensi;
fictional people and example domains only; nothing changes when it runs again."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone

from nyata.clinic import demo
from nyata.clinic.models import Asistensi, AsistensiComment, Attendance, Faq, Question, Session
from nyata.clinic.queries.sessions import never_attended
from nyata.evaluations.actions.periods import assign_team_member, open_period
from nyata.evaluations.models import Phase
from nyata.instruments import demo_data as instrument_demo
from nyata.instruments.models import Instrument
from nyata.org.tests.factories import UnitFactory, person_with_role

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo_city(city):
    """The people and units of the demo city the clinic's demo speaks of, by their demo usernames."""
    admin = person_with_role(
        city, role="inspektorat_admin", unit_code="inspektorat", username="admin.inspektorat"
    )
    evaluator = person_with_role(city, role="evaluator", unit_code="inspektorat", username="evaluator")
    for role, unit, username in (
        ("opd_operator", "dinkes", "operator.dinkes"),
        ("opd_operator", "dikbud", "operator.dikbud"),
        ("opd_head", "dikbud", "kepala.dikbud"),
        ("pengampu_verifier", "bagian-organisasi", "verifikator.organisasi"),
    ):
        person_with_role(city, role=role, unit_code=unit, username=username)
    for code, name in (
        ("dpupr", "Dinas Pekerjaan Umum dan Penataan Ruang"),
        ("dinsos", "Dinas Sosial"),
        ("bpbd", "Badan Penanggulangan Bencana Daerah"),
        ("disdukcapil", "Dinas Kependudukan dan Pencatatan Sipil"),
    ):
        city.units[code] = UnitFactory(instansi=city.instansi, code=code, name=name, kind="opd")
        person_with_role(city, role="opd_operator", unit_code=code, username=f"operator.{code}")
    instrument_demo.load_demo(instansi=city.instansi, stdout=io.StringIO())
    now = timezone.now()
    period = open_period(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi RB 2025",
        instrument=Instrument.objects.get(code="rb-pd", version="2025.1"),
        units=[city.units[code] for code in ("dinkes", "dikbud", "dpupr", "dinsos", "bpbd", "disdukcapil")],
        windows={phase: (now - timedelta(days=30), now + timedelta(days=30)) for phase in Phase.values},
        by=admin,
    )
    assign_team_member(
        assessment=period.assessments.get(unit__code="dinkes"), user=evaluator, tier="evaluator", by=admin
    )
    return city


def test_the_demo_clinic_has_sessions_questions_faq_and_an_asistensi(demo_city):
    output = io.StringIO()

    demo.load_demo(instansi=demo_city.instansi, stdout=output)

    assert output.getvalue() == "Clinic: 3 sessions, 12 questions, one asistensi.\n"
    assert Session.objects.count() == 3
    assert (
        Session.objects.filter(starts_at__gt=timezone.now())
        .get()
        .online_link.endswith(".example/klinik-spbe")
    )
    assert Attendance.objects.count() == 6
    assert all(session.minutes for session in Session.objects.filter(starts_at__lt=timezone.now()))
    assert Question.objects.values("unit").distinct().count() == 6
    assert Question.objects.filter(status="answered").count() == 8
    assert Faq.objects.count() == 4
    assert (Asistensi.objects.get().assessment.unit.code, AsistensiComment.objects.count()) == ("dinkes", 2)
    assert [unit.code for unit in never_attended(demo_city.instansi)] == ["disdukcapil"]


def test_the_demo_clinic_changes_nothing_when_run_again(demo_city):
    demo.load_demo(instansi=demo_city.instansi, stdout=io.StringIO())
    counts = (Session.objects.count(), Question.objects.count(), Faq.objects.count())

    demo.load_demo(instansi=demo_city.instansi, stdout=io.StringIO())

    assert (Session.objects.count(), Question.objects.count(), Faq.objects.count()) == counts
