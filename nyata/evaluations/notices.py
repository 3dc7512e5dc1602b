"""Who is told what about an evaluation: whom each event reaches, with its text and link (written in the
instansi's default language), handed to nyata.notifications to deliver. The actions call `notify` at the end
of their transaction; `remind_closing_windows` runs daily (`nyata notify_windows` or its task)."""

from collections import defaultdict
from datetime import datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from nyata.core.numbers import figure
from nyata.evaluations.guards import moment_text, window_end
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Assessment, Clarification, Period, Phase, TeamMember, WindowExtension
from nyata.evaluations.queries.pengampu import verifiers_of_areas
from nyata.evaluations.workflow import REVIEWING_STAGES, TIER_LABELS, Tier
from nyata.notifications import kinds
from nyata.notifications.actions import Message, deliver
from nyata.notifications.models import Notification
from nyata.org.models import Membership, Role

# The evaluation's kinds of notification, with the label that heads the e-mail and the list entry.
SUBMITTED = kinds.register("submitted", gettext_lazy("Submitted for approval"))
RETURNED = kinds.register("returned", gettext_lazy("Returned for revision"))
CLARIFICATION_REQUESTED = kinds.register("clarification_requested", gettext_lazy("Clarification requested"))
CLARIFICATION_ANSWERED = kinds.register("clarification_answered", gettext_lazy("Clarification answered"))
RESULTS_PUBLISHED = kinds.register("results_published", gettext_lazy("Results published"))
UNIT_CLOSED = kinds.register("unit_closed", gettext_lazy("Closed without evaluation"))
WINDOW_CLOSING = kinds.register("window_closing", gettext_lazy("A window closes soon"))
# The hand-overs of the review chain: each tier hears when the assessment reaches it, or comes back to it.
APPROVED_BY_HEAD = kinds.register("approved_by_head", gettext_lazy("Approved by the OPD head"))
VERIFICATION_NEEDED = kinds.register("verification_needed", gettext_lazy("Verification needed"))
HANDED_OVER = kinds.register("handed_over", gettext_lazy("Handed over to you"))
REVIEW_RETURNED = kinds.register("review_returned", gettext_lazy("Review returned to you"))
REVIEW_APPROVED = kinds.register("review_approved", gettext_lazy("Review approved"))
# The appeal (sanggah): the OPD hears that it may appeal, the ketua tim that an appeal waits, the OPD the
# decision.
RESULTS_RELEASED = kinds.register("results_released", gettext_lazy("Preliminary result released"))
APPEAL_FILED = kinds.register("appeal_filed", gettext_lazy("Appeal filed"))
APPEAL_DECIDED = kinds.register("appeal_decided", gettext_lazy("Appeal decided"))


def _staff(unit_ids, roles) -> dict[int, list]:
    """unit id -> the active people holding one of `roles` in it."""
    found: dict[int, list] = defaultdict(list)
    for membership in Membership.objects.filter(
        unit_id__in=unit_ids, role__in=roles, user__is_active=True, unit__is_active=True
    ).select_related("user"):
        found[membership.unit_id].append(membership.user)
    return found


def _instansi_people(instansi_id: int, roles) -> list:
    memberships = Membership.objects.filter(
        unit__instansi_id=instansi_id, role__in=roles, user__is_active=True, unit__is_active=True
    ).select_related("user")
    return list({m.user_id: m.user for m in memberships}.values())


def _worksheet(assessment: Assessment) -> str:
    period = assessment.period
    return reverse("evaluations:worksheet", args=[period.instansi.code, period.pk, assessment.pk])


def _context(assessment: Assessment) -> dict:
    return {"unit": assessment.unit.name, "period": assessment.period.title}


def _name(person) -> str:
    return person.name or person.username if person else "—"


def _review_page(assessment: Assessment) -> str:
    period = assessment.period
    return reverse("evaluations:review-assessment", args=[period.instansi.code, period.pk, assessment.pk])


def _seated(assessment: Assessment, tier: str) -> list:
    """The active people seated in `tier` of this assessment's team."""
    seats = TeamMember.objects.filter(assessment=assessment, tier=tier, user__is_active=True)
    return [seat.user for seat in seats.select_related("user")]


