"""Results pages: an OPD sees its own services only, the Inspektorat all, another instansi nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.surveys import actions
from nyata.surveys.models import Response, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def answered(service, dikbud_service, period):
    for answers in ([4, 3, 3, 4, 3, 3, 4, 3, 2], [3, 3, 2, 4, 3, 4, 4, 3, 2]):
        actions.submit_response(service=service, answers=answers)
    actions.submit_response(service=dikbud_service, answers=[1] * 9)
    actions.submit_response(service=service, answers=[1] * 9, flags=["honeypot"])
    return service


def _unit_url(city, code):
    return reverse("surveys:unit", args=[city.instansi.code, city.units[code].pk])


def _service_url(city, service):
    return reverse("surveys:service", args=[city.instansi.code, service.pk])


def test_the_opd_sees_its_own_figures_nrr_band_sample_and_weakest_unsur(client, opd_operator, city, answered):
    client.force_login(opd_operator)
    body = client.get(_unit_url(city, "dinkes")).content.decode()
    # (3.5 + 3 + 2.5 + 4 + 3 + 3.5 + 4 + 3 + 2) / 9 x 25 = 79.17; the flagged response is not counted.
    assert "<strong>79,17</strong>" in body  # Indonesian decimal comma
    assert "mutu B (Baik)" in body
    assert "dari 226 yang diperlukan untuk 550 pengguna" in body
    assert "U9 Penanganan pengaduan, saran, dan masukan</strong> (2,000)" in body
    assert "<td>3,500</td><td>B</td>" in body  # U1: (4 + 3) / 2


def test_the_opd_overview_lists_only_its_own_unit(client, opd_operator, city, answered):
    client.force_login(opd_operator)
    body = client.get(reverse("surveys:overview", args=[city.instansi.code])).content.decode()
    assert "Dinas Kesehatan" in body
    assert "Dinas Pendidikan dan Kebudayaan" not in body


def test_an_opd_cannot_see_another_opds_results(client, outsider_opd_operator, city, answered):
    client.force_login(outsider_opd_operator)
    assert client.get(_unit_url(city, "dinkes")).status_code == 404
    assert client.get(_service_url(city, answered)).status_code == 404
    edit = reverse("surveys:service-edit", args=[city.instansi.code, answered.pk])
    assert client.get(edit).status_code == 404


def test_another_instansi_sees_nothing(client, other_city_admin, city, answered):
    client.force_login(other_city_admin)
    assert client.get(reverse("surveys:overview", args=[city.instansi.code])).status_code == 404
    assert client.get(_unit_url(city, "dinkes")).status_code == 404
    assert client.get(_service_url(city, answered)).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, city, answered):
    response = client.get(_unit_url(city, "dinkes"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_inspektorat_sees_every_unit_in_a_bounded_number_of_queries(
    client, inspektorat_admin, city, answered
):
    client.force_login(inspektorat_admin)
    url = reverse("surveys:overview", args=[city.instansi.code])
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        body = client.get(url).content.decode()
    assert "Dinas Kesehatan" in body
    assert "Dinas Pendidikan dan Kebudayaan" in body
    for index in range(10):
        actions.save_service(unit=city.units["dikbud"], by=None, name=f"Layanan {index}", population=50)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_unit_page_queries_do_not_grow_with_services(client, inspektorat_admin, city, answered):
    client.force_login(inspektorat_admin)
    url = _unit_url(city, "dinkes")
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for index in range(5):
        service = actions.save_service(unit=city.units["dinkes"], by=None, name=f"Layanan {index}")
        actions.submit_response(service=service, answers=[2] * 9)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_only_the_inspektorat_admin_includes_a_flagged_response(
    client, inspektorat_admin, opd_head, city, answered
):
    flagged = Response.objects.get(suspicious=True)
    url = reverse("surveys:response-decide", args=[city.instansi.code, flagged.pk])
    client.force_login(opd_head)
    assert client.post(url, {"included": "1", "reason": "warga asli"}).status_code == 403
    flagged.refresh_from_db()
    assert not flagged.included
    client.force_login(inspektorat_admin)
    page = client.get(_service_url(city, answered)).content.decode()
    assert "Isian yang tersembunyi bagi manusia ikut terisi" in page
    assert client.post(url, {"included": "1", "reason": "warga asli"}).status_code == 302
    flagged.refresh_from_db()
    assert flagged.included
    assert flagged.decisions.get().by == inspektorat_admin


def test_the_opd_adds_a_service_to_its_own_unit_only(client, opd_head, city):
    client.force_login(opd_head)
    own = reverse("surveys:service-create", args=[city.instansi.code, city.units["dinkes"].pk])
    data = {"name": "Izin Apotek", "description": "", "population": "150", "is_active": "on"}
    assert client.post(own, data).status_code == 302
    assert Service.objects.get(name="Izin Apotek").unit == city.units["dinkes"]
    other = reverse("surveys:service-create", args=[city.instansi.code, city.units["dikbud"].pk])
    assert client.post(other, data).status_code == 404


def test_only_the_inspektorat_admin_opens_a_survey_period(client, inspektorat_admin, opd_head, city):
    url = reverse("surveys:period-create", args=[city.instansi.code])
    data = {"name": "SKM 2027", "starts_on": "2027-01-01", "ends_on": "2027-12-31"}
    client.force_login(opd_head)
    assert client.post(url, data).status_code == 403
    client.force_login(inspektorat_admin)
    assert client.post(url, data).status_code == 302
