"""Long lists are read one page at a time: the number comes as ?halaman= and a wrong one shows the nearest
page (Django's get_page), never an error. The links: core/pager.html."""

from django.core.paginator import Page, Paginator
from django.http import HttpRequest

PARAM = "halaman"


def page_of(request: HttpRequest, items, per_page: int) -> Page:
    """The requested page of `items` (a queryset is read with LIMIT/OFFSET and one COUNT)."""
    return Paginator(items, per_page).get_page(request.GET.get(PARAM))
