"""URL patterns of the OPD side of evaluations: the worksheet, evidence, submission and the head's decision.

Included under /i/<instansi>/evaluasi/ by ../urls.py; every view takes `instansi` first.
"""

from django.urls import path

from nyata.evaluations.views import evidence, submission, survey_feed, worksheet
from nyata.evidence.views import download

ASSESSMENT = "periode/<int:period>/penilaian/<int:pk>/"

urlpatterns = [
    path(ASSESSMENT, worksheet.worksheet, name="worksheet"),
    path(f"{ASSESSMENT}indikator/<str:code>/jawaban/", worksheet.answer_save, name="answer-save"),
    path(f"{ASSESSMENT}indikator/<str:code>/data-dukung/", evidence.evidence_upload, name="evidence-upload"),
    path(f"{ASSESSMENT}data-dukung/tarik/", evidence.evidence_withdraw, name="evidence-withdraw"),
    path(f"{ASSESSMENT}kirim/", submission.submit, name="submit"),
    path(f"{ASSESSMENT}skm/", survey_feed.survey_refresh, name="survey-refresh"),
    path(f"{ASSESSMENT}persetujuan/", submission.head_decision, name="head-decision"),
    path("data-dukung/<int:evidence>/unduh/", download, name="evidence-download"),
]
