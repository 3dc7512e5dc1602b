"""The OPD's worksheet: every indicator of the pinned instrument, answered one at a time (autosave).

An htmx save answers with small out-of-band fragments (the saved state, the new revision, the meter), so
that nothing the person is typing elsewhere in the indicator is replaced under their cursor. A conflict
replaces the whole answer form with both values and a choice. Without JavaScript every form is a plain
POST that redirects back to the indicator.
"""

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
from nyata.evaluations.actions.evidence import ACCEPTED_LABELS
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Clarification
from nyata.evaluations.queries.periods import phase_now
from nyata.evaluations.queries.worksheet import RowState, build_row, build_worksheet, editing, measure
from nyata.evaluations.views.access import assessment_for
from nyata.org import rules
from nyata.org.rules import require
from nyata.scoring import NOT_APPLICABLE

TEMPLATE = "evaluations/opd/worksheet.html"


def worksheet_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse(
        "evaluations:worksheet",
        args=[assessment.period.instansi.code, assessment.period_id, assessment.pk],
    )
    return f"{url}#{anchor}" if anchor else url


def page_context(request: HttpRequest, assessment: Assessment, **extra) -> dict:
    editable, closed_reason = editing(request.user, assessment)
    return {
        "instansi": assessment.period.instansi,
        "period": assessment.period,
        "assessment": assessment,
        "editable": editable,
        "closed_reason": closed_reason,
        "can_approve": assessment.status == Assessment.Status.AWAITING_HEAD
        and rules.has_perm(request.user, "evaluations.approve_submission", assessment),
        "open_clarifications": assessment.clarifications.filter(status=Clarification.Status.OPEN).count(),
        "accepted_labels": ACCEPTED_LABELS,
        # Translated once per page, not once per file: a large worksheet lists hundreds of files.
        "effective_label": _("effective"),
        "previous_label": _("previous revision"),
        "withdraw_label": _("Withdraw"),
        "max_mb": settings.NYATA_EVIDENCE_MAX_BYTES // (1024 * 1024),
        **extra,
    }


def render_page(request: HttpRequest, assessment: Assessment, *, states=None, status: int = 200, **extra):
    sheet = build_worksheet(assessment, states=states)
    context = page_context(
        request,
        assessment,
        worksheet=sheet,
        completeness=sheet.completeness,
        phase=phase_now(assessment.period, unit_id=assessment.unit_id),
        **extra,
    )
    return render(request, TEMPLATE, context, status=status)


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


def _fragment(request, assessment, node, state: RowState, *, full: bool) -> HttpResponse:
    """The htmx answer: the whole answer form (conflict, resolution) or only the saved state and meter."""
    row = build_row(assessment, node)
    row.state = state
    context = page_context(request, assessment, row=row, completeness=measure(assessment), full=full)
    return render(request, f"{TEMPLATE}#saved", context)


@login_required
@require_POST
def answer_save(request: HttpRequest, instansi: str, period: int, pk: int, code: str) -> HttpResponse:
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evaluations.answer", assessment)
    node = indicators_of(assessment.period.instrument).get(code)
    if node is None:
        raise Http404
    data = answer_data(request.POST)
    resolve = request.POST.get("resolve", "")
    if resolve == "theirs":
        # Keep what is stored: nothing is written, the form simply shows the stored answer again.
        if request.htmx:
            return _fragment(request, assessment, node, RowState(), full=True)
        return redirect(worksheet_url(assessment, build_row(assessment, node).dom_id))
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
            return redirect(worksheet_url(assessment, build_row(assessment, node).dom_id))
    if request.htmx:
        # htmx swaps only 2xx answers; the state inside the fragment says what happened.
        return _fragment(request, assessment, node, state, full=bool(state.conflict or resolve))
    return render_page(request, assessment, states={code: state}, status=status)
