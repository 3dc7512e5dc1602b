"""URL patterns of the admin side of evaluations; owned by one engineer, included by ../urls.py."""

urlpatterns: list = []
