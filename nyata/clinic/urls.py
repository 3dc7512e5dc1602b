"""The clinic under the instansi: /i/<instansi>/klinik/... Every view takes `instansi` first."""

from django.urls import path

from nyata.clinic.views import asistensi, desk, faq, resep, sessions

app_name = "clinic"

urlpatterns = [
    path("", desk.home, name="home"),
    path("tanya/", desk.ask, name="ask"),
    path("meja/", desk.overview, name="overview"),
    path("pertanyaan/<int:pk>/", desk.question, name="question"),
    path("pertanyaan/<int:pk>/balas/", desk.reply, name="reply"),
    path("pertanyaan/<int:pk>/lampiran/<int:attachment>/", desk.attachment, name="attachment"),
    path("pertanyaan/<int:pk>/terbitkan/", faq.publish, name="publish"),
    path("faq/", faq.faq, name="faq"),
    path("materi/periode/<int:period>/<slug:area>.pdf", faq.material, name="material-pdf"),
    path(
        "asistensi/periode/<int:period>/unit/<int:assessment>/",
        asistensi.request_page,
        name="asistensi-request",
    ),
    path("asistensi/<int:pk>/", asistensi.detail, name="asistensi"),
    path("asistensi/<int:pk>/komentar/", asistensi.comment, name="asistensi-comment"),
    path("asistensi/<int:pk>/tutup/", asistensi.close, name="asistensi-close"),
    path("sesi/", sessions.session_list, name="sessions"),
    path("sesi/baru/", sessions.schedule, name="schedule"),
    path("sesi/<int:pk>/", sessions.session, name="session"),
    path("sesi/<int:pk>/hadir/", sessions.attendance, name="attendance"),
    path("sesi/<int:pk>/notulen/", sessions.minutes, name="minutes"),
    path("sesi/<int:pk>/materi/", sessions.materials, name="materials"),
    path("sesi/<int:pk>/materi/<int:material>/", sessions.material, name="material"),
    path("sesi/<int:pk>/undangan.ics", sessions.calendar_file, name="calendar"),
    path("sesi/<int:pk>/daftar-hadir.pdf", sessions.attendance_pdf, name="attendance-pdf"),
    path("resep/<int:unit>/", resep.resep, name="resep"),
    path("resep/<int:unit>/resep.pdf", resep.resep_pdf, name="resep-pdf"),
]
