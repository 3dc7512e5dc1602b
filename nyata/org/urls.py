from django.urls import path

from nyata.org.views import account, imports, people, system, units

app_name = "org"

urlpatterns = [
    path("akun/", account.account, name="account"),
    path("akun/kata-sandi/", account.PasswordChange.as_view(), name="password-change"),
    path("akun/lupa-sandi/", account.PasswordReset.as_view(), name="password-reset"),
    path("akun/lupa-sandi/terkirim/", account.PasswordResetDone.as_view(), name="password-reset-done"),
    path(
        "akun/atur-sandi/<uidb64>/<token>/",
        account.PasswordResetConfirm.as_view(),
        name="password-reset-confirm",
    ),
    path("akun/atur-sandi/selesai/", account.PasswordResetComplete.as_view(), name="password-reset-complete"),
    path("akun/dua-langkah/aktifkan/", account.two_factor_enrol, name="two-factor-enrol"),
    path(
        "akun/dua-langkah/kode-cadangan/", account.two_factor_recovery_codes, name="two-factor-recovery-codes"
    ),
    path("akun/dua-langkah/verifikasi/", account.two_factor_verify, name="two-factor-verify"),
    path("akun/dua-langkah/nonaktifkan/", account.two_factor_disable, name="two-factor-disable"),
    path("i/<str:instansi>/unit/", units.unit_list, name="unit-list"),
    path("i/<str:instansi>/unit/baru/", units.unit_create, name="unit-create"),
    path("i/<str:instansi>/unit/<int:pk>/", units.unit_detail, name="unit-detail"),
    path("i/<str:instansi>/unit/<int:pk>/ubah/", units.unit_edit, name="unit-edit"),
    path("i/<str:instansi>/unit/<int:pk>/riwayat/", units.unit_history, name="unit-history"),
    path("i/<str:instansi>/unit/<int:pk>/predikat/", units.unit_award_add, name="unit-award-add"),
    path(
        "i/<str:instansi>/unit/<int:pk>/predikat/<int:award_pk>/hapus/",
        units.unit_award_remove,
        name="unit-award-remove",
    ),
    path("i/<str:instansi>/pegawai/", people.person_list, name="person-list"),
    path("i/<str:instansi>/pegawai/baru/", people.person_create, name="person-create"),
    path("i/<str:instansi>/pegawai/<int:pk>/", people.person_detail, name="person-detail"),
    path("i/<str:instansi>/pegawai/<int:pk>/ubah/", people.person_edit, name="person-edit"),
    path("i/<str:instansi>/pegawai/<int:pk>/riwayat/", people.person_history, name="person-history"),
    path(
        "i/<str:instansi>/pegawai/<int:pk>/kata-sandi/", people.person_issue_password, name="person-password"
    ),
    path(
        "i/<str:instansi>/pegawai/<int:pk>/dua-langkah/hapus/",
        people.person_reset_two_factor,
        name="person-two-factor-reset",
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
