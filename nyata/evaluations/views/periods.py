"""Periods: the list, opening a new one (optionally from last year's), its page with the windows,
window edits while it is unlocked and per-unit extensions."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nyata.evaluations.actions.periods import choose_themes, extend_window, open_period, set_windows
from nyata.evaluations.forms.admin import (
    ExtensionForm,
    PeriodForm,
    ThemesForm,
    WindowsForm,
    window_field_names,
)
from nyata.evaluations.forms.errors import add_errors
from nyata.evaluations.guards import window_end
from nyata.evaluations.instrument import definition_of, themes_left_out
from nyata.evaluations.models import Period, Phase
from nyata.evaluations.queries import pengampu, periods
from nyata.evaluations.queries.closing import not_submitted_blocker
from nyata.evaluations.views.access import period_for
from nyata.evaluations.workflow import UNDELIVERED_STAGES
from nyata.org import queries as org_queries
from nyata.org import rules
from nyata.org.models import Unit
from nyata.org.rules import require

# A fresh period's proposed schedule, in days, one phase after the other (the admin edits it).
DEFAULT_DAYS = {
    Phase.SELF_ASSESSMENT: 30,
    Phase.DESK_REVIEW: 21,
    Phase.CLARIFICATION: 7,
    Phase.APPEAL: 7,
    Phase.FINALISATION: 7,
}


@login_required
def period_list(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    visible = periods.periods_for_user(request.user, instansi_obj).prefetch_related("windows")
    now = timezone.now()
    rows = [(period, _current_phase(period, now)) for period in visible]
    return render(
        request,
        "evaluations/admin/period_list.html",
        {
            "instansi": instansi_obj,
            "rows": rows,
            "can_create": rules.has_perm(request.user, "evaluations.manage_periods", instansi_obj),
        },
    )


def _current_phase(period: Period, now: datetime) -> str:
    if period.is_locked:
        return ""
    open_now = [w.get_phase_display() for w in period.windows.all() if w.starts_at <= now < w.ends_at]
    return ", ".join(open_now)


def _proposal(instansi, previous: Period | None) -> dict:
    """What the form starts with: last period's participants and window lengths, a year later; or all
    active OPD and the default schedule from tomorrow 08:00 in the instansi's zone."""
    zone = ZoneInfo(instansi.time_zone)
    initial: dict = {}
    if previous is not None:
        year = previous.year + 1
        still_active = Unit.objects.filter(assessments__period=previous, is_active=True)
        initial |= {"previous": previous, "instrument": previous.instrument, "units": list(still_active)}
        for window in previous.windows.all():
            start, end = window_field_names(window.phase)
            initial[start] = _a_year_later(window.starts_at.astimezone(zone), year - previous.year)
            initial[end] = initial[start] + (window.ends_at - window.starts_at)
    else:
        year = timezone.localtime(timezone.now(), zone).year
        initial["units"] = list(Unit.objects.filter(instansi=instansi, is_active=True, kind=Unit.Kind.OPD))
        moment = (timezone.localtime(timezone.now(), zone) + timedelta(days=1)).replace(
            hour=8, minute=0, second=0, microsecond=0
        )
        for phase, days in DEFAULT_DAYS.items():
            start, end = window_field_names(phase)
            initial[start], initial[end] = moment, moment + timedelta(days=days)
            moment = initial[end]
    initial |= {"year": year, "title": _("Evaluation of bureaucratic reform %(year)s") % {"year": year}}
    return initial


def _a_year_later(moment: datetime, years: int) -> datetime:
    try:
        return moment.replace(year=moment.year + years)
    except ValueError:  # 29 February
        return moment.replace(year=moment.year + years, day=28)