def _to_tier(assessment: Assessment, tier: str, text: str, url: str) -> list[Message]:
    """The message to whoever sits in `tier`; with nobody seated there, the Inspektorat admins are told
    that the work waits for a team member instead (a hand-over never falls silently into a gap)."""
    people = _seated(assessment, tier)
    if people:
        return [Message(person, text, url) for person in people]
    period = assessment.period
    gap = _(
        "%(unit)s: nobody sits as %(tier)s in the team of %(period)s, so the work waiting there has no one "
        "to do it. Assign a team member."
    ) % {**_context(assessment), "tier": TIER_LABELS[tier]}
    team_page = reverse("evaluations:team-page", args=[period.instansi.code, period.pk])
    admins = _instansi_people(period.instansi_id, [Role.INSPEKTORAT_ADMIN])
    return [Message(admin, gap, team_page) for admin in admins]


def submitted(*, by, assessment, **_ignored):
    text = _(
        "%(unit)s: %(person)s submitted the self-assessment of %(period)s; it waits for your approval."
    ) % {**_context(assessment), "person": _name(by)}
    heads = _staff([assessment.unit_id], [Role.OPD_HEAD])[assessment.unit_id]
    return [Message(head, text, _worksheet(assessment)) for head in heads]


def returned(*, by, assessment, **_ignored):
    text = _("%(unit)s: the self-assessment of %(period)s was returned for revision: %(note)s") % {
        **_context(assessment),
        "note": assessment.return_note,
    }
    operators = _staff([assessment.unit_id], [Role.OPD_OPERATOR])[assessment.unit_id]
    return [Message(operator, text, _worksheet(assessment)) for operator in operators]


def clarification_requested(*, by, clarification, **_ignored):
    assessment = clarification.assessment
    text = _("%(unit)s: the evaluator asks for clarification on %(indicators)s in %(period)s.") % {
        **_context(assessment),
        "indicators": ", ".join(clarification.indicators),
    }
    url = reverse("evaluations:clarification-list", args=[assessment.period.instansi.code])
    people = _staff([assessment.unit_id], [Role.OPD_OPERATOR, Role.OPD_HEAD])[assessment.unit_id]
    return [Message(person, text, url) for person in people]


def clarification_answered(*, by, clarification, **_ignored):
    assessment = clarification.assessment
    period = assessment.period
    text = _("%(unit)s answered your clarification request on %(indicators)s in %(period)s.") % {
        **_context(assessment),
        "indicators": ", ".join(clarification.indicators),
    }
    url = reverse("evaluations:review-assessment", args=[period.instansi.code, period.pk, assessment.pk])
    return [Message(clarification.asked_by, text, url)]


def results_published(*, by, period, assessments, locked, **_ignored):
    """The heads of the units just finalised read their result; the pimpinan hears once the whole period is
    finalised and its ranking is final."""
    code = period.instansi.code
    heads = _staff([a.unit_id for a in assessments], [Role.OPD_HEAD])
    messages = []
    for assessment in assessments:
        result = getattr(assessment, "result", None)
        text = _("The final result of %(unit)s in %(period)s is published: %(total)s (%(predicate)s).") % {
            **_context(assessment),
            "total": figure(result.total) if result else "—",
            "predicate": result.predicate if result and result.predicate else "—",
        }
        url = reverse("evaluations:result", args=[code, period.pk, assessment.pk])
        messages += [Message(head, text, url) for head in heads[assessment.unit_id]]
    if locked:
        messages += _period_finalised(period)
    return messages


def _period_finalised(period) -> list[Message]:
    ranking = reverse("evaluations:ranking", args=[period.instansi.code, period.pk])
    text = _("Every unit of %(period)s is finalised: the final results and the ranking are published.") % {
        "period": period.title
    }
    return [
        Message(leader, text, ranking) for leader in _instansi_people(period.instansi_id, [Role.PIMPINAN])
    ]


