"""An indicator with `source: data:<key>` takes the unit's outside figure of that kind for the period's year,
with the document it came from (issue 13), through the same feed as the SKM's IKM."""

from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.feeds import fill_from_sources
from nyata.evaluations.actions.periods import assign_team_member, open_period
from nyata.evaluations.actions.reviews import save_review
from nyata.evaluations.actions.submission import approve_submission, submit_assessment
from nyata.evaluations.feeds import read
from nyata.evaluations.models import Answer, Assessment, Event, Evidence
from nyata.evaluations.queries.results import final_values
from nyata.figures.actions import record_figure
from nyata.figures.tests.conftest import FED, KEPMEN, make_instrument


def _open(city, instrument, admin, windows):
    return open_period(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi dengan data luar",
        instrument=instrument,
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=windows,
        by=admin,
    )


@pytest.fixture
def fed_period(city, fed_instrument, inspektorat_admin, all_windows_open, dinkes_figure):
    return _open(city, fed_instrument, inspektorat_admin, all_windows_open)


def test_opening_a_period_fills_the_indicator_from_the_units_figure_of_the_year(fed_period, city):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
    answer = Answer.objects.get(assessment=dinkes, indicator="II.1")
    assert answer.value == {"number": "3.85"}
    assert "Indeks Pelayanan Publik (PEKPPP) 2025: 3,85" in answer.explanation
    assert "Nomor 3 Tahun 2026" in answer.explanation
    assert Event.objects.filter(assessment=dinkes, kind="filled_from_figure", indicator="II.1").count() == 1


def test_a_unit_without_a_figure_gets_nothing_filled(fed_period, city):
    dikbud = fed_period.assessments.get(unit=city.units["dikbud"])
    assert not Answer.objects.filter(assessment=dikbud, indicator="II.1").exists()


def test_a_figure_of_another_year_does_not_fill_the_period(
    city, fed_instrument, inspektorat_admin, all_windows_open, pekppp
):
    record_figure(
        instansi=city.instansi,
        kind=pekppp,
        unit=city.units["dikbud"],
        year=2024,
        value=Decimal("4.10"),
        source=KEPMEN,
        by=inspektorat_admin,
    )
    period = _open(city, fed_instrument, inspektorat_admin, all_windows_open)
    assert not Answer.objects.filter(assessment__period=period, indicator="II.1").exists()


def test_the_opd_cannot_type_over_a_figure(fed_period, city, opd_operator):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
    with pytest.raises(ValidationError, match="dicatat Inspektorat dari dokumen sumbernya"):
        save_answer(
            assessment=dinkes,
            indicator="II.1",
            value={"number": "5"},
            explanation="",
            base_revision=1,
            by=opd_operator,
        )
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "3.85"}


def test_a_correction_reaches_the_answer_only_when_refreshed_and_its_history_keeps_the_value_before(
    fed_period, city, opd_operator, inspektorat_admin, pekppp, dinkes_figure
):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
    record_figure(
        instansi=city.instansi,
        kind=pekppp,
        unit=city.units["dinkes"],
        year=2025,
        value=Decimal("3.95"),
        source=KEPMEN,
        reason="Ralat lampiran KepmenPANRB",
        by=inspektorat_admin,
    )
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "3.85"}
    assert fill_from_sources(assessment=dinkes, by=opd_operator) == ["II.1"]
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "3.95"}
    assert fill_from_sources(assessment=dinkes, by=opd_operator) == []
    history = list(
        dinkes_figure.history.order_by("history_date").values_list("value", "history_change_reason")
    )
    assert history == [(Decimal("3.85"), None), (Decimal("3.95"), "Ralat lampiran KepmenPANRB")]


def test_a_correction_without_a_reason_is_refused(dinkes_figure, city, pekppp, inspektorat_admin):
    with pytest.raises(ValidationError, match="sebutkan alasan koreksinya"):
        record_figure(
            instansi=city.instansi,
            kind=pekppp,
            unit=city.units["dinkes"],
            year=2025,
            value=Decimal("4.50"),
            source=KEPMEN,
            by=inspektorat_admin,
        )
    dinkes_figure.refresh_from_db()
    assert dinkes_figure.value == Decimal("3.85")


def test_after_submission_a_refresh_changes_nothing(
    fed_period, city, opd_operator, inspektorat_admin, pekppp
):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
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
    record_figure(
        instansi=city.instansi,
        kind=pekppp,
        unit=city.units["dinkes"],
        year=2025,
        value=Decimal("2.00"),
        source=KEPMEN,
        reason="Ralat",
        by=inspektorat_admin,
    )
    assert fill_from_sources(assessment=dinkes, by=opd_operator) == []
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "3.85"}


