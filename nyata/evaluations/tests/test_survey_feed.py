"""An indicator with `source: skm-ikm` takes the unit's IKM from the satisfaction survey (issue 5, item 7)."""

import hashlib
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.actions.reviews import save_review
from nyata.evaluations.actions.submission import approve_submission, submit_assessment
from nyata.evaluations.actions.survey_feed import fill_from_survey
from nyata.evaluations.models import Answer, Assessment, Event
from nyata.evaluations.queries.results import final_values
from nyata.evaluations.queries.survey import figures_for
from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT
from nyata.instruments.models import Instrument
from nyata.surveys import actions as survey_actions

SOURCED = SMALL_INSTRUMENT.replace(
    "        answer: {kind: number, min: 25, max: 100}\n",
    "        answer: {kind: number, min: 25, max: 100}\n        source: skm-ikm\n",
)


@pytest.fixture
def sourced_instrument(db):
    now = timezone.now()
    return Instrument.objects.create(
        code="uji-skm",
        version="2026.1",
        title="Instrumen uji SKM",
        checksum=hashlib.sha256(SOURCED.encode()).hexdigest(),
        source=SOURCED,
        status="published",
        loaded_at=now,
        published_at=now,
    )


@pytest.fixture
def survey(city):
    """Dinkes's service with four responses: NRR 3.0 on every unsur gives IKM 75.00 (band C)."""
    today = survey_actions.local_day(timezone.now(), city.instansi)
    survey_period = survey_actions.save_period(
        instansi=city.instansi,
        by=None,
        name="SKM 2026",
        starts_on=today - timedelta(days=30),
        ends_on=today + timedelta(days=30),
    )
    service = survey_actions.save_service(
        unit=city.units["dinkes"], by=None, name="Rawat jalan", population=100
    )
    for answers in ((3,) * 9, (4,) * 9, (2,) * 9, (3,) * 9):
        survey_actions.submit_response(service=service, answers=answers)
    return survey_period


@pytest.fixture
def sourced_period(city, sourced_instrument, inspektorat_admin, all_windows_open, survey):
    return open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi dengan SKM",
        instrument=sourced_instrument,
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=all_windows_open,
        by=inspektorat_admin,
        survey_period=survey,
    )


def test_opening_a_period_fills_the_ikm_indicator_from_the_units_survey(sourced_period, city):
    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    answer = Answer.objects.get(assessment=dinkes, indicator="II.1")
    assert answer.value == {"number": "75.00"}
    assert "4 responden" in answer.explanation
    assert "IKM 75,00" in answer.explanation
    assert Event.objects.filter(assessment=dinkes, kind="filled_from_survey", indicator="II.1").count() == 1


def test_a_unit_without_survey_responses_gets_nothing_filled(sourced_period, city):
    dikbud = sourced_period.assessments.get(unit=city.units["dikbud"])
    assert not Answer.objects.filter(assessment=dikbud, indicator="II.1").exists()


def test_the_opd_cannot_type_over_an_ikm_answer(sourced_period, city, opd_operator):
    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    with pytest.raises(ValidationError, match="diisi dari survei kepuasan masyarakat"):
        save_answer(
            assessment=dinkes,
            indicator="II.1",
            value={"number": "99"},
            explanation="",
            base_revision=1,
            by=opd_operator,
        )
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "75.00"}


def test_new_responses_update_the_answer_only_when_asked_and_only_before_submission(
    sourced_period, city, opd_operator
):
    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    service = city.units["dinkes"].services.get()
    survey_actions.submit_response(service=service, answers=(4,) * 9)  # NRR 3.2 -> IKM 80.00
    assert fill_from_survey(assessment=dinkes, by=opd_operator) == ["II.1"]
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "80.00"}
    assert fill_from_survey(assessment=dinkes, by=opd_operator) == []  # nothing changed since


def test_evaluators_see_the_survey_value_and_may_override_it_with_a_reason(
    sourced_period, city, opd_operator, opd_head, evaluator, inspektorat_admin
):
    from nyata.evaluations.actions.periods import assign_team_member
    from nyata.evaluations.models import Evidence

    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    assign_team_member(assessment=dinkes, user=evaluator, tier="evaluator", by=inspektorat_admin)
    for code, value in (("I.1", "A"), ("I.2", {"number": "80"})):
        save_answer(
            assessment=dinkes, indicator=code, value=value, explanation="", base_revision=0, by=opd_operator
        )
    Evidence.objects.create(
        assessment=dinkes,
        indicator="I.1",
        item="dok-renaksi",
        kind="link",
        url="https://kendari.example/renaksi.pdf",
        name="Renaksi",
        uploaded_by=opd_operator,
    )
    submit_assessment(assessment=dinkes, by=opd_operator)
    approve_submission(assessment=dinkes, by=opd_head)
    save_review(
        assessment=dinkes,
        indicator="II.1",
        tier="evaluator",
        verdict="adjusted",
        value={"number": "70"},
        note="Sampel belum memenuhi Krejcie-Morgan",
        base_revision=0,
        by=evaluator,
    )
    assert final_values(dinkes)["II.1"] == {"number": "70"}
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {
        "number": "75.00"
    }  # nilai usulan kept


