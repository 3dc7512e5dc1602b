"""The thank-you page promises only what the unit publishes, and links to it when it is public."""

import pytest
from django.urls import reverse

from nyata.surveys import actions, kiosk

pytestmark = pytest.mark.django_db


def _thanks(client, service) -> str:
    return client.get(reverse("surveys:thanks", args=[service.public_code])).content.decode()


def test_a_unit_that_publishes_nothing_promises_no_publication(client, service):
    body = _thanks(client, service)
    assert "mengumumkan" not in body
    assert "/skm/" not in body
    assert "Jawaban Anda dihitung dalam indeks kepuasan masyarakat (IKM) layanan ini" in body


def test_a_unit_with_a_public_summary_links_to_it(client, service, city):
    actions.set_public_summary(unit=service.unit, enabled=True, by=None)
    body = _thanks(client, service)
    summary = reverse("surveys:public-summary", args=[city.instansi.code, service.unit.code])
    assert "Dinas Kesehatan mengumumkan hasil survei ini." in body
    assert f'<a href="{summary}">Lihat hasil yang diumumkan</a>' in body
    assert client.get(summary).status_code == 200


def test_the_kiosk_names_the_published_summary_without_leaving_the_kiosk(client, service, city):
    actions.set_public_summary(unit=service.unit, enabled=True, by=None)
    token = kiosk.kiosk_token(service)
    body = client.get(reverse("surveys:kiosk-thanks", args=[service.public_code, token])).content.decode()
    summary = reverse("surveys:public-summary", args=[city.instansi.code, service.unit.code])
    assert f"Dinas Kesehatan mengumumkan hasil survei ini di testserver{summary}." in body
    assert f'href="{summary}"' not in body
