from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from nyata.home import views as home

urlpatterns = [
    # First: the citizens' survey is the busiest path, and every pattern tried before it costs time.
    path("", include("nyata.surveys.urls")),
    path("", home.home, name="home"),
    path("akun/masuk/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("akun/keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("nyata.core.urls")),
    path("", include("nyata.org.urls")),
    path("i/<str:instansi>/evaluasi/", include("nyata.evaluations.urls")),
    path("i/<str:instansi>/laporan/", include("nyata.reports.urls")),
    path("i/<str:instansi>/tindak-lanjut/", include("nyata.followups.urls")),
    path("i/<str:instansi>/klinik/", include("nyata.clinic.urls")),
    path("i/<str:instansi>/angka/", include("nyata.figures.urls")),
    path("", include("nyata.instruments.urls")),
    path("", include("nyata.notifications.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("django-admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

# Styled error pages in the person's language, each with a way back (nyata/core/errors.py).
handler400 = "nyata.core.errors.bad_request"
handler403 = "nyata.core.errors.permission_denied"
handler404 = "nyata.core.errors.page_not_found"
handler500 = "nyata.core.errors.server_error"
