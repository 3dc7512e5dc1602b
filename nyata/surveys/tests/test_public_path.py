"""The survey addresses run through Nyata's own WSGI application on a lighter middleware stack: what a
citizen's request keeps (CSRF, security headers, CSP, language, upload limit, styled errors) and what it
never pays for (sessions, sign-in, login throttling). Django's test client would build its own handler with
the full stack, so these requests go through the real application, as gunicorn sends them."""

from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from http.cookies import SimpleCookie

import pytest
from django.conf import settings
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from django.test import RequestFactory

from nyata.core import public_path
from nyata.surveys.models import Response, ServiceDayTally
from nyata.surveys.tests.filling import form_data

pytestmark = pytest.mark.django_db


@dataclass
class Answer:
    status: int
    headers: list[tuple[str, str]]
    body: str

    def header(self, name: str) -> str:
        return next((value for key, value in self.headers if key.lower() == name.lower()), "")

    def cookies(self) -> SimpleCookie:
        jar = SimpleCookie()
        for key, value in self.headers:
            if key.lower() == "set-cookie":
                jar.load(value)
        return jar


@contextmanager
def _test_transaction_kept():
    # Django closes "old" connections around each request; inside a test's transaction that would end the
    # transaction. Django's own test client leaves them open in the same way.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def _call(application: Callable, request) -> Answer:
    seen = {}

    def start_response(status, headers, exc_info=None):
        seen["status"], seen["headers"] = int(status.split()[0]), headers

    with _test_transaction_kept():
        chunks = application(request.environ, start_response)
        try:
            body = b"".join(chunks).decode()
        finally:
            chunks.close()
    return Answer(seen["status"], seen["headers"], body)


@pytest.fixture
def application():
    return public_path.dispatch(WSGIHandler())


def _cookie_header(answer: Answer, **more: str) -> str:
    jar = {name: morsel.value for name, morsel in answer.cookies().items()}
    return "; ".join(f"{name}={value}" for name, value in {**jar, **more}.items())


def _form(application, service, **cookies) -> tuple[Answer, dict[str, str]]:
    """The survey page as a citizen's phone gets it, and the fields it carries for the POST."""
    page = _call(application, RequestFactory().get(f"/s/{service.public_code}/", headers=_cookies(cookies)))
    assert page.status == 200, page.body
    fields = {
        name: page.body.split(f'name="{name}" value="', 1)[1].split('"', 1)[0]
        for name in ("csrfmiddlewaretoken", "started")
    }
    return page, fields


def _cookies(cookies: dict[str, str]) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in cookies.items())} if cookies else {}


def test_the_survey_stack_is_the_full_one_without_what_a_citizen_never_needs():
    full = settings.MIDDLEWARE
    public = public_path.public_middleware(full)
    assert set(full) >= public_path.SKIPPED, "a skipped middleware is no longer in settings.MIDDLEWARE"
    assert not public_path.SKIPPED & set(public)
    for kept in (
        "django.middleware.security.SecurityMiddleware",
        "django.middleware.csp.ContentSecurityPolicyMiddleware",
        "nyata.core.middleware.ChosenLanguageMiddleware",
        "django.middleware.common.CommonMiddleware",
        "django.middleware.csrf.CsrfViewMiddleware",
        "nyata.core.middleware.UploadLimitMiddleware",
        "django.middleware.clickjacking.XFrameOptionsMiddleware",
    ):
        assert kept in public
    kept_in_order = [path for path in full if path in public]
    assert [path for path in public if path != public_path.VISITOR] == kept_in_order
    # The anonymous visitor stands where the sign-in stood: after the CSRF check, before the views.
    assert public.index(public_path.VISITOR) == public.index("django.middleware.csrf.CsrfViewMiddleware") + 1


def test_a_citizen_answers_through_the_lighter_stack_and_is_counted(application, service, period, quick_form):
    page, fields = _form(application, service)
    assert page.header("Content-Security-Policy")
    assert page.header("X-Frame-Options") == "DENY"
    assert page.header("X-Content-Type-Options") == "nosniff"
    assert "Survei kepuasan" in page.body
    assert settings.SESSION_COOKIE_NAME not in page.cookies()

    post = RequestFactory().post(
        f"/s/{service.public_code}/", {**form_data(), **fields}, headers={"Cookie": _cookie_header(page)}
    )
    answer = _call(application, post)

    assert answer.status == 302, answer.body
    assert answer.header("Location") == f"/s/{service.public_code}/terima-kasih/"
    assert f"skm_{service.public_code}" in answer.cookies()
    stored = Response.objects.get()
    assert stored.included
    assert stored.answers == (4, 3, 3, 4, 3, 3, 4, 3, 2)
    assert ServiceDayTally.objects.get().n == 1


def test_a_post_without_the_sites_cookie_is_refused_in_bahasa_indonesia_and_stores_nothing(
    application, service, quick_form
):
    _page, fields = _form(application, service)
    post = RequestFactory().post(f"/s/{service.public_code}/", {**form_data(), **fields})
    answer = _call(application, post)
    assert answer.status == 403
    assert "Formulir sudah kedaluwarsa" in answer.body
    assert not Response.objects.exists()


def test_the_language_a_citizen_chose_holds_on_the_lighter_stack(application, service):
    page, _fields = _form(application, service, **{settings.LANGUAGE_COOKIE_NAME: "en"})
    assert '<html lang="en">' in page.body
    assert "Satisfaction survey" in page.body


def test_an_unknown_survey_address_answers_the_styled_page_not_found(application, db):
    answer = _call(application, RequestFactory().get("/s/tidak-ada/"))
    assert answer.status == 404
    assert '<html lang="id">' in answer.body
    assert 'data-status="404"' in answer.body


def test_an_oversized_post_is_refused_unread_on_the_lighter_stack(application, service):
    post = RequestFactory().post(f"/s/{service.public_code}/", form_data())
    post.environ["CONTENT_LENGTH"] = str(10 * 1024**3)
    answer = _call(application, post)
    assert answer.status == 413
    assert not Response.objects.exists()


def test_every_other_address_keeps_the_full_stack(application, db):
    # The health probe is answered by a middleware the survey stack leaves out.
    assert _call(application, RequestFactory().get("/sehat/")).status == 200
    signed_out = _call(application, RequestFactory().get("/"))
    assert signed_out.status == 302
    assert "/masuk/" in signed_out.header("Location")
