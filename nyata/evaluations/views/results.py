"""Results: one unit's result with its findings, the ranking of a period and its progress matrix while it
runs (finalisation, unit by unit, is in closing.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.findings import save_finding
from nyata.evaluations.forms.admin import FindingForm
from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.instrument import definition_for
from nyata.evaluations.models import Assessment, TeamMember
from nyata.evaluations.queries import standings
from nyata.evaluations.rules import is_leader
from nyata.evaluations.views.access import assessment_for, period_for
from nyata.evaluations.workflow import FLOW_STAGES
from nyata.org import rules
from nyata.org.rules import require


def _finding_form(assessment, data=None) -> FindingForm:
    choices = [
        (node.code, f"{node.code} · {node.title}") for node in definition_for(assessment.period).walk()
    ]
    written = [
        (finding.pk, f"{finding.node} · {finding.condition[:60]}")
        for finding in assessment.findings.order_by("node", "pk")
    ]
    return FindingForm(data, components=choices, findings=written)


def _result_context(request, instansi, assessment, form=None) -> dict:
    user = request.user
    can_write = (
        rules.has_perm(user, "evaluations.write_findings", assessment)
        and assessment.is_evaluated
        and not assessment.is_closed
    )
    return {
        "instansi": instansi,
        "period": assessment.period,
        "assessment": assessment,
        # A unit closed as not submitted or withdrawn has no score: the page says so and why.
        "result": standings.unit_result(assessment) if assessment.is_evaluated else None,
        "finding_form": (form or _finding_form(assessment)) if can_write else None,
        "can_review": rules.has_perm(user, "evaluations.view_review", assessment),
        "is_unit_staff": assessment.unit_id in rules.own_unit_ids(user),
    }


@login_required
def result_page(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.view_results", assessment_obj)
    return render(
        request, "evaluations/results/unit.html", _result_context(request, instansi_obj, assessment_obj)
    )


@login_required
@require_POST
def finding_save(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.write_findings", assessment_obj)
    form = _finding_form(assessment_obj, request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            save_finding(
                assessment=assessment_obj,
                node=data["node"],
                condition=data["condition"],
                criteria=data["criteria"],
                cause=data["cause"],
                effect=data["effect"],
                recommendations=form.recommendations(),
                finding=assessment_obj.findings.filter(pk=data["finding"]).first()
                if data["finding"]
                else None,
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The finding is saved."))
            return redirect(
                "evaluations:result", instansi=instansi_obj.code, period=period, assessment=assessment_obj.pk
            )
    context = _result_context(request, instansi_obj, assessment_obj, form=form)
    if context["finding_form"] is None:  # the period was locked meanwhile: say so on the page
        context["page_errors"] = form.non_field_errors()
    return render(request, "evaluations/results/unit.html", context, status=400)


@login_required
def ranking_page(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    if not period_obj.is_locked and is_leader(request.user, period_obj.instansi_id):
        # The pimpinan reads the ranking once it is published: say so, never a bare "403 Forbidden".
        return render(
            request,
            "evaluations/results/ranking_unpublished.html",
            {"instansi": instansi_obj, "period": period_obj},
            status=403,
        )
    require(request.user, "evaluations.view_ranking", period_obj)
    components, rows = standings.ranking(period_obj)
    return render(
        request,
        "evaluations/results/ranking.html",
        {
            "instansi": instansi_obj,
            "period": period_obj,
            "components": components,
            "rows": rows,
            "summary": standings.ranking_summary(period_obj, rows),
            "links": {
                r.assessment.pk
                for r in rows
                if rules.has_perm(request.user, "evaluations.view_results", r.assessment)
            },
        },
    )


@login_required
def progress_page(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.view_progress", period_obj)
    return render(
        request,
        "evaluations/results/progress.html",
        {
            "instansi": instansi_obj,
            "period": period_obj,
            "progress": standings.progress(period_obj),
            "stages": [Assessment.Status(stage).label for stage in FLOW_STAGES],
            "tiers": TeamMember.Tier.choices,
            "can_review": rules.has_perm(request.user, "evaluations.view_review", period_obj),
        },
    )
