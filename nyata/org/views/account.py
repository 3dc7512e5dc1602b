"""A person's own account: the account page, the password (changed, or reset by e-mail with Django's
views), and the second factor (enrol, verify at sign-in, recovery codes, remove)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from nyata.org import actions, queries, two_factor
from nyata.org.forms import (
    ChangePasswordForm,
    CodeForm,
    ConfirmPasswordForm,
    EnrolForm,
    NewPasswordForm,
    PasswordResetRequestForm,
)

# Recovery codes wait in the (server-side) session for the one page that shows them: POST, redirect, GET.
RECOVERY_CODES_KEY = "org.recovery_codes"


@login_required
def account(request: HttpRequest) -> HttpResponse:
    person = request.user
    context = {
        "person": person,
        "memberships": queries.memberships_of(person),
        "has_two_factor": two_factor.has_two_factor(person),
        "must_use_two_factor": two_factor.must_use_two_factor(person),
        "recovery_codes_left": two_factor.recovery_codes_left(person),
        "disable_form": ConfirmPasswordForm(user=person),
    }
    return render(request, "org/account/account.html", context)


class PasswordChange(auth_views.PasswordChangeView):
    form_class = ChangePasswordForm
    template_name = "org/account/password_change.html"
    success_url = reverse_lazy("org:account")

    def form_valid(self, form):
        password = form.cleaned_data["new_password1"]
        actions.set_password(person=form.user, password=password, by=form.user, reason="password changed")
        update_session_auth_hash(self.request, form.user)  # other sessions end; this one stays
        messages.success(self.request, _("Your password is changed. Other sessions have been signed out."))
        return HttpResponseRedirect(self.get_success_url())


class PasswordReset(auth_views.PasswordResetView):
    """The same answer whether or not the address belongs to anyone: nothing to learn by trying."""

    form_class = PasswordResetRequestForm
    template_name = "org/account/password_reset.html"
    email_template_name = "org/account/password_reset_email.txt"
    subject_template_name = "org/account/password_reset_subject.txt"
    success_url = reverse_lazy("org:password-reset-done")

    @property
    def extra_email_context(self):
        # Links point at the configured address, never at whatever Host header the request carried.
        return {
            "base_url": settings.NYATA_BASE_URL.rstrip("/"),
            "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        }


class PasswordResetDone(auth_views.PasswordResetDoneView):
    template_name = "org/account/password_reset_done.html"

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "hours": settings.PASSWORD_RESET_TIMEOUT // 3600}


class PasswordResetConfirm(auth_views.PasswordResetConfirmView):
    form_class = NewPasswordForm
    template_name = "org/account/password_reset_confirm.html"
    success_url = reverse_lazy("org:password-reset-complete")

    def form_valid(self, form):
        password = form.cleaned_data["new_password1"]
        actions.set_password(
            person=self.user, password=password, by=self.user, reason="password reset by e-mail"
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())


class PasswordResetComplete(auth_views.PasswordResetCompleteView):
    template_name = "org/account/password_reset_complete.html"


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


@login_required
@never_cache
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    person = request.user
    if two_factor.has_two_factor(person) and not request.user.is_verified():
        return redirect("org:two-factor-verify")
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = two_factor.confirm_enrolment(request=request, person=person, code=form.cleaned_data["code"])
        if codes is not None:
            request.session[RECOVERY_CODES_KEY] = codes
            messages.success(request, _("Two-factor sign-in is on. Keep your recovery codes now."))
            return redirect(f"{reverse('org:two-factor-recovery-codes')}?next={_next(request)}")
        form.add_error("code", _("This code is wrong or has expired. Enter the code the app shows now."))
    context = {
        "form": form,
        "enrolment": two_factor.pending_enrolment(person=person),
        "required": two_factor.must_use_two_factor(person),
        "next": _next(request),
    }
    return render(request, "org/account/two_factor_enrol.html", context, status=400 if form.errors else 200)


@login_required
@never_cache
def two_factor_recovery_codes(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        if not two_factor.has_two_factor(request.user):
            return redirect("org:account")
        request.session[RECOVERY_CODES_KEY] = two_factor.replace_recovery_codes(person=request.user)
        return redirect("org:two-factor-recovery-codes")
    codes = request.session.pop(RECOVERY_CODES_KEY, None)
    if codes is None:
        return redirect("org:account")  # shown once: a refresh finds nothing to show again
    response = render(request, "org/account/recovery_codes.html", {"codes": codes, "next": _next(request)})
    response["Cache-Control"] = "no-store"
    return response


@login_required
@never_cache
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    person = request.user
    if request.user.is_verified() or not two_factor.has_two_factor(person):
        return redirect(_next(request))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # After wrong codes no code is checked for a while (doubling each time): say so, rather than
        # calling a right code wrong.
        wait = two_factor.seconds_to_wait(person)
        if wait:
            form.add_error(
                "code",
                _("Too many wrong codes. Wait %(seconds)d seconds, then try again.") % {"seconds": wait},
            )
        elif two_factor.verify(request=request, person=person, code=form.cleaned_data["code"]):
            return redirect(_next(request))
        else:
            form.add_error("code", _("This code is wrong or has expired."))
    context = {"form": form, "next": _next(request)}
    return render(request, "org/account/two_factor_verify.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    person = request.user
    if two_factor.must_use_two_factor(person):
        messages.error(request, _("Administrators must keep two-factor sign-in on."))
        return redirect("org:account")
    form = ConfirmPasswordForm(request.POST, user=person)
    if not form.is_valid():
        messages.error(request, _("Two-factor sign-in stays on: the password was not right."))
        return redirect("org:account")
    two_factor.remove_two_factor(person=person, by=person, request=request)
    messages.success(request, _("Two-factor sign-in is off."))
    return redirect("org:account")
