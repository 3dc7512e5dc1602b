from django.urls import reverse

from nyata.org import actions


def test_a_person_signs_in_with_an_issued_password_and_lands_home(client, opd_operator, inspektorat_admin):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    response = client.post(reverse("login"), {"username": opd_operator.username, "password": password})
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_repeated_failures_lock_the_account_even_for_the_right_password(
    client, opd_operator, inspektorat_admin, settings
):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": opd_operator.username, "password": "salah-tebak"})
    response = client.post(reverse("login"), {"username": opd_operator.username, "password": password})
    assert response.status_code == 429
    assert "Terlalu banyak percobaan masuk yang gagal" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_signing_out_needs_a_post(client, opd_operator):
    client.force_login(opd_operator)
    assert client.get(reverse("logout")).status_code == 405
    client.post(reverse("logout"))
    assert "_auth_user_id" not in client.session


def test_times_are_shown_in_the_instansi_time_zone(client, inspektorat_admin, city):
    city.instansi.time_zone = "Asia/Jayapura"
    city.instansi.save()
    client.force_login(inspektorat_admin)
    response = client.get(reverse("home"))
    assert response.context["TIME_ZONE"] == "Asia/Jayapura"


ATTACKER = "198.51.100.7"
OWNER = "203.0.113.20"
PROXY = "10.0.0.2"


def _try(client, username: str, password: str, **meta):
    return client.post(reverse("login"), {"username": username, "password": password}, **meta)


def test_an_attacker_guessing_a_password_never_locks_out_the_owner_at_another_address(
    client, opd_operator, inspektorat_admin, settings
):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    for _attempt in range(settings.AXES_FAILURE_LIMIT + 3):
        _try(client, opd_operator.username, "tebakan-salah", REMOTE_ADDR=ATTACKER)
    assert _try(client, opd_operator.username, password, REMOTE_ADDR=ATTACKER).status_code == 429
    response = _try(client, opd_operator.username, password, REMOTE_ADDR=OWNER)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_password_spraying_from_one_address_is_locked_across_every_account(
    client, opd_operator, opd_head, inspektorat_admin, settings
):
    settings.NYATA_LOGIN_ADDRESS_FAILURE_LIMIT = 12
    password = actions.issue_password(person=opd_head, by=inspektorat_admin)
    # One or two guesses at each of many accounts: never five at any one of them.
    statuses = [
        _try(client, f"pegawai-{number // 2}", "Rahasia2026!", REMOTE_ADDR=ATTACKER).status_code
        for number in range(settings.NYATA_LOGIN_ADDRESS_FAILURE_LIMIT)
    ]
    assert statuses == [200] * 11 + [429]
    # The address is now locked for every account, even with the right password...
    assert _try(client, opd_head.username, password, REMOTE_ADDR=ATTACKER).status_code == 429
    # ...while the same person elsewhere signs in.
    assert _try(client, opd_head.username, password, REMOTE_ADDR=OWNER).status_code == 302


def test_an_office_behind_one_address_stays_open_after_a_few_typing_mistakes(
    client, opd_operator, opd_head, inspektorat_admin, settings
):
    password = actions.issue_password(person=opd_head, by=inspektorat_admin)
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        _try(client, opd_operator.username, "salah-ketik", REMOTE_ADDR=OWNER)
    assert _try(client, opd_head.username, password, REMOTE_ADDR=OWNER).status_code == 302


def test_signing_in_to_ones_own_account_does_not_reset_a_spraying_address(
    client, opd_head, inspektorat_admin, settings
):
    settings.NYATA_LOGIN_ADDRESS_FAILURE_LIMIT = 10
    password = actions.issue_password(person=opd_head, by=inspektorat_admin)
    for number in range(9):
        _try(client, f"pegawai-{number}", "Rahasia2026!", REMOTE_ADDR=ATTACKER)
    assert _try(client, opd_head.username, password, REMOTE_ADDR=ATTACKER).status_code == 302
    client.post(reverse("logout"))
    assert _try(client, "pegawai-99", "Rahasia2026!", REMOTE_ADDR=ATTACKER).status_code == 429


def test_without_trusted_proxies_a_forwarded_header_written_by_the_client_is_ignored(
    client, opd_operator, inspektorat_admin, settings
):
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    for number in range(settings.AXES_FAILURE_LIMIT):
        # Each guess claims another address; the connection's own address is what counts.
        _try(
            client,
            opd_operator.username,
            "tebakan-salah",
            REMOTE_ADDR=ATTACKER,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}",
        )
    assert _try(client, opd_operator.username, password, REMOTE_ADDR=ATTACKER).status_code == 429


def test_behind_the_documented_proxy_throttling_keys_on_the_client_the_proxy_names(
    client, opd_operator, inspektorat_admin, settings
):
    settings.NYATA_TRUSTED_PROXIES = 1
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ("HTTP_X_FORWARDED_FOR",)
    settings.AXES_IPWARE_PROXY_COUNT = 0
    password = actions.issue_password(person=opd_operator, by=inspektorat_admin)
    for number in range(settings.AXES_FAILURE_LIMIT):
        # Every request reaches Nyata from the proxy; what the attacker writes to the left is ignored.
        _try(
            client,
            opd_operator.username,
            "tebakan-salah",
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=f"192.0.2.{number}, {ATTACKER}",
        )
    locked = _try(client, opd_operator.username, password, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=ATTACKER)
    assert locked.status_code == 429
    owner = _try(client, opd_operator.username, password, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=OWNER)
    assert owner.status_code == 302


def _settings_with(**environment) -> dict:
    import json
    import os
    import subprocess
    import sys

    script = (
        "import json, django; from django.conf import settings; django.setup(); "
        "print(json.dumps([list(settings.AXES_IPWARE_META_PRECEDENCE_ORDER), "
        "settings.AXES_IPWARE_PROXY_COUNT]))"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "nyata.settings", **environment}
    result = subprocess.run(
        [sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(result.stdout)


def test_the_client_address_is_the_connections_own_unless_proxies_are_declared():
    assert _settings_with(NYATA_TRUSTED_PROXIES="0") == [["REMOTE_ADDR"], None]
    # One proxy: it appended the client's address, the right-most entry of X-Forwarded-For.
    assert _settings_with(NYATA_TRUSTED_PROXIES="1") == [["HTTP_X_FORWARDED_FOR"], 0]
    assert _settings_with(NYATA_TRUSTED_PROXIES="2", NYATA_CLIENT_IP_HEADER="HTTP_X_REAL_IP") == [
        ["HTTP_X_REAL_IP"],
        1,
    ]
