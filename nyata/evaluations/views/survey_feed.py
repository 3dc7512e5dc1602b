"""The OPD operator's request to refresh the answers filled from a source (the unit's satisfaction survey,
an outside figure: nyata.evaluations.feeds)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.feeds import fill_from_sources
from nyata.evaluations.queries.worksheet import editing
from nyata.evaluations.views.access import assessment_for
from nyata.evaluations.views.worksheet import worksheet_url
from nyata.org.rules import require


@login_required
@require_POST
def feed_refresh(request: HttpRequest, instansi: str, period: int, pk: int) -> HttpResponse:
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    back = worksheet_url(assessment, indicator=request.POST.get("indicator", "")[:40])
    require(request.user, "evaluations.answer", assessment)
    editable, reason = editing(request.user, assessment)
    if not editable:
        messages.error(request, reason or _("The worksheet cannot be changed at this stage."))
        return redirect(back)
    try:
        changed = fill_from_sources(assessment=assessment, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        if changed:
            messages.success(
                request, _("Updated from their sources: %(codes)s.") % {"codes": ", ".join(changed)}
            )
        else:
            messages.info(request, _("The figures of the sources have not changed."))
    return redirect(back)
