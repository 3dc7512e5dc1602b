"""The Inspektorat admin's pages: the LHE's letterhead, texts and signature block; who took which document."""

from dataclasses import asdict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nyata.org import rules
from nyata.reports.actions import save_settings
from nyata.reports.forms import SettingsForm
from nyata.reports.queries import access
from nyata.reports.queries.texts import texts_of
from nyata.reports.views.refusal import refused


def _initial(instansi) -> dict:
    texts = asdict(texts_of(instansi))
    initial = {name: texts[name] for name in SettingsForm.base_fields if name in texts}
    initial["letterhead_lines"] = "\n".join(texts["letterhead_lines"])
    initial["extra_basis"] = "\n".join(texts["extra_basis"])
    return initial


@login_required
def settings_page(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = access.instansi_for(request.user, instansi)
    if not rules.has_perm(request.user, "reports.manage_settings", instansi_obj):
        return refused(
            request,
            instansi=instansi_obj,
            title=_("LHE settings"),
            reason=_(
                "The letterhead and the fixed texts of the LHE are set by the Inspektorat administrator."
            ),
        )
    texts = texts_of(instansi_obj)
    if request.method == "POST":
        form = SettingsForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                save_settings(
                    instansi=instansi_obj,
                    texts=form.texts(),
                    letterhead=form.cleaned_data["letterhead"],
                    remove_letterhead=form.cleaned_data["remove_letterhead"],
                    by=request.user,
                )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                messages.success(request, _("The LHE settings are saved; new documents use them."))
                return redirect("reports:settings", instansi=instansi_obj.code)
        status = 400
    else:
        form, status = SettingsForm(initial=_initial(instansi_obj)), 200
    return render(
        request,
        "reports/settings.html",
        {"instansi": instansi_obj, "form": form, "has_letterhead": texts.letterhead is not None},
        status=status,
    )


@login_required
def downloads_page(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = access.instansi_for(request.user, instansi)
    if not rules.has_perm(request.user, "reports.view_downloads", instansi_obj):
        return refused(
            request,
            instansi=instansi_obj,
            title=_("Documents taken"),
            reason=_("The trail of documents taken is read by the Inspektorat administrator."),
        )
    page = Paginator(access.downloads_of(instansi_obj), 50).get_page(request.GET.get("halaman"))
    return render(request, "reports/downloads.html", {"instansi": instansi_obj, "page": page})
