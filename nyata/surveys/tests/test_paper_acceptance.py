"""A unit's own paper forms count only after the Inspektorat accepts the file: one import cannot move an IKM.

The attack of the hostile probes (issue 14): an OPD imported one file of full-mark paper forms and moved its
IKM from 75,94 to 87,40 (and the RB indicator fed from it from 73,01 to 98,35).
"""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from nyata.org.tests.factories import person_with_role
from nyata.surveys import actions, queries
from nyata.surveys.models import PaperImport, Response, Service

pytestmark = pytest.mark.django_db


@pytest.fixture
def online(service, period):
    """Twenty citizens online, answering mostly 3: the unit's honest IKM of 76,39."""
    for i in range(20):
        answers = (3,) * 9 if i % 4 else (3, 3, 4, 3, 3, 4, 3, 3, 3)
        actions.submit_response(service=service, answers=answers)
    return service


def _full_marks_file(city, rows: int = 60) -> bytes:
    yesterday = actions.local_day(timezone.now(), city.instansi) - timedelta(days=1)
    lines = ["tanggal,u1,u2,u3,u4,u5,u6,u7,u8,u9"] + [f"{yesterday:%Y-%m-%d},4,4,4,4,4,4,4,4,4"] * rows
    return ("\n".join(lines) + "\n").encode()


def _import(client, city, service, content: bytes, name: str = "kertas-maret.csv"):
    url = reverse("surveys:import", args=[city.instansi.code, service.pk])
    return client.post(url, {"file": SimpleUploadedFile(name, content)}, follow=True)


def _decide(client, city, batch, *, accept: bool, reason: str = "Dicocokkan dengan formulir asli di loket"):
    url = reverse("surveys:paper-import", args=[city.instansi.code, batch.pk])
    return client.post(url, {"accept": "1" if accept else "0", "reason": reason})


def _ikm(service, period) -> str:
    return str(queries.service_result(service, period).rounded_ikm())


def _unit_ikm(service, period) -> str:
    return str(queries.unit_result(service.unit, period).rounded_ikm())


def test_a_units_own_paper_file_waits_for_the_inspektorat_and_moves_no_figure(
    client, opd_operator, city, online, period
):
    before = (_ikm(online, period), _unit_ikm(online, period), queries.service_result(online, period).tally)
    assert before[0] == "76.39"
    client.force_login(opd_operator)
    page = _import(client, city, online, _full_marks_file(city)).content.decode()
    assert (
        "60 tanggapan formulir kertas diimpor; dihitung dalam IKM setelah Inspektorat menerima berkasnya."
        in page
    )
    batch = PaperImport.objects.get()
    assert (batch.status, batch.by, batch.decided_by, batch.decided_at) == (
        "pending",
        opd_operator,
        None,
        None,
    )
    assert Response.objects.filter(paper_import=batch, included=False).count() == 60
    assert (
        _ikm(online, period),
        _unit_ikm(online, period),
        queries.service_result(online, period).tally,
    ) == before
    assert "60 formulir kertas menunggu penerimaan Inspektorat dan belum dihitung" in page
    assert "Menunggu penerimaan Inspektorat" in page


def test_the_inspektorat_accepts_the_file_with_a_reason_and_then_it_counts(
    client, opd_operator, inspektorat_admin, city, online, period
):
    client.force_login(opd_operator)
    _import(client, city, online, _full_marks_file(city))
    batch = PaperImport.objects.get()
    client.force_login(inspektorat_admin)
    overview = client.get(reverse("surveys:overview", args=[city.instansi.code])).content.decode()
    assert "1 berkas kertas menunggu keputusan Anda" in overview
    listing = client.get(reverse("surveys:paper-imports", args=[city.instansi.code])).content.decode()
    assert "kertas-maret.csv" in listing
    detail = client.get(reverse("surveys:paper-import", args=[city.instansi.code, batch.pk])).content.decode()
    assert batch.sha256 in detail
    assert "<strong>100.00</strong>" in detail or "<strong>100,00</strong>" in detail  # the file's own IKM
    response = _decide(client, city, batch, accept=True)
    assert response.status_code == 302
    batch.refresh_from_db()
    assert (batch.status, batch.decided_by) == ("accepted", inspektorat_admin)
    assert batch.decision_reason == "Dicocokkan dengan formulir asli di loket"
    assert batch.decided_at is not None
    assert queries.service_result(online, period).n == 80
    assert _ikm(online, period) == "94.10"
    services = Service.objects.filter(pk=online.pk)
    assert queries.recount_from_responses(services=services, period=period) == (
        queries.service_result(online, period).tally
    )
    share = queries.paper_share(services, period)
    assert (share.paper, share.total, share.pending, str(share.percent)) == (60, 80, 0, "75.0")
    page = client.get(reverse("surveys:service", args=[city.instansi.code, online.pk])).content.decode()
    assert "60 dari 80 responden terhitung mengisi formulir kertas (75,0%)" in page
    again = _decide(client, city, batch, accept=False)
    assert again.status_code == 403  # a decided file has no decision form any more; the action refuses too
    with pytest.raises(ValidationError, match="sudah diputuskan"):
        actions.decide_paper_import(batch=batch, accept=False, reason="Berubah pikiran", by=inspektorat_admin)


