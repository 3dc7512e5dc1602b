"""The clinic's front page and the consultation desk: ask, read a thread, answer or write again, oversee."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.clinic.actions.desk import answer_question, ask_question, follow_up_question
from nyata.clinic.forms import AskForm, ReplyForm
from nyata.clinic.models import Faq, Question, Session
from nyata.clinic.queries import asistensi as asistensi_queries
from nyata.clinic.queries import desk
from nyata.clinic.rules import asking_units
from nyata.clinic.views.access import instansi_for, uploads
from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Period
from nyata.evaluations.queries.periods import periods_for_user
from nyata.org import rules
from nyata.org.models import Unit
from nyata.org.rules import require

TEMPLATE = "clinic/question.html"


@login_required
def home(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    require(request.user, "clinic.visit", instansi_obj)
    user = request.user
    units = Unit.objects.filter(pk__in=rules.own_unit_ids(user), kind=Unit.Kind.OPD)
    context = {
        "instansi": instansi_obj,
        "can_ask": rules.has_perm(user, "clinic.ask", instansi_obj),
        "can_oversee": rules.has_perm(user, "clinic.oversee", instansi_obj),
        "can_manage_sessions": rules.has_perm(user, "clinic.manage_sessions", instansi_obj),
        "own_questions": desk.own_questions(user, instansi_obj)[:20],
        "at_my_desk": desk.routed_to(user, instansi_obj)[:20],
        "asistensi": asistensi_queries.visible_asistensi(user, instansi_obj)[:20],
        "upcoming": Session.objects.filter(instansi=instansi_obj, ends_at__gte=timezone.now()).order_by(
            "starts_at"
        )[:5],
        "resep_units": units,
        # Drafts the person's unit may still ask asistensi on (the action checks the window again).
        "drafts": [
            assessment
            for assessment in Assessment.objects.filter(
                unit_id__in=rules.own_unit_ids(user),
                period__instansi=instansi_obj,
                period__status=Period.Status.OPEN,
                status=Assessment.Status.SELF_ASSESSMENT,
            ).select_related("unit", "period")
            if rules.has_perm(user, "clinic.request_asistensi", assessment)
        ],
    }
    return render(request, "clinic/home.html", context)


def _ask_form(request: HttpRequest, instansi, data=None, files=None) -> AskForm:
    units = Unit.objects.filter(pk__in=asking_units(request.user, instansi.pk)).order_by("name")
    periods = list(periods_for_user(request.user, instansi).filter(status=Period.Status.OPEN))
    initial = {"about": request.GET.get("indikator", "")}
    return AskForm(data, files, units=units, periods=periods, initial=initial)


@login_required
def ask(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    require(request.user, "clinic.ask", instansi_obj)
    if request.method == "POST":
        form = _ask_form(request, instansi_obj, request.POST, request.FILES)
        if form.is_valid():
            data = form.cleaned_data
            try:
                question = ask_question(
                    instansi=instansi_obj,
                    unit=data["unit"],
                    period=data["period"],
                    indicator=data["indicator"],
                    subject=data["subject"],
                    body=data["body"],
                    uploads=uploads(request),
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(request, _("Your question was sent to the clinic."))
                return redirect("clinic:question", instansi_obj.code, question.pk)
        return render(request, "clinic/ask.html", {"instansi": instansi_obj, "form": form}, status=400)
    form = _ask_form(request, instansi_obj)
    return render(request, "clinic/ask.html", {"instansi": instansi_obj, "form": form})


def _thread_context(request: HttpRequest, question: Question, form: ReplyForm | None = None) -> dict:
    user = request.user
    node = None
    if question.indicator and question.period is not None:
        node = indicators_of(question.period.instrument).get(question.indicator)
    return {
        "instansi": question.instansi,
        "question": question,
        "node": node,
        "replies": question.replies.select_related("written_by").prefetch_related("attachments"),
        "attachments": question.attachments.filter(reply=None),
        "can_answer": rules.has_perm(user, "clinic.answer", question),
        "can_follow_up": rules.has_perm(user, "clinic.follow_up", question),
        "faq": Faq.objects.filter(source=question).first(),
        "can_publish": rules.has_perm(user, "clinic.publish_faq", question),
        "form": form or ReplyForm(),
    }


@login_required
def question(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    found = desk.get_question_for_user(request.user, instansi_obj, pk)
    return render(request, TEMPLATE, _thread_context(request, found))


@login_required
@require_POST
def reply(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    found = desk.get_question_for_user(request.user, instansi_obj, pk)
    if rules.has_perm(request.user, "clinic.answer", found):
        write = answer_question
    else:
        require(request.user, "clinic.follow_up", found)
        write = follow_up_question
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            write(question=found, body=form.cleaned_data["body"], uploads=uploads(request), by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("Your reply was added to the thread."))
            return redirect("clinic:question", instansi_obj.code, found.pk)
    return render(request, TEMPLATE, _thread_context(request, found, form), status=400)


@login_required
def attachment(request: HttpRequest, instansi: str, pk: int, attachment: int) -> FileResponse:
    instansi_obj = instansi_for(request, instansi)
    found = desk.get_question_for_user(request.user, instansi_obj, pk)
    stored = desk.attachment_of(found, attachment)
    return FileResponse(
        stored.file.open("rb"), as_attachment=True, filename=stored.name, content_type=stored.content_type
    )


@login_required
def overview(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    require(request.user, "clinic.oversee", instansi_obj)
    context = {
        "instansi": instansi_obj,
        "figures": desk.desk_figures(instansi_obj),
        "ask_url": reverse("clinic:ask", args=[instansi_obj.code]),
    }
    return render(request, "clinic/overview.html", context)
