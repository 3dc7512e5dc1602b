"""The FAQ: publishing an answered question, anonymised, and reading and searching the FAQ."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from nyata.clinic.actions.faq import publish_faq
from nyata.clinic.forms import FaqSearchForm, PublishFaqForm
from nyata.clinic.queries import desk
from nyata.clinic.queries.faq import faq_list
from nyata.clinic.views.access import instansi_for
from nyata.evaluations.forms.errors import add_errors
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
    context = {
        "instansi": instansi_obj,
        "form": form,
        "search": search,
        "indicator": indicator,
        "faqs": faq_list(instansi_obj, search=search, indicator=indicator),
    }
    return render(request, "clinic/faq.html", context)
