from django.urls import path

from nyata.followups import views

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
