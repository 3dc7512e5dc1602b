"""The tiered review of one assessment: every tier's score beside the OPD's proposal, a form for the
viewer's own tier saved per indicator (htmx, or a plain post without JS), and the hand-over buttons."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from nyata.evaluations import values
from nyata.evaluations.actions import reviews
from nyata.evaluations.actions.clarifications import ask_clarification
from nyata.evaluations.forms.review import ClarificationAskForm, ReturnForm, ReviewForm
from nyata.evaluations.models import Assessment, Review, TeamMember
from nyata.evaluations.queries import review
from nyata.evaluations.queries.periods import phase_now
from nyata.evaluations.rules import team_tiers
from nyata.evaluations.views.access import assessment_for
from nyata.evaluations.workflow import REVIEWING_STAGES, TIER_ORDER, TIER_PERMISSION
from nyata.org.rules import require

TEMPLATE = "evaluations/review/assessment.html"
Tier = TeamMember.Tier

# URL word -> (action, permission, whether a note is asked for)
MOVES = {
    "kirim-ketua": (reviews.submit_to_ketua, "evaluations.review_as_evaluator", False),
    "ketua-setuju": (reviews.approve_as_ketua, "evaluations.review_as_ketua", False),
    "ketua-kembalikan": (reviews.return_to_evaluator, "evaluations.review_as_ketua", True),
    "pengendali-setuju": (reviews.approve_as_pengendali, "evaluations.review_as_pengendali", False),
    "pengendali-kembalikan": (reviews.return_to_ketua, "evaluations.review_as_pengendali", True),
}
MOVE_DONE = {
    "kirim-ketua": gettext_lazy("Handed over to the ketua tim."),
    "ketua-setuju": gettext_lazy("Approved and handed over to the pengendali teknis."),
    "ketua-kembalikan": gettext_lazy("Returned to the evaluator."),
    "pengendali-setuju": gettext_lazy("Review approved: the final values are set."),
    "pengendali-kembalikan": gettext_lazy("Returned to the ketua tim."),
}


def _form_state(entry) -> None:
    """What the row's form shows when nobody has just posted it: the viewer's saved review, else the
    OPD's proposal as a starting point for an adjusted score."""
    own = entry.own_review
    if own is not None:
        entry.form = {"verdict": own.verdict, "note": own.note, "base_revision": own.revision}
        entry.form.update(values.form_fields(own.value))
    else:
        entry.form = {"verdict": "", "note": "", "base_revision": 0}
        entry.form.update(values.form_fields(entry.answer.value if entry.answer else None))
    entry.errors = {}


def _row_context(request: HttpRequest, instansi, assessment: Assessment, *, posted: bool = False) -> dict:
    """What one indicator's block needs, for the whole page and for an htmx swap of that block alone.

    A blocked reviewer gets no form to type into: the banner says why before any work starts. A block
    answering a refused save keeps its form, with what was typed, under the refusal: nothing is lost."""
    blocked = "" if posted else review.review_block(request.user, assessment)
    own_tier = None if blocked else review.writing_tier(request.user, assessment)
    return {
        "instansi": instansi,
        "period": assessment.period,
        "assessment": assessment,
        "blocked": blocked,
        "own_tier": own_tier,
        "own_tier_label": review.TIER_LABELS.get(own_tier, ""),
        "verdicts": Review.Verdict.choices,
    }


def _ask_codes(assessment: Assessment) -> list[tuple[str, str]]:
    return [(node.code, f"{node.code} {node.title}") for node in review.indicator_nodes(assessment)]


def _page_context(request: HttpRequest, instansi, assessment: Assessment, **extra) -> dict:
    user = request.user
    sheet = review.review_sheet(assessment, user)
    posted = extra.pop("posted", None)
    for index, entry in enumerate(sheet):
        if entry.is_heading:
            continue
        if posted is not None and entry.code == posted.code:
            sheet[index] = posted
        else:
            _form_state(entry)
    context = _row_context(request, instansi, assessment, posted=posted is not None)
    held = set() if context["blocked"] else team_tiers(user, assessment)
    is_evaluator = Tier.EVALUATOR in held
    context.update(
        {
            "phase": phase_now(assessment.period, unit_id=assessment.unit_id),
            "sheet": sheet,
            "held_tiers": [review.TIER_LABELS[t] for t in TIER_ORDER if t in team_tiers(user, assessment)],
            "team": review.team_of(assessment),
            "can_submit": is_evaluator and assessment.status == Assessment.Status.DESK_REVIEW,
            "can_ketua": Tier.KETUA_TIM in held and assessment.status == Assessment.Status.TEAM_REVIEW,
            "can_pengendali": Tier.PENGENDALI_TEKNIS in held
            and assessment.status == Assessment.Status.CONTROL_REVIEW,
            "can_ask": is_evaluator and assessment.status in REVIEWING_STAGES,
            "is_evaluator": is_evaluator,
            "return_form": extra.pop("return_form", None) or ReturnForm(),
            "ask_form": extra.pop("ask_form", None) or ClarificationAskForm(codes=_ask_codes(assessment)),
            "clarifications": review.clarifications_of(assessment),
            "can_view_appeals": assessment.released_at is not None,
        }
    )
    context.update(extra)
    return context


