from django.urls import path

from nyata.notifications import views

app_name = "notifications"
urlpatterns = [
    path("notifikasi/", views.notification_list, name="list"),
    path("notifikasi/<int:pk>/buka/", views.notification_open, name="open"),
    path("notifikasi/baca-semua/", views.notification_read_all, name="read-all"),
]
