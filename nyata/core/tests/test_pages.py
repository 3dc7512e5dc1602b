"""The layout: Indonesian first, English on request, a strict Content-Security-Policy, no inline code."""

import re
import subprocess
from pathlib import Path

from django.urls import reverse

# The project catalogue (core and org) and each later app's own catalogue.
PO_FILES = sorted(Path(__file__).resolve().parents[2].glob("**/locale/id/LC_MESSAGES/django.po"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle=", re.IGNORECASE)


def test_every_message_of_every_indonesian_catalogue_is_translated():
    assert PO_FILES
    for po_file in PO_FILES:
        result = subprocess.run(
            ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(po_file)],
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, result.stderr
        assert "untranslated" not in result.stderr, po_file
        assert "fuzzy" not in result.stderr, po_file


def test_a_message_shared_by_several_catalogues_has_one_indonesian_translation():
    # Django merges every app's catalogue into one, so a second translation of the same message would
    # silently lose to the first app's on every page; a message that needs two wordings takes a msgctxt.
    result = subprocess.run(
        ["msgcat", "--more-than=1", *map(str, PO_FILES)], capture_output=True, text=True, check=True
    )
    conflicts = re.findall(r'^msgid "(.+)"\nmsgstr ""\n"#-#-#-#-#', result.stdout, re.MULTILINE)
    assert conflicts == []


def test_pages_speak_bahasa_indonesia_by_default(client):
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="id">' in body
    assert "Masuk ke Nyata" in body


def test_english_is_selectable_and_remembered(client):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("login")).content.decode()
    assert '<html lang="en">' in body
    assert "Sign in to Nyata" in body


def test_pages_carry_a_strict_content_security_policy_and_no_inline_code(client, inspektorat_admin, city):
    client.force_login(inspektorat_admin)
    code = city.instansi.code
    for url in [
        reverse("home"),
        reverse("org:unit-list", args=[code]),
        reverse("org:person-list", args=[code]),
        reverse("org:unit-detail", args=[code, city.units["dinkes"].pk]),
        reverse("org:import", args=[code]),
    ]:
        response = client.get(url)
        policy = response["Content-Security-Policy"]
        assert "script-src 'self' 'nonce-" in policy
        assert "unsafe-inline" not in policy
        assert "unsafe-eval" not in policy
        body = response.content.decode()
        assert INLINE_SCRIPT.findall(body) == [], url
        assert STYLE_ATTRIBUTE.findall(body) == [], url
        nonce = re.search(r"'nonce-([^']+)'", policy).group(1)
        assert all(f'nonce="{nonce}"' in tag for tag in re.findall(r"<script[^>]*>", body)), url


def test_every_asset_is_served_by_the_app_itself(client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    body = client.get(reverse("home")).content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', body)
    assert sources
    assert [s for s in sources if s.startswith(("http:", "https:", "//"))] == []


def test_health_answers_when_the_database_answers(client, db):
    # The whole health contract is in test_health.py.
    assert client.get(reverse("core:health")).json()["status"] == "ok"


def test_an_english_browser_still_gets_bahasa_indonesia_until_english_is_chosen(client):
    body = client.get(reverse("login"), headers={"accept-language": "en-US,en;q=0.9"}).content.decode()
    assert "Masuk ke Nyata" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert "Sign in to Nyata" in client.get(reverse("login")).content.decode()
