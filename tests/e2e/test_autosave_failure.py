"""A save that fails is shown as failed, never under the previous "Tersimpan pukul …", and a retry saves it.

The operator's browser meets a server error (500), a lost connection and an ended session, in turn; each
time the worksheet says the answer is not saved and keeps it; "Coba lagi" saves it once the server answers.
(After the session ended, the page's CSRF token is stale too: the person signs in and reloads, and the
browser asks before leaving a page with an unsaved answer.)
"""

import pytest
from django.db.models import F
from playwright.sync_api import expect

from nyata.evaluations.models import Answer
from tests.e2e.test_opd_journey import _shoot, _sign_in, setting  # noqa: F401 (setting is a fixture)

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]

SAVE = "**/indikator/I.1/jawaban/"


def test_a_failed_autosave_shows_as_failed_and_a_retry_saves_it(page, live_server, setting, shoot):  # noqa: F811
    _sign_in(page, live_server.url, "operator.dinkes")
    page.get_by_role("link", name="Evaluasi RB 2026").click()
    first = page.locator("#i-I_1")
    state = page.locator("#i-I_1-state")
    first.get_by_label("B · Sebagian").check()
    expect(state.get_by_text("Tersimpan pukul")).to_be_visible()

    # The server fails: the old confirmation goes, the failure and the answer stay.
    page.route(SAVE, lambda route: route.fulfill(status=500, body="Internal Server Error"))
    first.get_by_label("A · Lengkap").check()
    expect(state.get_by_role("alert")).to_have_text(
        "Belum tersimpan: server menjawab dengan galat (500). Isian Anda masih ada di sini."
    )
    expect(state.get_by_text("Tersimpan pukul")).to_have_count(0)
    expect(first.get_by_label("A · Lengkap")).to_be_checked()
    _shoot(shoot, page, "autosave-01-server-error")
    assert Answer.objects.get(indicator="I.1").value == "B"

    # The connection is lost.
    page.unroute(SAVE)
    page.route(SAVE, lambda route: route.abort("internetdisconnected"))
    first.get_by_label("C · Tidak ada").check()
    expect(state.get_by_role("alert")).to_have_text(
        "Belum tersimpan: server tidak dapat dihubungi. Isian Anda masih ada di sini."
    )
    expect(state.get_by_text("Tersimpan pukul")).to_have_count(0)
    _shoot(shoot, page, "autosave-02-offline")

    # Back online: "Coba lagi" saves what is in the form.
    page.unroute(SAVE)
    with page.expect_response(lambda r: "/indikator/I.1/jawaban/" in r.url and r.status == 200):
        state.get_by_role("button", name="Coba lagi").click()
    expect(state.get_by_text("Tersimpan pukul")).to_be_visible()
    expect(state.get_by_role("alert")).to_have_count(0)
    assert Answer.objects.get(indicator="I.1").value == "C"
    _shoot(shoot, page, "autosave-03-retried")

    # Someone else saves meanwhile: the conflict, not a failure, is what the form shows.
    Answer.objects.filter(indicator="I.1").update(value="B", revision=F("revision") + 1)
    first.get_by_label("A · Lengkap").check()
    expect(first.get_by_role("alert")).to_contain_text("Orang lain menyimpan jawaban ini")
    expect(first.locator(".save-failed")).to_have_count(0)
    first.get_by_role("button", name="Pakai jawaban saya").click()
    expect(state.get_by_text("Tersimpan pukul")).to_be_visible()
    assert Answer.objects.get(indicator="I.1").value == "A"

    # The session ends (signed out elsewhere): the sign-in page is no confirmation.
    page.context.clear_cookies(name="sessionid")
    first.get_by_label("C · Tidak ada").check()
    expect(state.get_by_role("alert")).to_contain_text("server tidak mengonfirmasi penyimpanan")
    expect(state.get_by_text("Tersimpan pukul")).to_have_count(0)
    assert Answer.objects.get(indicator="I.1").value == "A"
    _shoot(shoot, page, "autosave-04-signed-out")
