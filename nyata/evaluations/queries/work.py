"""What waits for whom: team seats, the team page and the period overview of the review side."""

from dataclasses import dataclass

from django.db.models import Count
from django.http import Http404

from nyata.evaluations.models import (
    Appeal,
    Assessment,
    Clarification,
    Period,
    TeamMember,
)
from nyata.evaluations.queries.review import TIER_LABELS
from nyata.evaluations.workflow import STAGE_OF_TIER, TIER_ORDER
from nyata.org.models import Membership


@dataclass
class TeamWork:
    assessment: Assessment
    tiers: list[str]
    my_turn: bool
    answered_clarifications: int
    pending_appeals: int

    @property
    def tier_labels(self) -> list[str]:
        return [TIER_LABELS[tier] for tier in self.tiers]


def team_work(user) -> list[TeamWork]:
    """The assessments of open periods where this person sits in the team, and what waits for them."""
    seats = (
        TeamMember.objects.filter(user=user, assessment__period__status=Period.Status.OPEN)
        .select_related("assessment__unit", "assessment__period__instansi")
        .order_by("assessment__period__year", "assessment__unit__name")
    )
    by_assessment: dict[int, TeamWork] = {}
    for seat in seats:
        work = by_assessment.get(seat.assessment_id)
        if work is None:
            work = by_assessment[seat.assessment_id] = TeamWork(seat.assessment, [], False, 0, 0)
        work.tiers.append(seat.tier)
        work.my_turn = work.my_turn or STAGE_OF_TIER[seat.tier] == seat.assessment.status
    if by_assessment:
        answered = dict(
            Clarification.objects.filter(
                assessment_id__in=by_assessment, status=Clarification.Status.ANSWERED
            )
            .values_list("assessment_id")
            .annotate(n=Count("pk"))
        )
        pending = dict(
            Appeal.objects.filter(assessment_id__in=by_assessment, decision=Appeal.Decision.PENDING)
            .values_list("assessment_id")
            .annotate(n=Count("pk"))
        )
        for pk, work in by_assessment.items():
            if TeamMember.Tier.EVALUATOR in work.tiers:
                work.answered_clarifications = answered.get(pk, 0)
            if TeamMember.Tier.KETUA_TIM in work.tiers:
                work.pending_appeals = pending.get(pk, 0)
    return list(by_assessment.values())


def team_page_rows(period: Period) -> list[tuple[Assessment, dict[str, list[TeamMember]]]]:
    """Every unit of the period with its team, tier by tier (keys in tier order)."""
    assessments = (
        period.assessments.select_related("unit").prefetch_related("team__user").order_by("unit__name")
    )
    rows = []
    for assessment in assessments:
        team: dict[str, list[TeamMember]] = {tier: [] for tier in TIER_ORDER}
        for member in assessment.team.all():
            team[member.tier].append(member)
        rows.append((assessment, team))
    return rows


@dataclass
class PeriodRow:
    assessment: Assessment
    team: dict[str, list[TeamMember]]
    my_tiers: list[str]

    @property
    def team_by_label(self) -> list[tuple[str, list[TeamMember]]]:
        return [(TIER_LABELS[tier], self.team[tier]) for tier in TIER_ORDER]

    @property
    def my_turn(self) -> bool:
        return any(STAGE_OF_TIER[tier] == self.assessment.status for tier in self.my_tiers)


def period_rows(period: Period, user) -> list[PeriodRow]:
    """Every unit of the period with its stage and team, and whether it waits for this person."""
    return [
        PeriodRow(
            assessment=assessment,
            team=team,
            my_tiers=[m.tier for members in team.values() for m in members if m.user_id == user.pk],
        )
        for assessment, team in team_page_rows(period)
    ]


def team_candidates(period: Period):
    """Inspektorat people who hold one of the team roles in this instansi, each with the roles they hold."""
    rows = (
        Membership.objects.filter(
            role__in=TIER_ORDER, unit__instansi_id=period.instansi_id, unit__is_active=True
        )
        .select_related("user")
        .order_by("user__name", "role")
    )
    people: dict[int, tuple] = {}
    for membership in rows:
        user, roles = people.get(membership.user_id, (membership.user, []))
        roles.append(TIER_LABELS[membership.role])
        people[membership.user_id] = (user, roles)
    return list(people.values())


def get_team_member(period: Period, pk: int) -> TeamMember:
    member = TeamMember.objects.select_related("assessment__period", "user").filter(
        assessment__period=period, pk=pk
    )
    found = member.first()
    if found is None:
        raise Http404
    return found
