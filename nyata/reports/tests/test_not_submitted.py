"""A unit the admin closed as not submitted (tidak menyampaikan) or withdrew is listed in every report of the
period with its status and reason, as the ranking does: never ranked, never "0,00" or a predicate, and never
counted in the average or the predicate distribution. The demo city's 27 OPD: 26 finalised, Dikbud closed."""

import io
import re

import pytest
from django.urls import reverse

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.finalise import close_not_submitted, finalise_units, withdraw_unit
from nyata.evaluations.models import Result
from nyata.evaluations.tests.admin.scene import city_of_27
from nyata.org.demo import DEFAULT_CITY, load_city, read_city
from nyata.org.models import User
from nyata.reports.actions import request_file
from nyata.reports.documents.pdf import recap_pdf
from nyata.reports.documents.sheets import recap_xlsx, workbook_xlsx
from nyata.reports.documents.word import recap_docx
from nyata.reports.queries.recap import recap_of
from nyata.reports.queries.worksheet import worksheets_of_period
from nyata.reports.tests.documents import docx_text, pdf_text, workbook, zip_names

REASON = "Sampai batas waktu 31 Maret tidak ada kiriman, surat teguran kedua tidak ditanggapi."
LATE, LATE_NAME = "dikbud", "Dinas Pendidikan dan Kebudayaan"  # its head is a demo login


@pytest.fixture
def kendari(db):
    instansi, _logins = load_city(read_city(DEFAULT_CITY))
    return instansi


@pytest.fixture
def admin(kendari):
    return User.objects.get(username="admin.inspektorat")


@pytest.fixture
def closed_period(kendari, instrument, admin):
    """Every OPD but Dikbud finalised; Dikbud closed as not submitted: the period locks (published)."""
    period = city_of_27(kendari, instrument, admin=admin, late=LATE)
    ready = list(period.assessments.exclude(unit__code=LATE).order_by("unit__name"))
    release_preliminary_results(period=period, assessments=ready, by=admin)
    close_not_submitted(assessment=period.assessments.get(unit__code=LATE), reason=REASON, by=admin)
    finalise_units(period=period, assessments=ready, by=admin)
    period.refresh_from_db()
    assert period.is_locked
    return period


def _scored_totals(period):
    return Result.objects.filter(assessment__period=period).count()


def _row_of(text: str, name: str) -> str:
    """The row of the unit in a table extracted as text: from its name to the end of the line."""
    return text[text.index(name) :].split("\n")[0]


def test_the_dashboard_lists_the_closed_opd_unranked_with_its_reason_and_counts_it_apart(
    client, closed_period, kendari
):
    client.force_login(User.objects.get(username="pimpinan"))
    body = client.get(reverse("reports:dashboard", args=[kendari.code])).content.decode()
    ranking = body[body.index('id="table-ranking"') :].split("</table>")[0]
    late = ranking[ranking.index('class="standing-not_submitted"') :].split("</tr>")[0]
    assert LATE_NAME in late
    assert "Tidak menyampaikan" in late
    assert REASON in late
    assert "0,00" not in late
    assert not re.search(r">\s*D\s*<", late)
    assert ">—</td>" in late  # no rank
    assert "1 unit tidak menyampaikan" in body
    assert "Tidak dihitung dalam rata-rata maupun sebaran:" in body
    distribution = body[body.index('id="table-distribution"') :].split("</table>")[0]
    counts = [int(n) for n in re.findall(r'<td class="num">(\d+)</td>', distribution)]
    assert sum(counts) == 26 == _scored_totals(closed_period)


def test_the_closed_opd_s_head_and_its_drill_down_show_the_status_not_a_score(client, closed_period, kendari):
    late = closed_period.assessments.get(unit__code=LATE)
    client.force_login(User.objects.get(username="pimpinan"))
    page = client.get(reverse("reports:unit", args=[kendari.code, closed_period.pk, late.pk]))
    assert page.status_code == 200
    body = page.content.decode()
    assert "Tidak menyampaikan" in body
    assert REASON in body
    assert 'id="unit-total"' not in body
    client.force_login(User.objects.get(username="kepala.dikbud"))
    mine = client.get(reverse("reports:dashboard", args=[kendari.code])).content.decode()
    assert "Tidak menyampaikan" in mine
    assert REASON in mine
    assert 'id="unit-total"' not in mine


def test_the_recap_pdf_lists_the_closed_opd_with_its_reason_and_no_score(closed_period):
    text = pdf_text(recap_pdf(recap_of(closed_period)))
    assert "26 unit dievaluasi" in text
    assert "1 unit tidak menyampaikan" in text
    row = " ".join(text[text.index(f"— {LATE_NAME}") :].split("\n")[:3])
    assert "Tidak menyampaikan:" in row
    assert "Sampai batas waktu 31 Maret" in row
    assert "0,00" not in _row_of(text, f"— {LATE_NAME}")
    assert text.count(LATE_NAME) == 1  # not in the heatmap either: it has no figures


