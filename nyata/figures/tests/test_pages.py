"""The figures pages: who may see and do what (default deny), recording by form with an uploaded document,
correcting with a reason, and the city's comparison over the years."""

from decimal import Decimal

import pytest
from django.urls import reverse

from nyata.evaluations.tests.opd.conftest import pdf_upload
from nyata.figures.actions import Provenance, record_figure
from nyata.figures.models import Figure
from nyata.figures.tests.conftest import KEPMEN

READERS = {"system_admin", "inspektorat_admin", "evaluator", "pengampu_verifier", "leader"}
MANAGERS = {"system_admin", "inspektorat_admin"}
OWN_UNIT = {"opd_operator", "opd_head"}  # Dinkes, whose figure the document is
PERSONAS = [*READERS, *OWN_UNIT, "outsider_opd_operator", "other_city_admin"]


@pytest.fixture
def with_document(city, pekppp, inspektorat_admin):
    return record_figure(
        instansi=city.instansi,
        kind=pekppp,
        unit=city.units["dinkes"],
        year=2025,
        value=Decimal("3.85"),
        source=Provenance(KEPMEN.title, KEPMEN.number, KEPMEN.date),
        document=pdf_upload("kepmenpanrb-3-2026.pdf"),
        by=inspektorat_admin,
    )


def _form(city, pekppp, **changes):
    return {
        "kind": pekppp.pk,
        "unit": city.units["dikbud"].pk,
        "year": "2025",
        "value": "4,05",
        "document_title": KEPMEN.title,
        "document_number": KEPMEN.number,
        "document_date": "2026-01-20",
        "document_url": KEPMEN.url,
        **changes,
    }


@pytest.mark.parametrize("persona", PERSONAS)
def test_each_page_answers_each_persona_as_the_rules_say(
    request, client, city, persona, pekppp, with_document
):
    client.force_login(request.getfixturevalue(persona))
    code = city.instansi.code
    other_city = persona == "other_city_admin"
    reads = persona in READERS
    expected = {
        ("get", reverse("figures:index", args=[code])): 200 if reads else 404 if other_city else 403,
        ("get", reverse("figures:compare", args=[code])): 200 if reads else 404 if other_city else 403,
        ("post", reverse("figures:record", args=[code])): 302
        if persona in MANAGERS
        else 404
        if other_city
        else 403,
        ("post", reverse("figures:import", args=[code])): 400
        if persona in MANAGERS
        else 404
        if other_city
        else 403,
        ("get", reverse("figures:document", args=[code, with_document.pk])): 200
        if reads or persona in OWN_UNIT
        else 404,
    }
    for (method, url), status in expected.items():
        data = _form(city, pekppp, unit=city.units["dikbud"].pk) if url.endswith("catat/") else {}
        response = getattr(client, method)(url, data)
        assert response.status_code == status, (persona, url)
    recorded = Figure.objects.filter(unit=city.units["dikbud"]).exists()
    assert recorded == (persona in MANAGERS)


def test_the_document_leaves_only_as_an_attachment(client, city, opd_operator, with_document):
    client.force_login(opd_operator)
    response = client.get(reverse("figures:document", args=[city.instansi.code, with_document.pk]))
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF")


def test_a_document_that_is_no_accepted_file_is_refused_and_nothing_recorded(
    client, city, inspektorat_admin, pekppp
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(inspektorat_admin)
    response = client.post(
        reverse("figures:record", args=[city.instansi.code]),
        _form(city, pekppp, document_url="", file=SimpleUploadedFile("kepmen.pdf", b"MZ\x90\x00 not a pdf")),
    )
    assert response.status_code == 400
    assert "bukan jenis berkas yang diterima" in response.content.decode()
    assert not Figure.objects.exists()


def test_a_correction_by_form_needs_a_reason_and_keeps_the_value_before(
    client, city, inspektorat_admin, pekppp, with_document
):
    client.force_login(inspektorat_admin)
    url = reverse("figures:record", args=[city.instansi.code])
    change = _form(city, pekppp, unit=city.units["dinkes"].pk, value="3,90")
    refused = client.post(url, change)
    assert refused.status_code == 400
    assert "sebutkan alasan koreksinya" in refused.content.decode()
    assert client.post(url, {**change, "reason": "Ralat KepmenPANRB"}).status_code == 302
    with_document.refresh_from_db()
    assert with_document.value == Decimal("3.90")
    assert with_document.document_file  # the uploaded document stays with the corrected figure
    assert [h.value for h in with_document.history.order_by("history_date")] == [
        Decimal("3.85"),
        Decimal("3.90"),
    ]


def test_the_city_page_compares_the_units_over_the_years_best_first(client, city, inspektorat_admin, pekppp):
    for unit, year, value in (
        ("dinkes", 2024, "3.50"),
        ("dinkes", 2025, "3.85"),
        ("dikbud", 2024, "4.20"),
        ("dikbud", 2025, "4.00"),
    ):
        record_figure(
            instansi=city.instansi,
            kind=pekppp,
            unit=city.units[unit],
            year=year,
            value=Decimal(value),
            source=KEPMEN,
            by=inspektorat_admin,
        )
    client.force_login(inspektorat_admin)
    response = client.get(reverse("figures:compare", args=[city.instansi.code]) + "?jenis=pekppp")
    comparison = response.context["comparison"]
    assert comparison.years == [2024, 2025]
    assert [row.unit.code for row in comparison.rows] == [
        "dikbud",
        "dinkes",
    ]  # OPD only: other units show with a figure
    first, second = comparison.rows[:2]
    assert (first.unit.code, first.values, first.change, first.better) == (
        "dikbud",
        [Decimal("4.20"), Decimal("4.00")],
        Decimal("-0.20"),
        False,
    )
    assert (second.unit.code, second.change, second.better) == ("dinkes", Decimal("0.35"), True)
    body = response.content.decode()
    assert "+0,35 (membaik)" in body
    assert "-0,20 (memburuk)" in body