def unit_closed(*, by, assessment, locked, **_ignored):
    """The OPD is told that it was closed as not submitted or withdrawn, and why."""
    if assessment.status == Assessment.Status.NOT_SUBMITTED:
        template = _(
            "%(unit)s did not submit its self-assessment of %(period)s and is closed as not submitted "
            "(tidak menyampaikan): %(reason)s"
        )
    else:
        template = _("%(unit)s is withdrawn from %(period)s and will not be evaluated in it: %(reason)s")
    text = template % {**_context(assessment), "reason": assessment.closure_reason}
    people = _staff([assessment.unit_id], [Role.OPD_OPERATOR, Role.OPD_HEAD])[assessment.unit_id]
    messages = [Message(person, text, _worksheet(assessment)) for person in people]
    if locked:
        messages += _period_finalised(assessment.period)
    return messages


def approved_by_head(*, by, assessment, **_ignored):
    text = _(
        "%(unit)s: the OPD head approved the self-assessment of %(period)s; it waits for your desk review."
    ) % _context(assessment)
    return _to_tier(assessment, Tier.EVALUATOR, text, _review_page(assessment))


def verification_needed(*, by, assessment, **_ignored):
    """The assessment reached the Inspektorat: each RB area's verifiers hear how many of its indicators
    wait for them in this OPD, with a link to the verification page filtered to it."""
    period = assessment.period
    counts: dict[str, int] = defaultdict(int)
    for node in indicators_of(period.instrument).values():
        if node.pengampu:
            counts[node.pengampu] += 1
    url = reverse("evaluations:verification-list", args=[period.instansi.code, period.pk])
    messages = []
    for area, (owner, verifiers) in verifiers_of_areas(period.instansi_id, counts).items():
        if owner is None:
            continue
        text = ngettext(
            "%(unit)s entered the Inspektorat's review of %(period)s: %(count)d indicator of the RB area "
            "of %(pengampu)s waits for your verification.",
            "%(unit)s entered the Inspektorat's review of %(period)s: %(count)d indicators of the RB area "
            "of %(pengampu)s wait for your verification.",
            counts[area],
        ) % {**_context(assessment), "count": counts[area], "pengampu": owner.display_name}
        link = f"{url}?opd={assessment.pk}&area={area}&status=waiting"
        messages += [Message(person, text, link) for person in verifiers]
    return messages


def handed_over(*, by, assessment, **_ignored):
    """Evaluator -> ketua tim -> pengendali teknis: the next tier is told its turn has come."""
    if assessment.status == Assessment.Status.TEAM_REVIEW:
        text = _("%(unit)s: %(person)s handed the desk review of %(period)s to you, the ketua tim.")
        tier = Tier.KETUA_TIM
    else:
        text = _(
            "%(unit)s: %(person)s approved the review of %(period)s; it waits for your approval as "
            "pengendali teknis."
        )
        tier = Tier.PENGENDALI_TEKNIS
    text = text % {**_context(assessment), "person": _name(by)}
    return _to_tier(assessment, tier, text, _review_page(assessment))


def review_returned(*, by, assessment, **_ignored):
    """Returns go back down the chain to the tier now at work, with the note."""
    tier = Tier.EVALUATOR if assessment.status == Assessment.Status.DESK_REVIEW else Tier.KETUA_TIM
    text = _("%(unit)s: %(person)s returned the review of %(period)s to you: %(note)s") % {
        **_context(assessment),
        "person": _name(by),
        "note": assessment.return_note,
    }
    return _to_tier(assessment, tier, text, _review_page(assessment))


def review_approved(*, by, assessment, **_ignored):
    period = assessment.period
    text = _(
        "%(unit)s: the pengendali teknis approved the review of %(period)s; its preliminary result can be "
        "released."
    ) % _context(assessment)
    url = reverse("evaluations:review-period", args=[period.instansi.code, period.pk])
    return [
        Message(admin, text, url) for admin in _instansi_people(period.instansi_id, [Role.INSPEKTORAT_ADMIN])
    ]


