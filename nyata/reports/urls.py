"""Reports under the instansi: /i/<instansi>/laporan/... Every view takes `instansi` first."""

from django.urls import path, re_path

from nyata.reports.views import admin, dashboard, files

app_name = "reports"
PERIOD = "periode/<int:period>/"
UNIT = "periode/<int:period>/unit/<int:assessment>/"
# The same routes as regular expressions, for the documents whose format is part of the name.
PERIOD_RE = r"^periode/(?P<period>[0-9]+)/"
UNIT_RE = PERIOD_RE + r"unit/(?P<assessment>[0-9]+)/"

urlpatterns = [
    path("", dashboard.dashboard_page, name="dashboard"),
    path(UNIT, dashboard.unit_page, name="unit"),
    re_path(UNIT_RE + r"lhe\.(?P<file_format>pdf|docx)$", files.lhe, name="lhe"),
    path(f"{UNIT}lke.xlsx", files.worksheet, name="worksheet"),
    path(f"{PERIOD}dokumen/", files.documents_page, name="documents"),
    re_path(PERIOD_RE + r"rekap\.(?P<file_format>pdf|docx|xlsx)$", files.recap, name="recap"),
    re_path(PERIOD_RE + r"peringkat\.(?P<file_format>csv|xlsx)$", files.ranking, name="ranking"),
    path(f"{PERIOD}dokumen/buat/", files.generate, name="generate"),
    path("berkas/<int:file>/", files.job, name="job"),
    path("berkas/<int:file>/unduh/", files.job_download, name="job-download"),
    path("pengaturan/", admin.settings_page, name="settings"),
    path("unduhan/", admin.downloads_page, name="downloads"),
]
