"""Results, ranking, progress, finalisation and the timeline, for the people entitled to them only."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from nyata.evaluations.actions.periods import assign_team_member
from nyata.evaluations.models import Finding, Period, Result
from nyata.evaluations.tests.admin.conftest import to_desk_review
from nyata.org.tests.factories import person_with_role


def _url(name, period, *more):
    return reverse(f"evaluations:{name}", args=[period.instansi.code, period.pk, *more])


def test_the_inspektorat_sees_a_preliminary_result_before_finalisation(
    client, reviewed, assessment, inspektorat_admin
):
    client.force_login(inspektorat_admin)
    page = client.get(_url("result", reviewed, assessment.pk)).content.decode()
    assert "Sementara: dihitung sekarang" in page
    assert '<p class="figure" id="total">81,00</p>' in page
    assert '<p class="figure" id="predicate">BAIK</p>' in page
    # The OPD proposed 85 for II.1; the evaluator adjusted it to 70: both shown, the final marked changed.
    assert re.search(
        r"II\.1 · Indeks kepuasan masyarakat</td>\s*<td[^>]*>85</td>\s*<td[^>]*class=\"changed\">70</td>",
        page,
    )
    assert '<rect class="fill" x="0" y="0" width="95.0" height="10"/>' in page  # I: 57 of 60
    assert "+16,00</strong> · II.1 · Indeks kepuasan masyarakat" in page


@pytest.mark.parametrize(
    "persona", ["opd_head", "opd_operator", "leader", "outsider_opd_operator", "pengampu_verifier"]
)
def test_nobody_outside_the_inspektorat_sees_a_result_before_publication(
    client, reviewed, assessment, persona, request
):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("result", reviewed, assessment.pk)).status_code in (403, 404)
    assert client.get(_url("ranking", reviewed)).status_code in (403, 404)


def test_after_finalisation_the_opd_head_sees_the_stored_score_and_predicate(
    client, finalised, assessment, opd_head
):
    client.force_login(opd_head)
    page = client.get(_url("result", finalised, assessment.pk)).content.decode()
    stored = Result.objects.get(assessment=assessment)
    assert stored.total == 81
    assert '<p class="figure" id="total">81,00</p>' in page
    assert "Sementara" not in page
    assert "BAIK · Baik" not in page  # the label is shown under the code, not doubled
    assert "Baik" in page


def test_another_opd_never_sees_dinkes_result_even_after_publication(
    client, finalised, assessment, outsider_opd_operator
):
    client.force_login(outsider_opd_operator)
    assert client.get(_url("result", finalised, assessment.pk)).status_code == 404


def test_the_pimpinan_sees_the_ranking_after_publication_best_first(client, finalised, leader):
    client.force_login(leader)
    page = client.get(_url("ranking", finalised)).content.decode()
    assert page.index("Dinas Kesehatan") < page.index("Dinas Pendidikan dan Kebudayaan")
    assert "57,00 / 60,00" in page


def test_the_ranking_costs_the_same_queries_for_two_units_or_many(client, city, finalised, inspektorat_admin):
    client.force_login(inspektorat_admin)
    url = _url("ranking", finalised)
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    _more_units_finalised(city, finalised, inspektorat_admin, count=6)
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many) == len(few)


def test_the_preliminary_ranking_and_the_progress_matrix_cost_the_same_queries_whatever_the_units(
    client, city, period, inspektorat_admin, opd_operator, opd_head, team
):
    to_desk_review(
        period.assessments.get(unit__code="dinkes"),
        operator=opd_operator,
        head=opd_head,
        answers={"I.1": "A", "I.2": "50", "II.1": "60"},
    )
    client.force_login(inspektorat_admin)
    counts = {}
    for name in ("ranking", "progress"):
        client.get(_url(name, period))
        with CaptureQueriesContext(connection) as few:
            client.get(_url(name, period))
        counts[name] = len(few)
    for index in range(6):
        unit = city.units["dinkes"].__class__.objects.create(
            instansi=city.instansi, code=f"opd-{index}", name=f"OPD {index}", kind="opd"
        )
        assessment = period.assessments.create(unit=unit)
        assign_team_member(
            assessment=assessment, user=team["evaluator"], tier="evaluator", by=inspektorat_admin
        )
    for name in ("ranking", "progress"):
        with CaptureQueriesContext(connection) as many:
            client.get(_url(name, period))
        assert len(many) == counts[name], name


def _more_units_finalised(city, period, admin, *, count):
    from nyata.evaluations.models import Assessment

    for index in range(count):
        unit = city.units["dinkes"].__class__.objects.create(
            instansi=city.instansi, code=f"opd-{index}", name=f"OPD {index}", kind="opd"
        )
        assessment = Assessment.objects.create(period=period, unit=unit, status="finalised")
        Result.objects.create(
            assessment=assessment,
            total=10 + index,
            max_total=100,
            predicate="KURANG",
            proposed_total=10,
            detail={
                "nodes": {
                    "I": {"score": 5, "max": 60, "fraction": 0.08, "applicable": True},
                    "II": {"score": 5 + index, "max": 40, "fraction": 0.1, "applicable": True},
                },
                "gains": [],
            },
            final_values={},
            instrument_checksum="x",
            engine_version="1",
        )


def test_the_progress_matrix_shows_each_unit_at_its_stage_with_counts(
    client, reviewed, leader, pengampu_verifier
):
    for person in (leader, pengampu_verifier):
        client.force_login(person)
        page = client.get(_url("progress", reviewed)).content.decode()
        assert "Dinas Kesehatan" in page
        assert "3 / 3" in page
        assert '<span class="step">6/7</span> Selesai direviu' in page


def test_the_opd_has_no_progress_matrix(client, reviewed, opd_head):
    client.force_login(opd_head)
    assert client.get(_url("progress", reviewed)).status_code == 403


def test_an_evaluator_of_the_team_writes_a_finding_that_appears_on_the_result(
    client, reviewed, assessment, team, opd_head, inspektorat_admin
):
    from nyata.evaluations.actions.appeals import release_preliminary_results
    from nyata.evaluations.actions.finalise import finalise_period

    client.force_login(team["evaluator"])
    response = client.post(
        _url("finding-save", reviewed, assessment.pk),
        {
            "node": "I",
            "condition": "Rencana aksi belum dipantau.",
            "recommendation": "Pantau setiap triwulan.",
        },
    )
    assert response.status_code == 302
    release_preliminary_results(period=reviewed, by=inspektorat_admin)
    finalise_period(period=reviewed, by=inspektorat_admin)
    client.force_login(opd_head)
    page = client.get(_url("result", reviewed, assessment.pk)).content.decode()
    assert "Rencana aksi belum dipantau." in page
    assert "Pantau setiap triwulan." in page
    assert "Simpan temuan" not in page


def test_an_evaluator_outside_the_team_cannot_write_findings(client, city, reviewed, assessment):
    stranger = person_with_role(city, role="evaluator", unit_code="inspektorat", username="evaluator.lain")
    client.force_login(stranger)
    response = client.post(
        _url("finding-save", reviewed, assessment.pk), {"node": "I", "condition": "K", "recommendation": "R"}
    )
    assert response.status_code == 403
    assert Finding.objects.count() == 0


def test_a_finding_needs_both_kondisi_and_rekomendasi(client, reviewed, assessment, team):
    client.force_login(team["evaluator"])
    response = client.post(
        _url("finding-save", reviewed, assessment.pk), {"node": "I", "condition": "K", "recommendation": ""}
    )
    assert response.status_code == 400
    assert "Bidang ini tidak boleh kosong." in response.content.decode()
    assert Finding.objects.count() == 0


def test_the_finalisation_page_lists_what_blocks_and_refuses_to_finalise(client, period, inspektorat_admin):
    client.force_login(inspektorat_admin)
    page = client.get(_url("finalise", period)).content.decode()
    assert "Dinas Kesehatan masih pada tahap: Penilaian mandiri oleh OPD." in page
    response = client.post(_url("finalise", period))
    assert response.status_code == 400
    assert Period.objects.get(pk=period.pk).status == "open"


def test_finalising_locks_the_period_stores_results_and_publishes_them(
    client, reviewed, inspektorat_admin, opd_head, leader, mailoutbox
):
    from nyata.evaluations.actions.appeals import release_preliminary_results

    release_preliminary_results(period=reviewed, by=inspektorat_admin)
    client.force_login(inspektorat_admin)
    response = client.post(
        _url("finalise", reviewed), {"assessments": list(reviewed.assessments.values_list("pk", flat=True))}
    )
    assert response.status_code == 302
    assert response["Location"] == _url("finalise", reviewed)
    assert Period.objects.get(pk=reviewed.pk).is_locked
    assert Result.objects.filter(assessment__period=reviewed).count() == 2
    assert opd_head.notifications.get(kind="results_published").url == _url(
        "result", reviewed, reviewed.assessments.get(unit__code="dinkes").pk
    )
    assert leader.notifications.get().url == _url("ranking", reviewed)


@pytest.mark.parametrize("persona", ["evaluator", "opd_head", "leader"])
def test_only_the_admin_and_the_pengendali_teknis_finalise(client, reviewed, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(_url("finalise", reviewed)).status_code == 403


def test_the_timeline_shows_who_when_and_why_with_values_as_displayed(
    client, city, reviewed, assessment, inspektorat_admin
):
    city.instansi.time_zone = "Asia/Jayapura"
    city.instansi.save()
    client.force_login(inspektorat_admin)
    page = client.get(_url("timeline", reviewed, assessment.pk)).content.decode()
    event = assessment.events.get(kind="review_evaluator", indicator="II.1")
    from zoneinfo import ZoneInfo

    local = event.at.astimezone(ZoneInfo("Asia/Jayapura"))
    assert local.strftime("%H:%M") in page
    assert "Dinilai oleh evaluator" in page
    row = r"II\.1 · Indeks kepuasan masyarakat</td>\s*<td[^>]*></td>\s*<td[^>]*>70</td>\s*<td[^>]*>Disesuai"
    assert re.search(row, page)
    assert "Menunggu persetujuan kepala OPD" in page  # a transition, shown by its stage names
    assert event.actor.name in page


def test_the_opd_reads_its_timeline_without_the_evaluators_values_before_release(
    client, reviewed, assessment, opd_head
):
    client.force_login(opd_head)
    page = client.get(_url("timeline", reviewed, assessment.pk)).content.decode()
    assert "Dinilai oleh evaluator" in page
    assert "Disesuaikan." not in page
    assert "Ditampilkan setelah hasil sementara dirilis." in page


def test_another_opd_cannot_read_the_timeline(client, reviewed, assessment, outsider_opd_operator, leader):
    for person in (outsider_opd_operator, leader):
        client.force_login(person)
        assert client.get(_url("timeline", reviewed, assessment.pk)).status_code == 404


def test_the_preliminary_ranking_marks_a_unit_still_in_review_belum_direviu_instead_of_scoring_it(
    client, period, assessment, team, opd_operator, opd_head, pengampu_verifier, inspektorat_admin
):
    from nyata.evaluations.tests.admin.conftest import carry_through

    carry_through(
        assessment,
        operator=opd_operator,
        head=opd_head,
        team=team,
        verifier=pengampu_verifier,
        answers={"I.1": "A", "I.2": "90", "II.1": "85"},
    )
    client.force_login(inspektorat_admin)
    page = client.get(_url("ranking", period)).content.decode()
    scored = page[page.index('class="standing-preliminary"') :].split("</tr>")[0]
    assert "Dinas Kesehatan" in scored
    unreviewed = page[page.index('class="standing-unreviewed"') :].split("</tr>")[0]
    assert "Dinas Pendidikan dan Kebudayaan" in unreviewed
    assert "belum direviu" in unreviewed
    assert '<td data-label="#">—</td>' in unreviewed
    assert "0,00" not in unreviewed
    assert "Rata-rata 1 unit yang dinilai" in page
    assert "1 unit belum direviu" in page


def test_a_finding_carries_kriteria_sebab_akibat_and_several_rekomendasi_and_a_component_takes_two(
    client, reviewed, assessment, team
):
    client.force_login(team["evaluator"])
    for condition in ("Rencana aksi belum dipantau.", "Target belum terukur."):
        response = client.post(
            _url("finding-save", reviewed, assessment.pk),
            {
                "node": "I.1",
                "condition": condition,
                "criteria": "PermenPANRB 9/2023.",
                "cause": "Belum ada penanggung jawab.",
                "effect": "Nilai tertahan.",
                "recommendation": "Pantau setiap triwulan.\n\nTunjuk penanggung jawab.",
            },
        )
        assert response.status_code == 302
    findings = Finding.objects.filter(assessment=assessment, node="I.1").order_by("pk")
    assert [f.condition for f in findings] == ["Rencana aksi belum dipantau.", "Target belum terukur."]
    assert [r.text for r in findings[0].recommendations.all()] == [
        "Pantau setiap triwulan.",
        "Tunjuk penanggung jawab.",
    ]
    page = client.get(_url("result", reviewed, assessment.pk)).content.decode()
    assert "Belum ada penanggung jawab." in page
    assert page.count("Tunjuk penanggung jawab.") == 2


def test_a_long_timeline_is_read_a_hundred_events_a_page_newest_first(
    client, reviewed, assessment, inspektorat_admin, django_assert_max_num_queries
):
    from nyata.evaluations.models import Event

    before = assessment.events.count()
    Event.objects.bulk_create(
        Event(assessment=assessment, kind="answer_changed", indicator="I.2", before=str(n), after=str(n + 1))
        for n in range(250)
    )
    client.force_login(inspektorat_admin)
    with django_assert_max_num_queries(30):
        first = client.get(_url("timeline", reviewed, assessment.pk))
    assert len(first.context["lines"]) == 100
    body = first.content.decode()
    assert f"Halaman 1 dari {(before + 250 + 99) // 100}" in body
    assert 'href="?halaman=2"' in body
    last = client.get(_url("timeline", reviewed, assessment.pk), {"halaman": 99})
    assert len(last.context["lines"]) == ((before + 250) % 100 or 100)
    assert last.context["lines"][-1].event == assessment.events.order_by("at", "pk").first()
