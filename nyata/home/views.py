"""Each role's landing page: its work queue (what waits for me, for which OPD, due when, with the link to
act), gathered from every app for the person's broadest role."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nyata.evaluations.queries import periods, queues, work, worksheet
from nyata.evaluations.queries.queues.items import in_order
from nyata.followups import plan_queries
from nyata.followups import queries as followups
from nyata.org import queries, rules
from nyata.org.models import Instansi, Role, Unit

LANDING_TEMPLATES = {
    Role.SYSTEM_ADMIN: "home/system_admin.html",
    Role.INSPEKTORAT_ADMIN: "home/inspektorat_admin.html",
    Role.PENGENDALI_TEKNIS: "home/evaluator.html",
    Role.KETUA_TIM: "home/evaluator.html",
    Role.EVALUATOR: "home/evaluator.html",
    Role.PENGAMPU_VERIFIER: "home/pengampu.html",
    Role.PIMPINAN: "home/pimpinan.html",
    Role.OPD_HEAD: "home/opd.html",
    Role.OPD_OPERATOR: "home/opd.html",
}
REVIEW_ROLES = (Role.PENGENDALI_TEKNIS, Role.KETUA_TIM, Role.EVALUATOR)


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page of the person's broadest role; someone with no role is told whom to ask."""
    user = request.user
    role = queries.primary_role(user)
    if role is None:
        return render(request, "home/no_role.html")
    grants = [g for g in rules.grants_of(user) if g.role == role]
    units = Unit.objects.filter(pk__in=[g.unit_id for g in grants if g.unit_id]).select_related("instansi")
    instansi = user.instansi
    context = {"role": role, "role_label": Role(role).label, "my_units": units, "instansi": instansi}
    # Every landing page says where each running period stands and until when (issue 9).
    context["phases"] = periods.current_phases(user, instansi)
    if role == Role.SYSTEM_ADMIN:
        context["instansi_rows"] = queries.instansi_overview(Instansi.objects.all())
    elif instansi is not None and rules.has_perm(user, "org.view_directory", instansi):
        context["unit_counts"] = queries.unit_counts(instansi)
        context["people_count"] = queries.people_for_user(user, instansi).count()
    if role in (Role.OPD_HEAD, Role.OPD_OPERATOR):
        context["rows"] = worksheet.open_assessments(user)
        # The follow-up items to report and the plans returned with notes wait beside it (issue 11).
        context["queue"] = in_order(
            queues.opd_queue(user, context["rows"])
            + followups.opd_queue(user)
            + plan_queries.opd_plan_queue(user)
        )
        context["units"] = [(unit, list(queries.unit_staff(unit))) for unit in units]
    elif role in REVIEW_ROLES:
        context["team_work"] = work.team_work(user)
        context["queue"] = queues.team_queue(context["team_work"])
        if instansi is not None:
            context["queue"] = in_order(
                context["queue"]
                + followups.inspektorat_queue(user, instansi)
                + plan_queries.inspektorat_plan_queue(user, instansi)
            )
    elif role == Role.PENGAMPU_VERIFIER and instansi is not None:
        # A unit pengampu writes its own action plan: a plan returned with notes waits for its verifiers.
        context["queue"] = in_order(queues.verifier_queue(user, instansi) + plan_queries.opd_plan_queue(user))
        context["open_periods"] = periods.open_periods(instansi)
    elif role == Role.INSPEKTORAT_ADMIN and instansi is not None:
        context["queue"] = in_order(
            queues.admin_queue(instansi)
            + followups.inspektorat_queue(user, instansi)
            + plan_queries.inspektorat_plan_queue(user, instansi)
        )
    elif role == Role.PIMPINAN and instansi is not None:
        context["published"], context["pending"] = queues.leader_overview(instansi)
    return render(request, LANDING_TEMPLATES[role], context)
