"""The OPD's worksheet: one page of one RB area at a time (queries/areas.py), with every area's progress,
the filters and the self-score (nilai usulan); answers are saved one at a time (autosave).

Where the page is: `?area=I.B&saring=belum-dijawab&halaman=2` (all optional). Navigating swaps the
#sheet fragment under htmx and loads the whole page without JavaScript; the same URL answers both.

An htmx save answers with small out-of-band fragments (the saved state, the new revision, the summary and
the area navigation), so that nothing the person is typing elsewhere is replaced under their cursor. A
conflict replaces the whole answer form with both values and a choice. Without JavaScript every form is a
plain POST that redirects back to the indicator's page.
"""

from urllib.parse import parse_qs, urlencode, urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations import values
from nyata.evaluations.actions.answers import AnswerConflict, save_answer
from nyata.evaluations.actions.uploads import ACCEPTED_LABELS, MAX_FILES_AT_ONCE
from nyata.evaluations.instrument import definition_for, indicators_for
from nyata.evaluations.models import Assessment
from nyata.evaluations.queries.areas import area_of_indicator
from nyata.evaluations.queries.periods import phase_now
from nyata.evaluations.queries.worksheet import (
    RowState,
    Summary,
    answers_of,
    build_row,
    build_worksheet,
    dom_id,
    editing,
    notes_of,
    summary,
)
from nyata.evaluations.views.access import assessment_for
from nyata.instruments.annotations import annotations_for
from nyata.org import rules
from nyata.org.rules import require
from nyata.scoring import NOT_APPLICABLE

TEMPLATE = "evaluations/opd/worksheet.html"
AREA, FILTER, PAGE = "area", "saring", "halaman"
# The browser event an htmx save sends on success; worksheet.js clears the answer's unsaved mark on it.
SAVED_EVENT = "nyata-saved"


def worksheet_url(
    assessment: Assessment, *, indicator: str = "", area: str = "", filter_key: str = "", page: int = 1
) -> str:
    """The worksheet, at a place: an indicator's page (unfiltered) and anchor, or an area, filter, page."""
    url = reverse(
        "evaluations:worksheet",
        args=[assessment.period.instansi.code, assessment.period_id, assessment.pk],
    )
    if indicator:
        found = area_of_indicator(definition_for(assessment.period), indicator)
        if found is not None:
            area, page = found[0].code, found[1]
    params = {AREA: area, FILTER: filter_key, PAGE: page if page > 1 else ""}
    query = urlencode({key: value for key, value in params.items() if value})
    return url + (f"?{query}" if query else "") + (f"#{dom_id(indicator)}" if indicator else "")


def _page_number(raw: str) -> int:
    try:
        return max(1, int(raw))
    except ValueError:
        return 1


def where(request: HttpRequest) -> dict:
    """Area, filter and page of the page the person is on: the query of a page request, or for an htmx
    save the query of the page it came from (HX-Current-URL), so the navigation re-renders in place."""
    if request.method == "GET":
        query = {key: request.GET.get(key, "") for key in (AREA, FILTER, PAGE)}
    else:
        current = request.htmx.current_url if request.htmx else None
        found = parse_qs(urlsplit(current or "").query)
        query = {key: (found.get(key) or [""])[0] for key in (AREA, FILTER, PAGE)}
    return {"area_code": query[AREA], "filter_key": query[FILTER], "page": _page_number(query[PAGE])}


def page_context(
    request: HttpRequest, assessment: Assessment, *, editable_now: bool = False, **extra
) -> dict:
    """`editable_now`: a save just succeeded, so its action has checked the lock, window and stage that
    `editing` would read again (four queries an autosave no longer pays)."""
    editable, closed_reason = (True, "") if editable_now else editing(request.user, assessment)
    can_approve = assessment.status == Assessment.Status.AWAITING_HEAD and rules.has_perm(
        request.user, "evaluations.approve_submission", assessment
    )
    return {
        "instansi": assessment.period.instansi,
        "period": assessment.period,
        "assessment": assessment,
        "editable": editable,
        "closed_reason": closed_reason,
        "can_approve": can_approve,
        "can_note": can_approve,
        "accepted_labels": ACCEPTED_LABELS,
        # Translated once per page, not once per file: a large worksheet lists hundreds of files.
        "effective_label": _("effective"),
        "previous_label": _("previous revision"),
        "withdraw_label": _("Withdraw"),
        "max_mb": settings.NYATA_EVIDENCE_MAX_BYTES // (1024 * 1024),
        "max_files": MAX_FILES_AT_ONCE,
        "base_url": worksheet_url(assessment),
        # What higher apps say beside each indicator (the clinic's FAQ and asistensi comments).
        "annotations": annotations_for(
            request.user, instrument=assessment.period.instrument, assessment=assessment
        ),
        **extra,
    }


