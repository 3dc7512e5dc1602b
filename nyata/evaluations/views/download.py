"""The one way evidence files leave the server: a permission-checked download, always as an attachment."""

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest
from django.views.decorators.http import require_GET

from nyata.evaluations.models import Evidence
from nyata.evaluations.queries.evidence import get_evidence_for_user
from nyata.org.queries import get_instansi_for_user


@login_required
@require_GET
def download(request: HttpRequest, instansi: str, evidence: int) -> FileResponse:
    instansi_obj = get_instansi_for_user(request.user, instansi)
    found = get_evidence_for_user(request.user, instansi_obj, evidence)
    if found.kind != Evidence.Kind.FILE:
        raise Http404  # a link is followed where it points; there is nothing here to download
    try:
        handle = found.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    # Never rendered by the browser: an uploaded file must not run as a page of this site.
    response = FileResponse(
        handle, as_attachment=True, filename=found.name, content_type=found.content_type or None
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "sandbox; default-src 'none'"
    return response
