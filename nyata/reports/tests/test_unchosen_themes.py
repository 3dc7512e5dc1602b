"""A theme the period did not choose does not exist for that period (issue 13, themes of the year): no
result view, report or export lists it, not even as "not applicable". The period below offers three
RB Tematik themes and chooses one; the left-out "Pengentasan Kemiskinan" must appear nowhere, before
finalisation (figures computed now) and after it (figures read from the stored Result)."""

import hashlib

import pytest
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.actions.periods import assign_team_member, choose_themes, open_period
from nyata.evaluations.actions.reviews import (
    approve_as_ketua,
    approve_as_pengendali,
    submit_to_ketua,
    verify_indicator,
)
from nyata.evaluations.models import Result
from nyata.evaluations.queries.standings import ranking, unit_result
from nyata.evaluations.tests.admin.conftest import to_desk_review
from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT
from nyata.evaluations.tests.review.conftest import review
from nyata.instruments.models import Instrument
from nyata.reports.queries.city import city_table
from nyata.reports.tests.documents import docx_text, pdf_text, workbook

THEMES = """
      - code: II.2
        title: Digitalisasi Administrasi Pemerintahan
        weight: 30
        theme: true
        children:
          - {code: II.2.a, title: Penerapan digitalisasi tematik, weight: 1, answer: {kind: percent}}
      - code: II.3
        title: Pengentasan Kemiskinan
        weight: 30
        theme: true
        children:
          - {code: II.3.a, title: Penurunan kemiskinan tematik, weight: 1, answer: {kind: percent}}
"""
THEMED = SMALL_INSTRUMENT.replace("code: uji", "code: uji-tema") + THEMES
LEFT_OUT = ("Pengentasan Kemiskinan", "Penurunan kemiskinan tematik", "II.3")
NOT_APPLICABLE = ("tidak berlaku", "Tidak berlaku")


@pytest.fixture
def themed_period(city, inspektorat_admin, all_windows_open, evaluator, ketua, pengendali):
    now = timezone.now()
    instrument = Instrument.objects.create(
        code="uji-tema",
        version="2026.1",
        title="Instrumen uji tema",
        checksum=hashlib.sha256(THEMED.encode()).hexdigest(),
        source=THEMED,
        status="published",
        loaded_at=now,
        published_at=now,
    )
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title="Evaluasi RB tematik 2026",
        instrument=instrument,
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=all_windows_open,
        by=inspektorat_admin,
    )
    choose_themes(period=period, themes=["II.2"], by=inspektorat_admin)
    team = {"evaluator": evaluator, "ketua_tim": ketua, "pengendali_teknis": pengendali}
    for assessment in period.assessments.all():
        for tier, person in team.items():
            assign_team_member(assessment=assessment, user=person, tier=tier, by=inspektorat_admin)
    period.team = team
    return period


@pytest.fixture
def reviewed_themed(
    themed_period, opd_operator, opd_head, outsider_opd_operator, dikbud_head, pengampu_verifier
):
    """Both units answered, reviewed (the evaluator agreeing) and approved in every tier."""
    team = themed_period.team
    people = {"dinkes": (opd_operator, opd_head), "dikbud": (outsider_opd_operator, dikbud_head)}
    answers = {
        "dinkes": {"I.1": "A", "I.2": "90", "II.1": "85", "II.2.a": "80"},
        "dikbud": {"I.1": "B", "I.2": "50", "II.1": "60", "II.2.a": "40"},
    }
    for code, (operator, head) in people.items():
        assessment = themed_period.assessments.get(unit__code=code)
        to_desk_review(assessment, operator=operator, head=head, answers=answers[code])
        for indicator in answers[code]:
            review(assessment, team["evaluator"], indicator)
        verify_indicator(
            assessment=assessment,
            indicator="I.1",
            is_valid=True,
            note="",
            areas=frozenset({"kelembagaan"}),
            by=pengampu_verifier,
        )
        submit_to_ketua(assessment=assessment, by=team["evaluator"])
        approve_as_ketua(assessment=assessment, by=team["ketua_tim"])
        approve_as_pengendali(assessment=assessment, by=team["pengendali_teknis"])
    return themed_period


@pytest.fixture
def finalised_themed(reviewed_themed, inspektorat_admin):
    release_preliminary_results(period=reviewed_themed, by=inspektorat_admin)
    return finalise_period(period=reviewed_themed, by=inspektorat_admin)


def assert_only_the_chosen_theme(text: str) -> None:
    assert "Digitalisasi Administrasi Pemerintahan" in text
    for words in (*LEFT_OUT[:2], *NOT_APPLICABLE):
        assert words not in text


