"""The consultation desk: a unit asks, the desk (evaluator team or unit pengampu) answers in a thread."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from nyata.clinic import notices
from nyata.clinic.actions import files
from nyata.clinic.models import Attachment, Question, Reply
from nyata.clinic.rules import asking_units
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Period
from nyata.org import rules
from nyata.org.models import Instansi, Unit, User

MAX_SUBJECT = 200


def route_of(*, instansi: Instansi, unit: Unit, period: Period | None, indicator: str) -> tuple[str, str]:
    """(route, area): an indicator of an RB area that an active unit pengampu owns goes to that pengampu,
    unless the pengampu itself asks; everything else goes to the evaluator team of the asking unit."""
    if not indicator or period is None:
        return Question.Route.TEAM, ""
    area = indicators_of(period.instrument)[indicator].pengampu or ""
    owned = (
        area
        and Unit.objects.filter(
            instansi=instansi, kind=Unit.Kind.PENGAMPU, pengampu_area=area, is_active=True
        )
        .exclude(pk=unit.pk)
        .exists()
    )
    return (Question.Route.PENGAMPU, area) if owned else (Question.Route.TEAM, "")


def _check_text(subject: str, body: str) -> tuple[str, str]:
    problems = {}
    if not subject.strip():
        problems["subject"] = [_("Write the subject of the question.")]
    elif len(subject.strip()) > MAX_SUBJECT:
        problems["subject"] = [_("Keep the subject under %(limit)s characters.") % {"limit": MAX_SUBJECT}]
    if not body.strip():
        problems["body"] = [_("Write the question.")]
    if problems:
        raise ValidationError(problems)
    return subject.strip(), body.strip()


@transaction.atomic
def ask_question(
    *,
    instansi: Instansi,
    unit: Unit,
    period: Period | None,
    indicator: str,
    subject: str,
    body: str,
    uploads: list[UploadedFile],
    by: User,
) -> Question:
    if unit.instansi_id != instansi.pk or unit.pk not in asking_units(by, instansi.pk):
        raise ValidationError({"unit": [_("You can ask only on behalf of your own unit.")]})
    if period is not None and (period.instansi_id != instansi.pk or period.is_locked):
        raise ValidationError({"period": [_("Choose an open evaluation period of your instansi.")]})
    if indicator and period is None:
        raise ValidationError({"period": [_("Choose the period whose instrument holds the indicator.")]})
    if indicator and indicator not in indicators_of(period.instrument):
        raise ValidationError({"indicator": [_("Choose an indicator of the period's instrument.")]})
    subject, body = _check_text(subject, body)
    inspected = files.inspect(uploads)
    route, area = route_of(instansi=instansi, unit=unit, period=period, indicator=indicator)
    question = Question(
        instansi=instansi,
        unit=unit,
        period=period,
        indicator=indicator,
        subject=subject,
        body=body,
        route=route,
        area=area,
        asked_by=by,
        waiting_since=timezone.now(),
    )
    question._history_user = by
    question.save()
    files.store(Attachment, inspected, by=by, question=question)
    notices.question_waits(question, by=by, again=False)
    return question


def _reply(question: Question, *, body: str, uploads: list[UploadedFile], from_desk: bool, by: User) -> Reply:
    if not body.strip():
        raise ValidationError({"body": [_("Write the reply.")]})
    inspected = files.inspect(uploads)
    reply = Reply(question=question, body=body.strip(), from_desk=from_desk, written_by=by)
    reply._history_user = by
    reply.save()
    files.store(Attachment, inspected, by=by, question=question, reply=reply)
    return reply


@transaction.atomic
def answer_question(*, question: Question, body: str, uploads: list[UploadedFile], by: User) -> Reply:
    if not rules.has_perm(by, "clinic.answer", question):
        raise PermissionDenied
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("instansi", "unit")
        .get(pk=question.pk)
    )
    reply = _reply(question, body=body, uploads=uploads, from_desk=True, by=by)
    question.status = Question.Status.ANSWERED
    question.first_answered_at = question.first_answered_at or reply.written_at
    question.waiting_since = None
    question._history_user = by
    question.save(update_fields=["status", "first_answered_at", "waiting_since"])
    notices.question_answered(question, by=by)
    return reply


@transaction.atomic
def follow_up_question(*, question: Question, body: str, uploads: list[UploadedFile], by: User) -> Reply:
    """The asking unit writes again: the question waits for the desk once more."""
    if not rules.has_perm(by, "clinic.follow_up", question):
        raise PermissionDenied
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("instansi", "unit")
        .get(pk=question.pk)
    )
    reply = _reply(question, body=body, uploads=uploads, from_desk=False, by=by)
    if question.status != Question.Status.OPEN:
        question.status = Question.Status.OPEN
        question.waiting_since = reply.written_at
        question._history_user = by
        question.save(update_fields=["status", "waiting_since"])
    notices.question_waits(question, by=by, again=True)
    return reply
