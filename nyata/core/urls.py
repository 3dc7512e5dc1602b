from django.urls import path

from nyata.core import views

app_name = "core"
urlpatterns = [
    path("sehat/", views.health, name="health"),
]
