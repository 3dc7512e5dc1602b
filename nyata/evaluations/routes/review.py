"""URL patterns of the review side of evaluations; owned by one engineer, included by ../urls.py.

Under /i/<instansi>/evaluasi/: the Inspektorat's tiered review, the evaluator teams, the pengampu
verification, clarification requests and appeals (sanggah)."""

from django.urls import path

from nyata.evaluations.views import review_pengampu, review_period, review_responses, review_sheet

ASSESSMENT = "periode/<int:period>/penilaian/<int:assessment>/"

urlpatterns = [
    path("periode/<int:period>/reviu/", review_period.review_period, name="review-period"),
    path("periode/<int:period>/reviu/rilis/", review_period.release, name="review-release"),
    path("periode/<int:period>/tim/", review_period.team_page, name="team-page"),
    path("periode/<int:period>/tim/tambah/", review_period.team_assign, name="team-assign"),
    path("periode/<int:period>/tim/<int:member>/hapus/", review_period.team_remove, name="team-remove"),
    path(f"{ASSESSMENT}reviu/", review_sheet.review_page, name="review-assessment"),
    path(f"{ASSESSMENT}reviu/indikator/<str:indicator>/", review_sheet.review_save, name="review-save"),
    path(f"{ASSESSMENT}reviu/alur/<str:move>/", review_sheet.review_move, name="review-move"),
    path(f"{ASSESSMENT}reviu/klarifikasi/", review_sheet.clarification_ask, name="clarification-ask"),
    path("periode/<int:period>/verifikasi/", review_pengampu.verification_list, name="verification-list"),
    path(
        "periode/<int:period>/verifikasi/<int:assessment>/<str:indicator>/",
        review_pengampu.verification_save,
        name="verification-save",
    ),
    path("klarifikasi/", review_responses.clarification_list, name="clarification-list"),
    path("klarifikasi/<int:pk>/jawab/", review_responses.clarification_answer, name="clarification-answer"),
    path("klarifikasi/<int:pk>/tutup/", review_responses.clarification_close, name="clarification-close"),
    path(f"{ASSESSMENT}sanggah/", review_responses.appeal_page, name="appeal-page"),
    path(f"{ASSESSMENT}sanggah/ajukan/", review_responses.appeal_file, name="appeal-file"),
    path(f"{ASSESSMENT}sanggah/<int:appeal>/putuskan/", review_responses.appeal_decide, name="appeal-decide"),
]
