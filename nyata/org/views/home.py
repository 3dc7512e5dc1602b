from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nyata.org import queries, rules
from nyata.org.models import Instansi, Role, Unit

LANDING_TEMPLATES = {
    Role.SYSTEM_ADMIN: "org/landing/system_admin.html",
    Role.INSPEKTORAT_ADMIN: "org/landing/inspektorat_admin.html",
    Role.PENGENDALI_TEKNIS: "org/landing/evaluator.html",
    Role.KETUA_TIM: "org/landing/evaluator.html",
    Role.EVALUATOR: "org/landing/evaluator.html",
    Role.PENGAMPU_VERIFIER: "org/landing/pengampu.html",
    Role.PIMPINAN: "org/landing/pimpinan.html",
    Role.OPD_HEAD: "org/landing/opd.html",
    Role.OPD_OPERATOR: "org/landing/opd.html",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The landing page of the person's broadest role; someone with no role is told whom to ask."""
    user = request.user
    role = queries.primary_role(user)
    if role is None:
        return render(request, "org/landing/no_role.html")
    grants = [g for g in rules.grants_of(user) if g.role == role]
    units = Unit.objects.filter(pk__in=[g.unit_id for g in grants if g.unit_id]).select_related("instansi")
    context = {"role": role, "role_label": Role(role).label, "my_units": units, "instansi": user.instansi}
    if role == Role.SYSTEM_ADMIN:
        context["instansi_rows"] = queries.instansi_overview(Instansi.objects.all())
    elif user.instansi is not None and rules.has_perm(user, "org.view_directory", user.instansi):
        context["unit_counts"] = queries.unit_counts(user.instansi)
        context["people_count"] = queries.people_for_user(user, user.instansi).count()
    if role in (Role.OPD_HEAD, Role.OPD_OPERATOR):
        context["staff"] = {unit: list(queries.unit_staff(unit)) for unit in units}
    return render(request, LANDING_TEMPLATES[role], context)