def results_released(*, by, assessments, **_ignored):
    """Each released unit's head and operators hear that its preliminary result is out and until when it
    may appeal."""
    staff = _staff([a.unit_id for a in assessments], [Role.OPD_HEAD, Role.OPD_OPERATOR])
    messages = []
    for assessment in assessments:
        period = assessment.period
        bounds = window_end(period, Phase.APPEAL, assessment.unit_id)
        text = _(
            "%(unit)s: the preliminary result of %(period)s is released. An appeal (sanggah) on a score you "
            "can prove wrong may be filed until %(when)s."
        ) % {
            **_context(assessment),
            "when": moment_text(bounds[1], period.instansi.time_zone) if bounds else "—",
        }
        url = reverse("evaluations:appeal-page", args=[period.instansi.code, period.pk, assessment.pk])
        messages += [Message(person, text, url) for person in staff[assessment.unit_id]]
    return messages


def _appeal_page(assessment: Assessment) -> str:
    period = assessment.period
    return reverse("evaluations:appeal-page", args=[period.instansi.code, period.pk, assessment.pk])


def appeal_filed(*, by, appeal, **_ignored):
    """The ketua tim decides appeals (PermenPANRB 9/2023's review chain): the seated one hears of it."""
    assessment = appeal.assessment
    text = _(
        "%(unit)s: %(person)s appealed the score of %(indicator)s in %(period)s; it waits for your decision."
    )
    text = text % {**_context(assessment), "person": _name(by), "indicator": appeal.indicator}
    return _to_tier(assessment, Tier.KETUA_TIM, text, _appeal_page(assessment))


def appeal_decided(*, by, appeal, **_ignored):
    assessment = appeal.assessment
    if appeal.decision == "accepted":
        text = _(
            "%(unit)s: the appeal on %(indicator)s in %(period)s is accepted with a new score. %(reason)s"
        )
    else:
        text = _("%(unit)s: the appeal on %(indicator)s in %(period)s is rejected. %(reason)s")
    text = text % {**_context(assessment), "indicator": appeal.indicator, "reason": appeal.decision_reason}
    people = _staff([assessment.unit_id], [Role.OPD_HEAD, Role.OPD_OPERATOR])[assessment.unit_id]
    return [Message(person, text.strip(), _appeal_page(assessment)) for person in people]


BUILDERS = {
    SUBMITTED: submitted,
    RETURNED: returned,
    CLARIFICATION_REQUESTED: clarification_requested,
    CLARIFICATION_ANSWERED: clarification_answered,
    RESULTS_PUBLISHED: results_published,
    APPROVED_BY_HEAD: approved_by_head,
    VERIFICATION_NEEDED: verification_needed,
    HANDED_OVER: handed_over,
    REVIEW_RETURNED: review_returned,
    REVIEW_APPROVED: review_approved,
    UNIT_CLOSED: unit_closed,
    RESULTS_RELEASED: results_released,
    APPEAL_FILED: appeal_filed,
    APPEAL_DECIDED: appeal_decided,
}


def _acting(period: Period, phase: str, assessments, open_clarifications: set[int]) -> dict[int, list]:
    """unit id -> who still has to act in `phase` for that unit (empty when nobody has to)."""
    if phase == Phase.SELF_ASSESSMENT:
        waiting = [
            a
            for a in assessments
            if a.status in (Assessment.Status.SELF_ASSESSMENT, Assessment.Status.AWAITING_HEAD)
        ]
        staff = _staff([a.unit_id for a in waiting], [Role.OPD_OPERATOR, Role.OPD_HEAD])
        return {a.unit_id: staff[a.unit_id] for a in waiting}
    if phase == Phase.DESK_REVIEW:
        waiting = {a.pk: a.unit_id for a in assessments if a.status in REVIEWING_STAGES}
        team: dict[int, list] = defaultdict(list)
        for member in TeamMember.objects.filter(assessment_id__in=waiting).select_related("user"):
            team[waiting[member.assessment_id]].append(member.user)
        return team
    if phase in (Phase.CLARIFICATION, Phase.APPEAL):
        if phase == Phase.APPEAL:  # only units whose preliminary results are out may still appeal
            waiting = [a for a in assessments if a.released_at and a.status == Assessment.Status.REVIEWED]
        else:
            waiting = [a for a in assessments if a.pk in open_clarifications]
        staff = _staff([a.unit_id for a in waiting], [Role.OPD_OPERATOR, Role.OPD_HEAD])
        return {a.unit_id: staff[a.unit_id] for a in waiting}
    return {}