def test_the_worksheet_shows_the_survey_figures_instead_of_an_input(
    client, sourced_period, city, opd_operator
):
    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    client.force_login(opd_operator)
    url = reverse("evaluations:worksheet", args=[city.instansi.code, sourced_period.pk, dinkes.pk])
    body = client.get(url + "?area=II").content.decode()  # II.1 is in the second area
    assert "Jawaban ini berasal dari survei kepuasan masyarakat (SKM) unit." in body
    assert "75,00 · C" in body  # Indonesian decimal comma
    assert 'name="value" id="i-II_1-value"' not in body


def test_only_the_page_showing_the_survey_fed_indicator_reads_the_survey_and_always_the_same(
    client, sourced_period, city, opd_operator
):
    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    client.force_login(opd_operator)
    url = reverse("evaluations:worksheet", args=[city.instansi.code, sourced_period.pk, dinkes.pk])
    counts = {}
    for area in ("I", "II"):
        client.get(f"{url}?area={area}")  # warm the parsed-instrument cache, as a running server has it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(f"{url}?area={area}")
        assert response.status_code == 200
        counts[area] = len(queries)
    dinkes = Assessment.objects.select_related("period__instansi", "unit").get(pk=dinkes.pk)
    with CaptureQueriesContext(connection) as survey_queries:
        figures_for(dinkes)
    assert counts["II"] == counts["I"] + len(survey_queries)


def test_only_the_units_operator_may_refresh_from_the_survey(
    client, sourced_period, city, outsider_opd_operator, evaluator
):
    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    url = reverse("evaluations:survey-refresh", args=[city.instansi.code, sourced_period.pk, dinkes.pk])
    client.force_login(outsider_opd_operator)
    assert client.post(url).status_code == 404
    client.force_login(evaluator)
    assert client.post(url).status_code == 403


def test_the_ikm_is_rounded_as_the_contract_reports_it(
    city, sourced_instrument, inspektorat_admin, all_windows_open, survey
):
    service = city.units["dinkes"].services.get()
    survey_actions.submit_response(
        service=service, answers=(4, 4, 4, 4, 4, 4, 4, 4, 3)
    )  # IKM becomes 76.38..
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi kedua",
        instrument=sourced_instrument,
        units=[city.units["dinkes"]],
        windows=all_windows_open,
        by=inspektorat_admin,
        survey_period=survey,
    )
    value = Answer.objects.get(assessment__period=period, indicator="II.1").value["number"]
    # Five responses: U1..U8 sum 3+4+2+3+4 = 16, NRR 16/5 = 3.2; U9 sums 15, NRR 3.0.
    # IKM = (8 * 3.2 + 3.0) / 9 * 25 = 79.444.. -> 79.44
    from fractions import Fraction

    exact = (Fraction(16, 5) * 8 + Fraction(15, 5)) / 9 * 25
    assert value == "79.44"
    assert Decimal(value) == (Decimal(exact.numerator) / Decimal(exact.denominator)).quantize(Decimal("0.01"))


def test_the_progress_matrix_counts_an_untouched_opd_as_0_answered_and_the_survey_answer_apart(
    client, sourced_period, city, inspektorat_admin
):
    from nyata.evaluations.queries.standings import progress

    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    rows = {row.assessment.pk: row for row in progress(sourced_period).rows}
    assert (rows[dinkes.pk].answered, rows[dinkes.pk].from_survey) == (0, 1)
    client.force_login(inspektorat_admin)
    page = client.get(
        reverse("evaluations:progress", args=[city.instansi.code, sourced_period.pk])
    ).content.decode()
    row = page[page.index("Dinas Kesehatan") :].split("</tr>")[0]
    assert '<td data-label="Jawaban" class="num">0 / 2</td>' in row
    assert '<td data-label="Dari SKM" class="num">1 / 1</td>' in row
    assert "Arti setiap kolom" in page


def test_a_units_own_paper_file_moves_the_fed_indicator_only_after_the_inspektorat_accepts_it(
    client, sourced_period, city, opd_operator, inspektorat_admin
):
    """Issue 14: one import of full-mark paper forms moved an OPD's fed RB indicator from 73,01 to 98,35."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from nyata.surveys.models import PaperImport

    dinkes = sourced_period.assessments.get(unit=city.units["dinkes"])
    service = city.units["dinkes"].services.get()
    yesterday = survey_actions.local_day(timezone.now(), city.instansi) - timedelta(days=1)
    rows = "\n".join(["tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9"] + [f"{yesterday},4,4,4,4,4,4,4,4,4"] * 36)
    client.force_login(opd_operator)
    imported = client.post(
        reverse("surveys:import", args=[city.instansi.code, service.pk]),
        {"file": SimpleUploadedFile("kertas.csv", rows.encode())},
    )
    assert imported.status_code == 302
    refresh = reverse("evaluations:survey-refresh", args=[city.instansi.code, sourced_period.pk, dinkes.pk])
    client.post(refresh)
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "75.00"}
    url = reverse("evaluations:worksheet", args=[city.instansi.code, sourced_period.pk, dinkes.pk])
    url += "?area=II"  # II.1 is in the second area
    body = client.get(url).content.decode()
    assert "0 dari 4 responden terhitung mengisi formulir kertas (0,0%)" in body
    assert "36 formulir kertas menunggu penerimaan Inspektorat dan belum dihitung" in body

    survey_actions.decide_paper_import(
        batch=PaperImport.objects.get(), accept=True, reason="Dicocokkan dengan aslinya", by=inspektorat_admin
    )
    client.post(refresh)
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "97.50"}
    body = client.get(url).content.decode()
    assert "36 dari 40 responden terhitung mengisi formulir kertas (90,0%)" in body
