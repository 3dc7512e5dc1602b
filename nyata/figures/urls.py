"""Outside figures under the instansi: /i/<instansi>/angka/..."""

from django.urls import path

from nyata.figures import views

app_name = "figures"

urlpatterns = [
    path("", views.index, name="index"),
    path("catat/", views.record, name="record"),
    path("impor/", views.import_table, name="import"),
    path("bandingkan/", views.compare, name="compare"),
    path("<int:pk>/dokumen/", views.document, name="document"),
    path("jenis/", views.kinds, name="kinds"),
    path("jenis/<int:pk>/", views.kind_edit, name="kind"),
    path("jenis/<int:pk>/hapus/", views.kind_delete, name="kind-delete"),
]
