"""URL patterns of the opd side of evaluations; owned by one engineer, included by ../urls.py."""

urlpatterns: list = []
