from django.urls import path

from nyata.surveys.views import complaints, data, distribution, paper, public, results, summary

app_name = "surveys"

# The citizens' paths come first: they are the busiest, and URL resolution tries patterns in order.
urlpatterns = [
    path("s/<str:code>/", public.survey, name="survey"),
    path("s/<str:code>/terima-kasih/", public.thanks, name="thanks"),
    path("s/<str:code>/kios/<str:token>/", public.kiosk_survey, name="kiosk"),
    path("s/<str:code>/kios/<str:token>/terima-kasih/", public.kiosk_thanks, name="kiosk-thanks"),
    path("skm/<str:instansi>/<str:unit>/", summary.public_summary, name="public-summary"),
    path("i/<str:instansi>/skm/", results.overview, name="overview"),
    path("i/<str:instansi>/skm/unit/<int:pk>/", results.unit_results, name="unit"),
    path("i/<str:instansi>/skm/unit/<int:pk>/layanan/baru/", results.service_create, name="service-create"),
    path("i/<str:instansi>/skm/unit/<int:pk>/ekspor.<str:fmt>", data.export, name="export"),
    path("i/<str:instansi>/skm/unit/<int:pk>/pengaduan/", complaints.complaint_list, name="complaints"),
    path("i/<str:instansi>/skm/unit/<int:pk>/publik/", summary.toggle_public_summary, name="public-toggle"),
    path(
        "i/<str:instansi>/skm/pengaduan/<int:pk>/tanggapan/",
        complaints.complaint_reply,
        name="complaint-reply",
    ),
    path("i/<str:instansi>/skm/layanan/<int:pk>/", results.service_results, name="service"),
    path("i/<str:instansi>/skm/layanan/<int:pk>/ubah/", results.service_edit, name="service-edit"),
    path("i/<str:instansi>/skm/layanan/<int:pk>/impor/", data.import_paper, name="import"),
    path("i/<str:instansi>/skm/layanan/<int:pk>/qr.<str:fmt>", distribution.qr_code, name="qr"),
    path("i/<str:instansi>/skm/layanan/<int:pk>/poster.pdf", distribution.poster, name="poster"),
    path(
        "i/<str:instansi>/skm/tanggapan/<int:pk>/keputusan/", results.response_decide, name="response-decide"
    ),
    path("i/<str:instansi>/skm/periode/baru/", results.period_create, name="period-create"),
    path("i/<str:instansi>/skm/berkas-kertas/", paper.paper_imports, name="paper-imports"),
    path("i/<str:instansi>/skm/berkas-kertas/<int:pk>/", paper.paper_import, name="paper-import"),
]
