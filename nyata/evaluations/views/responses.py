"""The OPD's side of the dialogue with the Inspektorat: clarification requests to answer (with evidence)
and, after the preliminary results, appeals (sanggah) that the ketua tim accepts or rejects."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.appeals import decide_appeal
from nyata.evaluations.actions.clarifications import close_clarification
from nyata.evaluations.actions.responses import (
    Attachments,
    answer_clarification_with_evidence,
    file_appeal_with_evidence,
)
from nyata.evaluations.forms.review import AppealDecisionForm, AppealForm, ClarificationAnswerForm
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Appeal, Clarification
from nyata.evaluations.queries import responses, review
from nyata.evaluations.queries.periods import open_clarifications_count
from nyata.evaluations.rules import is_inspektorat_staff, is_published
from nyata.evaluations.views.access import assessment_for
from nyata.org import queries as org_queries
from nyata.org import rules
from nyata.org.rules import require

LIST_TEMPLATE = "evaluations/review/clarifications.html"
APPEAL_TEMPLATE = "evaluations/review/appeals.html"


def _attachments(form, indicator: str) -> Attachments:
    data = form.cleaned_data
    return Attachments(
        indicator=indicator,
        files=tuple(data.get("files") or ()),
        url=data.get("url") or "",
        effective_date=data.get("effective_date"),
    )


def _list_context(request: HttpRequest, instansi, posted: tuple[int, ClarificationAnswerForm] | None = None):
    clarifications = review.linked(
        list(responses.clarifications_for_user(request.user, instansi)), instansi.code
    )
    for clarification in clarifications:
        clarification.can_answer = clarification.status == Clarification.Status.OPEN and rules.has_perm(
            request.user, "evaluations.respond", clarification.assessment
        )
        just_posted = posted and posted[0] == clarification.pk
        # Said before anyone types: an answer the window would refuse gets no form (a refused post keeps
        # its form, with what was typed).
        clarification.blocked = responses.answer_block(clarification) if clarification.can_answer else ""
        if clarification.blocked and not just_posted:
            clarification.can_answer = False
        if clarification.can_answer:
            clarification.answer_form = (
                posted[1]
                if just_posted
                else ClarificationAnswerForm(codes=clarification.indicators, prefix=f"c{clarification.pk}")
            )
    return {
        "instansi": instansi,
        "clarifications": clarifications,
        "open_count": open_clarifications_count(request.user),
        "released": responses.released_assessments_for_user(request.user, instansi),
    }


@login_required
def clarification_list(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    if not (is_inspektorat_staff(request.user, instansi_obj.pk) or rules.own_unit_ids(request.user)):
        raise PermissionDenied
    return render(request, LIST_TEMPLATE, _list_context(request, instansi_obj))


@login_required
@require_POST
def clarification_answer(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    clarification = responses.get_clarification_for_user(request.user, instansi_obj, pk)
    require(request.user, "evaluations.respond", clarification.assessment)
    form = ClarificationAnswerForm(
        request.POST, request.FILES, codes=clarification.indicators, prefix=f"c{clarification.pk}"
    )
    if form.is_valid():
        try:
            answer_clarification_with_evidence(
                clarification=clarification,
                response=form.cleaned_data["response"],
                attachments=_attachments(
                    form, form.cleaned_data.get("indicator") or clarification.indicators[0]
                ),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your answer was sent to the evaluator."))
            return redirect("evaluations:clarification-list", instansi=instansi_obj.code)
    context = _list_context(request, instansi_obj, posted=(clarification.pk, form))
    return render(request, LIST_TEMPLATE, context, status=400)


@login_required
@require_POST
def clarification_close(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    clarification = responses.get_clarification_for_user(request.user, instansi_obj, pk)
    assessment = clarification.assessment
    require(request.user, "evaluations.review_as_evaluator", assessment)
    try:
        close_clarification(clarification=clarification, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The clarification request is closed."))
    url = reverse(
        "evaluations:review-assessment", args=[instansi_obj.code, assessment.period_id, assessment.pk]
    )
    return redirect(f"{url}#klarifikasi")


# --- appeal (sanggah) --------------------------------------------------------------------------------


def _appeal_context(request: HttpRequest, instansi, assessment, *, file_form=None, decided=None) -> dict:
    # Each unit's own release opens its appeal: another unit's release shows this one nothing.
    released = assessment.released_at is not None or is_published(assessment)
    inspektorat = is_inspektorat_staff(request.user, instansi.pk)
    rows = responses.appeal_sheet(assessment) if released or inspektorat else []
    can_file = (
        released
        and not assessment.is_closed
        and not assessment.period.is_locked
        and rules.has_perm(request.user, "evaluations.respond", assessment)
    )
    can_decide = rules.has_perm(request.user, "evaluations.review_as_ketua", assessment)
    blocked = responses.appeal_block(assessment) if can_file else ""
    if blocked and file_form is None:  # said before anyone types; a refused post keeps its form
        can_file = False
    if can_file and file_form is None:
        pending = {appeal.indicator for row in rows for appeal in row.appeals if appeal.decision == "pending"}
        codes = [
            (row.node.code, f"{row.node.code} {row.node.title}")
            for row in rows
            if row.node.code not in pending
        ]
        file_form = AppealForm(codes=codes)
    for row in rows:
        for appeal in row.appeals:
            if can_decide and appeal.decision == Appeal.Decision.PENDING:
                if decided and decided[0] == appeal.pk:
                    appeal.decision_form = decided[1]
                else:
                    appeal.decision_form = AppealDecisionForm(widget_prefix=f"a{appeal.pk}", node=row.node)
    return {
        "instansi": instansi,
        "period": assessment.period,
        "assessment": assessment,
        "released": released,
        "rows": rows,
        "can_file": can_file,
        "blocked": blocked,
        "can_decide": can_decide,
        "file_form": file_form,
        "is_inspektorat": inspektorat,
    }


@login_required
def appeal_page(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    return render(request, APPEAL_TEMPLATE, _appeal_context(request, instansi_obj, assessment_obj))


def _appeal_url(assessment) -> str:
    return reverse(
        "evaluations:appeal-page", args=[assessment.period.instansi.code, assessment.period_id, assessment.pk]
    )


@login_required
@require_POST
def appeal_file(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.respond", assessment_obj)
    codes = [(node.code, node.code) for node in review.indicator_nodes(assessment_obj)]
    form = AppealForm(request.POST, request.FILES, codes=codes)
    if form.is_valid():
        try:
            file_appeal_with_evidence(
                assessment=assessment_obj,
                indicator=form.cleaned_data["indicator"],
                reason=form.cleaned_data["reason"],
                attachments=_attachments(form, form.cleaned_data["indicator"]),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Your appeal was filed; the ketua tim will decide on it."))
            return redirect(_appeal_url(assessment_obj))
    context = _appeal_context(request, instansi_obj, assessment_obj, file_form=form)
    return render(request, APPEAL_TEMPLATE, context, status=400)


@login_required
@require_POST
def appeal_decide(
    request: HttpRequest, instansi: str, period: int, assessment: int, appeal: int
) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.review_as_ketua", assessment_obj)
    appeal_obj = responses.get_appeal(assessment_obj, appeal)
    node = indicators_of(assessment_obj.period.instrument)[appeal_obj.indicator]
    form = AppealDecisionForm(request.POST, widget_prefix=f"a{appeal_obj.pk}", node=node)
    if form.is_valid():
        try:
            decide_appeal(
                appeal=appeal_obj,
                accept=form.cleaned_data["decision"] == "accept",
                value=form.cleaned_data["stored"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict") and "decision_reason" in error.error_dict:
                error = ValidationError({"reason": error.error_dict["decision_reason"]})
            form.add_error(None, error)
        else:
            messages.success(
                request, _("The decision on %(code)s is recorded.") % {"code": appeal_obj.indicator}
            )
            return redirect(_appeal_url(assessment_obj))
    context = _appeal_context(request, instansi_obj, assessment_obj, decided=(appeal_obj.pk, form))
    return render(request, APPEAL_TEMPLATE, context, status=400)
