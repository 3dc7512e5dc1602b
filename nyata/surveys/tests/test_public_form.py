"""The citizen's survey page: no login, no script, small, accessible; abuse is flagged, never dropped."""

import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.test import Client
from django.urls import reverse

from nyata.surveys import queries
from nyata.surveys.forms import SurveyForm
from nyata.surveys.models import Response, ServiceDayTally
from nyata.surveys.tests.filling import form_data, started_value

pytestmark = pytest.mark.django_db


def _url(service) -> str:
    return reverse("surveys:survey", args=[service.public_code])


def _post(client, service, **overrides):
    data = form_data(**overrides)
    data.setdefault("started", started_value(client, service))
    if "started" in overrides:
        data["started"] = overrides["started"]
    return client.post(_url(service), data)


def test_the_survey_page_needs_no_login_and_no_script(client, service):
    response = client.get(_url(service))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<script" not in body
    assert "Survei kepuasan" in body
    assert service.name in body


def test_each_unsur_is_a_fieldset_with_a_legend_and_four_labelled_answers(client, service):
    body = client.get(_url(service)).content.decode()
    assert body.count("<fieldset") == 10  # sex and the nine unsur
    assert body.count("<legend>") == 10
    assert "Tidak sesuai" in body
    assert "Sangat sesuai" in body
    assert "Tidak mudah" in body
    assert "Sangat mudah" in body
    assert "Dikelola dengan baik" in body  # U9 Penanganan pengaduan
    radios = re.findall(r'<input type="radio"[^>]*id="(id_u\d_\d)"', body)
    assert len(radios) == 36
    for radio_id in radios:
        assert f'for="{radio_id}"' in body


def test_the_page_weighs_little(client, service):
    html = client.get(_url(service)).content
    css = Path(finders.find("surveys/survey.css")).read_bytes()
    # A cheap phone on a slow network: the whole page, styles included, stays under 30 kB uncompressed.
    assert len(html) + len(css) < 30_000, (len(html), len(css))


def test_english_is_selectable_on_the_survey_page(client, service):
    client.post(reverse("set_language"), {"language": "en", "next": _url(service)})
    body = client.get(_url(service)).content.decode()
    assert '<html lang="en">' in body
    assert "Very appropriate" in body


def test_a_valid_response_is_stored_counted_and_thanked(client, service, period, quick_form):
    response = _post(client, service)
    assert response.status_code == 302
    assert response["Location"] == reverse("surveys:thanks", args=[service.public_code])
    stored = Response.objects.get()
    assert stored.answers == (4, 3, 3, 4, 3, 3, 4, 3, 2)
    assert (stored.sex, stored.age, stored.education, stored.occupation) == ("P", 34, "sma", "wirausaha")
    assert stored.included
    assert not stored.suspicious
    assert stored.flags == []
    assert stored.period == period
    result = queries.service_result(service, None)
    assert result.n == 1
    assert str(result.rounded_ikm()) == "80.56"  # (4+3+3+4+3+3+4+3+2) / 9 x 25
    assert "Terima kasih" in client.get(response["Location"]).content.decode()


def test_the_client_address_is_never_stored_in_clear(client, service, quick_form):
    client.post(
        _url(service), {**form_data(), "started": started_value(client, service)}, REMOTE_ADDR="203.0.113.77"
    )
    stored = Response.objects.get()
    assert len(stored.client_hash) == 32
    values = " ".join(str(v) for v in Response.objects.values().get().values())
    assert "203.0.113.77" not in values


def test_a_filled_honeypot_is_stored_flagged_and_not_counted(client, service, quick_form):
    assert _post(client, service, website="http://spam.example").status_code == 302
    stored = Response.objects.get()
    assert stored.suspicious
    assert not stored.included
    assert stored.flags == ["honeypot"]
    assert ServiceDayTally.objects.count() == 0
    assert queries.service_result(service, None).n == 0


