"""Uploading, replacing and withdrawing evidence from the worksheet (the OPD operator, in self-assessment)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.evidence import Attached, attach_files, attach_link, withdraw_evidence
from nyata.evaluations.forms.opd import EvidenceForm
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Evidence
from nyata.evaluations.queries.worksheet import RowState, build_row, measure
from nyata.evaluations.views.access import assessment_for
from nyata.evaluations.views.worksheet import TEMPLATE, page_context, render_page, worksheet_url
from nyata.org.rules import require


def _duplicate_notices(attached: list[Attached]) -> list[str]:
    notices = []
    for entry in attached:
        if entry.duplicates:
            places = ", ".join(
                f"{other.indicator}{' / ' + other.item if other.item else ''}" for other in entry.duplicates
            )
            notices.append(
                _("%(name)s is the same file as one already attached at %(places)s; it was added here too.")
                % {"name": entry.evidence.name, "places": places}
            )
    return notices


def _respond(request, assessment, node, state: RowState, *, status: int) -> HttpResponse:
    row = build_row(assessment, node)
    if request.htmx:
        row.state = state
        context = page_context(request, assessment, row=row, completeness=measure(assessment))
        return render(request, f"{TEMPLATE}#evidence_response", context)  # htmx swaps 2xx only
    if status == 200:
        for notice in state.notices:
            messages.warning(request, notice)
        return redirect(worksheet_url(assessment, row.dom_id))
    return render_page(request, assessment, states={node.code: state}, status=status)


@login_required
@require_POST
def evidence_upload(request: HttpRequest, instansi: str, period: int, pk: int, code: str) -> HttpResponse:
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evidence.attach", assessment)
    node = indicators_of(assessment.period.instrument).get(code)
    if node is None:
        raise Http404
    form = EvidenceForm(request.POST)
    uploads = request.FILES.getlist("files")
    state = RowState()
    try:
        if not form.is_valid():
            raise ValidationError(form.errors)
        data = form.cleaned_data
        replaces = None
        if data["replaces"]:
            replaces = Evidence.objects.filter(assessment=assessment, pk=data["replaces"]).first()
            if replaces is None:
                raise Http404
        common = {
            "assessment": assessment,
            "indicator": code,
            "item": data["item"],
            "effective_date": data["effective_date"],
            "by": request.user,
        }
        if uploads:
            attached = attach_files(uploads=uploads, replaces=replaces, **common)
        elif data["url"].strip():
            attached = [attach_link(url=data["url"], name=data["title"], **common)]
        else:
            raise ValidationError({"file": _("Choose a file to upload, or enter a link.")})
    except ValidationError as error:
        state.evidence_errors = error.messages
        return _respond(request, assessment, node, state, status=400)
    state.notices = _duplicate_notices(attached)
    if not request.htmx:
        messages.success(
            request,
            ngettext(
                "%(count)d piece of evidence attached.",
                "%(count)d pieces of evidence attached.",
                len(attached),
            )
            % {"count": len(attached)},
        )
    return _respond(request, assessment, node, state, status=200)


@login_required
@require_POST
def evidence_withdraw(request: HttpRequest, instansi: str, period: int, pk: int) -> HttpResponse:
    """One form per indicator; each file's button sends its own id as `evidence`."""
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evidence.attach", assessment)
    try:
        evidence = int(request.POST.get("evidence", ""))
    except ValueError:
        raise Http404 from None
    found = Evidence.objects.filter(assessment=assessment, pk=evidence).first()
    if found is None:
        raise Http404
    node = indicators_of(assessment.period.instrument).get(found.indicator)
    if node is None:
        raise Http404
    found.assessment = assessment  # the copy with its period and instrument already read
    state = RowState()
    try:
        withdraw_evidence(evidence=found, by=request.user)
    except ValidationError as error:
        state.evidence_errors = error.messages
        return _respond(request, assessment, node, state, status=400)
    if not request.htmx:
        messages.success(request, _("%(name)s was taken off the checklist.") % {"name": found.name})
    return _respond(request, assessment, node, state, status=200)
