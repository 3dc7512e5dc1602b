from django.urls import path

from nyata.org.views import imports, people, system, units

app_name = "org"

urlpatterns = [
    path("i/<str:instansi>/unit/", units.unit_list, name="unit-list"),
    path("i/<str:instansi>/unit/baru/", units.unit_create, name="unit-create"),
    path("i/<str:instansi>/unit/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("i/<str:instansi>/unit/<int:pk>/ubah/", units.unit_edit, name="unit-edit"),
    path("i/<str:instansi>/unit/<int:pk>/riwayat/", units.unit_history, name="unit-history"),
    path("i/<str:instansi>/pegawai/", people.person_list, name="person-list"),
    path("i/<str:instansi>/pegawai/baru/", people.person_create, name="person-create"),
    path("i/<str:instansi>/pegawai/<int:pk>/", people.person_detail, name="person-detail"),
    path("i/<str:instansi>/pegawai/<int:pk>/ubah/", people.person_edit, name="person-edit"),
    path("i/<str:instansi>/pegawai/<int:pk>/riwayat/", people.person_history, name="person-history"),
    path(
        "i/<str:instansi>/pegawai/<int:pk>/kata-sandi/", people.person_issue_password, name="person-password"
    ),
    path("i/<str:instansi>/pegawai/<int:pk>/peran/", people.role_add, name="role-add"),
    path(
        "i/<str:instansi>/pegawai/<int:pk>/peran/<int:membership_pk>/hapus/",
        people.role_remove,
        name="role-remove",
    ),
    path("i/<str:instansi>/impor/", imports.import_page, name="import"),
    path(
        "i/<str:instansi>/impor/templat/<str:kind>.<str:fmt>", imports.import_template, name="import-template"
    ),
    path("sistem/instansi/", system.instansi_list, name="instansi-list"),
    path("sistem/instansi/baru/", system.instansi_create, name="instansi-create"),
]
