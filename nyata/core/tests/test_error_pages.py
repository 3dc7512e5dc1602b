"""Error pages speak the person's language, look like the site and offer a way back; the 500 page renders
even when the database, a context processor or the layout is what failed."""

from unittest import mock

import pytest
from django.db.utils import OperationalError
from django.test import Client
from django.urls import reverse

from nyata.core import errors

STYLED = 'class="error-page card" data-status="{}"'


def _body(response) -> str:
    return response.content.decode()


def test_an_unknown_address_answers_a_styled_404_in_bahasa_indonesia_with_a_way_home(client, db):
    response = client.get("/tidak-ada/")
    body = _body(response)
    assert response.status_code == 404
    assert STYLED.format(404) in body
    assert "<h1>Halaman tidak ditemukan</h1>" in body
    assert '<a class="button primary" href="/">Kembali ke beranda</a>' in body
    assert 'class="site-header"' in body  # the site's own layout
    assert '<a class="button" href="/akun/masuk/">Masuk</a>' in body  # not signed in: a way in


def test_the_404_page_speaks_english_when_english_was_chosen(client, db):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = _body(client.get("/tidak-ada/"))
    assert '<html lang="en">' in body
    assert "<h1>Page not found</h1>" in body
    assert "Back to the home page" in body


def test_the_404_page_links_back_to_the_page_the_person_came_from(client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    body = _body(client.get("/tidak-ada/", headers={"referer": "http://testserver/notifikasi/"}))
    assert '<a class="button" href="http://testserver/notifikasi/">Kembali ke halaman sebelumnya</a>' in body
    assert "Masuk</a>" not in body


def test_a_link_from_another_site_is_not_offered_as_the_way_back(client, db):
    body = _body(client.get("/tidak-ada/", headers={"referer": "https://evil.example.com/"}))
    assert "evil.example.com" not in body
    assert "Kembali ke halaman sebelumnya" not in body


def test_a_refused_page_answers_a_styled_403_that_says_whom_to_ask(client, opd_operator):
    client.force_login(opd_operator)
    response = client.get(reverse("org:instansi-list"))
    body = _body(response)
    assert response.status_code == 403
    assert STYLED.format(403) in body
    assert "<h1>Akses ditolak</h1>" in body
    assert "mintalah peran yang sesuai kepada admin Inspektorat" in body


def test_a_form_sent_without_its_token_answers_a_styled_403_saying_nothing_was_saved(inspektorat_admin):
    client = Client(enforce_csrf_checks=True)
    client.force_login(inspektorat_admin)
    response = client.post(reverse("logout"))
    body = _body(response)
    assert response.status_code == 403
    assert STYLED.format(403) in body
    assert "<h1>Formulir sudah kedaluwarsa</h1>" in body
    assert "Tidak ada yang tersimpan." in body


def test_a_request_for_a_foreign_host_answers_a_styled_400(client, db):
    response = client.get("/", headers={"host": "evil.example.com"})
    assert response.status_code == 400
    assert STYLED.format(400) in _body(response)
    assert "Permintaan tidak dapat diproses" in _body(response)


@pytest.fixture
def failing_client(inspektorat_admin):
    client = Client(raise_request_exception=False)
    client.force_login(inspektorat_admin)
    return client


def test_the_500_page_renders_when_the_database_fails_inside_a_context_processor(failing_client):
    broken = OperationalError("the database is gone")
    with mock.patch("nyata.notifications.context_processors.unread_count", side_effect=broken):
        response = failing_client.get(reverse("home"))
    body = _body(response)
    assert response.status_code == 500
    assert STYLED.format(500) in body
    assert '<html lang="id">' in body
    assert "<h1>Terjadi kesalahan di sistem kami</h1>" in body
    assert '<link rel="stylesheet" href="/static/nyata/nyata.css">' in body
    assert '<a class="button primary" href="/">Kembali ke beranda</a>' in body


def test_the_500_page_speaks_english_when_english_was_chosen(failing_client):
    failing_client.post(reverse("set_language"), {"language": "en", "next": "/"})
    with mock.patch("nyata.notifications.context_processors.unread_count", side_effect=RuntimeError):
        body = _body(failing_client.get(reverse("home")))
    assert '<html lang="en">' in body
    assert "<h1>Something went wrong on our side</h1>" in body


def test_when_even_the_500_template_fails_a_fixed_indonesian_page_answers(rf):
    with mock.patch.object(errors.loader, "get_template", side_effect=RuntimeError("templates gone")):
        response = errors.server_error(rf.get("/"))
    assert response.status_code == 500
    assert response.content.decode() == errors.BARE_500
    assert 'data-status="500"' in errors.BARE_500
