"""Who is told what about follow-up, in the instansi's default language, handed to nyata.notifications;
`remind_overdue` runs with the daily reminder command (registered in nyata.notifications.reminders)."""

from collections import defaultdict
from datetime import date, timedelta

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nyata.evaluations.models import TeamMember
from nyata.followups.dates import today_in
from nyata.followups.models import Item
from nyata.notifications import kinds, reminders
from nyata.notifications.actions import Message, deliver
from nyata.org.models import Membership, Role

OPENED = kinds.register("followup_opened", gettext_lazy("Recommendations to follow up"))
REPORTED = kinds.register("followup_reported", gettext_lazy("Follow-up reported"))
VERIFIED = kinds.register("followup_verified", gettext_lazy("Follow-up verified"))
RETURNED = kinds.register("followup_returned", gettext_lazy("Follow-up returned"))
APPROVAL = kinds.register("followup_approval", gettext_lazy("Approval needed: cannot be followed up"))
OVERDUE = kinds.register("followup_overdue", gettext_lazy("Follow-up overdue"))
PLAN_SUBMITTED = kinds.register("plan_submitted", gettext_lazy("Action plan submitted"))
PLAN_REVIEWED = kinds.register("plan_reviewed", gettext_lazy("Action plan reviewed"))


def item_url(item: Item) -> str:
    return reverse("followups:item", args=[item.period.instansi.code, item.pk])


def _unit_staff(unit_ids) -> dict[int, list]:
    found: dict[int, list] = defaultdict(list)
    for membership in Membership.objects.filter(
        unit_id__in=unit_ids,
        role__in=[Role.OPD_HEAD, Role.OPD_OPERATOR],
        user__is_active=True,
        unit__is_active=True,
    ).select_related("user"):
        found[membership.unit_id].append(membership.user)
    return found


def _admins(instansi_id: int) -> list:
    memberships = Membership.objects.filter(
        unit__instansi_id=instansi_id, role=Role.INSPEKTORAT_ADMIN, user__is_active=True, unit__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in memberships}.values())


def _verifiers(item: Item) -> list:
    """The team seated on the unit's assessment; the Inspektorat admins when no one is seated."""
    team = [
        seat.user
        for seat in TeamMember.objects.filter(assessment_id=item.assessment_id, user__is_active=True)
        .select_related("user")
        .order_by("pk")
    ]
    return list({person.pk: person for person in team}.values()) or _admins(item.period.instansi_id)


def _opd(item: Item) -> list:
    people = _unit_staff([item.unit_id]).get(item.unit_id, [])
    if item.owner is not None and item.owner.is_active and item.owner not in people:
        people.append(item.owner)
    return people


def opened(items: list[Item]) -> None:
    """The Kepala OPD and operators of each unit hear how many rekomendasi they now follow up."""
    if not items:
        return
    period = items[0].period
    by_unit: dict[int, list[Item]] = defaultdict(list)
    for item in items:
        by_unit[item.unit_id].append(item)
    staff = _unit_staff(by_unit)
    url = reverse("followups:overview", args=[period.instansi.code]) + f"?periode={period.pk}"
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for unit_id, unit_items in by_unit.items():
            text = ngettext(
                "%(n)d recommendation of %(period)s is yours to follow up, due %(due)s.",
                "%(n)d recommendations of %(period)s are yours to follow up, due %(due)s.",
                len(unit_items),
            ) % {"n": len(unit_items), "period": period.title, "due": _date(unit_items[0].due)}
            messages += [Message(person, text, url) for person in staff.get(unit_id, [])]
    deliver(kind=OPENED, messages=messages)


def _date(day: date) -> str:
    return date_format(day, "j F Y")


def reported(item: Item) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(unit)s reported the follow-up of a recommendation on %(node)s.") % {
            "unit": item.unit.name,
            "node": item.node,
        }
    deliver(kind=REPORTED, messages=[Message(person, text, item_url(item)) for person in _verifiers(item)])