def render_page(
    request: HttpRequest,
    assessment: Assessment,
    *,
    states=None,
    status: int = 200,
    place: dict | None = None,
    **extra,
):
    sheet = build_worksheet(assessment, states=states, **(place if place is not None else where(request)))
    context = page_context(
        request,
        assessment,
        worksheet=sheet,
        summary=sheet.summary,
        here=here_of(sheet.summary),
        phase=phase_now(assessment.period, unit_id=assessment.unit_id),
        **extra,
    )
    # Navigation inside the worksheet swaps only the sheet; anything else gets the whole page.
    template = f"{TEMPLATE}#sheet" if request.htmx and request.htmx.target == "sheet" else TEMPLATE
    return render(request, template, context, status=status)


@login_required
def worksheet(request: HttpRequest, instansi: str, period: int, pk: int) -> HttpResponse:
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    return render_page(request, assessment)


def answer_data(post: QueryDict) -> dict[str, str]:
    """The answer form's fields as values.from_form reads them; the "not applicable" box wins over a value."""
    data = {key: post.get(key, "") for key in ("value", "target", "realized", "explanation")}
    if post.get("na"):
        data.update(value=NOT_APPLICABLE, target="", realized="")
    return data


def _revision(post: QueryDict) -> int:
    try:
        return max(0, int(post.get("revision", "0")))
    except ValueError:
        return 0


def here_of(sheet_summary: Summary) -> dict[str, str]:
    """The query that names the current area and filter (links add or drop the page)."""
    here = {AREA: sheet_summary.area.area.code}
    if sheet_summary.filter_key:
        here[FILTER] = sheet_summary.filter_key
    return here


def oob_context(
    request: HttpRequest, assessment: Assessment, row, *, answers=None, notes=None, editable_now: bool = False
) -> dict:
    """What an htmx write answers besides the row: the summary and the navigation of the page it is on."""
    place = where(request)
    found = summary(
        assessment, area_code=place["area_code"], filter_key=place["filter_key"], answers=answers, notes=notes
    )
    return page_context(
        request,
        assessment,
        editable_now=editable_now,
        row=row,
        summary=found,
        here=here_of(found),
        on_page={node.code for node in found.page(place["page"]).leaves},
    )


def _fragment(request, assessment, node, state: RowState, *, full: bool) -> HttpResponse:
    """The htmx answer: the whole answer form (conflict, resolution) or only the saved state, and the
    summary and area navigation out of band."""
    # Read once for the row and the summary: the answers (the one just saved among them) and the notes.
    answers, notes = answers_of(assessment), notes_of(assessment)
    row = build_row(assessment, node, answers=answers, notes=notes)
    row.state = state
    saved = state.saved_at is not None
    context = oob_context(request, assessment, row, answers=answers, notes=notes, editable_now=saved)
    response = render(request, f"{TEMPLATE}#saved", {**context, "full": full})
    if state.saved_at is not None:
        response["HX-Trigger"] = SAVED_EVENT
    return response


@login_required
@require_POST
def answer_save(request: HttpRequest, instansi: str, period: int, pk: int, code: str) -> HttpResponse:
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evaluations.answer", assessment)
    node = indicators_for(assessment.period).get(code)
    if node is None:
        raise Http404
    data = answer_data(request.POST)
    resolve = request.POST.get("resolve", "")
    if resolve == "theirs":
        # Keep what is stored: nothing is written, the form simply shows the stored answer again.
        if request.htmx:
            return _fragment(request, assessment, node, RowState(), full=True)
        return redirect(worksheet_url(assessment, indicator=code))
    state = RowState(submitted_fields={k: v for k, v in data.items() if k != "explanation" and v})
    state.submitted_explanation = data["explanation"]
    status = 200
    try:
        saved = save_answer(
            assessment=assessment,
            indicator=code,
            value=values.from_form(node, data),  # parsed here; its errors show like the action's
            explanation=data["explanation"],
            base_revision=_revision(request.POST),
            by=request.user,
        )
    except AnswerConflict as conflict:
        state.conflict = conflict.current
        state.submitted = conflict.submitted
        state.submitted_fields = values.form_fields(conflict.submitted)
        state.submitted_explanation = conflict.explanation
        state.submitted_text = values.display(node, conflict.submitted)
        state.stored_text = values.display(node, conflict.current.value)
        status = 409
    except ValidationError as error:
        state.errors = error.messages
        status = 400
    else:
        state.saved_at = saved.answer.updated_at
        if not request.htmx:
            messages.success(
                request,
                _("Answer to %(code)s saved at %(time)s.")
                % {"code": code, "time": timezone.localtime(state.saved_at).strftime("%H:%M")},
            )
            return redirect(worksheet_url(assessment, indicator=code))
    if request.htmx:
        # htmx swaps only 2xx answers; the state inside the fragment says what happened.
        return _fragment(request, assessment, node, state, full=bool(state.conflict or resolve))
    return render_page(
        request, assessment, states={code: state}, status=status, place=place_of(assessment, code)
    )


def place_of(assessment: Assessment, code: str) -> dict:
    """The unfiltered page holding an indicator: where a plain POST's answer is shown again."""
    found = area_of_indicator(definition_for(assessment.period), code)
    if found is None:
        return {}
    return {"area_code": found[0].code, "filter_key": "", "page": found[1]}
