"""The FAQ: publishing an answered question, anonymised, and reading and searching the FAQ."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.clinic import documents
from nyata.clinic.actions.faq import publish_faq
from nyata.clinic.forms import FaqSearchForm, PublishFaqForm
from nyata.clinic.queries import desk
from nyata.clinic.queries.faq import areas_of, faq_list, material_of_area
from nyata.clinic.views.access import instansi_for
from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.models import Period
from nyata.evaluations.queries.periods import get_period_for_user, periods_for_user
from nyata.org.rules import require


@login_required
def publish(request: HttpRequest, instansi: str, pk: int) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    question = desk.get_question_for_user(request.user, instansi_obj, pk)
    require(request.user, "clinic.publish_faq", question)
    if request.method == "POST":
        form = PublishFaqForm(request.POST)
        if form.is_valid():
            try:
                publish_faq(question=question, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("Published as a FAQ of indicator %(code)s.") % {"code": question.indicator}
                )
                return redirect("clinic:question", instansi_obj.code, question.pk)
        status = 400
    else:
        last_answer = question.replies.filter(from_desk=True).last()
        form = PublishFaqForm(
            initial={"question_text": question.body, "answer_text": last_answer.body if last_answer else ""}
        )
        status = 200
    context = {"instansi": instansi_obj, "question": question, "form": form}
    return render(request, "clinic/publish.html", context, status=status)


@login_required
def faq(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = instansi_for(request, instansi)
    require(request.user, "clinic.view_faq", instansi_obj)
    form = FaqSearchForm(request.GET)
    search = form.cleaned_data["q"] if form.is_valid() else ""
    indicator = request.GET.get("indikator", "")[:60]
    periods = periods_for_user(request.user, instansi_obj).filter(status=Period.Status.OPEN)
    context = {
        "instansi": instansi_obj,
        "materials": [(period, areas_of(period.instrument)) for period in periods],
        "form": form,
        "search": search,
        "indicator": indicator,
        "faqs": faq_list(instansi_obj, search=search, indicator=indicator),
    }
    return render(request, "clinic/faq.html", context)


@login_required
def material(request: HttpRequest, instansi: str, period: int, area: str) -> HttpResponse:
    """The instrument's guidance and the FAQ of one RB area, printable: the clinic's material."""
    instansi_obj = instansi_for(request, instansi)
    require(request.user, "clinic.view_faq", instansi_obj)
    period_obj = get_period_for_user(request.user, instansi_obj, period)
    if area not in areas_of(period_obj.instrument):
        raise Http404
    context = {
        "instansi": instansi_obj,
        "period": period_obj,
        "area": area,
        "entries": material_of_area(instansi_obj, period_obj.instrument, area),
        "printed_at": timezone.now(),
    }
    response = HttpResponse(
        documents.pdf("clinic/pdf/material.html", context), content_type="application/pdf"
    )
    response["Content-Disposition"] = f'attachment; filename="materi-klinik-{area}.pdf"'
    return response