@login_required
def review_page(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.view_review", assessment_obj)
    return render(request, TEMPLATE, _page_context(request, instansi_obj, assessment_obj))


def _page_url(assessment: Assessment, anchor: str = "") -> str:
    url = reverse(
        "evaluations:review-assessment",
        args=[assessment.period.instansi.code, assessment.period_id, assessment.pk],
    )
    return f"{url}#{anchor}" if anchor else url


@login_required
@require_POST
def review_save(
    request: HttpRequest, instansi: str, period: int, assessment: int, indicator: str
) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.view_review", assessment_obj)
    tier = request.POST.get("tier", "")
    if tier not in TIER_PERMISSION:
        raise Http404
    # The tier is named by the form and checked here: nobody writes a tier they do not hold.
    require(request.user, TIER_PERMISSION[tier], assessment_obj)
    node = next((node for node in review.indicator_nodes(assessment_obj) if node.code == indicator), None)
    if node is None:
        raise Http404
    form = ReviewForm(request.POST, node=node)
    posted = {key: request.POST.get(key, "") for key in ("verdict", "value", "target", "realized", "note")}
    posted["base_revision"] = request.POST.get("base_revision", "0")
    saved, conflict, errors, status = None, None, {}, 200
    if form.is_valid():
        try:
            saved = reviews.save_review(
                assessment=assessment_obj,
                indicator=indicator,
                tier=tier,
                verdict=form.cleaned_data["verdict"],
                value=form.cleaned_data["stored"],
                note=form.cleaned_data["note"],
                base_revision=form.cleaned_data["base_revision"],
                by=request.user,
            )
        except reviews.StaleReview as stale:
            # Someone of the same tier saved meanwhile: show both, overwrite nothing. Saving again from here
            # is a deliberate choice, so the form now carries the current revision.
            conflict = stale.current
            posted["base_revision"] = stale.current.revision
            status = 409
        except ValidationError as error:
            errors, status = _errors_by_field(error), 400
    else:
        errors = {("all" if key == "__all__" else key): list(found) for key, found in form.errors.items()}
        status = 400
    if saved is not None and not request.htmx:
        messages.success(request, _("%(code)s saved.") % {"code": indicator})
        return redirect(_page_url(assessment_obj, f"ind-{indicator}"))
    entry = review.review_row(assessment_obj, request.user, indicator)
    if saved is not None:
        _form_state(entry)
        entry.saved = saved
    else:
        entry.form, entry.errors, entry.conflict = posted, errors, conflict
        if conflict is not None:
            entry.conflict_text = values.display(entry.node, conflict.value)
            entry.submitted_text = _submitted_text(entry.node, form)
    if request.htmx:
        # htmx swaps only successful responses by default; the block carries its own error or conflict.
        return render(
            request,
            f"{TEMPLATE}#indicator",
            {**_row_context(request, instansi_obj, assessment_obj, posted=True), "entry": entry},
        )
    context = _page_context(request, instansi_obj, assessment_obj, posted=entry)
    return render(request, TEMPLATE, context, status=status)


def _submitted_text(node, form: ReviewForm) -> str:
    if form.cleaned_data["verdict"] == Review.Verdict.AGREE:
        return _("Agree with the OPD's proposal")
    return values.display(node, form.cleaned_data["stored"])


def _errors_by_field(error: ValidationError) -> dict[str, list[str]]:
    if hasattr(error, "error_dict"):
        found = {key: ValidationError(value).messages for key, value in error.error_dict.items()}
    else:
        found = {"__all__": error.messages}
    # Templates cannot read "__all__": errors not tied to one input are shown under "all".
    found["all"] = found.pop("__all__", [])
    return found


@login_required
@require_POST
def review_move(request: HttpRequest, instansi: str, period: int, assessment: int, move: str) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    if move not in MOVES:
        raise Http404
    action, permission, with_note = MOVES[move]
    require(request.user, permission, assessment_obj)
    return_form = ReturnForm(request.POST) if with_note else None
    try:
        if return_form is not None:
            if not return_form.is_valid():
                raise ValidationError(_("Say what should be revised."))
            action(assessment=assessment_obj, note=return_form.cleaned_data["note"], by=request.user)
        else:
            action(assessment=assessment_obj, by=request.user)
    except ValidationError as error:
        context = _page_context(
            request,
            instansi_obj,
            assessment_obj,
            move_errors=error.messages,
            gaps_refused=move == "kirim-ketua",
            return_form=return_form,
        )
        return render(request, TEMPLATE, context, status=400)
    messages.success(request, MOVE_DONE[move])
    return redirect(_page_url(assessment_obj))


@login_required
@require_POST
def clarification_ask(request: HttpRequest, instansi: str, period: int, assessment: int) -> HttpResponse:
    instansi_obj, assessment_obj = assessment_for(request, instansi, period, assessment)
    require(request.user, "evaluations.review_as_evaluator", assessment_obj)
    form = ClarificationAskForm(request.POST, codes=_ask_codes(assessment_obj))
    if form.is_valid():
        try:
            ask_clarification(
                assessment=assessment_obj,
                indicators=form.cleaned_data["indicators"],
                question=form.cleaned_data["question"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The question was sent to the OPD."))
            return redirect(_page_url(assessment_obj, "klarifikasi"))
    context = _page_context(request, instansi_obj, assessment_obj, ask_form=form)
    return render(request, TEMPLATE, context, status=400)
