"""Opening periods, their windows and per-unit extensions."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nyata.evaluations.actions.feeds import fill_from_sources
from nyata.evaluations.actions.timeline import record
from nyata.evaluations.guards import require_one_tier, require_open, require_unlocked
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Assessment, Period, Phase, PhaseWindow, TeamMember, WindowExtension
from nyata.instruments.models import Instrument
from nyata.org.models import Instansi, Membership, Unit, User
from nyata.surveys.models import SurveyPeriod


def _check_windows(windows: dict[str, tuple[datetime, datetime]]) -> None:
    errors = {}
    for phase, (start, end) in windows.items():
        if phase not in Phase.values:
            errors[phase] = [_("Unknown phase.")]
        elif end <= start:
            errors[phase] = [_("A window must end after it starts.")]
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def open_period(
    *,
    instansi: Instansi,
    year: int,
    title: str,
    instrument: Instrument,
    units: list[Unit],
    windows: dict[str, tuple[datetime, datetime]],
    by: User,
    previous: Period | None = None,
    survey_period: SurveyPeriod | None = None,
) -> Period:
    """A new period pinned to a published instrument, with one assessment per participating unit.

    `survey_period` is the SKM period whose IKM fills the indicators with `source: skm-ikm`; without it
    the latest survey period of the same year is used (survey_feed.survey_period_of)."""
    errors: dict[str, list[str]] = {}
    if not instrument.is_published:
        errors["instrument"] = [_("Only a published instrument can be used for a period.")]
    elif instrument.owner_id not in (None, instansi.pk):
        errors["instrument"] = [_("Only a shared instrument or one of this instansi's own can be used.")]
    if not units:
        errors["units"] = [_("Choose at least one participating unit.")]
    if any(unit.instansi_id != instansi.pk or not unit.is_active for unit in units):
        errors["units"] = [_("Every participating unit must be an active unit of this instansi.")]
    if previous is not None and previous.instansi_id != instansi.pk:
        errors["previous"] = [_("The previous period must belong to the same instansi.")]
    if survey_period is not None and survey_period.instansi_id != instansi.pk:
        errors["survey_period"] = [_("The survey period must belong to the same instansi.")]
    if Period.objects.filter(instansi=instansi, year=year, title=title).exists():
        errors["title"] = [_("This instansi already has a period with this title in this year.")]
    if errors:
        raise ValidationError(errors)
    _check_windows(windows)
    period = Period(
        instansi=instansi,
        year=year,
        title=title,
        instrument=instrument,
        previous=previous,
        survey_period=survey_period,
    )
    period._history_user = by
    period.save()
    for phase, (start, end) in windows.items():
        window = PhaseWindow(period=period, phase=phase, starts_at=start, ends_at=end)
        window._history_user = by
        window.save()
    for unit in units:
        assessment = Assessment(period=period, unit=unit)
        assessment._history_user = by
        assessment.save()
        record(assessment, by=by, kind="opened", note=title)
        fill_from_sources(assessment=assessment, by=by)
    return period


@transaction.atomic
def set_window(
    *, period: Period, phase: str, starts_at: datetime, ends_at: datetime, by: User
) -> PhaseWindow:
    require_unlocked(period)
    _check_windows({phase: (starts_at, ends_at)})
    window = PhaseWindow.objects.filter(period=period, phase=phase).first() or PhaseWindow(
        period=period, phase=phase
    )
    window.starts_at, window.ends_at = starts_at, ends_at
    window._history_user = by
    window.save()
    return window


@transaction.atomic
def set_windows(*, period: Period, windows: dict[str, tuple[datetime, datetime]], by: User) -> int:
    """Save the windows that differ from the stored ones, all or none; how many changed.

    Refused in a locked period even when nothing would change: the lock is checked before the comparison."""
    require_unlocked(period)
    stored = {
        window.phase: (window.starts_at, window.ends_at)
        for window in PhaseWindow.objects.select_for_update().filter(period=period)
    }
    changed = [phase for phase, bounds in windows.items() if stored.get(phase) != bounds]
    for phase in changed:
        starts_at, ends_at = windows[phase]
        set_window(period=period, phase=phase, starts_at=starts_at, ends_at=ends_at, by=by)
    return len(changed)


@transaction.atomic
def extend_window(
    *, period: Period, unit: Unit, phase: str, ends_at: datetime, reason: str, by: User
) -> WindowExtension:
    """Give one unit more time in one phase; the reason is recorded on its timeline."""
    require_unlocked(period)
    assessment = period.assessments.filter(unit=unit).first()
    if assessment is None:
        raise ValidationError({"unit": [_("This unit does not take part in the period.")]})
    require_open(assessment)
    if not reason.strip():
        raise ValidationError({"reason": [_("Say why the window is extended.")]})
    window = period.windows.filter(phase=phase).first()
    if window is None or ends_at <= window.ends_at:
        raise ValidationError({"ends_at": [_("An extension must end after the phase's own closing time.")]})
    extension = WindowExtension(
        period=period, unit=unit, phase=phase, ends_at=ends_at, reason=reason, granted_by=by
    )
    extension._history_user = by
    extension.save()
    record(
        assessment,
        by=by,
        kind="window_extended",
        after=ends_at.isoformat(),
        note=f"{Phase(phase).label}: {reason}",
    )
    return extension


TIER_ROLE = {"evaluator": "evaluator", "ketua_tim": "ketua_tim", "pengendali_teknis": "pengendali_teknis"}


@transaction.atomic
def assign_team_member(*, assessment: Assessment, user: User, tier: str, by: User) -> TeamMember:
    """Seat an Inspektorat member of the same instansi in the team of one assessment, in one tier only:
    one person never acts in two review tiers of the same assessment."""
    require_open(assessment)
    if tier not in TIER_ROLE:
        raise ValidationError({"tier": [_("Unknown tier.")]})
    holds_role = Membership.objects.filter(
        user=user, role=TIER_ROLE[tier], unit__instansi_id=assessment.period.instansi_id, unit__is_active=True
    ).exists()
    if not holds_role:
        raise ValidationError(
            {"user": [_("This person does not hold that role in the Inspektorat of this instansi.")]}
        )
    if TeamMember.objects.filter(assessment=assessment, user=user, tier=tier).exists():
        raise ValidationError({"user": [_("This person already sits in the team in that tier.")]})
    seated = TeamMember.objects.filter(assessment=assessment, user=user).exclude(tier=tier).first()
    if seated is not None:
        raise ValidationError(
            {
                "user": [
                    _(
                        "This person already sits in this team as %(tier)s: one person cannot act in two "
                        "review tiers of the same assessment."
                    )
                    % {"tier": seated.get_tier_display()}
                ]
            }
        )
    try:
        require_one_tier(assessment, tier=tier, by=user)
    except ValidationError as error:
        raise ValidationError({"user": error.messages}) from None
    member = TeamMember(assessment=assessment, user=user, tier=tier)
    member._history_user = by
    member.save()
    record(assessment, by=by, kind="team_assigned", after=tier, note=str(user))
    return member


@transaction.atomic
def remove_team_member(*, member: TeamMember, by: User) -> None:
    require_open(member.assessment)
    record(member.assessment, by=by, kind="team_removed", before=member.tier, note=str(member.user))
    member._history_user = by
    member.delete()


@transaction.atomic
def choose_themes(*, period: Period, themes: list[str], by: User) -> Period:
    """The RB Tematik themes of the year for this period, chosen from those its instrument offers
    (`theme: true`); the others do not apply and the worksheet no longer shows them. Answers already
    given to a theme left out are kept (they count again if the theme is chosen again). Fixed once the
    preliminary results are out, since every unit's score depends on them."""
    require_unlocked(period)
    if period.preliminary_released_at is not None:
        raise ValidationError(_("The themes are fixed once the preliminary results are released."))
    offered = [node.code for node in definition_of(period.instrument).themes()]
    if not offered:
        raise ValidationError(_("The instrument of this period offers no themes to choose from."))
    unknown = sorted(set(themes) - set(offered))
    if unknown:
        raise ValidationError(
            {"themes": _("The instrument offers no theme %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    if not themes:
        raise ValidationError({"themes": _("Choose at least one theme.")})
    period.themes = [code for code in offered if code in themes]  # in the instrument's order
    period._history_user = by
    period.save(update_fields=["themes"])
    return period
