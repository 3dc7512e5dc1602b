"""URL patterns of the review side of evaluations; owned by one engineer, included by ../urls.py."""

urlpatterns: list = []