def test_evaluators_may_adjust_the_figure_only_with_a_reason(
    fed_period, city, opd_operator, opd_head, evaluator, inspektorat_admin
):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
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
    review = {
        "assessment": dinkes,
        "indicator": "II.1",
        "tier": "evaluator",
        "verdict": "adjusted",
        "value": {"number": "3.50"},
        "base_revision": 0,
        "by": evaluator,
    }
    with pytest.raises(ValidationError):
        save_review(**review, note="")
    save_review(**review, note="Lampiran KepmenPANRB memuat nilai unit lain")
    assert final_values(dinkes)["II.1"] == {"number": "3.50"}
    assert Answer.objects.get(assessment=dinkes, indicator="II.1").value == {"number": "3.85"}


def test_the_worksheet_shows_the_figure_and_its_document_instead_of_an_input(
    client, fed_period, city, opd_operator
):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
    client.force_login(opd_operator)
    url = reverse("evaluations:worksheet", args=[city.instansi.code, fed_period.pk, dinkes.pk])
    body = client.get(url + "?area=II").content.decode()
    assert "Jawaban ini berasal dari Indeks Pelayanan Publik (PEKPPP) unit" in body
    assert "3,85 (2025" in body
    assert 'href="https://jdih.example.go.id/kepmenpanrb-3-2026.pdf"' in body
    assert "Nomor 3 Tahun 2026" in body
    assert 'name="value" id="i-II_1-value"' not in body


def test_the_page_showing_the_fed_indicator_reads_the_figure_once(client, fed_period, city, opd_operator):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
    client.force_login(opd_operator)
    url = reverse("evaluations:worksheet", args=[city.instansi.code, fed_period.pk, dinkes.pk])
    counts = {}
    for area in ("I", "II"):
        client.get(f"{url}?area={area}")
        with CaptureQueriesContext(connection) as queries:
            assert client.get(f"{url}?area={area}").status_code == 200
        counts[area] = len(queries)
    dinkes = Assessment.objects.select_related("period__instansi", "unit").get(pk=dinkes.pk)
    with CaptureQueriesContext(connection) as figure_queries:
        read(dinkes, "data:pekppp")
    assert counts["II"] == counts["I"] + len(figure_queries)


def test_a_kind_nobody_registered_fills_nothing_and_the_worksheet_says_so(
    client, city, inspektorat_admin, all_windows_open, opd_operator
):
    instrument = make_instrument(FED.replace("data:pekppp", "data:indeks-lain"), code="uji-lain")
    period = _open(city, instrument, inspektorat_admin, all_windows_open)
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    assert not Answer.objects.filter(assessment=dinkes, indicator="II.1").exists()
    client.force_login(opd_operator)
    url = reverse("evaluations:worksheet", args=[city.instansi.code, period.pk, dinkes.pk])
    assert "indeks-lain" in client.get(url + "?area=II").content.decode()


def test_a_figure_the_indicator_cannot_hold_is_not_filled_and_says_why(
    city, inspektorat_admin, all_windows_open, dinkes_figure
):
    instrument = make_instrument(FED.replace("min: 1, max: 5", "min: 4, max: 5"), code="uji-sempit")
    period = _open(city, instrument, inspektorat_admin, all_windows_open)
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    answer = Answer.objects.get(assessment=dinkes, indicator="II.1")
    assert answer.value is None
    assert "3,85" in answer.explanation


def test_only_the_units_operator_may_refresh_from_the_figures(
    client, fed_period, city, outsider_opd_operator, evaluator
):
    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
    url = reverse("evaluations:feed-refresh", args=[city.instansi.code, fed_period.pk, dinkes.pk])
    client.force_login(outsider_opd_operator)
    assert client.post(url).status_code == 404
    client.force_login(evaluator)
    assert client.post(url).status_code == 403


def test_the_progress_matrix_counts_an_untouched_opd_as_0_answered_and_the_figure_apart(
    client, fed_period, city, inspektorat_admin
):
    from nyata.evaluations.queries.standings import progress

    dinkes = fed_period.assessments.get(unit=city.units["dinkes"])
    dikbud = fed_period.assessments.get(unit=city.units["dikbud"])
    matrix = progress(fed_period)
    rows = {row.assessment.pk: row for row in matrix.rows}
    assert (matrix.typed_total, matrix.survey_total, matrix.data_total) == (2, 0, 1)
    assert (rows[dinkes.pk].answered, rows[dinkes.pk].from_data) == (0, 1)
    assert (rows[dikbud.pk].answered, rows[dikbud.pk].from_data) == (0, 0)
    client.force_login(inspektorat_admin)
    page = client.get(
        reverse("evaluations:progress", args=[city.instansi.code, fed_period.pk])
    ).content.decode()
    row = page[page.index("Dinas Kesehatan") :].split("</tr>")[0]
    assert '<td data-label="Jawaban" class="num">0 / 2</td>' in row
    assert '<td data-label="Dari data tercatat" class="num">1 / 1</td>' in row
    assert "Dari SKM" not in page
