from django.urls import path

from nyata.followups import plan_views, views

app_name = "followups"
ITEM = "butir/<int:item>/"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("periode/<int:period>/buka/", views.open_period, name="open"),
    path("periode/<int:period>/opd/<int:unit>/", views.unit_page, name="unit"),
    path(ITEM, views.item_page, name="item"),
    path(f"{ITEM}laporan/", views.item_report, name="report"),
    path(f"{ITEM}penanggung-jawab/", views.item_owner, name="owner"),
    path(f"{ITEM}tenggat/", views.item_due, name="due"),
    path(f"{ITEM}verifikasi/", views.item_verify, name="verify"),
    path(f"{ITEM}kembalikan/", views.item_return, name="return"),
    path(f"{ITEM}persetujuan/", views.item_decide, name="decide"),
    path(f"{ITEM}bukti/<int:attachment>/", views.attachment_download, name="attachment"),
]

PLAN = "rencana-aksi/<int:plan>/"
urlpatterns += [
    path("rencana-aksi/", plan_views.plans_page, name="plans"),
    path("rencana-aksi/baru/", plan_views.plan_create, name="plan-create"),
    path(PLAN, plan_views.plan_page, name="plan"),
    path(f"{PLAN}kegiatan/", plan_views.activity_save, name="activity-save"),
    path(f"{PLAN}kegiatan/<int:activity>/", plan_views.activity_edit, name="activity-edit"),
    path(f"{PLAN}kegiatan/<int:activity>/hapus/", plan_views.activity_delete, name="activity-delete"),
    path(f"{PLAN}ajukan/", plan_views.plan_submit, name="plan-submit"),
    path(f"{PLAN}reviu/", plan_views.plan_review, name="plan-review"),
    path(f"{PLAN}realisasi/", plan_views.realisation_save, name="realisation-save"),
    path(f"{PLAN}reviu-triwulan/", plan_views.desk_review_save, name="desk-review-save"),
    path(f"{PLAN}impor/", plan_views.plan_import, name="plan-import"),
    path(f"{PLAN}ekspor.xlsx", plan_views.plan_export, name="plan-export"),
]
