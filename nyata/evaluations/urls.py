"""Evaluation periods under the instansi: /i/<instansi>/evaluasi/..."""

from nyata.evaluations.routes import admin, opd, review

app_name = "evaluations"
urlpatterns = [*opd.urlpatterns, *review.urlpatterns, *admin.urlpatterns]
