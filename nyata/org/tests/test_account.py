"""Own account: change the password, reset it by e-mail, two-factor sign-in (enrol, verify, recovery)."""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from nyata.org import actions
from nyata.org.tests.factories import person_with_role

NEW_PASSWORD = "Kendari-Sejahtera-2026"


def _sign_in(client, person, password: str, **extra):
    return client.post(reverse("login"), {"username": person.username, "password": password, **extra})


def _code(device: TOTPDevice, *, steps_ahead: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():06d}"


def _main(html: str) -> str:
    return html[html.index("<main") : html.index("</main>")]


def _enrol(client, person) -> list[str]:
    client.get(reverse("org:two-factor-enrol"))
    device = TOTPDevice.objects.get(user=person, confirmed=False)
    response = client.post(reverse("org:two-factor-enrol"), {"code": _code(device)}, follow=True)
    return response.context["codes"]


# Changing one's own password


def test_a_person_changes_their_own_password_and_other_sessions_end(client, opd_operator, inspektorat_admin):
    old = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    from django.test import Client

    elsewhere = Client()
    _sign_in(elsewhere, opd_operator, old)
    _sign_in(client, opd_operator, old)
    response = client.post(
        reverse("org:password-change"),
        {"old_password": old, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("org:account")
    opd_operator.refresh_from_db()
    assert opd_operator.check_password(NEW_PASSWORD)
    assert opd_operator.history.first().history_change_reason == "password changed"
    assert client.get(reverse("org:account")).status_code == 200  # this session goes on
    assert elsewhere.get(reverse("org:account")).status_code == 302  # the other one was signed out


def test_a_wrong_current_password_or_a_weak_new_one_changes_nothing(client, opd_operator, inspektorat_admin):
    old = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    _sign_in(client, opd_operator, old)
    for data in (
        {"old_password": "bukan-ini", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        {"old_password": old, "new_password1": "12345678", "new_password2": "12345678"},
    ):
        response = client.post(reverse("org:password-change"), data)
        assert response.status_code == 200
        assert response.context["form"].errors
    opd_operator.refresh_from_db()
    assert opd_operator.check_password(old)


def test_the_account_page_needs_a_signed_in_person(client):
    response = client.get(reverse("org:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


# Resetting a forgotten password by e-mail


def test_a_forgotten_password_is_reset_through_the_link_sent_by_e_mail(
    client, opd_operator, inspektorat_admin, settings
):
    settings.NYATA_BASE_URL = "https://nyata.example.org"
    actions.issue_password(person=opd_operator, by=inspektorat_admin)
    response = client.post(reverse("org:password-reset"), {"email": opd_operator.email.upper()})
    assert response["Location"] == reverse("org:password-reset-done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [opd_operator.email]
    assert message.subject == "Atur ulang kata sandi Nyata Anda"
    assert opd_operator.username in message.body
    link = re.search(r"https://nyata\.example\.org(/akun/atur-sandi/\S+/)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"] is True
    done = client.post(
        form_page.redirect_chain[-1][0], {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD}
    )
    assert done["Location"] == reverse("org:password-reset-complete")
    opd_operator.refresh_from_db()
    assert opd_operator.check_password(NEW_PASSWORD)
    assert opd_operator.history.first().history_change_reason == "password reset by e-mail"
    # The link worked once.
    assert client.get(link, follow=True).context["validlink"] is False


def test_an_unknown_address_gets_the_same_answer_and_no_e_mail(client, opd_operator, inspektorat_admin):
    actions.issue_password(person=opd_operator, by=inspektorat_admin)
    known = client.post(reverse("org:password-reset"), {"email": opd_operator.email}, follow=True)
    unknown = client.post(reverse("org:password-reset"), {"email": "tidak-ada@example.org"}, follow=True)
    assert len(mail.outbox) == 1
    assert known.redirect_chain == unknown.redirect_chain == [(reverse("org:password-reset-done"), 302)]
    body = unknown.content.decode()
    assert _main(known.content.decode()) == _main(body)  # the page's own text, beside its nonces and tokens
    assert "Jika alamat itu milik akun yang dapat masuk" in body
    assert opd_operator.instansi.name not in body


def test_a_deactivated_person_gets_no_reset_link(client, opd_operator, inspektorat_admin):
    actions.issue_password(person=opd_operator, by=inspektorat_admin)
    opd_operator.is_active = False
    opd_operator.save()
    client.post(reverse("org:password-reset"), {"email": opd_operator.email})
    assert mail.outbox == []


# Two-factor sign-in


def test_anyone_enrols_an_authenticator_and_sees_the_recovery_codes_once(
    client, opd_operator, inspektorat_admin, settings
):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0  # the right code follows a wrong one at once here
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    _sign_in(client, opd_operator, password)
    page = client.get(reverse("org:two-factor-enrol"))
    assert page.status_code == 200
    assert page.context["enrolment"].qr_data_uri.startswith("data:image/svg+xml")
    # A refresh shows the same key: setting up the app is not a race.
    assert client.get(reverse("org:two-factor-enrol")).context["enrolment"] == page.context["enrolment"]
    wrong = client.post(reverse("org:two-factor-enrol"), {"code": "000000"})
    assert wrong.status_code == 400
    codes = _enrol(client, opd_operator)
    assert len(set(codes)) == 10
    assert all(re.fullmatch(r"[0-9a-f]{5}-[0-9a-f]{5}", code) for code in codes)
    # Shown once: the page refreshed shows nothing again.
    again = client.get(reverse("org:two-factor-recovery-codes"))
    assert again.status_code == 302
    assert TOTPDevice.objects.filter(user=opd_operator, confirmed=True).count() == 1
    assert opd_operator.history.first().history_change_reason == "two-factor sign-in enabled"


def test_signing_in_with_two_factors_holds_every_page_until_the_code_is_given(
    client, opd_operator, inspektorat_admin
):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    _sign_in(client, opd_operator, password)
    _enrol(client, opd_operator)
    client.post(reverse("logout"))

    signed = _sign_in(client, opd_operator, password, next=reverse("org:account"))
    held = client.get(signed["Location"])
    assert held.status_code == 302
    assert held["Location"] == reverse("org:two-factor-verify") + "?next=%2Fakun%2F"
    assert client.get(reverse("notifications:list")).status_code == 302
    htmx = client.get(reverse("org:account"), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"] == reverse("org:two-factor-verify")
    device = TOTPDevice.objects.get(user=opd_operator)
    verified = client.post(
        reverse("org:two-factor-verify"), {"code": _code(device, steps_ahead=1), "next": "/akun/"}
    )
    assert verified["Location"] == "/akun/"
    assert client.get(reverse("org:account")).status_code == 200


def test_a_recovery_code_signs_in_once(client, opd_operator, inspektorat_admin):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    _sign_in(client, opd_operator, password)
    codes = _enrol(client, opd_operator)
    client.post(reverse("logout"))
    _sign_in(client, opd_operator, password)
    assert client.post(reverse("org:two-factor-verify"), {"code": codes[0].upper()}).status_code == 302
    assert StaticToken.objects.filter(device__user=opd_operator).count() == 9
    client.post(reverse("logout"))
    _sign_in(client, opd_operator, password)
    # The same code again: used up.
    response = client.post(reverse("org:two-factor-verify"), {"code": codes[0]})
    assert response.status_code == 400
    assert client.get(reverse("org:account")).status_code == 302


def test_wrong_codes_slow_down_the_next_tries(client, opd_operator, inspektorat_admin):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    _sign_in(client, opd_operator, password)
    codes = _enrol(client, opd_operator)
    client.post(reverse("logout"))
    _sign_in(client, opd_operator, password)
    client.post(reverse("org:two-factor-verify"), {"code": "111111"})
    client.post(reverse("org:two-factor-verify"), {"code": "22222-22222"})
    # Both devices now wait before they check anything, even a right code.
    blocked = client.post(reverse("org:two-factor-verify"), {"code": codes[1]})
    assert blocked.status_code == 400
    assert "Terlalu banyak kode salah" in blocked.content.decode()


@pytest.mark.parametrize("persona", ["inspektorat_admin", "system_admin"])
def test_an_administrator_without_a_second_factor_is_sent_to_enrol_before_anything_else(
    client, request, persona, settings
):
    settings.NYATA_REQUIRE_TWO_FACTOR = True
    admin = request.getfixturevalue(persona)
    admin.set_password(NEW_PASSWORD)
    admin.save()
    signed = _sign_in(client, admin, NEW_PASSWORD)
    held = client.get(signed["Location"])
    assert held["Location"].startswith(reverse("org:two-factor-enrol"))
    assert client.get(reverse("org:account")).status_code == 302
    assert client.get(reverse("org:two-factor-enrol")).status_code == 200
    _enrol(client, admin)
    assert client.get(reverse("home")).status_code == 200
    # Nor can they turn it off again.
    client.post(reverse("org:two-factor-disable"), {"password": NEW_PASSWORD})
    assert TOTPDevice.objects.filter(user=admin, confirmed=True).exists()


def test_other_roles_are_not_forced_to_enrol(client, opd_operator, inspektorat_admin, settings):
    settings.NYATA_REQUIRE_TWO_FACTOR = True
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    signed = _sign_in(client, opd_operator, password)
    assert client.get(signed["Location"]).status_code == 200


def test_outside_production_administrators_may_sign_in_without_a_second_factor(
    client, inspektorat_admin, settings
):
    settings.NYATA_REQUIRE_TWO_FACTOR = False
    inspektorat_admin.set_password(NEW_PASSWORD)
    inspektorat_admin.save()
    signed = _sign_in(client, inspektorat_admin, NEW_PASSWORD)
    assert client.get(signed["Location"]).status_code == 200


def test_a_person_turns_two_factor_sign_in_off_with_their_password(client, opd_operator, inspektorat_admin):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    _sign_in(client, opd_operator, password)
    _enrol(client, opd_operator)
    client.post(reverse("org:two-factor-disable"), {"password": "bukan-ini"})
    assert TOTPDevice.objects.filter(user=opd_operator).exists()
    client.post(reverse("org:two-factor-disable"), {"password": password})
    assert not TOTPDevice.objects.filter(user=opd_operator).exists()
    assert not StaticToken.objects.filter(device__user=opd_operator).exists()


def test_new_recovery_codes_replace_the_old_ones(client, opd_operator, inspektorat_admin):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    _sign_in(client, opd_operator, password)
    old = _enrol(client, opd_operator)
    new = client.post(reverse("org:two-factor-recovery-codes"), follow=True).context["codes"]
    assert not set(old) & set(new)
    assert StaticToken.objects.filter(device__user=opd_operator).count() == 10


# Removing someone's lost second factor


def _enrolled(person):
    device = TOTPDevice.objects.create(user=person, name="authenticator", confirmed=True)
    return device


def test_an_inspektorat_admin_removes_a_staff_members_lost_second_factor(
    client, inspektorat_admin, opd_operator
):
    _enrolled(opd_operator)
    client.force_login(inspektorat_admin)
    code = opd_operator.instansi.code
    response = client.post(reverse("org:person-two-factor-reset", args=[code, opd_operator.pk]))
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=opd_operator).exists()
    assert opd_operator.history.first().history_user == inspektorat_admin


def test_only_a_system_admin_removes_an_administrators_second_factor(
    client, city, inspektorat_admin, system_admin
):
    colleague = person_with_role(
        city, role="inspektorat_admin", unit_code="inspektorat", username="admin.dua"
    )
    _enrolled(colleague)
    url = reverse("org:person-two-factor-reset", args=[city.instansi.code, colleague.pk])
    client.force_login(inspektorat_admin)
    assert client.post(url).status_code == 403
    assert TOTPDevice.objects.filter(user=colleague).exists()
    client.force_login(system_admin)
    assert client.post(url).status_code == 302
    assert not TOTPDevice.objects.filter(user=colleague).exists()


def test_people_outside_the_instansi_cannot_remove_a_second_factor(
    client, opd_operator, other_city_admin, outsider_opd_operator, opd_head
):
    _enrolled(opd_operator)
    url = reverse("org:person-two-factor-reset", args=[opd_operator.instansi.code, opd_operator.pk])
    for persona, status in ((other_city_admin, 404), (outsider_opd_operator, 404), (opd_head, 403)):
        client.force_login(persona)
        assert client.post(url).status_code == status
    assert TOTPDevice.objects.filter(user=opd_operator).exists()