@login_required
def period_create(request: HttpRequest, instansi: str) -> HttpResponse:
    instansi_obj = org_queries.get_instansi_for_user(request.user, instansi)
    require(request.user, "evaluations.manage_periods", instansi_obj)
    if request.method == "POST":
        form = PeriodForm(request.POST, instansi=instansi_obj)
        if form.is_valid():
            data = form.cleaned_data
            try:
                period = open_period(
                    instansi=instansi_obj,
                    year=data["year"],
                    title=data["title"],
                    instrument=data["instrument"],
                    units=list(data["units"]),
                    windows=form.windows(),
                    previous=data["previous"],
                    by=request.user,
                )
            except ValidationError as error:
                add_errors(form, error)
            else:
                messages.success(
                    request, _("The period is open: every participating unit has its worksheet.")
                )
                _warn_missing_verifiers(request, period)
                return redirect("evaluations:period-detail", instansi=instansi_obj.code, period=period.pk)
        status = 400
    else:
        previous = None
        if request.GET.get("dari", "").isdigit():
            previous = periods.get_period_for_user(request.user, instansi_obj, int(request.GET["dari"]))
        form = PeriodForm(instansi=instansi_obj, initial=_proposal(instansi_obj, previous))
        status = 200
    context = {
        "instansi": instansi_obj,
        "form": form,
        "periods": Period.objects.filter(instansi=instansi_obj),
    }
    return render(request, "evaluations/admin/period_form.html", context, status=status)


def _area_label(coverage: pengampu.AreaCoverage) -> str:
    if coverage.unit is None:
        return _("%(area)s (no unit pengampu owns it)") % {"area": coverage.area}
    return f"{coverage.area} ({coverage.unit.display_name})"


def _warn_missing_verifiers(request: HttpRequest, period: Period) -> None:
    """Said when the period opens, so that the admin assigns verifiers before the OPD hand in."""
    missing = [c for c in pengampu.verifier_coverage(period) if c.is_missing]
    if missing:
        messages.warning(
            request,
            _(
                "No pengampu verifier for: %(areas)s. Their indicators cannot be verified until someone of "
                "the unit pengampu holds the pengampu verifier role; until then they do not hold up the "
                "hand-over."
            )
            % {"areas": "; ".join(_area_label(c) for c in missing)},
        )


def _detail_context(request, instansi, period, **extra) -> dict:
    user = request.user
    manages = rules.has_perm(user, "evaluations.manage_periods", instansi) and not period.is_locked
    windows = list(period.windows.all())
    now = timezone.now()
    own_units = rules.own_unit_ids(user)
    extensions = period.extensions.select_related("unit", "granted_by")
    if not rules.reads_whole_instansi(user, instansi.pk):
        extensions = extensions.filter(unit_id__in=own_units)  # an OPD sees its own extensions only
    assessments = list(periods.assessments_for_user(user, period))
    # A late OPD, once its window has closed: the admin extends the window above or closes it here. An
    # extension only lengthens a unit's window, so before the period's own closes no unit is asked about.
    self_assessment = next((w for w in windows if w.phase == Phase.SELF_ASSESSMENT), None)
    closes = (
        rules.has_perm(user, "evaluations.close_unit", period)
        and not period.is_locked
        and self_assessment is not None
        and now >= self_assessment.ends_at
    )
    rows = [
        {
            "assessment": a,
            "worksheet": rules.has_perm(user, "evaluations.view_assessment", a) and a.unit_id in own_units,
            "review": rules.has_perm(user, "evaluations.view_review", a),
            "result": rules.has_perm(user, "evaluations.view_results", a),
            "close": closes and a.status in UNDELIVERED_STAGES and not not_submitted_blocker(a, now=now),
        }
        for a in assessments
    ]
    initial = {}
    for window in windows:
        start, end = window_field_names(window.phase)
        initial[start], initial[end] = window.starts_at, window.ends_at
    coverage = pengampu.verifier_coverage(period) if rules.reads_whole_instansi(user, instansi.pk) else []
    context = {
        "instansi": instansi,
        "period": period,
        "coverage": coverage,
        "missing_verifiers": [c for c in coverage if c.is_missing],
        "windows": [(w, w.starts_at <= now < w.ends_at, _own_end(period, w, own_units)) for w in windows],
        "extensions": list(extensions),
        "rows": rows,
        "manages": manages,
        "windows_form": WindowsForm(initial=initial, zone=ZoneInfo(instansi.time_zone)) if manages else None,
        "extension_form": ExtensionForm(period=period) if manages else None,
        "themes": _themes(period),
        "themes_editable": manages and period.preliminary_released_at is None,
        "links": {
            "review": rules.has_perm(user, "evaluations.view_review", period),
            "team": rules.has_perm(user, "evaluations.manage_team", period) and not period.is_locked,
            "verification": rules.has_perm(user, "evaluations.verify_area", period) and not period.is_locked,
            "progress": rules.has_perm(user, "evaluations.view_progress", period) and not period.is_locked,
            "ranking": rules.has_perm(user, "evaluations.view_ranking", period),
            "finalise": rules.has_perm(user, "evaluations.finalise", period) and not period.is_locked,
            "next_period": rules.has_perm(user, "evaluations.manage_periods", instansi),
        },
    }
    return context | extra


