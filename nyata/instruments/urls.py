from django.urls import path

from nyata.instruments.views import browse, manage, simulate

app_name = "instruments"

# Codes are `str`, not `slug`: an instansi's own instruments have a dot in their code (models.Instrument).

urlpatterns = [
    path("instrumen/", browse.instrument_list, name="list"),
    path("instrumen/unggah/", manage.upload, name="upload"),
    path("instrumen/simulasi/", simulate.choose, name="simulate-choose"),
    path("instrumen/<str:code>/banding/", browse.compare, name="compare"),
    path("instrumen/<str:code>/<str:version>/", browse.detail, name="detail"),
    path("instrumen/<str:code>/<str:version>/terbitkan/", manage.publish, name="publish"),
    path("instrumen/<str:code>/<str:version>/simulasi/", simulate.simulation, name="simulate"),
    path("instrumen/<str:code>/<str:version>/unduh.xlsx", browse.download_xlsx, name="download-xlsx"),
    path("instrumen/<str:code>/<str:version>/unduh.yaml", browse.download_yaml, name="download-yaml"),
]
