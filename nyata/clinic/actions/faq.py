"""Publishing a question and its answer as the FAQ of its indicator, anonymised: the FAQ keeps no unit or
person, and its text may not name the unit that asked or the person who asked."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.clinic.models import Faq, Question
from nyata.org import rules
from nyata.org.models import User


def names_to_hide(question: Question) -> list[str]:
    """What would tell who asked: the unit's names and code, the asker's name, username and NIP."""
    unit, asker = question.unit, question.asked_by
    found = [unit.name, unit.short_name, unit.code, asker.name, asker.username, asker.nip]
    return [name for name in found if name and len(name) >= 3]


def _named(text: str, names: list[str]) -> list[str]:
    lowered = text.casefold()
    return [name for name in names if name.casefold() in lowered]


@transaction.atomic
def publish_faq(*, question: Question, question_text: str, answer_text: str, by: User) -> Faq:
    if not rules.has_perm(by, "clinic.publish_faq", question):
        raise PermissionDenied
    question = (
        Question.objects.select_for_update(of=("self",))
        .select_related("unit", "asked_by", "period__instrument")
        .get(pk=question.pk)
    )
    if Faq.objects.filter(source=question).exists():
        raise ValidationError(_("This question is already published as a FAQ."))
    if not question.replies.filter(from_desk=True).exists():
        raise ValidationError(_("Answer the question before publishing it."))
    problems = {}
    names = names_to_hide(question)
    for field, text in (("question_text", question_text), ("answer_text", answer_text)):
        if not text.strip():
            problems[field] = [_("Write the text that will be published.")]
        elif named := _named(text, names):
            problems[field] = [
                _("The FAQ is anonymous: remove “%(name)s”, which tells who asked.") % {"name": named[0]}
            ]
    if problems:
        raise ValidationError(problems)
    faq = Faq(
        instansi_id=question.instansi_id,
        instrument_code=question.period.instrument.code,
        indicator=question.indicator,
        question=question_text.strip(),
        answer=answer_text.strip(),
        source=question,
        published_by=by,
    )
    faq._history_user = by
    faq.save()
    return faq
