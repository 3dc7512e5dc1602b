"""Kiosk mode: a counter tablet on which citizen after citizen answers; no per-device check, channel kiosk."""

import re

import pytest
from django.urls import reverse

from nyata.surveys import kiosk
from nyata.surveys.models import Channel, Response, ServiceDayTally
from nyata.surveys.tests.filling import form_data

pytestmark = pytest.mark.django_db


def _kiosk_url(service, token=None) -> str:
    return reverse("surveys:kiosk", args=[service.public_code, token or kiosk.kiosk_token(service)])


def _answer(client, url, **overrides):
    page = client.get(url).content.decode()
    started = re.search(r'name="started" value="([^"]+)"', page).group(1)
    return client.post(url, form_data(started=started, **overrides))


def test_two_citizens_answer_in_a_row_on_one_tablet_and_both_count(client, service, quick_form):
    url = _kiosk_url(service)
    first = _answer(client, url)
    assert first.status_code == 302
    thanks_url = reverse("surveys:kiosk-thanks", args=[service.public_code, url.split("/")[-2]])
    assert first["Location"] == thanks_url
    second = _answer(client, url, answers=(1, 1, 1, 1, 1, 1, 1, 1, 1))
    assert second.status_code == 302
    stored = list(Response.objects.order_by("pk").values_list("channel", "flags", "included"))
    assert stored == [(Channel.KIOSK, [], True), (Channel.KIOSK, [], True)]
    assert ServiceDayTally.objects.get(service=service).n == 2
    # The tablet keeps no trace of the respondent: no device cookie is set.
    assert f"skm_{service.public_code}" not in client.cookies


def test_the_kiosk_thank_you_returns_to_an_empty_form_by_meta_refresh_without_script(client, service):
    token = kiosk.kiosk_token(service)
    body = client.get(reverse("surveys:kiosk-thanks", args=[service.public_code, token])).content.decode()
    assert f'<meta http-equiv="refresh" content="5;url=/s/{service.public_code}/kios/{token}/">' in body
    assert "<script" not in body


def test_the_kiosk_form_is_not_remembered_by_the_browser(client, service):
    body = client.get(_kiosk_url(service)).content.decode()
    assert '<form method="post" novalidate autocomplete="off">' in body
    assert "<script" not in body


def test_the_online_form_still_flags_a_second_answer_from_one_device(client, service, quick_form):
    url = reverse("surveys:survey", args=[service.public_code])
    _answer(client, url)
    _answer(client, url)
    assert list(Response.objects.order_by("pk").values_list("flags", flat=True)) == [[], ["repeat_device"]]


def test_the_kiosk_keeps_the_honeypot_and_the_minimum_fill_time(client, service, settings):
    settings.NYATA_SKM_MIN_FILL_SECONDS = 60
    _answer(client, _kiosk_url(service), website="http://spam.example")
    assert Response.objects.get().flags == ["honeypot", "too_fast"]
    assert not ServiceDayTally.objects.exists()


def test_the_kiosk_keeps_the_rate_limit(client, service, quick_form):
    quick_form.NYATA_SKM_RATE_LIMIT = 1
    url = _kiosk_url(service)
    _answer(client, url)
    _answer(client, url)
    assert list(Response.objects.order_by("pk").values_list("flags", flat=True)) == [[], ["rate_limited"]]


def test_a_forged_or_foreign_kiosk_token_gets_no_kiosk(client, service, dikbud_service):
    assert client.get(_kiosk_url(service, token="forged:token")).status_code == 403
    # A token made for another service does not open this one's kiosk.
    assert client.get(_kiosk_url(service, token=kiosk.kiosk_token(dikbud_service))).status_code == 403
    assert client.post(_kiosk_url(service, token="forged"), form_data()).status_code == 403
    assert not Response.objects.exists()


def test_an_expired_kiosk_link_asks_for_a_new_one(client, service, settings, monkeypatch):
    token = kiosk.kiosk_token(service)
    settings.NYATA_SKM_KIOSK_DAYS = 1
    import time

    later = time.time() + 2 * 24 * 3600
    monkeypatch.setattr(time, "time", lambda: later)
    response = client.get(_kiosk_url(service, token=token))
    assert response.status_code == 403
    assert "Tautan kios ini tidak berlaku lagi" in response.content.decode()


def test_after_a_visitor_answers_in_english_the_next_visitor_starts_in_bahasa_indonesia(
    client, service, quick_form
):
    url = _kiosk_url(service)
    client.post(reverse("set_language"), {"language": "en", "next": url})
    assert '<html lang="en">' in client.get(url).content.decode()
    thanks = client.get(_answer(client, url)["Location"])
    body = thanks.content.decode()
    assert '<html lang="en">' in body  # the visitor is thanked in the language they chose
    assert "Thank you" in body
    cookie = thanks.cookies["django_language"]
    assert (cookie.value, cookie["max-age"], cookie["path"]) == ("", 0, "/")  # dropped for the next visitor
    next_form = client.get(url).content.decode()
    assert '<html lang="id">' in next_form
    assert "Sangat sesuai" in next_form


def test_a_visitor_who_keeps_bahasa_indonesia_is_thanked_in_it(client, service, quick_form):
    url = _kiosk_url(service)
    body = client.get(_answer(client, url)["Location"]).content.decode()
    assert '<html lang="id">' in body
    assert "Terima kasih" in body
