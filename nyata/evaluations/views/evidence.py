"""Uploading, replacing and withdrawing evidence from the worksheet (the OPD operator, in self-assessment)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.evidence import Attached, attach_files_to, attach_link_to, withdraw_evidence
from nyata.evaluations.forms.opd import EvidenceForm, target_value
from nyata.evaluations.instrument import definition_for, indicators_of
from nyata.evaluations.models import Evidence
from nyata.evaluations.queries.worksheet import RowState, build_row, same_items
from nyata.evaluations.views.access import assessment_for
from nyata.evaluations.views.worksheet import TEMPLATE, oob_context, place_of, render_page, worksheet_url
from nyata.org.rules import require


def _duplicate_notices(attached: list[Attached]) -> list[str]:
    notices, seen = [], set()
    for entry in attached:
        if entry.duplicates and entry.evidence.sha256 not in seen:
            seen.add(entry.evidence.sha256)  # one notice per file, however many items it went to
            places = ", ".join(
                f"{other.indicator}{' / ' + other.item if other.item else ''}" for other in entry.duplicates
            )
            notices.append(
                _("%(name)s is the same file as one already attached at %(places)s; it was added here too.")
                % {"name": entry.evidence.name, "places": places}
            )
    return notices


def _respond(
    request, assessment, node, state: RowState, *, status: int, touched: tuple[str, ...] = ()
) -> HttpResponse:
    if request.htmx:
        # htmx swaps 2xx only: a refusal is a 200 whose fragment says why, next to the item.
        row = build_row(assessment, node)
        row.state = state
        context = oob_context(request, assessment, row)
        # Other indicators the upload also proved, where the page shows them, are refreshed too.
        nodes = indicators_of(assessment.period.instrument)
        others = [code for code in touched if code != node.code and code in context["on_page"]]
        context["rows"] = [row, *(build_row(assessment, nodes[code]) for code in others)]
        return render(request, f"{TEMPLATE}#evidence_response", context)
    if status == 200:
        for notice in state.notices:
            messages.warning(request, notice)
        return redirect(worksheet_url(assessment, indicator=node.code))
    return render_page(
        request, assessment, states={node.code: state}, status=status, place=place_of(assessment, node.code)
    )


def _choices(assessment, node) -> list[str]:
    """The targets this indicator's upload box may tick: its own items and same-titled items elsewhere."""
    own = [target_value(node.code, item.code) for item in node.evidence] or [target_value(node.code, "")]
    definition = definition_for(assessment.period)
    return own + [
        target_value(other.code, item.code)
        for places in same_items(definition, node).values()
        for other, item in places
    ]


def _attach(request, assessment, node, form: EvidenceForm) -> list[Attached]:
    """Validate the upload box and call the action; every refusal is a ValidationError saying why."""
    if not form.is_valid():
        raise ValidationError(form.problems())
    data = form.cleaned_data
    replaces = None
    if data["replaces"]:
        replaces = Evidence.objects.filter(assessment=assessment, pk=data["replaces"]).first()
        if replaces is None:
            raise ValidationError(_("The file to be replaced is no longer there; reload the page."))
    uploads = request.FILES.getlist("files")
    common = {
        "assessment": assessment,
        "targets": form.chosen_targets(node.code),
        "effective_date": data["effective_date"],
        "by": request.user,
    }
    if uploads:
        return attach_files_to(uploads=uploads, replaces=replaces, **common)
    if data["url"].strip():
        return attach_link_to(url=data["url"], name=data["title"], **common)
    raise ValidationError({"file": _("Choose a file to upload, or enter a link.")})


@login_required
@require_POST
def evidence_upload(request: HttpRequest, instansi: str, period: int, pk: int, code: str) -> HttpResponse:
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evidence.attach", assessment)
    node = indicators_of(assessment.period.instrument).get(code)
    if node is None:
        raise Http404
    form = EvidenceForm(request.POST, choices=_choices(assessment, node))
    state = RowState()
    try:
        attached = _attach(request, assessment, node, form)
    except ValidationError as error:
        state.evidence_errors = error.messages
        return _respond(request, assessment, node, state, status=400)
    state.notices = _duplicate_notices(attached)
    files = len({entry.evidence.sha256 or entry.evidence.url for entry in attached})
    items = len({(entry.evidence.indicator, entry.evidence.item) for entry in attached})
    what = ngettext("%(count)d piece of evidence", "%(count)d pieces of evidence", files) % {"count": files}
    state.attached = (
        _("%(what)s attached to %(items)d checklist items.") % {"what": what, "items": items}
        if items > 1
        else _("%(what)s attached.") % {"what": what}
    )
    if not request.htmx:
        messages.success(request, state.attached)
    touched = tuple(dict.fromkeys(entry.evidence.indicator for entry in attached))
    return _respond(request, assessment, node, state, status=200, touched=touched)


@login_required
@require_POST
def evidence_withdraw(request: HttpRequest, instansi: str, period: int, pk: int) -> HttpResponse:
    """One form per indicator; each file's button sends its own id as `evidence`."""
    _instansi, assessment = assessment_for(request, instansi, period, pk)
    require(request.user, "evidence.attach", assessment)
    try:
        evidence = int(request.POST.get("evidence", ""))
    except ValueError:
        raise Http404 from None
    found = Evidence.objects.filter(assessment=assessment, pk=evidence).first()
    if found is None:
        raise Http404
    node = indicators_of(assessment.period.instrument).get(found.indicator)
    if node is None:
        raise Http404
    found.assessment = assessment  # the copy with its period and instrument already read
    state = RowState()
    try:
        withdraw_evidence(evidence=found, by=request.user)
    except ValidationError as error:
        state.evidence_errors = error.messages
        return _respond(request, assessment, node, state, status=400)
    if not request.htmx:
        messages.success(request, _("%(name)s was taken off the checklist.") % {"name": found.name})
    return _respond(request, assessment, node, state, status=200)
