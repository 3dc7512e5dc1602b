"""The citizen's side: the survey page of one service, its kiosk mode and the thank-you pages.

No login, no JavaScript. The POST is the busiest path of Nyata, so it does only what a submission needs:
the CSRF check (middleware, on the lighter stack of nyata/core/public_path.py), the form, the screening,
the burst count, the response and its tally (on PostgreSQL one prepared statement for all three when no
count reaches its threshold; on SQLite one transaction), and a redirect. The service and its survey periods
come from a short cache.
"""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from nyata.surveys import actions, kiosk, queries, screening
from nyata.surveys.forms import SurveyForm
from nyata.surveys.models import Channel, Service


def _submit(request: HttpRequest, service: Service, form: SurveyForm, *, channel: str) -> None:
    now = timezone.now()
    start = screening.read_start(form.cleaned_data["started"], service=service)
    flags = screening.screen(
        request=request,
        service=service,
        start=start,
        honeypot=form.cleaned_data["website"],
        check_device=channel != Channel.KIOSK,
    )
    day = actions.local_day(now, service.unit.instansi)
    actions.submit_public_response(
        service=service,
        answers=form.answers(),
        profile=form.profile(),
        channel=channel,
        flags=flags,
        origin=screening.origin(request, now=now),
        start_token=start.token if start is not None else "",
        now=now,
        period=actions.period_among(service.public_periods, day),
    )


def _form_page(request: HttpRequest, service: Service, form: SurveyForm | None, **extra) -> HttpResponse:
    if form is None:
        form = SurveyForm(initial={"started": screening.sign_start(service=service)})
    context = {"service": service, "form": form, **extra}
    return render(request, "surveys/survey.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, code: str) -> HttpResponse:
    service = queries.get_public_service(code)
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            _submit(request, service, form, channel=Channel.ONLINE)
            # A plain redirect: shortcuts.redirect would first try the address as a view name.
            response = HttpResponseRedirect(service.thanks_url)
            screening.remember_device(response, service=service)
            return response
        return _form_page(request, service, form)
    return _form_page(
        request, service, None, answered_before=screening.device_answered(request, service=service)
    )


def _published_summary(service: Service) -> str:
    """The address of the unit's public IKM summary when the unit publishes one; "" otherwise, so that the
    thank-you page promises only what the unit actually publishes."""
    if not queries.public_summary_enabled(service.unit):
        return ""
    return reverse("surveys:public-summary", args=[service.unit.instansi.code, service.unit.code])


@require_GET
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    service = queries.get_public_service(code)
    context = {"service": service, "summary_url": _published_summary(service)}
    return render(request, "surveys/thanks.html", context)


def _kiosk_service(code: str, token: str) -> tuple[Service, bool]:
    service = queries.get_public_service(code)
    return service, kiosk.kiosk_token_valid(token, service=service)


@require_http_methods(["GET", "POST"])
def kiosk_survey(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """The form on the counter's tablet: no device check, no device cookie, channel "kiosk"."""
    service, valid = _kiosk_service(code, token)
    if not valid:
        return render(request, "surveys/kiosk_expired.html", {"service": service}, status=403)
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            _submit(request, service, form, channel=Channel.KIOSK)
            return redirect(reverse("surveys:kiosk-thanks", args=[service.public_code, token]))
        return _form_page(request, service, form, kiosk=True)
    return _form_page(request, service, None, kiosk=True)


@require_GET
def kiosk_thanks(request: HttpRequest, code: str, token: str) -> HttpResponse:
    """A short thank-you in the visitor's language, then back to an empty form for the next citizen by a
    meta refresh (no script). The next citizen starts in Bahasa Indonesia whatever this one chose: the
    language cookie is dropped with this page, whose own text still follows the visitor's choice."""
    service, valid = _kiosk_service(code, token)
    if not valid:
        raise Http404
    context = {
        "service": service,
        "kiosk": True,
        "seconds": settings.NYATA_SKM_KIOSK_THANKS_SECONDS,
        "next_url": reverse("surveys:kiosk", args=[service.public_code, token]),
        # Named, not linked: on the counter's tablet a link would leave the kiosk loop.
        "summary_url": _published_summary(service),
    }
    response = render(request, "surveys/thanks.html", context)
    response.delete_cookie(
        settings.LANGUAGE_COOKIE_NAME,
        path=settings.LANGUAGE_COOKIE_PATH,
        domain=settings.LANGUAGE_COOKIE_DOMAIN,
        samesite=settings.LANGUAGE_COOKIE_SAMESITE,
    )
    return response
