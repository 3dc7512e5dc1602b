from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from nyata.notifications import actions, queries


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(queries.notifications_for_user(request.user), 50).get_page(request.GET.get("page"))
    return render(request, "notifications/list.html", {"page": page})


@login_required
@require_POST
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one as read and follow its link (links are our own paths; anything else goes to the list)."""
    notification = queries.get_notification_for_user(request.user, pk)
    actions.mark_read(notification=notification, by=request.user)
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    actions.mark_all_read(by=request.user)
    return redirect("notifications:list")
