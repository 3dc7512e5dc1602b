from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.core.history import history_entries, history_of_records
from nyata.core.paging import page_of
from nyata.org import actions, queries, rules, two_factor
from nyata.org.forms import PersonForm, RoleForm
from nyata.org.models import Membership, Role
from nyata.org.rules import require

# A province holds thousands of people; the search and role filter find one, the pages walk the rest.
PEOPLE_PER_PAGE = 50


@login_required
def person_list(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "org.view_directory", instansi_obj)
    people = queries.people_list(
        queries.people_for_user(request.user, instansi_obj),
        search=request.GET.get("q", "").strip(),
        role=request.GET.get("peran", ""),
    )
    page = page_of(request, people, PEOPLE_PER_PAGE)
    context = {
        "instansi": instansi_obj,
        "people": page.object_list,
        "page": page,
        "roles": Role.choices,
        "can_manage": rules.has_perm(request.user, "org.manage_instansi", instansi_obj),
    }
    template = "org/person_list.html#results" if request.htmx else "org/person_list.html"
    return render(request, template, context)


@login_required
def person_create(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "org.manage_instansi", instansi_obj)
    form = PersonForm(request.POST or None, initial={"is_active": True})
    if request.method == "POST" and form.is_valid():
        try:
            person = actions.save_person(instansi=instansi_obj, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("%(name)s added. Assign a role and issue a password below.") % {"name": person.name},
            )
            return redirect("org:person-detail", instansi=instansi_obj.code, pk=person.pk)
    context = {
        "form": form,
        "heading": _("New person"),
        "back_url": reverse("org:person-list", args=[instansi_obj.code]),
    }
    return render(request, "core/form.html", context)


@login_required
def person_edit(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    person = queries.get_person_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_person", person)
    form = PersonForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        try:
            actions.save_person(instansi=person.instansi, by=request.user, person=person, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Changes saved."))
            return redirect("org:person-detail", instansi=instansi_obj.code, pk=person.pk)
    back = reverse("org:person-detail", args=[instansi_obj.code, person.pk])
    return render(
        request,
        "core/form.html",
        {"form": form, "heading": _("Edit %(name)s") % {"name": person}, "back_url": back},
    )


def _detail_context(request: HttpRequest, instansi_obj, person, role_form=None) -> dict:
    can_change = rules.has_perm(request.user, "org.change_person", person)
    if can_change and role_form is None:
        role_form = RoleForm(instansi=instansi_obj, allow_system_admin=rules.is_system_admin(request.user))
    can_reset_two_factor = rules.has_perm(request.user, "org.reset_two_factor", person)
    return {
        "instansi": instansi_obj,
        "person": person,
        "memberships": queries.memberships_of(person),
        "can_change": can_change,
        "role_form": role_form,
        "has_two_factor": can_reset_two_factor and two_factor.has_two_factor(person),
        "can_reset_two_factor": can_reset_two_factor,
    }


@login_required
def person_detail(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    person = queries.get_person_for_user(request.user, instansi_obj, pk)
    context = _detail_context(request, instansi_obj, person)
    issued = request.session.get(ISSUED_PASSWORD_KEY)
    if issued and issued.get("person") == person.pk and context["can_change"]:
        del request.session[ISSUED_PASSWORD_KEY]
        context["issued_password"] = issued["password"]
    response = render(request, "org/person_detail.html", context)
    if "issued_password" in context:
        response["Cache-Control"] = "no-store"  # the password must not stay in the browser's cache
    return response


@login_required
@require_POST
def role_add(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    person = queries.get_person_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_person", person)
    form = RoleForm(
        request.POST, instansi=instansi_obj, allow_system_admin=rules.is_system_admin(request.user)
    )
    if form.is_valid():
        try:
            actions.assign_role(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            form = None
            if not request.htmx:  # an htmx swap shows the new role in place; a queued message would linger
                messages.success(request, _("Role assigned."))
    context = _detail_context(request, instansi_obj, person, role_form=form)
    if request.htmx:
        return render(request, "org/person_detail.html#roles", context)
    if form is None:
        return redirect("org:person-detail", instansi=instansi_obj.code, pk=person.pk)
    return render(request, "org/person_detail.html", context, status=400)


@login_required
@require_POST
def role_remove(request: HttpRequest, instansi: str, pk: int, membership_pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    person = queries.get_person_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_person", person)
    membership = person.memberships.filter(pk=membership_pk).first()
    if membership is None:
        raise Http404
    actions.revoke_role(membership=membership, by=request.user)
    if request.htmx:
        return render(request, "org/person_detail.html#roles", _detail_context(request, instansi_obj, person))
    messages.success(request, _("Role removed."))
    return redirect("org:person-detail", instansi=instansi_obj.code, pk=person.pk)


# The issued password waits in the session for the one page that shows it (POST, redirect, GET): a refresh
# of that page neither shows it again nor issues another. The session lives server-side.
ISSUED_PASSWORD_KEY = "org.issued_password"


@login_required
@require_POST
def person_issue_password(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    person = queries.get_person_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_person", person)
    password = actions.issue_password(person=person, by=request.user)
    request.session[ISSUED_PASSWORD_KEY] = {"person": person.pk, "password": password}
    return redirect("org:person-detail", instansi=instansi_obj.code, pk=person.pk)


@login_required
@require_POST
def person_reset_two_factor(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    """For a person who lost both their authenticator and their recovery codes: they enrol again."""
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    person = queries.get_person_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.reset_two_factor", person)
    two_factor.remove_two_factor(person=person, by=request.user)
    messages.success(request, _("Two-factor sign-in of %(name)s is removed.") % {"name": person})
    return redirect("org:person-detail", instansi=instansi_obj.code, pk=person.pk)


@login_required
def person_history(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = queries.get_instansi_for_user(request.user, instansi)
    person = queries.get_person_for_user(request.user, instansi_obj, pk)
    require(request.user, "org.change_person", person)
    context = {
        "object": person,
        "entries": history_entries(person),
        "related_heading": _("Role assignments"),
        "related_entries": history_of_records(
            Membership, Membership.history.filter(user_id=person.pk), with_subject=True
        ),
        "back_url": reverse("org:person-detail", args=[instansi_obj.code, person.pk]),
    }
    return render(request, "core/history.html", context)
