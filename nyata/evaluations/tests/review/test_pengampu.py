"""Pengampu verifiers see, across every OPD, only the indicators of their RB area, and record a verdict."""

from django.urls import reverse

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Evidence, Verification
from nyata.evaluations.tests.review.conftest import big_instrument, link
from nyata.org import rules


def _list_url(period, query=""):
    url = reverse("evaluations:verification-list", args=[period.instansi.code, period.pk])
    return f"{url}?{query}" if query else url


def _save_url(assessment, code):
    return reverse(
        "evaluations:verification-save",
        args=[assessment.period.instansi.code, assessment.period_id, assessment.pk, code],
    )


def test_the_verifier_sees_only_the_indicators_of_its_area_with_their_proposal_and_evidence(
    client, desk, pengampu_verifier
):
    client.force_login(pengampu_verifier)
    response = client.get(_list_url(desk.period, "status=all"))
    body = response.content.decode()
    assert response.status_code == 200
    assert [group.node.code for group in response.context["groups"]] == ["I.1"]
    rows = response.context["groups"][0].rows
    assert [(row.assessment.unit.code, row.proposed_text) for row in rows] == [
        ("dinkes", "B · Sebagian"),
        ("dikbud", "—"),
    ]
    assert "Bukti I.1" in body
    assert "Bukti I.2" not in body
    assert "Realisasi rencana aksi" not in body
    assert 'hx-post="' + _save_url(desk, "I.1") + '"' in body
    assert (
        "Verifikasi dibuka setelah penilaian masuk tahap reviu Inspektorat." in body
    )  # dikbud is not in review


def test_a_verdict_is_saved_through_htmx_and_shown_to_the_evaluator(client, desk, pengampu_verifier, team):
    client.force_login(pengampu_verifier)
    response = client.post(
        _save_url(desk, "I.1"),
        {"is_valid": "0", "note": "SK belum ditandatangani"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert response.content.decode().lstrip().startswith(f'<tr id="v-{desk.pk}-I.1">')
    verification = Verification.objects.get(assessment=desk, indicator="I.1")
    assert (verification.is_valid, verification.note, verification.verified_by) == (
        False,
        "SK belum ditandatangani",
        pengampu_verifier,
    )
    client.force_login(team["evaluator"])
    page = client.get(
        reverse("evaluations:review-assessment", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    )
    assert "Tidak valid menurut unit pengampu" in page.content.decode()
    assert "SK belum ditandatangani" in page.content.decode()


def test_not_valid_needs_a_note_and_an_indicator_outside_the_area_is_refused(client, desk, pengampu_verifier):
    client.force_login(pengampu_verifier)
    no_note = client.post(_save_url(desk, "I.1"), {"is_valid": "0", "note": ""}, follow=True)
    assert "Jelaskan mengapa indikator tidak valid." in no_note.content.decode()
    other = client.post(_save_url(desk, "I.2"), {"is_valid": "1"}, follow=True)
    assert "Indikator ini bukan bagian dari area RB Anda." in other.content.decode()
    assert not Verification.objects.exists()


def test_the_verifier_cannot_open_the_worksheet_nor_other_indicators_evidence(
    client, desk, pengampu_verifier
):
    client.force_login(pengampu_verifier)
    worksheet = reverse("evaluations:worksheet", args=[desk.period.instansi.code, desk.period_id, desk.pk])
    assert client.get(worksheet).status_code == 404
    other_file = Evidence.objects.create(
        assessment=desk,
        indicator="I.2",
        kind="file",
        file="evidence/x/y/abc",
        sha256="abc",
        name="realisasi.pdf",
        uploaded_by=desk.answers.first().updated_by,
    )
    download = reverse("evaluations:evidence-download", args=[desk.period.instansi.code, other_file.pk])
    assert client.get(download).status_code == 404
    own_area = Evidence.objects.get(assessment=desk, indicator="I.1")
    assert rules.has_perm(pengampu_verifier, "evidence.download", own_area) is True
    assert rules.has_perm(pengampu_verifier, "evidence.download", other_file) is False


def test_people_without_a_pengampu_role_may_not_open_the_verification_page(
    client, desk, opd_operator, outsider_opd_operator, other_city_admin
):
    client.force_login(opd_operator)
    assert client.get(_list_url(desk.period)).status_code == 403
    client.force_login(other_city_admin)
    assert client.get(_list_url(desk.period)).status_code == 404


def _period_of_size(city, count, admin, windows, operator, head):
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title=f"Evaluasi {count}",
        instrument=big_instrument(count),
        units=[city.units["dinkes"], city.units["dikbud"]],
        windows=windows,
        by=admin,
    )
    for assessment in period.assessments.all():
        for n in range(1, count + 1):
            link(assessment, operator, f"I.{n}", name=f"Bukti {n}")
    return period


def test_the_verification_list_reads_as_many_queries_for_a_small_and_a_large_instrument(
    client, city, inspektorat_admin, all_windows_open, opd_operator, opd_head, pengampu_verifier
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    client.force_login(pengampu_verifier)
    for size in (2, 20):
        period = _period_of_size(city, size, inspektorat_admin, all_windows_open, opd_operator, opd_head)
        client.get(_list_url(period, "status=all"))
        with CaptureQueriesContext(connection) as queries:
            response = client.get(_list_url(period, "status=all"))
        assert response.status_code == 200
        assert len(response.context["groups"]) == size // 2
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_review_page_reads_as_many_queries_for_a_small_and_a_large_instrument(
    client, city, inspektorat_admin, all_windows_open, opd_operator, opd_head, evaluator
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    client.force_login(evaluator)
    for size in (2, 20):
        period = _period_of_size(city, size, inspektorat_admin, all_windows_open, opd_operator, opd_head)
        assessment = period.assessments.get(unit=city.units["dinkes"])
        url = reverse("evaluations:review-assessment", args=[city.instansi.code, period.pk, assessment.pk])
        client.get(url)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert len([e for e in response.context["sheet"] if not e.is_heading]) == size
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_the_pengampu_landing_links_the_verification_page_with_the_count_waiting(
    client, desk, pengampu_verifier
):
    client.force_login(pengampu_verifier)
    body = client.get(reverse("home")).content.decode()
    assert _list_url(desk.period) in body
    waiting = _list_url(desk.period, f"opd={desk.pk}&amp;status=waiting")
    assert f'<a class="button primary" href="{waiting}">Verifikasi' in body
    assert "Verifikasi 1 indikator area RB Anda" in body
    dikbud = desk.period.assessments.exclude(pk=desk.pk).get()
    assert dikbud.status == "self_assessment"  # not counted until it reaches review
