"""Asistensi before submission: the OPD asks, the Inspektorat comments per indicator, the OPD closes it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.clinic.actions.asistensi import close_asistensi, comment_asistensi, request_asistensi
from nyata.clinic.forms import AsistensiCommentForm, AsistensiRequestForm
from nyata.clinic.queries.asistensi import comments_by_indicator, get_asistensi_for_user
from nyata.clinic.views.access import instansi_for
from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.guards import refusal, require_status, require_window
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Phase
from nyata.evaluations.queries.periods import get_assessment_for_user, get_period_for_user
from nyata.org import rules
from nyata.org.rules import require


def _codes(instrument, only=None) -> list[tuple[str, str]]:
    return [
        (code, f"{code} · {node.title}")
        for code, node in indicators_of(instrument).items()
        if only is None or code in only
    ]


def _may_ask(assessment) -> None:
    require_status(assessment, Assessment.Status.SELF_ASSESSMENT)
    require_window(assessment.period, Phase.SELF_ASSESSMENT, unit_id=assessment.unit_id)


@login_required
def request_page(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    assessment_obj = get_assessment_for_user(
        request.user, get_period_for_user(request.user, instansi_obj, period), assessment
    )
    require(request.user, "clinic.request_asistensi", assessment_obj)
    codes = _codes(assessment_obj.period.instrument)
    status = 200
    if request.method == "POST":
        form = AsistensiRequestForm(request.POST, codes=codes)
        if form.is_valid():
            try:
                asistensi = request_asistensi(assessment=assessment_obj, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Asistensi requested: the Inspektorat has been told."))
                return redirect("clinic:asistensi", instansi_obj.code, asistensi.pk)
        status = 400
    else:
        form = AsistensiRequestForm(codes=codes, initial={"indicators": request.GET.getlist("indikator")})
    context = {
        "instansi": instansi_obj,
        "assessment": assessment_obj,
        "form": form,
        # Said before anyone chooses: the same checks the action makes (closed window, submitted draft).
        "blocked": refusal(lambda: _may_ask(assessment_obj)),
    }
    return render(request, "clinic/asistensi_request.html", context, status=status)


def _context(request, asistensi, form=None) -> dict:
    nodes = indicators_of(asistensi.assessment.period.instrument)
    return {
        "instansi": asistensi.assessment.period.instansi,
        "asistensi": asistensi,
        "by_indicator": [
            (nodes.get(code), comments) for code, comments in comments_by_indicator(asistensi).items()
        ],
        "can_comment": rules.has_perm(request.user, "clinic.comment_asistensi", asistensi),
        "can_close": rules.has_perm(request.user, "clinic.close_asistensi", asistensi),
        "form": form
        or AsistensiCommentForm(codes=_codes(asistensi.assessment.period.instrument, asistensi.indicators)),
    }


@login_required
def detail(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    asistensi = get_asistensi_for_user(request.user, instansi_for(request, instansi), pk)
    return render(request, "clinic/asistensi.html", _context(request, asistensi))


@login_required
@require_POST
def comment(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    asistensi = get_asistensi_for_user(request.user, instansi_for(request, instansi), pk)
    require(request.user, "clinic.comment_asistensi", asistensi)
    form = AsistensiCommentForm(
        request.POST, codes=_codes(asistensi.assessment.period.instrument, asistensi.indicators)
    )
    if form.is_valid():
        try:
            comment_asistensi(asistensi=asistensi, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Comment added; the unit has been told."))
            return redirect("clinic:asistensi", instansi, asistensi.pk)
    return render(request, "clinic/asistensi.html", _context(request, asistensi, form), status=400)


@login_required
@require_POST
def close(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    asistensi = get_asistensi_for_user(request.user, instansi_for(request, instansi), pk)
    require(request.user, "clinic.close_asistensi", asistensi)
    try:
        close_asistensi(asistensi=asistensi, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Asistensi closed."))
    return redirect("clinic:asistensi", instansi, asistensi.pk)