def _own_end(period: Period, window, own_units) -> datetime | None:
    """For OPD staff of one unit: the closing time that holds for their unit, if an extension moved it."""
    if len(own_units) != 1:
        return None
    bounds = window_end(period, window.phase, next(iter(own_units)))
    return bounds[1] if bounds and bounds[1] != window.ends_at else None


@login_required
def period_detail(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    return render(
        request, "evaluations/admin/period_detail.html", _detail_context(request, instansi_obj, period_obj)
    )


@login_required
@require_POST
def period_windows(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.manage_periods", instansi_obj)
    form = WindowsForm(request.POST, zone=ZoneInfo(instansi_obj.time_zone))
    if form.is_valid():
        try:
            changed = set_windows(period=period_obj, windows=form.windows(), by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("%(count)d windows changed.") % {"count": changed})
            return redirect("evaluations:period-detail", instansi=instansi_obj.code, period=period_obj.pk)
    context = _detail_context(request, instansi_obj, period_obj)
    if context["manages"]:
        context["windows_form"] = form
    else:
        context["page_errors"] = form.non_field_errors()
    return render(request, "evaluations/admin/period_detail.html", context, status=400)


@login_required
@require_POST
def window_extend(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.manage_periods", instansi_obj)
    form = ExtensionForm(request.POST, period=period_obj)
    if form.is_valid():
        data = form.cleaned_data
        try:
            extend_window(
                period=period_obj,
                unit=data["unit"],
                phase=data["phase"],
                ends_at=data["ends_at"],
                reason=data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(
                request, _("%(unit)s has more time: the extension is recorded.") % {"unit": data["unit"].name}
            )
            return redirect("evaluations:period-detail", instansi=instansi_obj.code, period=period_obj.pk)
    context = _detail_context(request, instansi_obj, period_obj)
    if context["manages"]:
        context["extension_form"] = form
    else:
        context["page_errors"] = [e for errors in form.errors.values() for e in errors]
    return render(request, "evaluations/admin/period_detail.html", context, status=400)


def _themes(period: Period) -> list[tuple[str, str, bool]]:
    """(code, title, chosen) of every theme the period's instrument offers, in its order."""
    left_out = themes_left_out(period)
    return [(n.code, n.title, n.code not in left_out) for n in definition_of(period.instrument).themes()]


@login_required
def period_themes(request: HttpRequest, instansi: str, period: int) -> HttpResponse:
    """The admin chooses the period's RB Tematik themes of the year."""
    instansi_obj, period_obj = period_for(request, instansi, period)
    require(request.user, "evaluations.manage_periods", instansi_obj)
    themes = _themes(period_obj)
    offered = [(code, f"{code} · {title}") for code, title, _chosen in themes]
    initial = {"themes": [code for code, _title, chosen in themes if chosen]}
    form = ThemesForm(request.POST if request.method == "POST" else None, offered=offered, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            choose_themes(period=period_obj, themes=form.cleaned_data["themes"], by=request.user)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, _("The themes of the year are saved."))
            return redirect("evaluations:period-detail", instansi=instansi_obj.code, period=period_obj.pk)
    context = {
        "form": form,
        "heading": _("Themes of the year: %(title)s") % {"title": period_obj.title},
        "back_url": reverse("evaluations:period-detail", args=[instansi_obj.code, period_obj.pk]),
    }
    return render(request, "core/form.html", context, status=400 if form.errors else 200)