def codes(lines) -> list[str]:
    return [line.node.code for line in lines]


@pytest.mark.parametrize("stage", ["reviewed_themed", "finalised_themed"])
def test_the_unit_result_and_the_ranking_know_only_the_chosen_theme(request, stage, city):
    period = request.getfixturevalue(stage)
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    result = unit_result(dinkes)
    assert codes(result.bars) == ["I", "II", "II.2"]
    indicators = [line.node.code for _group, lines in result.indicators for line in lines]
    assert indicators == ["I.1", "I.2", "II.1", "II.2.a"]
    tops, _rows = ranking(period)
    assert [node.code for node, _depth in tops] == ["I", "II"]
    table = city_table(period)
    assert [node.code for node, _depth in table.components] == ["I", "II", "II.2"]
    assert [node.code for node in table.areas] == ["I", "II.2"]  # II.3 would have been an area too
    assert all("II.3" not in row.cells for row in table.rows)


def test_the_stored_result_still_renormalises_without_the_left_out_theme(finalised_themed, city):
    stored = Result.objects.get(assessment__period=finalised_themed, assessment__unit=city.units["dinkes"])
    # The engine keeps the left-out theme as not applicable inside its record; no view reads it from there.
    assert stored.detail["nodes"]["II.3"]["applicable"] is False
    assert stored.detail["nodes"]["II.2"]["applicable"] is True


@pytest.mark.parametrize("stage", ["reviewed_themed", "finalised_themed"])
def test_the_result_page_matrix_and_dashboard_show_only_the_chosen_theme(
    request, stage, client, inspektorat_admin, city
):
    period = request.getfixturevalue(stage)
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    client.force_login(inspektorat_admin)
    code = city.instansi.code
    pages = [
        reverse("evaluations:result", args=[code, period.pk, dinkes.pk]),
        reverse("evaluations:ranking", args=[code, period.pk]),
        reverse("evaluations:progress", args=[code, period.pk]),
        reverse("reports:dashboard", args=[code]) + f"?periode={period.pk}",
        reverse("reports:unit", args=[code, period.pk, dinkes.pk]),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        for words in (*LEFT_OUT[:2], *NOT_APPLICABLE):
            assert words not in body, (url, words)
    result_page = client.get(pages[0]).content.decode()
    assert "Digitalisasi Administrasi Pemerintahan" in result_page


def test_the_lhe_and_the_recap_in_every_format_leave_the_unchosen_theme_out(
    finalised_themed, client, inspektorat_admin, city
):
    client.force_login(inspektorat_admin)
    code, pk = city.instansi.code, finalised_themed.pk
    dinkes = finalised_themed.assessments.get(unit=city.units["dinkes"])
    lhe_pdf = client.get(reverse("reports:lhe", args=[code, pk, dinkes.pk, "pdf"]))
    lhe_docx = client.get(reverse("reports:lhe", args=[code, pk, dinkes.pk, "docx"]))
    assert_only_the_chosen_theme(pdf_text(lhe_pdf.content))
    assert_only_the_chosen_theme(docx_text(lhe_docx.content))
    assert_only_the_chosen_theme(
        pdf_text(client.get(reverse("reports:recap", args=[code, pk, "pdf"])).content)
    )
    assert_only_the_chosen_theme(
        docx_text(client.get(reverse("reports:recap", args=[code, pk, "docx"])).content)
    )
    recap = workbook(client.get(reverse("reports:recap", args=[code, pk, "xlsx"])).content)
    cells = [
        str(c) for sheet in recap.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c
    ]
    assert_only_the_chosen_theme("\n".join(cells))


@pytest.mark.parametrize("stage", ["reviewed_themed", "finalised_themed"])
def test_the_worksheet_export_has_no_row_for_the_unchosen_theme(
    request, stage, client, inspektorat_admin, city
):
    period = request.getfixturevalue(stage)
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    client.force_login(inspektorat_admin)
    response = client.get(reverse("reports:worksheet", args=[city.instansi.code, period.pk, dinkes.pk]))
    assert response.status_code == 200
    sheet = workbook(response.content).worksheets[0]
    rows = [list(row) for row in sheet.iter_rows(values_only=True)]
    listed = [row[0] for row in rows[8:] if row[0]]
    assert listed == ["I", "I.1", "I.2", "II", "II.1", "II.2", "II.2.a"]
    assert_only_the_chosen_theme("\n".join(str(c) for row in rows for c in row if c))