def test_a_response_faster_than_the_minimum_fill_time_is_flagged(client, service, settings):
    settings.NYATA_SKM_MIN_FILL_SECONDS = 60
    _post(client, service)
    stored = Response.objects.get()
    assert stored.flags == ["too_fast"]
    assert not stored.included


def test_a_missing_or_forged_start_time_is_flagged(client, service, quick_form):
    _post(client, service, started="1700000000:forged")
    assert Response.objects.get().flags == ["bad_timestamp"]


def test_responses_beyond_the_hourly_rate_limit_are_flagged_not_counted(service, quick_form):
    quick_form.NYATA_SKM_RATE_LIMIT = 2
    for _attempt in range(3):
        # A fresh client each time: no device cookie, only the shared address.
        _post(Client(), service)
    flags = list(Response.objects.order_by("submitted_at", "pk").values_list("flags", flat=True))
    assert flags == [[], [], ["rate_limited"]]
    assert queries.service_result(service, None).n == 2


def test_a_second_response_from_the_same_device_is_flagged(client, service, quick_form):
    _post(client, service)
    body = client.get(_url(service)).content.decode()
    assert "sudah mengisi" in body
    _post(client, service)
    assert sorted(map(tuple, Response.objects.values_list("flags", flat=True))) == [(), ("repeat_device",)]
    assert queries.service_result(service, None).n == 1


def test_a_device_that_kept_the_signed_cookie_of_an_earlier_version_is_still_recognised(
    client, service, quick_form
):
    # What Nyata set before the cookie was plain: the value, a timestamp and a signature.
    client.cookies[f"skm_{service.public_code}"] = "1:1tWbXq:3rX0o1d-signed-before"
    _post(client, service)
    assert Response.objects.get().flags == ["repeat_device"]
    assert queries.service_result(service, None).n == 0


def test_bad_input_re_renders_in_indonesian_keeps_what_was_typed_and_stores_nothing(client, service):
    data = form_data(age="tiga puluh", suggestion="Antrean panjang sekali")
    del data["u3"]
    data["u5"] = "7"
    data["started"] = started_value(client, service)
    response = client.post(_url(service), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Periksa kembali jawaban Anda" in body
    assert "Tulis umur sebagai angka" in body
    assert body.count("Pilih salah satu jawaban.") == 2  # u3 missing; u5 not one of the four
    assert "Antrean panjang sekali" in body
    assert 'value="tiga puluh"' in body
    assert re.search(r'<input type="radio" name="u1" value="4"[^>]*checked', body)
    assert Response.objects.count() == 0


def test_the_form_requires_the_csrf_token(service):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_url(service), form_data())
    assert response.status_code == 403
    assert Response.objects.count() == 0


def test_an_inactive_service_has_no_survey_page(client, service):
    service.is_active = False
    service.save()
    assert client.get(_url(service)).status_code == 404
    assert client.get("/s/tidakada/").status_code == 404


def _without_tokens(body: str) -> str:
    return re.sub(r'name="(csrfmiddlewaretoken|started)" value="[^"]*"', r'name="\1" value=""', body)


def test_the_form_renders_the_same_as_with_djangos_own_bound_fields(client, service, monkeypatch):
    # The survey's bound fields work out labels and initial names only when a page reads them.
    data = form_data(age="tiga puluh", suggestion="Antrean panjang sekali")
    del data["u3"]
    pages = []
    for bound_field_class in (SurveyForm.bound_field_class, None):
        monkeypatch.setattr(SurveyForm, "bound_field_class", bound_field_class)
        blank = client.get(_url(service)).content.decode()
        refused = client.post(_url(service), {**data, "started": started_value(client, service)})
        pages.append((_without_tokens(blank), _without_tokens(refused.content.decode())))
    assert SurveyForm.bound_field_class is None
    assert pages[0] == pages[1]
    assert "Antrean panjang sekali" in pages[0][1]
    assert "Umur (tahun)" in pages[0][0]
