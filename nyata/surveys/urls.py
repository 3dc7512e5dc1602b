from django.urls import path

from nyata.surveys.views import public, results

app_name = "surveys"

urlpatterns = [
    path("s/<str:code>/", public.survey, name="survey"),
    path("s/<str:code>/terima-kasih/", public.thanks, name="thanks"),
    path("i/<str:instansi>/skm/", results.overview, name="overview"),
    path("i/<str:instansi>/skm/unit/<int:pk>/", results.unit_results, name="unit"),
    path("i/<str:instansi>/skm/unit/<int:pk>/layanan/baru/", results.service_create, name="service-create"),
    path("i/<str:instansi>/skm/layanan/<int:pk>/", results.service_results, name="service"),
    path("i/<str:instansi>/skm/layanan/<int:pk>/ubah/", results.service_edit, name="service-edit"),
    path(
        "i/<str:instansi>/skm/tanggapan/<int:pk>/keputusan/", results.response_decide, name="response-decide"
    ),
    path("i/<str:instansi>/skm/periode/baru/", results.period_create, name="period-create"),
]
