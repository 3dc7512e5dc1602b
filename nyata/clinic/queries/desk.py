"""The consultation desk: getters, each person's questions, and the Inspektorat's view of open questions."""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from nyata.clinic.models import Attachment, Question
from nyata.clinic.rules import asking_units
from nyata.evaluations.rules import is_inspektorat_staff, pengampu_areas
from nyata.org import rules
from nyata.org.models import Instansi


def visible_questions(user, instansi: Instansi) -> QuerySet[Question]:
    """The questions this person may open (the rule of clinic.view_question, in SQL)."""
    questions = Question.objects.filter(instansi=instansi).select_related("unit", "asked_by", "period")
    if is_inspektorat_staff(user, instansi.pk):
        return questions
    areas = pengampu_areas(user, instansi.pk)
    return questions.filter(
        Q(unit_id__in=asking_units(user, instansi.pk)) | Q(route=Question.Route.PENGAMPU, area__in=areas)
    )


def get_question_for_user(user, instansi: Instansi, pk: int) -> Question:
    question = (
        Question.objects.select_related("instansi", "unit", "asked_by", "period__instrument")
        .filter(instansi=instansi, pk=pk)
        .first()
    )
    if question is None or not rules.has_perm(user, "clinic.view_question", question):
        raise Http404
    return question


def attachment_of(question: Question, pk: int) -> Attachment:
    """An attachment of a question already fetched through get_question_for_user."""
    attachment = Attachment.objects.filter(question=question, pk=pk).first()
    if attachment is None:
        raise Http404
    return attachment


def own_questions(user, instansi: Instansi) -> QuerySet[Question]:
    """The questions of the units this person asks for."""
    return Question.objects.filter(
        instansi=instansi, unit_id__in=asking_units(user, instansi.pk)
    ).select_related("unit", "asked_by")


def routed_to(user, instansi: Instansi) -> QuerySet[Question]:
    """The questions waiting at this person's desk: routed to their pengampu area, or, for the Inspektorat,
    every question routed to an evaluator team."""
    if is_inspektorat_staff(user, instansi.pk):
        routed = Q(route=Question.Route.TEAM)
    else:
        routed = Q(route=Question.Route.PENGAMPU, area__in=pengampu_areas(user, instansi.pk))
    return Question.objects.filter(routed, instansi=instansi, status=Question.Status.OPEN).select_related(
        "unit", "asked_by"
    )


@dataclass(frozen=True)
class Waiting:
    question: Question
    age: timedelta  # since it started waiting (asked, or written again)


@dataclass(frozen=True)
class DeskFigures:
    """What the Inspektorat watches: what waits and for how long, and how fast the desk answered."""

    waiting: list[Waiting]
    asked: int
    answered: int
    median_response: timedelta | None
    slowest_response: timedelta | None


def desk_figures(instansi: Instansi, *, now: datetime | None = None) -> DeskFigures:
    now = now or timezone.now()
    questions = list(Question.objects.filter(instansi=instansi).select_related("unit", "asked_by"))
    waiting = sorted(
        (
            Waiting(q, now - (q.waiting_since or q.asked_at))
            for q in questions
            if q.status == Question.Status.OPEN
        ),
        key=lambda entry: entry.age,
        reverse=True,
    )
    responses = sorted(q.first_answered_at - q.asked_at for q in questions if q.first_answered_at)
    return DeskFigures(
        waiting=waiting,
        asked=len(questions),
        answered=len(responses),
        median_response=_median(responses),
        slowest_response=responses[-1] if responses else None,
    )


def _median(values: list[timedelta]) -> timedelta | None:
    if not values:
        return None
    middle = len(values) // 2
    if len(values) % 2:
        return values[middle]
    return (values[middle - 1] + values[middle]) / 2
