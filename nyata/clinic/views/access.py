"""What every clinic view needs first: the instansi, through org's permission-checked getter."""

from django.http import HttpRequest

from nyata.org import queries as org_queries
from nyata.org.models import Instansi


def instansi_for(request: HttpRequest, instansi: str) -> Instansi:
    return org_queries.get_instansi_for_user(request.user, instansi)


def uploads(request: HttpRequest) -> list:
    return request.FILES.getlist("files")
