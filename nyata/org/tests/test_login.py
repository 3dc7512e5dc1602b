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