def closing_windows(*, now: datetime, within: timedelta):
    """Reminders for every open window of an open period that closes (for some unit) within `within`."""
    messages = []
    periods = (
        Period.objects.filter(status=Period.Status.OPEN)
        .select_related("instansi")
        .prefetch_related("windows")
    )
    for period in periods:
        windows = [w for w in period.windows.all() if w.starts_at <= now]
        if not windows:
            continue
        assessments = list(period.assessments.select_related("unit"))
        extended: dict[tuple[str, int], datetime] = {}
        for extension in WindowExtension.objects.filter(period=period):
            key = (extension.phase, extension.unit_id)
            extended[key] = max(extended.get(key, extension.ends_at), extension.ends_at)
        open_clarifications = set(
            Clarification.objects.filter(
                assessment__period=period, status=Clarification.Status.OPEN
            ).values_list("assessment_id", flat=True)
        )
        for window in windows:
            messages += _window_messages(
                period, window, assessments, extended, open_clarifications, now=now, within=within
            )
    return messages


def _window_messages(period, window, assessments, extended, open_clarifications, *, now, within):
    """One message per person and closing time, naming the units concerned (an evaluator may sit in
    several teams whose windows close together)."""
    closes_soon = lambda end: now < end <= now + within  # noqa: E731
    # person id -> (person, closing time, unit names)
    groups: dict[tuple[int, datetime], tuple[object, list[str]]] = {}
    if window.phase == Phase.FINALISATION:
        if closes_soon(window.ends_at):
            for person in _instansi_people(
                period.instansi_id, [Role.INSPEKTORAT_ADMIN, Role.PENGENDALI_TEKNIS]
            ):
                groups[(person.pk, window.ends_at)] = (person, [])
    else:
        names = {a.unit_id: a.unit.name for a in assessments}
        for unit_id, people in _acting(period, window.phase, assessments, open_clarifications).items():
            end = max(window.ends_at, extended.get((window.phase, unit_id), window.ends_at))
            if not closes_soon(end):
                continue
            for person in people:
                groups.setdefault((person.pk, end), (person, []))[1].append(names[unit_id])
    url = reverse("evaluations:period-detail", args=[period.instansi.code, period.pk])
    messages = []
    for (_pk, end), (person, units) in groups.items():
        text = _("The %(phase)s phase of %(period)s closes on %(when)s.") % {
            "phase": Phase(window.phase).label,
            "period": period.title,
            "when": moment_text(end, period.instansi.time_zone),
        }
        if units:
            text += " " + _("Units: %(units)s.") % {"units": ", ".join(sorted(units))}
        messages.append(Message(person, text, url, key=f"window-closing:{window.pk}:{end:%Y%m%d%H%M}"))
    return messages


def notify(
    kind: str,
    *,
    by=None,
    assessment=None,
    clarification=None,
    period=None,
    assessments=(),
    locked: bool = False,
    appeal=None,
) -> list[Notification]:
    """Tell the people concerned that `kind` just happened (see BUILDERS for who they are)."""
    with translation.override(settings.LANGUAGE_CODE):
        messages = BUILDERS[kind](
            by=by,
            assessment=assessment,
            clarification=clarification,
            period=period,
            assessments=assessments,
            locked=locked,
            appeal=appeal,
        )
        return deliver(kind=kind, messages=messages)


@transaction.atomic
def remind_closing_windows(*, now: datetime | None = None, within: timedelta = timedelta(days=3)) -> int:
    """Remind the people who still have to act that a phase window closes within `within`; each person
    hears once per window and closing time."""
    now = now or timezone.now()
    with translation.override(settings.LANGUAGE_CODE):
        messages = closing_windows(now=now, within=within)
        return len(deliver(kind=WINDOW_CLOSING, messages=messages))