def test_a_rejected_file_stays_on_record_and_never_counts(
    client, opd_operator, inspektorat_admin, city, online, period
):
    before = _ikm(online, period)
    client.force_login(opd_operator)
    _import(client, city, online, _full_marks_file(city))
    batch = PaperImport.objects.get()
    client.force_login(inspektorat_admin)
    assert (
        _decide(client, city, batch, accept=False, reason="Tanggal tidak cocok dengan buku tamu").status_code
        == 302
    )
    batch.refresh_from_db()
    assert (batch.status, batch.decision_reason) == ("rejected", "Tanggal tidak cocok dengan buku tamu")
    assert Response.objects.filter(paper_import=batch).count() == 60
    assert _ikm(online, period) == before
    assert queries.paper_share(Service.objects.filter(pk=online.pk), period).pending == 0


def test_a_decision_needs_a_reason(client, opd_operator, inspektorat_admin, city, online):
    client.force_login(opd_operator)
    _import(client, city, online, _full_marks_file(city))
    batch = PaperImport.objects.get()
    client.force_login(inspektorat_admin)
    response = _decide(client, city, batch, accept=True, reason="  ")
    assert response.status_code == 400
    assert "Tuliskan alasannya untuk jejak audit." in response.content.decode()
    assert PaperImport.objects.get().status == "pending"


def test_only_an_inspektorat_administrator_decides_and_never_on_their_own_file(
    client,
    opd_operator,
    opd_head,
    evaluator,
    outsider_opd_operator,
    other_city_admin,
    inspektorat_admin,
    city,
    online,
):
    client.force_login(opd_operator)
    _import(client, city, online, _full_marks_file(city))
    batch = PaperImport.objects.get()
    for person, status in (
        (opd_operator, 403),
        (opd_head, 403),
        (evaluator, 403),
        (outsider_opd_operator, 404),
        (other_city_admin, 404),
    ):
        client.force_login(person)
        assert _decide(client, city, batch, accept=True).status_code == status, person
    for person, status in ((opd_operator, 403), (evaluator, 403), (other_city_admin, 404)):
        client.force_login(person)
        assert client.get(reverse("surveys:paper-imports", args=[city.instansi.code])).status_code == status
    detail = reverse("surveys:paper-import", args=[city.instansi.code, batch.pk])
    for person, status in ((opd_operator, 200), (outsider_opd_operator, 404), (other_city_admin, 404)):
        client.force_login(person)
        assert client.get(detail).status_code == status, person  # the unit sees its own file's state
    assert PaperImport.objects.get().status == "pending"
    # The Inspektorat's own service: its administrator's file waits for a second administrator.
    own = actions.save_service(
        unit=city.units["inspektorat"], by=None, name="Konsultasi Pengaduan", population=50
    )
    client.force_login(inspektorat_admin)
    _import(client, city, own, _full_marks_file(city, rows=5), name="konsultasi.csv")
    own_batch = PaperImport.objects.get(service=own)
    assert own_batch.status == "pending"
    assert _decide(client, city, own_batch, accept=True).status_code == 403
    with pytest.raises(ValidationError, match="Anda sendiri yang mengimpor"):
        actions.decide_paper_import(
            batch=own_batch, accept=True, reason="Saya cek sendiri", by=inspektorat_admin
        )
    second = person_with_role(city, role="inspektorat_admin", unit_code="setda", username="admin.kedua")
    actions.decide_paper_import(batch=own_batch, accept=True, reason="Dicek admin kedua", by=second)
    assert PaperImport.objects.get(service=own).status == "accepted"


def test_a_file_the_inspektorat_imports_for_a_unit_counts_at_once(
    client, inspektorat_admin, city, online, period
):
    client.force_login(inspektorat_admin)
    page = _import(client, city, online, _full_marks_file(city, rows=4)).content.decode()
    assert "4 tanggapan formulir kertas diimpor; langsung dihitung dalam IKM." in page
    batch = PaperImport.objects.get()
    assert (batch.status, batch.by, batch.decided_by) == ("accepted", inspektorat_admin, inspektorat_admin)
    assert queries.service_result(online, period).n == 24


def test_the_same_file_is_never_imported_twice(client, opd_operator, city, online):
    client.force_login(opd_operator)
    content = _full_marks_file(city)
    _import(client, city, online, content)
    response = _import(client, city, online, content, name="salinan.csv")
    assert response.status_code == 400
    assert "Berkas yang sama persis sudah diimpor untuk layanan ini" in response.content.decode()
    assert PaperImport.objects.count() == 1
    assert Response.objects.filter(channel="paper").count() == 60
