"""The OPD head's note on one indicator, written from the worksheet while the assessment awaits them."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.notes import write_head_note
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.queries.worksheet import RowState, build_row
from nyata.evaluations.views.access import assessment_for
from nyata.evaluations.views.worksheet import (
    SAVED_EVENT,
    TEMPLATE,
    oob_context,
    place_of,
    render_page,
    worksheet_url,
)
from nyata.org.rules import require


@login_required
@require_POST
def head_note(request: HttpRequest, instansi: str, period: int, pk: int, code: str) -> HttpResponse:
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evaluations.approve_submission", assessment)
    node = indicators_of(assessment.period.instrument).get(code)
    if node is None:
        raise Http404
    text = request.POST.get("note", "")
    state = RowState()
    status = 200
    try:
        assessment = write_head_note(assessment=assessment, indicator=code, note=text, by=request.user)
    except ValidationError as error:
        state.note_errors = error.messages
        state.submitted_note = text
        status = 400
    else:
        state.note_saved = True
    if request.htmx:
        row = build_row(assessment, node)
        row.state = state
        response = render(request, f"{TEMPLATE}#note_response", oob_context(request, assessment, row))
        if state.note_saved:
            response["HX-Trigger"] = SAVED_EVENT
        return response
    if status == 200:
        messages.success(request, _("Your note on %(code)s was saved.") % {"code": code})
        return redirect(worksheet_url(assessment, indicator=code))
    return render_page(
        request, assessment, states={code: state}, status=status, place=place_of(assessment, code)
    )
