"""One upload to several checklist items, several files at once, the validity date only where an item is
dated, and every refusal said next to the item."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from nyata.core.tests.files import exe_bytes
from nyata.evaluations.actions.evidence import MAX_FILES_AT_ONCE, attach_files_to, attach_link_to
from nyata.evaluations.models import Event, Evidence
from nyata.evaluations.tests.opd.conftest import pdf_upload

HTMX = {"HX-Request": "true"}
DAY = date(2026, 1, 15)


def _files(*names):
    return [pdf_upload(name, text=name) for name in names]


def _stored(storage) -> list:
    return [path for path in storage.rglob("*") if path.is_file()] if storage.exists() else []


def test_a_dated_item_refuses_an_upload_without_its_validity_date_naming_the_item(
    area_assessment, opd_operator, evidence_storage
):
    with pytest.raises(ValidationError) as refused:
        attach_files_to(
            assessment=area_assessment,
            targets=[("A.1.01", "sk")],
            uploads=_files("sk.pdf"),
            effective_date=None,
            by=opd_operator,
        )
    assert refused.value.message_dict == {
        "effective_date": [
            "Isi tanggal berlaku dokumen (tanggal ditandatangani atau mulai berlaku): "
            "butir A.1.01 / SK Tim memintanya."
        ]
    }
    assert Evidence.objects.count() == 0
    assert _stored(evidence_storage) == []


def test_an_undated_item_takes_an_upload_without_a_date(area_assessment, opd_operator):
    (attached,) = attach_files_to(
        assessment=area_assessment,
        targets=[("A.1.01", "foto")],
        uploads=_files("foto.pdf"),
        effective_date=None,
        by=opd_operator,
    )
    assert (attached.evidence.item, attached.evidence.effective_date) == ("foto", None)


def test_one_file_proves_two_items_and_its_bytes_are_stored_once(
    area_assessment, opd_operator, evidence_storage
):
    attached = attach_files_to(
        assessment=area_assessment,
        targets=[("A.1.02", "sp"), ("A.1.03", "sp")],
        uploads=_files("standar-pelayanan.pdf"),
        effective_date=None,
        by=opd_operator,
    )
    rows = Evidence.objects.order_by("indicator")
    assert [(e.indicator, e.item, e.name) for e in rows] == [
        ("A.1.02", "sp", "standar-pelayanan.pdf"),
        ("A.1.03", "sp", "standar-pelayanan.pdf"),
    ]
    assert rows[0].file.name == rows[1].file.name
    assert len(_stored(evidence_storage)) == 1
    assert [a.duplicates for a in attached] == [(), ()]  # attached together: not flagged as a copy
    assert sorted(Event.objects.filter(kind="evidence_attached").values_list("indicator", flat=True)) == [
        "A.1.02",
        "A.1.03",
    ]


def test_two_files_at_once_to_two_items_make_four_pieces_of_evidence(area_assessment, opd_operator):
    attach_files_to(
        assessment=area_assessment,
        targets=[("A.1.01", "sk"), ("A.1.01", "foto")],
        uploads=_files("sk.pdf", "lampiran.pdf"),
        effective_date=DAY,
        by=opd_operator,
    )
    assert sorted(Evidence.objects.values_list("item", "name", "effective_date")) == [
        ("foto", "lampiran.pdf", DAY),
        ("foto", "sk.pdf", DAY),
        ("sk", "lampiran.pdf", DAY),
        ("sk", "sk.pdf", DAY),
    ]


def test_a_file_already_at_one_of_the_items_refuses_the_whole_upload(area_assessment, opd_operator):
    attach_files_to(
        assessment=area_assessment,
        targets=[("A.1.03", "sp")],
        uploads=_files("sp.pdf"),
        effective_date=None,
        by=opd_operator,
    )
    with pytest.raises(ValidationError) as refused:
        attach_files_to(
            assessment=area_assessment,
            targets=[("A.1.02", "sp"), ("A.1.03", "sp")],
            uploads=_files("sp.pdf"),
            effective_date=None,
            by=opd_operator,
        )
    assert refused.value.message_dict["file"] == [
        "sp.pdf sudah dilampirkan di A.1.03 / sp; tidak ada yang ditambahkan."
    ]
    assert Evidence.objects.count() == 1


def test_the_date_and_every_bad_file_are_said_at_once(area_assessment, opd_operator):
    with pytest.raises(ValidationError) as refused:
        attach_files_to(
            assessment=area_assessment,
            targets=[("A.1.01", "sk")],
            uploads=[SimpleUploadedFile("program.pdf", exe_bytes())],
            effective_date=None,
            by=opd_operator,
        )
    assert sorted(refused.value.message_dict) == ["effective_date", "file"]


def test_too_many_files_at_once_and_a_replacement_at_two_items_are_refused(area_assessment, opd_operator):
    with pytest.raises(ValidationError) as refused:
        attach_files_to(
            assessment=area_assessment,
            targets=[("A.1.02", "sp")],
            uploads=_files(*[f"f{i}.pdf" for i in range(MAX_FILES_AT_ONCE + 1)]),
            effective_date=None,
            by=opd_operator,
        )
    assert refused.value.message_dict["file"] == [f"Paling banyak {MAX_FILES_AT_ONCE} berkas sekaligus."]
    (old,) = attach_files_to(
        assessment=area_assessment,
        targets=[("A.1.02", "sp")],
        uploads=_files("v1.pdf"),
        effective_date=None,
        by=opd_operator,
    )
    with pytest.raises(ValidationError) as refused:
        attach_files_to(
            assessment=area_assessment,
            targets=[("A.1.02", "sp"), ("A.1.03", "sp")],
            uploads=_files("v2.pdf"),
            effective_date=None,
            by=opd_operator,
            replaces=old.evidence,
        )
    assert refused.value.message_dict["item"] == ["Penggantian berkas hanya untuk satu butir daftar periksa."]
    assert Evidence.objects.count() == 1


def test_one_link_proves_two_items(area_assessment, opd_operator):
    attach_link_to(
        assessment=area_assessment,
        targets=[("A.1.02", "sp"), ("A.1.03", "sp")],
        url="https://jdih.example.org/sp",
        name="SP",
        effective_date=None,
        by=opd_operator,
    )
    assert sorted(Evidence.objects.values_list("indicator", "kind", "url")) == [
        ("A.1.02", "link", "https://jdih.example.org/sp"),
        ("A.1.03", "link", "https://jdih.example.org/sp"),
    ]


# The worksheet's upload box and its answers


def test_the_upload_box_offers_the_same_document_elsewhere_and_asks_a_date_only_where_it_matters(
    client, opd_operator, area_urls
):
    client.force_login(opd_operator)
    page = client.get(area_urls.worksheet).content.decode()
    first = page[page.index('id="i-A_1_01"') : page.index('id="i-A_1_02"')]
    second = page[page.index('id="i-A_1_02"') : page.index('id="i-A_1_03"')]
    fourth = page[page.index('id="i-A_1_04"') : page.index('id="i-A_1_05"')]
    assert 'value="A.1.01|sk"> SK Tim <span class="badge dated">perlu tanggal berlaku</span>' in first
    assert 'name="effective_date"' in first
    assert 'value="A.1.03|sp"> A.1.03</label>' in second  # the same title asked at A.1.03
    assert "Dokumen yang sama, juga untuk:" in second
    assert 'name="effective_date"' not in second
    assert '<input type="hidden" name="targets" value="A.1.04|">' in fourth  # no checklist: the indicator
    assert 'name="effective_date"' not in fourth


def test_an_htmx_upload_to_two_items_refreshes_both_indicators(client, opd_operator, area_urls):
    client.force_login(opd_operator)
    response = client.post(
        area_urls.upload("A.1.02"),
        {"targets": ["A.1.02|sp", "A.1.03|sp"], "files": _files("sp.pdf", "sk-sp.pdf")},
        headers={**HTMX, "HX-Current-URL": f"http://testserver{area_urls.worksheet}"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert Evidence.objects.count() == 4
    assert "✓ 2 data dukung dilampirkan pada 2 butir daftar periksa." in body
    assert 'id="i-A_1_02-evidence" hx-swap-oob="true"' in body
    assert 'id="i-A_1_03-evidence" hx-swap-oob="true"' in body


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"targets": ["A.1.01|sk"]}, "Isi tanggal berlaku dokumen"),
        ({"targets": ["A.1.01|sk"], "effective_date": "31-31-2026"}, "Tanggal berlaku: "),
        ({"targets": ["A.1.09|x"]}, "Butir daftar periksa yang dibuktikan: "),
        ({"targets": ["A.1.01|foto"], "replaces": "999999"}, "Berkas yang hendak diganti sudah tidak ada"),
        ({"targets": ["A.1.01|foto"], "files": []}, "Pilih berkas untuk diunggah, atau isi tautan."),
        ({"targets": [], "item": ""}, "Pilih butir daftar periksa yang dibuktikan oleh data dukung ini."),
    ],
)
def test_every_refused_upload_says_why_in_the_open_upload_box(client, opd_operator, area_urls, data, message):
    client.force_login(opd_operator)
    data = {"files": _files("sk.pdf"), **data}
    response = client.post(area_urls.upload("A.1.01"), data, headers=HTMX)
    body = response.content.decode()
    assert response.status_code == 200  # htmx swaps 2xx only: the fragment carries the refusal
    box = body[body.index('<details class="upload-box"') :]
    assert box.startswith('<details class="upload-box" open>')
    assert message in box[: box.index("</form>")]
    assert Evidence.objects.count() == 0


def test_without_javascript_a_refused_upload_shows_the_indicators_page_with_the_reason(
    client, opd_operator, area_urls
):
    client.force_login(opd_operator)
    response = client.post(area_urls.upload("A.1.11"), {"targets": ["A.1.11|"], "files": _files("a.pdf")})
    # A.1.11 has no checklist: accepted; a dated item without a date is not
    assert response.status_code == 302
    response = client.post(area_urls.upload("A.1.01"), {"targets": ["A.1.01|sk"], "files": _files("b.pdf")})
    body = response.content.decode()
    assert response.status_code == 400
    assert "butir A.1.01 / SK Tim memintanya" in body
    assert 'id="i-A_1_01"' in body
