"""URL patterns of the admin and results side of evaluations; owned by one engineer, included by ../urls.py.

Under /i/<instansi>/evaluasi/: periods and their windows, finalisation, results, ranking, progress and the
timeline of an assessment."""

from django.urls import path

from nyata.evaluations.views import periods, results, timeline

PERIOD = "periode/<int:period>/"
ASSESSMENT = "periode/<int:period>/penilaian/<int:assessment>/"

urlpatterns = [
    path("", periods.period_list, name="period-list"),
    path("periode/baru/", periods.period_create, name="period-create"),
    path(PERIOD, periods.period_detail, name="period-detail"),
    path(f"{PERIOD}jadwal/", periods.period_windows, name="period-windows"),
    path(f"{PERIOD}perpanjangan/", periods.window_extend, name="window-extend"),
    path(f"{PERIOD}finalisasi/", results.finalise_page, name="finalise"),
    path(f"{PERIOD}peringkat/", results.ranking_page, name="ranking"),
    path(f"{PERIOD}kemajuan/", results.progress_page, name="progress"),
    path(f"{ASSESSMENT}hasil/", results.result_page, name="result"),
    path(f"{ASSESSMENT}hasil/temuan/", results.finding_save, name="finding-save"),
    path(f"{ASSESSMENT}linimasa/", timeline.timeline_page, name="timeline"),
]
