"""Evaluation periods under the instansi: /i/<instansi>/evaluasi/... Every view takes `instansi` first."""

from django.urls import path

from nyata.evaluations.views import (
    closing,
    download,
    evidence,
    notes,
    periods,
    responses,
    results,
    review,
    review_period,
    submission,
    survey_feed,
    timeline,
    verification,
    worksheet,
)

app_name = "evaluations"
PERIOD = "periode/<int:period>/"
ASSESSMENT = "periode/<int:period>/penilaian/<int:assessment>/"
# The OPD's pages name the assessment `pk`.
WORKSHEET = "periode/<int:period>/penilaian/<int:pk>/"

urlpatterns = [
    # The OPD: the worksheet, evidence, submission and the head's decision.
    path(WORKSHEET, worksheet.worksheet, name="worksheet"),
    path(f"{WORKSHEET}indikator/<str:code>/jawaban/", worksheet.answer_save, name="answer-save"),
    path(f"{WORKSHEET}indikator/<str:code>/data-dukung/", evidence.evidence_upload, name="evidence-upload"),
    path(f"{WORKSHEET}data-dukung/tarik/", evidence.evidence_withdraw, name="evidence-withdraw"),
    path(f"{WORKSHEET}kirim/", submission.submit, name="submit"),
    path(f"{WORKSHEET}sumber/", survey_feed.feed_refresh, name="feed-refresh"),
    path(f"{WORKSHEET}skm/", survey_feed.feed_refresh, name="survey-refresh"),
    path(f"{WORKSHEET}persetujuan/", submission.head_decision, name="head-decision"),
    path(f"{WORKSHEET}indikator/<str:code>/catatan/", notes.head_note, name="head-note"),
    path("data-dukung/<int:evidence>/unduh/", download.download, name="evidence-download"),
    # The Inspektorat's tiered review, the evaluator teams, the pengampu verification, clarification requests
    # and appeals (sanggah).
    path("periode/<int:period>/reviu/", review_period.review_period, name="review-period"),
    path("periode/<int:period>/reviu/rilis/", review_period.release, name="review-release"),
    path("periode/<int:period>/tim/", review_period.team_page, name="team-page"),
    path("periode/<int:period>/tim/tambah/", review_period.team_assign, name="team-assign"),
    path("periode/<int:period>/tim/<int:member>/hapus/", review_period.team_remove, name="team-remove"),
    path(f"{ASSESSMENT}reviu/", review.review_page, name="review-assessment"),
    path(f"{ASSESSMENT}reviu/indikator/<str:indicator>/", review.review_save, name="review-save"),
    path(f"{ASSESSMENT}reviu/alur/<str:move>/", review.review_move, name="review-move"),
    path(f"{ASSESSMENT}reviu/klarifikasi/", review.clarification_ask, name="clarification-ask"),
    path("periode/<int:period>/verifikasi/", verification.verification_list, name="verification-list"),
    path(
        "periode/<int:period>/verifikasi/<int:assessment>/semua-valid/",
        verification.verification_all,
        name="verification-all",
    ),
    path(
        "periode/<int:period>/verifikasi/<int:assessment>/<str:indicator>/",
        verification.verification_save,
        name="verification-save",
    ),
    path("klarifikasi/", responses.clarification_list, name="clarification-list"),
    path("klarifikasi/<int:pk>/jawab/", responses.clarification_answer, name="clarification-answer"),
    path("klarifikasi/<int:pk>/tutup/", responses.clarification_close, name="clarification-close"),
    path(f"{ASSESSMENT}sanggah/", responses.appeal_page, name="appeal-page"),
    path(f"{ASSESSMENT}sanggah/ajukan/", responses.appeal_file, name="appeal-file"),
    path(f"{ASSESSMENT}sanggah/<int:appeal>/putuskan/", responses.appeal_decide, name="appeal-decide"),
    # Periods and their windows, finalisation, results, ranking, progress and the timeline.
    path("", periods.period_list, name="period-list"),
    path("periode/baru/", periods.period_create, name="period-create"),
    path(PERIOD, periods.period_detail, name="period-detail"),
    path(f"{PERIOD}jadwal/", periods.period_windows, name="period-windows"),
    path(f"{PERIOD}perpanjangan/", periods.window_extend, name="window-extend"),
    path(f"{PERIOD}tema/", periods.period_themes, name="period-themes"),
    path(f"{PERIOD}finalisasi/", closing.finalise_page, name="finalise"),
    path(f"{ASSESSMENT}tutup/", closing.unit_close, name="unit-close"),
    path(f"{PERIOD}peringkat/", results.ranking_page, name="ranking"),
    path(f"{PERIOD}kemajuan/", results.progress_page, name="progress"),
    path(f"{ASSESSMENT}hasil/", results.result_page, name="result"),
    path(f"{ASSESSMENT}hasil/temuan/", results.finding_save, name="finding-save"),
    path(f"{ASSESSMENT}linimasa/", timeline.timeline_page, name="timeline"),
]
