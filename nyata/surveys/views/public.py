"""The citizen's side: the survey page of one service and its thank-you page. No login, no JavaScript."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from nyata.surveys import actions, queries, screening
from nyata.surveys.forms import SurveyForm
from nyata.surveys.models import Channel


@require_http_methods(["GET", "POST"])
def survey(request: HttpRequest, code: str) -> HttpResponse:
    service = queries.get_public_service(code)
    if request.method == "POST":
        form = SurveyForm(request.POST)
        if form.is_valid():
            now = timezone.now()
            hashed = screening.client_hash(request, now=now)
            flags = screening.screen(
                request=request,
                service=service,
                started=form.cleaned_data["started"],
                honeypot=form.cleaned_data["website"],
                now=now,
                hashed=hashed,
            )
            actions.submit_response(
                service=service,
                answers=form.answers(),
                **form.profile(),
                channel=Channel.ONLINE,
                flags=flags,
                client_hash=hashed,
                now=now,
            )
            response = redirect("surveys:thanks", code=service.public_code)
            response.set_signed_cookie(
                screening.device_cookie_name(service),
                "1",
                salt=screening.DEVICE_SALT,
                max_age=screening.device_cookie_max_age(),
                path=f"/s/{service.public_code}/",
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
            return response
    else:
        form = SurveyForm(initial={"started": screening.sign_start(service=service)})
    context = {
        "service": service,
        "form": form,
        "answered_before": request.method == "GET" and screening.device_answered(request, service=service),
    }
    return render(request, "surveys/survey.html", context, status=200 if not form.errors else 400)


@require_GET
def thanks(request: HttpRequest, code: str) -> HttpResponse:
    service = queries.get_public_service(code)
    return render(request, "surveys/thanks.html", {"service": service})
