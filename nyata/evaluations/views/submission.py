"""Submission by the OPD operator; approval or return with a note by the OPD head."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.submission import (
    SubmissionBlocked,
    approve_submission,
    return_submission,
    submission_gaps,
    submit_assessment,
)
from nyata.evaluations.forms.opd import ReturnForm
from nyata.evaluations.queries.results import proposed_values, self_score
from nyata.evaluations.queries.worksheet import editing
from nyata.evaluations.views.access import assessment_for
from nyata.evaluations.views.worksheet import render_page, worksheet_url
from nyata.org.rules import require


@login_required
def submit(request: HttpRequest, instansi: str, period: int, pk: int) -> HttpResponse:
    """GET: what is still missing, each gap linking to its indicator. POST: send to the OPD head."""
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evaluations.answer", assessment)
    editable, closed_reason = editing(request.user, assessment)
    errors: list[str] = []
    if request.method == "POST":
        try:
            submit_assessment(assessment=assessment, by=request.user)
        except SubmissionBlocked as blocked:
            errors = blocked.messages
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("The assessment was sent to the OPD head for approval."))
            return redirect(worksheet_url(assessment))
    gaps = [
        {"gap": gap, "url": worksheet_url(assessment, indicator=gap.indicator)}
        for gap in submission_gaps(assessment)
    ]
    context = {
        "instansi": assessment.period.instansi,
        "period": assessment.period,
        "assessment": assessment,
        "gaps": gaps,
        "errors": errors,
        "editable": editable,
        "closed_reason": closed_reason,
        "worksheet_url": worksheet_url(assessment),
        "score": self_score(assessment, proposed_values(assessment)),
    }
    return render(request, "evaluations/opd/submit.html", context, status=400 if errors else 200)


@login_required
@require_POST
def head_decision(request: HttpRequest, instansi: str, period: int, pk: int) -> HttpResponse:
    """The OPD head approves (on to the Inspektorat) or returns the assessment to the operator with a note."""
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evaluations.approve_submission", assessment)
    decision = request.POST.get("decision")
    form = ReturnForm(request.POST)
    try:
        if decision == "approve":
            approve_submission(assessment=assessment, by=request.user)
            messages.success(request, _("Approved: the assessment goes to the Inspektorat for desk review."))
        elif decision == "return":
            return_submission(assessment=assessment, note=request.POST.get("note", ""), by=request.user)
            messages.success(request, _("Returned to the operator with your note."))
        else:
            raise ValidationError(_("Choose to approve or to return the assessment."))
    except ValidationError as error:
        if hasattr(error, "error_dict"):
            for field, problems in error.message_dict.items():
                for problem in problems:
                    form.add_error(field if field in form.fields else None, problem)
        else:
            form.add_error(None, error)
        assessment.refresh_from_db(fields=["status", "return_note"])
        return render_page(request, assessment, status=400, return_form=form)
    return redirect(worksheet_url(assessment))
