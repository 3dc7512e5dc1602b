from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from nyata.org import actions, queries
from nyata.org.forms import InstansiForm
from nyata.org.models import Instansi
from nyata.org.rules import require


@login_required
def instansi_list(request: HttpRequest) -> HttpResponse:
    require(request.user, "org.manage_system")
    rows = queries.instansi_overview(Instansi.objects.all())
    return render(request, "org/instansi_list.html", {"instansi_rows": rows})


@login_required
def instansi_create(request: HttpRequest) -> HttpResponse:
    require(request.user, "org.manage_system")
    form = InstansiForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            instansi = actions.save_instansi(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Instansi %(name)s created.") % {"name": instansi.name})
            return redirect("org:instansi-list")
    context = {"form": form, "heading": _("New instansi"), "back_url": reverse("org:instansi-list")}
    return render(request, "core/form.html", context)
