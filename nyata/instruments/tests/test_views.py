"""The product pages: upload with its report, publish, browse the tree, compare, simulate; who sees what."""

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from nyata.core.tests.files import pdf_bytes
from nyata.instruments.models import Instrument
from nyata.instruments.tests.conftest import data_file
from nyata.instruments.xlsx import write_workbook
from nyata.scoring import read_instrument


def upload(client, name: str, data: bytes | None = None):
    file = SimpleUploadedFile(name, data if data is not None else data_file(name))
    return client.post(reverse("instruments:upload"), {"file": file})


def report_rows(response) -> list[list[str]]:
    body = response.content.decode()
    table = body[body.index('id="report"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr><td.*?</tr>", table, flags=re.S)
    return [
        [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, flags=re.S)]
        for row in rows
    ]


def test_every_problem_of_an_invalid_file_is_shown_with_its_place_and_nothing_is_stored(
    client, inspektorat_admin
):
    client.force_login(inspektorat_admin)
    response = upload(client, "tidak-sah.yaml")
    assert response.status_code == 400
    rows = report_rows(response)
    assert [row[:3] for row in rows] == [
        ["warna", "—", "6"],
        ["answer_types.rusak.options[0].value", "—", "11"],
        ["answer_types.rusak.options[1].code", "—", "12"],
        ["answer_types.rentang", "—", "13"],
        ["nodes[0].children[1].weight", "G.1", "35"],
        ["nodes[0].children[2]", "G.3", "37"],
        ["nodes[0].children[3]", "G.4", "43"],
        ["nodes[0].children[4].answer", "G.5", "49"],
        ["nodes[1].children", "S", "53"],
        ["nodes[0].children[1].code", "G.1", "33"],
        ["predicates[1]", "—", "19"],
        ["awards[0].node_minimums.TIDAK.ADA", "—", "23"],
    ]
    messages = [row[3] for row in rows]
    assert messages[0].startswith("kunci &#x27;warna&#x27; tidak dikenal; yang boleh di sini: ")
    assert messages[4] == "bobot harus berupa angka positif, tetapi diisi -1"
    assert messages[8] == (
        "jumlah bobot anak-anaknya 6, tidak sama dengan bobot node ini 10 "
        "(weights_sum_to_parent bernilai true)"
    )
    assert "tidak-sah.yaml tidak disimpan: 12 masalah" in response.content.decode()
    assert Instrument.objects.count() == 0


def test_the_upload_report_speaks_english_after_switching_to_english(client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    messages = [row[3] for row in report_rows(upload(client, "tidak-sah.yaml"))]
    assert messages[4] == "weight must be a positive number, got -1"
    assert messages[8] == (
        "children weights sum to 6, not to the node&#x27;s weight 10 (weights_sum_to_parent is true)"
    )


def test_yaml_that_does_not_parse_is_reported_with_its_line(client, inspektorat_admin):
    client.force_login(inspektorat_admin)
    rows = report_rows(upload(client, "tidak-terbaca.yaml"))
    assert len(rows) == 1
    assert rows[0][:3] == ["(berkas)", "—", "6"]
    assert rows[0][3].startswith("YAML tidak dapat dibaca: ")


def test_a_valid_upload_is_stored_as_a_draft_and_can_be_published(client, system_admin):
    client.force_login(system_admin)
    response = upload(client, "contoh-2025.yaml")
    detail = reverse("instruments:detail", args=["contoh", "2025.1"])
    assert response.status_code == 302
    assert response["Location"] == detail
    instrument = Instrument.objects.get()
    assert instrument.status == "draft"
    assert instrument.loaded_by == system_admin
    page = client.get(detail).content.decode()
    assert "contoh 2025.1 disimpan sebagai draf." in page
    assert "Terbitkan" in page
    response = client.post(reverse("instruments:publish", args=["contoh", "2025.1"]))
    assert response.status_code == 302
    instrument.refresh_from_db()
    assert instrument.status == "published"
    assert instrument.published_by == system_admin


def test_an_excel_workbook_upload_is_stored_as_the_yaml_written_from_it(client, system_admin):
    client.force_login(system_admin)
    parsed = read_instrument(text=data_file("contoh-2025.yaml").decode())
    response = upload(client, "contoh.xlsx", write_workbook(parsed))
    assert response.status_code == 302
    stored = Instrument.objects.get()
    assert read_instrument(text=stored.source) == parsed
    assert stored.source.startswith("# Converted from contoh.xlsx")


def test_a_workbook_is_read_as_a_workbook_whatever_its_name(client, system_admin):
    client.force_login(system_admin)
    parsed = read_instrument(text=data_file("contoh-2025.yaml").decode())
    assert upload(client, "contoh.yaml", write_workbook(parsed)).status_code == 302
    assert read_instrument(text=Instrument.objects.get().source) == parsed


def test_a_pdf_named_xlsx_or_yaml_is_refused_with_a_reason_and_nothing_stored(client, system_admin):
    client.force_login(system_admin)
    for name in ("contoh.xlsx", "contoh.yaml"):
        response = upload(client, name, pdf_bytes())
        assert response.status_code == 400
        assert "Unggah instrumen sebagai berkas YAML atau buku kerja XLSX." in response.content.decode()
    assert Instrument.objects.count() == 0


def test_a_bad_workbook_upload_names_sheet_row_and_column(client, inspektorat_admin):
    from openpyxl import load_workbook

    parsed = read_instrument(text=data_file("contoh-2025.yaml").decode())
    workbook = load_workbook(__import__("io").BytesIO(write_workbook(parsed)))
    workbook["nodes"]["D3"] = "banyak"
    buffer = __import__("io").BytesIO()
    workbook.save(buffer)
    client.force_login(inspektorat_admin)
    rows = report_rows(upload(client, "contoh.xlsx", buffer.getvalue()))
    assert rows == [
        [
            "lembar nodes, kolom D (weight)",
            "P.A",
            "3",
            "bobot harus berupa angka positif, tetapi diisi &#x27;banyak&#x27;",
        ]
    ]
    assert Instrument.objects.count() == 0


def test_uploading_a_different_file_under_a_published_version_is_refused(client, system_admin, published):
    client.force_login(system_admin)
    changed = data_file("contoh-2025.yaml").replace(b"Instrumen Contoh", b"Instrumen Lain")
    response = upload(client, "contoh-2025.yaml", changed)
    assert response.status_code == 400
    assert "sudah terbit dan tidak dapat berubah lagi" in response.content.decode()


@pytest.mark.parametrize("persona", ["opd_operator", "opd_head", "evaluator", "pengampu_verifier", "leader"])
def test_only_administrators_upload_publish_or_see_drafts(client, request, persona, draft):
    client.force_login(request.getfixturevalue(persona))
    assert upload(client, "contoh-2026.yaml").status_code == 403
    assert client.get(reverse("instruments:upload")).status_code == 403
    assert client.post(reverse("instruments:publish", args=["contoh", "2025.1"])).status_code == 404
    assert client.get(reverse("instruments:detail", args=["contoh", "2025.1"])).status_code == 404
    assert client.get(reverse("instruments:simulate", args=["contoh", "2025.1"])).status_code == 404
    assert client.get(reverse("instruments:download-yaml", args=["contoh", "2025.1"])).status_code == 404
    assert "contoh" not in client.get(reverse("instruments:list")).content.decode()
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert Instrument.objects.count() == 1


@pytest.mark.parametrize("persona", ["opd_operator", "outsider_opd_operator", "leader", "other_city_admin"])
def test_every_person_with_a_role_reads_a_published_instrument_and_its_guidance(
    client, request, persona, published
):
    client.force_login(request.getfixturevalue(persona))
    page = client.get(reverse("instruments:detail", args=["contoh", "2025.1"])).content.decode()
    assert "Unggah SK tim kerja RB yang masih berlaku." in page
    assert "SK Tim Kerja RB" in page
    assert "Terbitkan" not in page
    assert (
        "Instrumen Contoh Evaluasi Perangkat Daerah"
        in client.get(reverse("instruments:list")).content.decode()
    )


def test_a_person_without_a_role_sees_no_instrument(client, published, db):
    from nyata.org.tests.factories import UserFactory

    client.force_login(UserFactory())
    assert client.get(reverse("instruments:list")).status_code == 403
    assert client.get(reverse("instruments:detail", args=["contoh", "2025.1"])).status_code == 404


def test_anonymous_visitors_are_sent_to_sign_in(client, published):
    response = client.get(reverse("instruments:detail", args=["contoh", "2025.1"]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_the_tree_page_shows_weights_options_guidance_and_evidence_in_a_fixed_number_of_queries(
    client, opd_operator, published, django_assert_num_queries
):
    client.force_login(opd_operator)
    url = reverse("instruments:detail", args=["contoh", "2025.1"])
    client.get(url)  # warm the session and the person's grants
    # session, user, navigation's instansi, instrument, grants, versions, the header's unread count, what
    # other apps say beside the indicators (the clinic's FAQ): the tree, options, evidence, predicates and
    # awards come from the stored file, not from queries.
    with django_assert_num_queries(8):
        response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert page.count("<details") == 4
    assert "bobot 35,5" in page
    assert "<strong>B</strong> Sebagian · nilai 0,5" in page
    assert "Jawaban: angka dari 1 sampai 14. Makin rendah makin baik." in page
    assert "WBK" in page


def test_the_tree_page_query_count_does_not_grow_with_the_tree(
    client, opd_operator, published, django_assert_num_queries
):
    from nyata.instruments.actions import load_instrument

    nodes = "\n".join(
        f"  - {{code: N{i}, title: Indikator {i}, weight: 1, answer: {{kind: percent}}, "
        f"evidence: [{{code: e{i}, title: Bukti {i}}}]}}"
        for i in range(60)
    )
    big = load_instrument(
        data=f'code: besar\nversion: "1"\ntitle: Besar\nnodes:\n{nodes}\n'.encode(), by=None
    )
    load_instrument(data=big.instrument.source.encode(), by=None, publish=True)
    client.force_login(opd_operator)
    url = reverse("instruments:detail", args=["besar", "1"])
    client.get(url)
    with django_assert_num_queries(8):  # as many as for the 11 nodes of contoh
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('<article class="indicator"') == 60


def test_comparing_two_versions_lists_added_removed_and_changed_nodes_with_old_and_new_values(
    client, system_admin, published, next_draft
):
    client.force_login(system_admin)
    url = reverse("instruments:compare", args=["contoh"])
    page = client.get(url, {"old": "2025.1", "new": "2026.1"}).content.decode()
    added = page[page.index('id="added"') : page.index('id="removed"')]
    removed = page[page.index('id="removed"') : page.index('id="changed"')]
    changed = page[page.index('id="changed"') :]
    assert re.findall(r'class="code">([^<]+)<', added) == ["P.A.4"]
    assert re.findall(r'class="code">([^<]+)<', removed) == ["P.A.3", "P.B.2", "H.2"]
    assert re.findall(r'class="code">([^<]+)<', changed) == [
        "P.A",
        "P.A.1",
        "P.A.2",
        "P.B",
        "P.B.1",
        "H.1",
    ]
    assert '<span class="old">35,5</span> → <strong>30</strong>' in changed
    assert (
        '<span class="old">A=1; B=0,5; C=0</span><br>→ <strong>A=1; B=0,75; C=0,25; D=0</strong>' in changed
    )
    assert "Rentang predikat berubah." in page
    assert "Predikat khusus (mis. WBK/WBBM) berubah." in page
    assert "1 node ditambahkan" in page
    assert "3 node dihapus" in page


def test_an_opd_operator_cannot_compare_against_a_draft(client, opd_operator, published, next_draft):
    client.force_login(opd_operator)
    response = client.get(reverse("instruments:compare", args=["contoh"]), {"old": "2025.1", "new": "2026.1"})
    assert response.status_code == 200
    assert "Masukkan pilihan yang valid. 2026.1 bukan salah satu dari pilihan yang tersedia." in (
        response.content.decode()
    )


def test_the_simulation_scores_a_plain_form_post_and_shows_gains_and_engine_messages(
    client, opd_operator, published
):
    client.force_login(opd_operator)
    url = reverse("instruments:simulate", args=["contoh", "2025.1"])
    assert client.get(url).status_code == 200
    response = client.post(url, {"q0": "Ya", "q1": "B", "q3": "150", "q5_target": "10", "q5_realized": "5"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "persentase harus berada di antara 0..100, tetapi diisi 150" in page
    # The rejected 150 counts as unanswered: P.A = 10 (Ya) + 15.5 * 0.5 (B) = 17.75, P.B = 0,
    # H = 25 * 5 / 10 = 12.5; total 30.25 of 100, below every band but D (from 0).
    assert re.search(r'id="total">([^<]+)<', page).group(1).strip() == "30,25"
    assert re.search(r'id="predicate">([^<]+)<', page).group(1).strip() == "D · Kurang"
    assert "3 dari 7 indikator terjawab" in page
    assert "1 jawaban tidak diterima" in page
    gains = re.findall(r"<li><strong>\+([0-9,]+)</strong> <span class=\"code\">([^<]+)</span>", page)
    assert gains == [
        ("15,00", "H.2"), ("12,50", "H.1"), ("12,25", "P.B.1"), ("12,25", "P.B.2"), ("10,00", "P.A.3"),
        ("7,75", "P.A.2"),
    ]  # fmt: skip


def test_the_simulation_answers_htmx_with_the_results_and_the_field_errors_only(
    client, opd_operator, published
):
    client.force_login(opd_operator)
    url = reverse("instruments:simulate", args=["contoh", "2025.1"])
    response = client.post(url, {"q3": "abc"}, headers={"HX-Request": "true"})
    body = response.content.decode()
    assert body.lstrip().startswith('<aside id="results"')
    assert "<form" not in body
    assert (
        '<span id="err-q3" class="field-error" role="alert" hx-swap-oob="true">'
        "harus berupa angka, tetapi diisi &#x27;abc&#x27;</span>" in body
    )
    assert '<span id="err-q0" class="field-error" role="alert" hx-swap-oob="true"></span>' in body


def test_the_simulation_shows_the_engine_messages_in_english_after_switching_to_english(
    client, opd_operator, published
):
    client.force_login(opd_operator)
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    url = reverse("instruments:simulate", args=["contoh", "2025.1"])
    body = client.post(url, {"q1": "Z", "q3": "150"}, headers={"HX-Request": "true"}).content.decode()
    assert (
        '<span id="err-q1" class="field-error" role="alert" hx-swap-oob="true">'
        "unknown option &#x27;Z&#x27;; options: A, B, C</span>" in body
    )
    assert (
        '<span id="err-q3" class="field-error" role="alert" hx-swap-oob="true">'
        "a percentage must be within 0..100, got 150</span>" in body
    )


def test_downloads_give_the_verbatim_source_and_a_workbook(client, opd_operator, published):
    client.force_login(opd_operator)
    yaml_response = client.get(reverse("instruments:download-yaml", args=["contoh", "2025.1"]))
    assert yaml_response.content == data_file("contoh-2025.yaml")
    xlsx_response = client.get(reverse("instruments:download-xlsx", args=["contoh", "2025.1"]))
    assert (
        xlsx_response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    assert xlsx_response.content[:2] == b"PK"


def test_instrument_pages_carry_no_inline_script_or_style(client, inspektorat_admin, published):
    client.force_login(inspektorat_admin)
    for url in [
        reverse("instruments:list"),
        reverse("instruments:upload"),
        reverse("instruments:detail", args=["contoh", "2025.1"]),
        reverse("instruments:simulate", args=["contoh", "2025.1"]),
        reverse("instruments:simulate-choose"),
        reverse("instruments:compare", args=["contoh"]),
    ]:
        body = client.get(url).content.decode()
        assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", body) == [], url
        assert re.findall(r"\sstyle=", body) == [], url
