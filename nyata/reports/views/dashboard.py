"""The dashboard of results (the pimpinan and the Inspektorat: the whole city; an OPD head: their own unit
against the city) and the drill-down page of one unit."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from nyata.followups.queries import city_closed_share
from nyata.org import rules
from nyata.reports.queries import access
from nyata.reports.queries.city import city_table
from nyata.reports.queries.dashboard import UnitStanding, average_ikm, chart_data, dashboard, unit_standing
from nyata.reports.queries.skm import skm_by_unit
from nyata.reports.rules import headed_unit_ids, sees_whole_city
from nyata.reports.views.refusal import refused


def unit_links(user, instansi, period, rows) -> dict[int, str]:
    """assessment id -> its drill-down page, for the rows this person may open. One reverse for all of
    them: a province has a thousand rows, each linked from several cells."""
    if period is None:
        return {}
    marker = 999_999_999
    pattern = reverse("reports:unit", args=[instansi.code, period.pk, marker])
    return {
        row.assessment.pk: pattern.replace(str(marker), str(row.assessment.pk))
        for row in rows
        if rules.has_perm(user, "reports.view_unit_documents", row.assessment)
    }


@login_required
def dashboard_page(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = access.instansi_for(request.user, instansi)
    if not rules.has_perm(request.user, "reports.view_dashboard", instansi_obj):
        return refused(
            request,
            instansi=instansi_obj,
            title=_("Dashboard of evaluation results"),
            reason=_(
                "The dashboard is for the pimpinan, the Inspektorat and the heads of the units. "
                "Your unit's own work is on your home page."
            ),
        )
    chosen = request.GET.get("periode")
    if sees_whole_city(request.user, instansi_obj.pk):
        board = dashboard(instansi_obj, chosen=chosen)
        rows = board.table.rows if board.table is not None else []
        return render(
            request,
            "reports/dashboard.html",
            {
                "instansi": instansi_obj,
                "board": board,
                # Issue 11: the share of the period's recommendations closed (None before follow-up opens).
                "follow_up": city_closed_share(board.period) if board.period is not None else None,
                "charts": chart_data(board),
                "links": unit_links(request.user, instansi_obj, board.period, rows),
                "drafts": rules.has_perm(request.user, "reports.view_internal_of", instansi_obj),
                "perms_settings": rules.has_perm(request.user, "reports.manage_settings", instansi_obj),
                "perms_downloads": rules.has_perm(request.user, "reports.view_downloads", instansi_obj),
                "period_documents": board.period is not None
                and rules.has_perm(request.user, "reports.view_period_documents", board.period),
            },
        )
    units = sorted(headed_unit_ids(request.user, instansi_obj.pk))
    board = dashboard(instansi_obj, chosen=chosen, unit_ids=units)
    standings, closed = [], []
    if board.table is not None:
        for row in board.table.rows:
            if row.assessment.unit_id in units:
                standings.append(unit_standing(board, row.assessment))
        closed = [a for a in board.table.closed if a.unit_id in units]
    return render(
        request,
        "reports/dashboard_unit.html",
        {"instansi": instansi_obj, "board": board, "standings": standings, "closed": closed},
    )


@login_required
def unit_page(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    """One unit against the city in one period, with its documents (the dashboard's drill-down)."""
    instansi_obj, assessment_obj = access.assessment_for(request.user, instansi, period, assessment)
    period_obj = assessment_obj.period
    if not rules.has_perm(request.user, "reports.view_unit_documents", assessment_obj):
        return refused(
            request,
            instansi=instansi_obj,
            period=period_obj,
            title=assessment_obj.unit.name,
            reason=_("The report of this unit is published when the period is finalised."),
        )
    table = city_table(period_obj)
    # A unit closed as not submitted or withdrawn has no row: the page shows its status and reason instead.
    row = next((r for r in table.rows if r.assessment.pk == assessment_obj.pk), None)
    standing = None
    if row is not None:
        skm = skm_by_unit(period_obj, [r.assessment.unit_id for r in table.rows])
        standing = UnitStanding(
            row=row, table=table, skm=skm.get(assessment_obj.unit_id), city_skm=average_ikm(skm)
        )
    return render(
        request,
        "reports/unit.html",
        {
            "instansi": instansi_obj,
            "period": period_obj,
            "assessment": assessment_obj,
            "standing": standing,
            "can_see_result": rules.has_perm(request.user, "evaluations.view_results", assessment_obj),
            "internal": rules.has_perm(request.user, "reports.view_internal", period_obj),
        },
    )
