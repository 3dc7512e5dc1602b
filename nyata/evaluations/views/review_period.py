"""The Inspektorat's view of a period: each unit's stage and team, the team assignment, and the release
of preliminary results that opens the appeal (sanggah)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.periods import assign_team_member, remove_team_member
from nyata.evaluations.forms.admin import UnitChoiceForm
from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.forms.review import TeamAssignForm
from nyata.evaluations.queries import review, work
from nyata.evaluations.queries.closing import closing_rows
from nyata.evaluations.queries.periods import phase_now
from nyata.evaluations.views.access import period_for
from nyata.evaluations.workflow import TIER_ORDER
from nyata.org import rules
from nyata.org.models import User
from nyata.org.rules import require


@login_required
def review_period(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.view_review", period_obj)
    return render(
        request, "evaluations/review/period.html", _period_context(request, instansi_obj, period_obj)
    )


def _period_context(request, instansi, period, *, refused: UnitChoiceForm | None = None) -> dict:
    """The page; after a refused release, its reasons, with the chosen units still ticked."""
    can_release = rules.has_perm(request.user, "evaluations.release_preliminary", period)
    rows = closing_rows(period)
    ready = [row.assessment for row in rows if not row.release_blocker]
    chosen = [int(pk) for pk in refused.data.getlist("assessments") if pk.isdigit()] if refused else []
    return {
        "instansi": instansi,
        "period": period,
        "phase": phase_now(period),
        "rows": work.period_rows(period, request.user),
        "can_manage_team": rules.has_perm(request.user, "evaluations.manage_team", period),
        "can_release": can_release and bool(ready) and not period.is_locked,
        "release_form": UnitChoiceForm(units=ready, initial={"assessments": chosen}),
        "release_errors": refused.messages() if refused else [],
        "ready": ready,
        "released": [row.assessment for row in rows if row.assessment.released_at is not None],
        "waiting": [
            row for row in rows if row.is_open and row.assessment.released_at is None and row.release_blocker
        ],
    }


@login_required
@require_POST
def release(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    """Release the preliminary results of the chosen units; those not reviewed yet follow later."""
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.release_preliminary", period_obj)
    form = UnitChoiceForm(request.POST, units=list(period_obj.assessments.select_related("unit")))
    if form.is_valid():
        try:
            released = release_preliminary_results(
                period=period_obj, assessments=form.chosen(), by=request.user
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request,
                _("Preliminary results of %(count)d units released: each may now appeal within the window.")
                % {"count": len(released)},
            )
            return redirect("evaluations:review-period", instansi=instansi_obj.code, period=period_obj.pk)
    context = _period_context(request, instansi_obj, period_obj, refused=form)
    return render(request, "evaluations/review/period.html", context, status=400)


def _team_context(request, instansi, period, form=None) -> dict:
    rows = work.team_page_rows(period)
    people = work.team_candidates(period)
    form = form or TeamAssignForm(assessments=[a for a, _team in rows], people=people)
    labels = [review.TIER_LABELS[tier] for tier in TIER_ORDER]
    table = [
        (assessment, [(review.TIER_LABELS[t], team[t]) for t in TIER_ORDER]) for assessment, team in rows
    ]
    return {"instansi": instansi, "period": period, "rows": table, "form": form, "tier_labels": labels}


@login_required
def team_page(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.manage_team", period_obj)
    return render(request, "evaluations/review/team.html", _team_context(request, instansi_obj, period_obj))


@login_required
@require_POST
def team_assign(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.manage_team", period_obj)
    rows = work.team_page_rows(period_obj)
    assessments = {a.pk: a for a, _team in rows}
    form = TeamAssignForm(
        request.POST, assessments=assessments.values(), people=work.team_candidates(period_obj)
    )
    if form.is_valid():
        person = User.objects.get(pk=form.cleaned_data["user"])
        try:
            assign_team_member(
                assessment=assessments[form.cleaned_data["assessment"]],
                user=person,
                tier=form.cleaned_data["tier"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request, _("%(name)s joins the team.") % {"name": person.name or person.username}
            )
            return redirect("evaluations:team-page", instansi=instansi_obj.code, period=period_obj.pk)
    context = _team_context(request, instansi_obj, period_obj, form=form)
    return render(request, "evaluations/review/team.html", context, status=400)


@login_required
@require_POST
def team_remove(request: HttpRequest, instansi: str, period: int, member: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.manage_team", period_obj)
    seat = work.get_team_member(period_obj, member)
    try:
        remove_team_member(member=seat, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("%(name)s left the team.") % {"name": seat.user.name or seat.user.username}
        )
    return redirect("evaluations:team-page", instansi=instansi_obj.code, period=period_obj.pk)
