"""A refusal that says why, in the reader's language, on a styled page (never a bare "403 Forbidden")."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def refused(request: HttpRequest, *, title: str, reason: str, instansi=None, period=None) -> HttpResponse:
    return render(
        request,
        "reports/refused.html",
        {"title": title, "reason": reason, "instansi": instansi, "period": period},
        status=403,
    )