def test_the_recap_in_word_lists_the_closed_opd_with_its_reason_and_no_score(closed_period):
    from docx import Document

    data = recap_docx(recap_of(closed_period))
    text = docx_text(data)
    assert "1 unit tidak menyampaikan" in text
    results = next(
        t for t in Document(io.BytesIO(data)).tables if any(c.text == LATE_NAME for c in t.columns[1].cells)
    )
    row = next(r for r in results.rows if r.cells[1].text == LATE_NAME)
    cells = [c.text for c in row.cells]
    assert cells[0] == "—"
    assert set(cells[2:]) == {f"Tidak menyampaikan: {REASON}"}
    distribution = next(t for t in Document(io.BytesIO(data)).tables if t.rows[0].cells[0].text == "Predikat")
    assert sum(int(r.cells[1].text) for r in distribution.rows[1:]) == 26


def test_the_recap_workbook_leaves_the_closed_opd_s_figures_empty_never_zero(closed_period):
    book = workbook(recap_xlsx(recap_of(closed_period)))
    rows = [list(r) for r in book["Hasil"].iter_rows(values_only=True)]
    header = rows[3]
    assert header[-2:] == ["Status", "Alasan"]
    late = next(r for r in rows if r[1] == LATE_NAME)
    assert late[0] is None
    assert late[2:-2] == [None] * (len(header) - 4)
    assert late[-2:] == ["Tidak menyampaikan", REASON]
    scored = [r for r in rows[4:] if r[1] != LATE_NAME]
    assert len(scored) == 26
    assert all(isinstance(r[2], float | int) and r[-2:] == [None, None] for r in scored)
    bands = [list(r) for r in book["Sebaran"].iter_rows(values_only=True)][1:]
    assert sum(count for _code, _label, count in bands) == 26
    assert LATE_NAME not in [r[0] for r in book["Peta panas"].iter_rows(values_only=True)]


def test_the_period_workbook_recap_sheet_says_why_the_closed_opd_has_no_values(closed_period):
    worksheets = list(worksheets_of_period(closed_period, internal=True))
    book = workbook(workbook_xlsx(worksheets, count=len(worksheets), progress=lambda done: None))
    rows = [list(r) for r in book["Rekap"].iter_rows(values_only=True)]
    assert rows[0][:3] == ["Unit", "Total", "Predikat"]
    assert rows[0][-2:] == ["Status", "Alasan"]
    late = next(r for r in rows if r[0] == LATE_NAME)
    assert late[1:-2] == [None] * (len(rows[0]) - 3)
    assert late[-2:] == ["Tidak menyampaikan", REASON]
    assert LATE_NAME not in book.sheetnames  # not evaluated: no sheet of zeros of its own


def test_a_draft_recap_never_scores_a_closed_or_withdrawn_unit_as_zero(kendari, instrument, admin):
    period = city_of_27(kendari, instrument, admin=admin, late=LATE)
    close_not_submitted(assessment=period.assessments.get(unit__code=LATE), reason=REASON, by=admin)
    gone = period.assessments.exclude(unit__code=LATE).order_by("unit__name").first()
    withdraw_unit(assessment=gone, reason="Digabung ke dinas lain.", by=admin)
    recap = recap_of(period)
    assert not recap.is_final
    assert [a.unit.code for a in recap.table.closed] == [LATE, gone.unit.code]  # as the ranking orders them
    assert (recap.table.not_submitted, recap.table.withdrawn) == (1, 1)
    assert len(recap.table.rows) == 25
    assert sum(band.count for band in recap.table.distribution) == 25
    text = pdf_text(recap_pdf(recap))
    assert "1 unit tidak menyampaikan" in text
    assert "1 unit ditarik dari periode" in text
    assert "Ditarik dari periode: Digabung ke dinas lain." in text


@pytest.mark.parametrize(("name", "tail"), [("lhe", ("pdf",)), ("lhe", ("docx",)), ("worksheet", ())])
def test_the_closed_opd_has_no_lhe_or_scored_worksheet_only_a_page_that_says_why(
    client, closed_period, kendari, admin, name, tail
):
    late = closed_period.assessments.get(unit__code=LATE)
    client.force_login(admin)

    response = client.get(reverse(f"reports:{name}", args=[kendari.code, closed_period.pk, late.pk, *tail]))

    body = response.content.decode()
    assert response.status_code == 403
    assert response["Content-Type"].startswith("text/html")
    assert "tidak dievaluasi pada periode ini" in body
    assert REASON in body
    assert "0,00" not in body


def test_the_zip_of_every_lhe_leaves_out_the_closed_opd_and_its_bar_counts_the_26(
    closed_period, admin, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        file = request_file(period=closed_period, kind="lhe_zip", by=admin)
    file.refresh_from_db()
    with file.file.open("rb") as handle:
        names = zip_names(handle.read())

    assert (file.status, file.done, file.total) == ("done", 26, 26)
    assert len(names) == 2 * 26
    assert not [n for n in names if LATE in n.lower() or "pendidikan" in n.lower()]
