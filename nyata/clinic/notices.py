"""Who is told what in the clinic, handed to nyata.notifications (product and e-mail after the commit)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from nyata.clinic.calendar import session_ics
from nyata.clinic.models import Asistensi, Question, Session
from nyata.evaluations.models import Assessment, TeamMember
from nyata.evaluations.queries.pengampu import verifiers_of_areas
from nyata.notifications.actions import Message, deliver
from nyata.notifications.kinds import register
from nyata.org.models import Membership, Role, User

QUESTION_ASKED = register("clinic.question_asked", gettext_lazy("Question to the clinic"))
QUESTION_ANSWERED = register("clinic.question_answered", gettext_lazy("Answer from the clinic"))
ASISTENSI_REQUESTED = register("clinic.asistensi_requested", gettext_lazy("Asistensi requested"))
ASISTENSI_COMMENTED = register("clinic.asistensi_commented", gettext_lazy("Asistensi comments"))
SESSION_INVITED = register("clinic.session_invited", gettext_lazy("Clinic session invitation"))


def _inspektorat_admins(instansi_id: int) -> list[User]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__role=Role.INSPEKTORAT_ADMIN,
            memberships__unit__instansi_id=instansi_id,
        ).distinct()
    )


def _team(instansi_id: int, period_id: int | None, unit_id: int) -> list[User]:
    """The evaluator team of the unit's assessment; the Inspektorat administrators where there is none."""
    team = []
    if period_id is not None:
        team = list(
            User.objects.filter(
                is_active=True,
                pk__in=TeamMember.objects.filter(
                    assessment__period_id=period_id, assessment__unit_id=unit_id
                ).values("user_id"),
            )
        )
    return team or _inspektorat_admins(instansi_id)


def desk_of(question: Question) -> list[User]:
    """Whoever the question is routed to."""
    if question.route == Question.Route.PENGAMPU:
        verifiers = verifiers_of_areas(question.instansi_id, [question.area])[question.area][1]
        if verifiers:
            return verifiers
    return _team(question.instansi_id, question.period_id, question.unit_id)


def _question_url(question: Question) -> str:
    return reverse("clinic:question", args=[question.instansi.code, question.pk])


def question_waits(question: Question, *, by: User, again: bool) -> None:
    text = (
        _("%(unit)s wrote again on the question “%(subject)s”.")
        if again
        else _("%(unit)s asks the clinic: “%(subject)s”.")
    ) % {"unit": question.unit.display_name, "subject": question.subject}
    url = _question_url(question)
    deliver(
        kind=QUESTION_ASKED,
        messages=[Message(person, text, url) for person in desk_of(question) if person.pk != by.pk],
    )


def question_answered(question: Question, *, by: User) -> None:
    text = _("The clinic answered your question “%(subject)s”.") % {"subject": question.subject}
    if question.asked_by_id == by.pk or not question.asked_by.is_active:
        return
    deliver(kind=QUESTION_ANSWERED, messages=[Message(question.asked_by, text, _question_url(question))])


def _asistensi_url(asistensi: Asistensi) -> str:
    return reverse("clinic:asistensi", args=[asistensi.assessment.period.instansi.code, asistensi.pk])


def asistensi_requested(asistensi: Asistensi, *, by: User) -> None:
    assessment: Assessment = asistensi.assessment
    text = _("%(unit)s asks for asistensi on %(count)s indicators of its draft.") % {
        "unit": assessment.unit.display_name,
        "count": len(asistensi.indicators),
    }
    people = _team(assessment.period.instansi_id, assessment.period_id, assessment.unit_id)
    deliver(
        kind=ASISTENSI_REQUESTED,
        messages=[
            Message(person, text, _asistensi_url(asistensi)) for person in people if person.pk != by.pk
        ],
    )


def asistensi_commented(asistensi: Asistensi, *, indicator: str, by: User) -> None:
    text = _("The Inspektorat commented on indicator %(indicator)s of your draft (asistensi).") % {
        "indicator": indicator
    }
    staff = User.objects.filter(
        is_active=True,
        memberships__unit_id=asistensi.assessment.unit_id,
        memberships__role__in=[Role.OPD_OPERATOR, Role.OPD_HEAD],
    ).distinct()
    deliver(
        kind=ASISTENSI_COMMENTED,
        messages=[Message(person, text, _asistensi_url(asistensi)) for person in staff],
    )


def invitees(session: Session) -> list[User]:
    """The staff of every invited unit and every person invited by name."""
    unit_ids = list(session.units.values_list("pk", flat=True))
    staff = User.objects.filter(
        is_active=True,
        pk__in=Membership.objects.filter(
            unit_id__in=unit_ids, role__in=[Role.OPD_OPERATOR, Role.OPD_HEAD, Role.PENGAMPU_VERIFIER]
        ).values("user_id"),
    )
    people = {person.pk: person for person in staff}
    people.update((person.pk, person) for person in session.people.filter(is_active=True))
    return sorted(people.values(), key=lambda person: person.name)


def session_invited(session: Session, *, when: str) -> None:
    text = _(
        "You are invited to the clinic session “%(topic)s” on %(when)s. Add it to your calendar with the "
        "calendar file (.ics) on the session's page or attached to the e-mail."
    ) % {"topic": session.topic, "when": when}
    url = reverse("clinic:session", args=[session.instansi.code, session.pk])
    calendar = (f"klinik-{session.pk}.ics", session_ics(session, now=timezone.now()), "text/calendar")
    deliver(
        kind=SESSION_INVITED,
        messages=[
            Message(person, text, url, key=f"clinic-session-{session.pk}", attachments=(calendar,))
            for person in invitees(session)
        ],
    )
