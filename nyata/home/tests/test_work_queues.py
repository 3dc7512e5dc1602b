"""Each role's landing page is its work queue: what waits for me, for which OPD, due when (the window's end
in the instansi's zone, an extension included), with the link to the place to act. An OPD never sees
another OPD's queue."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.appeals import release_preliminary_results
from nyata.evaluations.actions.clarifications import answer_clarification, ask_clarification
from nyata.evaluations.actions.periods import extend_window
from nyata.evaluations.actions.submission import return_submission, submit_assessment
from nyata.evaluations.models import Appeal, PhaseWindow
from nyata.evaluations.tests.admin.conftest import through_review, to_desk_review
from nyata.evaluations.tests.review.conftest import answer, link

ANSWERS = {"I.1": "A", "I.2": "90", "II.1": "85"}
WITA = ZoneInfo("Asia/Makassar")


def _queue(client, person):
    client.force_login(person)
    response = client.get(reverse("home"))
    assert response.status_code == 200
    return response.context["queue"], " ".join(response.content.decode().split())


def _when(moment: datetime) -> str:
    """As the page writes a due date: in the instansi's zone, with the zone's name."""
    from django.utils.dateformat import format as date_format
    from django.utils.translation import override

    with override("id"):
        return date_format(moment.astimezone(WITA), "j F Y H:i T")


def _closing(period, phase, ends_at):
    PhaseWindow.objects.filter(period=period, phase=phase).update(ends_at=ends_at)


def test_the_operator_is_asked_to_answer_its_worksheet_by_the_self_assessment_window(
    client, period, assessment, opd_operator
):
    ends = timezone.now() + timedelta(days=3)
    _closing(period, "self_assessment", ends)
    answer(assessment, opd_operator, "I.1", value="A")
    queue, page = _queue(client, opd_operator)
    assert [(item.what, item.unit, item.due) for item in queue] == [
        ("Jawab lembar kerja dan unggah data dukung, lalu ajukan", "Dinas Kesehatan", ends)
    ]
    assert queue[0].detail == "1 dari 3 terjawab; 0 dari 1 data dukung wajib"
    worksheet = reverse("evaluations:worksheet", args=["kota-kendari", period.pk, assessment.pk])
    assert (
        f'href="{worksheet}">Buka lembar kerja<span class="visually-hidden"> · Dinas Kesehatan</span>' in page
    )
    assert _when(ends) in page
    assert _when(ends).endswith(" WITA")


def test_an_extension_moves_the_due_date_of_that_unit_only(
    client, city, period, assessment, opd_operator, outsider_opd_operator, inspektorat_admin
):
    ends = timezone.now() + timedelta(days=3)
    _closing(period, "self_assessment", ends)
    later = ends + timedelta(days=4)
    extend_window(
        period=period,
        unit=city.units["dinkes"],
        phase="self_assessment",
        ends_at=later,
        reason="Banjir",
        by=inspektorat_admin,
    )
    assert _queue(client, opd_operator)[0][0].due == later
    assert _queue(client, outsider_opd_operator)[0][0].due == ends


def test_a_returned_worksheet_says_so_with_the_heads_note(client, assessment, opd_operator, opd_head):
    for code, value in ANSWERS.items():
        answer(assessment, opd_operator, code, value=value)
        link(assessment, opd_operator, code, item="dok-renaksi" if code == "I.1" else "")
    submit_assessment(assessment=assessment, by=opd_operator)
    queue, _page = _queue(client, opd_head)
    assert [item.what for item in queue] == ["Setujui pengajuan (atau kembalikan kepada operator)"]
    assert _queue(client, opd_operator)[0] == []  # waiting for the head is not the operator's work
    return_submission(assessment=assessment, note="Lengkapi SK tim RB", by=opd_head)
    queue, _page = _queue(client, opd_operator)
    assert queue[0].what == "Dikembalikan kepala OPD: perbaiki lalu ajukan kembali"
    assert queue[0].detail.startswith("Lengkapi SK tim RB · 3 dari 3 terjawab")
    assert _queue(client, opd_head)[0] == []


def test_clarifications_to_answer_are_due_by_the_clarification_window(
    client, period, assessment, opd_operator, opd_head, team
):
    to_desk_review(assessment, operator=opd_operator, head=opd_head, answers=ANSWERS)
    ask_clarification(assessment=assessment, indicators=["I.1"], question="Mohon SK?", by=team["evaluator"])
    ends = PhaseWindow.objects.get(period=period, phase="clarification").ends_at
    for person in (opd_operator, opd_head):
        queue, _page = _queue(client, person)
        assert [(item.what, item.url, item.due) for item in queue] == [
            ("Jawab 1 permintaan klarifikasi", "/i/kota-kendari/evaluasi/klarifikasi/", ends)
        ]


def test_an_opd_never_sees_another_opds_queue(
    client, period, assessment, opd_operator, outsider_opd_operator
):
    answer(assessment, opd_operator, "I.1", value="A")
    queue, page = _queue(client, outsider_opd_operator)
    assert {item.unit for item in queue} == {"Dinas Pendidikan dan Kebudayaan"}
    assert "Dinas Kesehatan" not in page
    assert f"/penilaian/{assessment.pk}/" not in page


def test_each_review_tier_sees_its_turn_and_the_handover_moves_it(
    client, period, assessment, opd_operator, opd_head, team, pengampu_verifier
):
    to_desk_review(assessment, operator=opd_operator, head=opd_head, answers=ANSWERS)
    review_url = reverse("evaluations:review-assessment", args=["kota-kendari", period.pk, assessment.pk])
    queue, _page = _queue(client, team["evaluator"])
    assert [(item.what, item.unit, item.url) for item in queue] == [
        ("Giliran Anda mereviu, sebagai Evaluator (anggota tim)", "Dinas Kesehatan", review_url)
    ]
    assert queue[0].due == PhaseWindow.objects.get(period=period, phase="desk_review").ends_at
    assert _queue(client, team["ketua_tim"])[0] == []
    from nyata.evaluations.actions.reviews import submit_to_ketua
    from nyata.evaluations.tests.admin.conftest import scored_and_verified

    scored_and_verified(assessment, team=team, verifier=pengampu_verifier)
    submit_to_ketua(assessment=assessment, by=team["evaluator"])
    assert _queue(client, team["evaluator"])[0] == []
    assert [item.what for item in _queue(client, team["ketua_tim"])[0]] == [
        "Giliran Anda mereviu, sebagai Ketua tim"
    ]


def test_the_evaluator_reads_clarification_answers_and_the_ketua_decides_appeals(
    client, period, assessment, opd_operator, opd_head, team, pengampu_verifier, inspektorat_admin
):
    to_desk_review(assessment, operator=opd_operator, head=opd_head, answers=ANSWERS)
    asked = ask_clarification(
        assessment=assessment, indicators=["I.2"], question="Laporan?", by=team["evaluator"]
    )
    answer_clarification(clarification=asked, response="Terlampir", by=opd_operator)
    queue, _page = _queue(client, team["evaluator"])
    assert "Baca 1 jawaban klarifikasi lalu tutup" in [item.what for item in queue]
    read = next(item for item in queue if item.what.startswith("Baca"))
    assert read.url.endswith(f"/penilaian/{assessment.pk}/reviu/#klarifikasi")
    through_review(assessment, team=team, verifier=pengampu_verifier)
    dikbud = period.assessments.exclude(pk=assessment.pk).get()
    dikbud.status = "reviewed"
    dikbud.save()
    release_preliminary_results(period=period, by=inspektorat_admin)
    Appeal.objects.create(assessment=assessment, indicator="II.1", reason="Naik", filed_by=opd_head)
    queue, _page = _queue(client, team["ketua_tim"])
    assert [(item.what, item.url) for item in queue] == [
        (
            "Putuskan 1 sanggahan",
            reverse("evaluations:appeal-page", args=["kota-kendari", period.pk, assessment.pk]),
        )
    ]
    assert queue[0].due == PhaseWindow.objects.get(period=period, phase="appeal").ends_at
    assert "Hasil sementara telah dirilis" in _queue(client, opd_head)[0][0].what


def test_the_verifier_sees_per_opd_what_waits_in_its_area(
    client, period, assessment, opd_operator, opd_head, pengampu_verifier
):
    to_desk_review(assessment, operator=opd_operator, head=opd_head, answers=ANSWERS)
    queue, page = _queue(client, pengampu_verifier)
    assert [(item.what, item.unit) for item in queue] == [
        ("Verifikasi 1 indikator area RB Anda", "Dinas Kesehatan")
    ]
    assert queue[0].url == (
        reverse("evaluations:verification-list", args=["kota-kendari", period.pk])
        + f"?opd={assessment.pk}&status=waiting"
    )


def test_the_admin_sees_missing_teams_and_verifiers_late_units_and_results_to_release(
    client, city, period, assessment, opd_operator, opd_head, team, pengampu_verifier, inspektorat_admin
):
    _queue_before, page = _queue(client, inspektorat_admin)
    whats = [item.what for item in _queue_before]
    assert "1 unit belum memiliki tim evaluator yang lengkap" in whats  # Dikbud
    assert not [what for what in whats if "verifikator" in what]  # Bagian Organisasi has its verifier
    carried = through_review(
        to_desk_review(assessment, operator=opd_operator, head=opd_head, answers=ANSWERS),
        team=team,
        verifier=pengampu_verifier,
    )
    assert carried.status == "reviewed"
    _closing(period, "self_assessment", timezone.now() - timedelta(hours=1))
    pengampu_verifier.is_active = False
    pengampu_verifier.save()
    queue, page = _queue(client, inspektorat_admin)
    by_what = {item.what: item for item in queue}
    late = by_what["1 unit melewati jadwal penilaian mandiri"]
    assert (late.unit, late.late) == ("Dinas Pendidikan dan Kebudayaan", True)
    assert [item.late for item in queue] == sorted((item.late for item in queue), reverse=True)  # late first
    missing = by_what["1 area RB belum memiliki verifikator unit pengampu"]
    assert missing.detail == "kelembagaan (Bagian Organisasi)"
    assert missing.url.endswith(f"/periode/{period.pk}/#verifikasi")
    release = by_what["1 unit selesai direviu: rilis hasil sementara"]
    assert (release.unit, release.detail) == ("Dinas Kesehatan", "1 dari 2 unit selesai direviu")
    assert release.url == reverse("evaluations:review-period", args=["kota-kendari", period.pk])
    assert "terlambat" in page


def test_the_pimpinan_sees_what_is_published_and_what_is_pending(
    client, period, assessment, leader, opd_operator, opd_head
):
    to_desk_review(assessment, operator=opd_operator, head=opd_head, answers=ANSWERS)
    client.force_login(leader)
    response = client.get(reverse("home"))
    assert response.context["published"] == []
    [pending] = response.context["pending"]
    assert (pending.period, pending.units, pending.submitted, pending.reviewed) == (period, 2, 1, 0)
    body = " ".join(response.content.decode().split())
    assert "<dt>Diajukan oleh OPD</dt><dd>1 dari 2</dd>" in body
    assert reverse("evaluations:progress", args=["kota-kendari", period.pk]) in body
    assert "Belum ada evaluasi yang dipublikasikan." in body