def verified(item: Item) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The Inspektorat set the follow-up on %(node)s to: %(status)s.") % {
            "node": item.node,
            "status": Item.Status(item.status).label,
        }
    deliver(kind=VERIFIED, messages=[Message(person, text, item_url(item)) for person in _opd(item)])


def returned(item: Item, note: str) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The Inspektorat returned the follow-up on %(node)s: %(note)s") % {
            "node": item.node,
            "note": note,
        }
    deliver(kind=RETURNED, messages=[Message(person, text, item_url(item)) for person in _opd(item)])


def approval_needed(item: Item) -> None:
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(unit)s: a recommendation on %(node)s is proposed as cannot be followed up.") % {
            "unit": item.unit.name,
            "node": item.node,
        }
    admins = _admins(item.period.instansi_id)
    deliver(kind=APPROVAL, messages=[Message(person, text, item_url(item)) for person in admins])


def remind_overdue() -> int:
    """Each open item that is the OPD's turn and past its due date (in the instansi's zone): its person
    responsible and the unit's head and operators hear once per item and due date."""
    candidates = list(
        Item.objects.filter(stage=Item.Stage.WITH_OPD, due__lt=timezone.now().date() + timedelta(days=1))
        .select_related("period__instansi", "unit", "owner")
        .order_by("pk")
    )
    overdue = [item for item in candidates if item.due < today_in(item.period.instansi)]
    staff = _unit_staff({item.unit_id for item in overdue})
    messages = []
    with translation.override(settings.LANGUAGE_CODE):
        for item in overdue:
            text = _("%(unit)s: the follow-up on %(node)s was due %(due)s and is not reported yet.") % {
                "unit": item.unit.name,
                "node": item.node,
                "due": _date(item.due),
            }
            people = list(staff.get(item.unit_id, []))
            if item.owner is not None and item.owner.is_active and item.owner not in people:
                people.append(item.owner)
            key = f"followup-overdue:{item.pk}:{item.due.isoformat()}"
            messages += [Message(person, text, item_url(item), key=key) for person in people]
    return len(deliver(kind=OVERDUE, messages=messages))


def _plan_url(plan) -> str:
    return reverse("followups:plan", args=[plan.unit.instansi.code, plan.pk])


def plan_submitted(plan) -> None:
    """The Inspektorat's staff hear that a plan waits for its ex-ante review."""
    people = Membership.objects.filter(
        unit__instansi_id=plan.unit.instansi_id,
        role__in=[Role.INSPEKTORAT_ADMIN, Role.PENGENDALI_TEKNIS, Role.KETUA_TIM, Role.EVALUATOR],
        user__is_active=True,
        unit__is_active=True,
    ).select_related("user")
    with translation.override(settings.LANGUAGE_CODE):
        text = _("%(unit)s submitted its action plan %(year)d for review.") % {
            "unit": plan.unit.name,
            "year": plan.year,
        }
    recipients = {m.user_id: m.user for m in people}.values()
    deliver(kind=PLAN_SUBMITTED, messages=[Message(person, text, _plan_url(plan)) for person in recipients])


def plan_reviewed(plan) -> None:
    """The unit's own people hear the ex-ante decision."""
    people = Membership.objects.filter(
        unit_id=plan.unit_id,
        role__in=[Role.OPD_HEAD, Role.OPD_OPERATOR, Role.PENGAMPU_VERIFIER],
        user__is_active=True,
    ).select_related("user")
    with translation.override(settings.LANGUAGE_CODE):
        text = _("The Inspektorat reviewed your action plan %(year)d: %(status)s.") % {
            "year": plan.year,
            "status": plan.get_status_display(),
        }
    recipients = {m.user_id: m.user for m in people}.values()
    deliver(kind=PLAN_REVIEWED, messages=[Message(person, text, _plan_url(plan)) for person in recipients])


reminders.register("followups.overdue", remind_overdue)
