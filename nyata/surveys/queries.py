"""Reads of the SKM. Every `get_*_for_user` checks permission and answers 404 for what the person may not see.

The IKM figures are read from the running tallies (ServiceDayTally): a period or a month of a unit is a
sum of at most a few hundred rows, whatever the number of responses. The functions of nyata.surveys.ikm
turn those sums into every figure of the contract, so pages, the command and the benchmark agree.
"""

import secrets
import time
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.cache import cache
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import Http404
from django.urls import reverse

from nyata.org import rules
from nyata.org.models import Instansi, Unit, User
from nyata.surveys.ikm import IkmResult, Tally, round_half_up
from nyata.surveys.models import (
    PaperImport,
    Response,
    Service,
    ServiceDayTally,
    SurveyPeriod,
    UnitSurveySettings,
)
from nyata.surveys.questionnaire import ANSWER_FIELDS

TALLY_SUMS = {"n": Sum("n")} | {f"{kind}{i}": Sum(f"{kind}{i}") for i in range(1, 10) for kind in ("c", "s")}


def _tally(row: dict) -> Tally:
    return Tally(
        n=row["n"] or 0,
        counts=tuple(row[f"c{i}"] or 0 for i in range(1, 10)),
        sums=tuple(row[f"s{i}"] or 0 for i in range(1, 10)),
    )


# --- permission-aware getters -------------------------------------------------------------------------


def result_units_for_user(user: User, instansi: Instansi) -> QuerySet[Unit]:
    """Units whose survey results the person may read: all of the instansi, or only their own."""
    units = Unit.objects.filter(instansi=instansi, services__isnull=False).distinct()
    if rules.has_perm(user, "surveys.view_instansi_results", instansi):
        return units
    return units.filter(pk__in=rules.own_unit_ids(user))


def get_result_unit_for_user(user: User, instansi: Instansi, pk: int) -> Unit:
    unit = Unit.objects.select_related("instansi").filter(instansi=instansi, pk=pk).first()
    if unit is None or not rules.has_perm(user, "surveys.view_results", unit):
        raise Http404
    return unit


def get_service_for_user(user: User, instansi: Instansi, pk: int) -> Service:
    service = Service.objects.select_related("unit__instansi").filter(unit__instansi=instansi, pk=pk).first()
    if service is None or not rules.has_perm(user, "surveys.view_results", service.unit):
        raise Http404
    return service


PUBLIC_SERVICE_SECONDS = 30


def public_service_cache_key(code: str) -> str:
    """The cache key of the public service's version: changed (forget_public_service) when the service or
    its instansi's periods change, so that every process holding a copy notices at its next request."""
    return f"surveys:public-service:{code}"


@dataclass(frozen=True)
class _Cached:
    service: Service
    version: object
    expires: float


# The process's own copies, unpickled: reading the service back from Django's cache unpickled the service,
# its unit, instansi and periods on every submission (measured: 0.3-0.5 ms of a 1.5 ms POST). Only the
# version travels through the cache. The copies are read, never changed, by the requests that share them.
_public_services: dict[str, _Cached] = {}
_PUBLIC_SERVICES_MAX = 2000  # a bound on memory: codes never seen again are dropped wholesale


def forget_public_service(code: str) -> None:
    """Make every process drop its copy of the public service: its own at once, others at their next
    request (through the shared version), or within PUBLIC_SERVICE_SECONDS with a per-process cache."""
    _public_services.pop(code, None)
    cache.set(public_service_cache_key(code), secrets.token_hex(8), None)


def get_public_service(code: str) -> Service:
    """The service behind a public survey address; an inactive service or unit has no survey page.

    Kept in the process for a few seconds: this is the hot path of every citizen's submission. A change
    of the service or its periods (forget_public_service) shows at once in the process that made it and
    wherever the version key is shared; a unit or instansi made inactive shows within the TTL.
    """
    version = cache.get(public_service_cache_key(code))
    now = time.monotonic()
    cached = _public_services.get(code)
    if cached is not None and cached.version == version and cached.expires > now:
        return cached.service
    service = (
        Service.objects.select_related("unit__instansi")
        .filter(public_code=code, is_active=True, unit__is_active=True, unit__instansi__is_active=True)
        .first()
    )
    if service is None:
        _public_services.pop(code, None)
        raise Http404
    # The instansi's survey periods travel with the service, so that a submission finds its period
    # without a query; save_period forgets the cached services of its instansi.
    service.public_periods = tuple(periods_of(service.unit.instansi))
    # Where a submission is sent: reversed once here rather than for every POST.
    service.thanks_url = reverse("surveys:thanks", args=[code])
    if len(_public_services) >= _PUBLIC_SERVICES_MAX:
        _public_services.clear()
    _public_services[code] = _Cached(service=service, version=version, expires=now + PUBLIC_SERVICE_SECONDS)
    return service


def periods_of(instansi: Instansi) -> QuerySet[SurveyPeriod]:
    return SurveyPeriod.objects.filter(instansi=instansi).order_by("-starts_on")


def chosen_period(instansi: Instansi, *, pk: str | None, today: date) -> SurveyPeriod | None:
    """The period asked for, else the one covering today, else the latest one."""
    periods = periods_of(instansi)
    if pk and pk.isdigit():
        period = periods.filter(pk=int(pk)).first()
        if period is not None:
            return period
    current = periods.filter(starts_on__lte=today, ends_on__gte=today).first()
    return current or periods.first()


# --- IKM figures --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ServiceResult:
    service: Service
    result: IkmResult


def _tallies(period: SurveyPeriod | None) -> QuerySet[ServiceDayTally]:
    tallies = ServiceDayTally.objects.all()
    if period is not None:
        tallies = tallies.filter(day__gte=period.starts_on, day__lte=period.ends_on)
    return tallies


def service_result(service: Service, period: SurveyPeriod | None) -> IkmResult:
    row = _tallies(period).filter(service=service).aggregate(**TALLY_SUMS)
    return IkmResult(tally=_tally(row), population=service.population)


def service_results(services: QuerySet[Service], period: SurveyPeriod | None) -> list[ServiceResult]:
    """Every listed service with its figures for the period, in two queries."""
    rows = (
        _tallies(period).filter(service__in=services).values("service_id").annotate(**TALLY_SUMS).order_by()
    )
    by_service = {row["service_id"]: _tally(row) for row in rows}
    return [
        ServiceResult(s, IkmResult(tally=by_service.get(s.pk, Tally()), population=s.population))
        for s in services
    ]


def _population(services: list[Service], counted: set[int]) -> int | None:
    # A retired service whose responses still fall in the period keeps counting towards N.
    total = sum(s.population for s in services if s.is_active or s.pk in counted)
    return total or None


def unit_result(unit: Unit, period: SurveyPeriod | None) -> IkmResult:
    """The unit's IKM from all its services' respondents pooled (NRR_i over every answer to U_i)."""
    return unit_results([unit], period)[unit.pk]


def unit_results(units: list[Unit] | QuerySet[Unit], period: SurveyPeriod | None) -> dict[int, IkmResult]:
    """Figures per unit for the period, in two queries, for the Inspektorat's overview of all units."""
    unit_ids = [u.pk for u in units]
    services = list(Service.objects.filter(unit_id__in=unit_ids))
    per_service = (
        _tallies(period)
        .filter(service__unit_id__in=unit_ids)
        .values("service_id")
        .annotate(**TALLY_SUMS)
        .order_by()
    )
    service_unit = {s.pk: s.unit_id for s in services}
    services_of: dict[int, list[Service]] = {pk: [] for pk in unit_ids}
    for service in services:  # grouped once: a province of 1,000 units must not scan every service per unit
        services_of[service.unit_id].append(service)
    totals: dict[int, Tally] = {pk: Tally() for pk in unit_ids}
    counted: set[int] = set()
    for row in per_service:
        tally = _tally(row)
        if tally.n:
            counted.add(row["service_id"])
        unit_id = service_unit[row["service_id"]]
        totals[unit_id] = totals[unit_id] + tally
    return {
        pk: IkmResult(tally=totals[pk], population=_population(services_of[pk], counted)) for pk in unit_ids
    }


def monthly_trend(
    *, services: QuerySet[Service], period: SurveyPeriod | None
) -> list[tuple[date, IkmResult]]:
    """The IKM month by month (local months of the instansi), oldest first."""
    rows = (
        _tallies(period)
        .filter(service__in=services)
        .annotate(month=TruncMonth("day"))
        .values("month")
        .annotate(**TALLY_SUMS)
        .order_by("month")
    )
    return [(row["month"], IkmResult(tally=_tally(row))) for row in rows]


def recount_from_responses(*, services: QuerySet[Service], period: SurveyPeriod | None) -> Tally:
    """The same sums computed from the responses themselves: the check on the running tallies."""
    responses = Response.objects.filter(service__in=services, included=True)
    if period is not None:
        responses = responses.filter(day__gte=period.starts_on, day__lte=period.ends_on)
    aggregates = {"n": Count("pk")}
    for i, field in enumerate(ANSWER_FIELDS, start=1):
        aggregates[f"c{i}"] = Count(field)  # COUNT of a column skips the unanswered (null) ones
        aggregates[f"s{i}"] = Sum(field)
    return _tally(responses.aggregate(**aggregates))


@dataclass(frozen=True)
class PaperShare:
    """How much of a figure rests on paper forms, and how many paper forms still wait for acceptance."""

    paper: int  # counted respondents who answered on paper
    total: int  # counted respondents
    pending: int  # paper forms stored but not counted until the Inspektorat accepts their file

    @property
    def percent(self) -> Decimal | None:
        """The paper share of the counted respondents, in percent, to one decimal."""
        return round_half_up(Fraction(self.paper * 100, self.total), 1) if self.total else None


def paper_share(services: QuerySet[Service], period: SurveyPeriod | None) -> PaperShare:
    """The paper share of the services' figures for the period, in two queries."""
    row = _tallies(period).filter(service__in=services).aggregate(n=Sum("n"), paper=Sum("paper"))
    waiting = _in_period(
        Response.objects.filter(service__in=services, paper_import__status=PaperImport.Status.PENDING), period
    )
    return PaperShare(paper=row["paper"] or 0, total=row["n"] or 0, pending=waiting.count())


def paper_imports_of(service: Service) -> QuerySet[PaperImport]:
    """The service's paper files, newest first, with who imported and who decided."""
    return (
        PaperImport.objects.filter(service=service).select_related("by", "decided_by").order_by("-at", "-pk")
    )


def pending_paper_imports(instansi: Instansi) -> QuerySet[PaperImport]:
    """Files of the instansi waiting for the Inspektorat's decision, oldest first."""
    return (
        PaperImport.objects.filter(service__unit__instansi=instansi, status=PaperImport.Status.PENDING)
        .select_related("service__unit", "by")
        .order_by("at", "pk")
    )


def get_paper_import_for_user(user: User, instansi: Instansi, pk: int) -> PaperImport:
    """A paper file, for those who see its service's results; 404 otherwise."""
    batch = (
        PaperImport.objects.select_related("service__unit__instansi", "by", "decided_by")
        .filter(service__unit__instansi=instansi, pk=pk)
        .first()
    )
    if batch is None or not rules.has_perm(user, "surveys.view_results", batch.service.unit):
        raise Http404
    return batch


def paper_import_result(batch: PaperImport) -> IkmResult:
    """The IKM of the file's forms on their own: what accepting it would add."""
    answers = Response.objects.filter(paper_import=batch).values_list(*ANSWER_FIELDS)
    return IkmResult(tally=Tally.of(answers))


def flagged_responses(service: Service) -> QuerySet[Response]:
    return Response.objects.filter(service=service, suspicious=True).order_by("-submitted_at")


# --- complaints, exports and the public summary ---------------------------------------------------------


def _in_period(responses: QuerySet[Response], period: SurveyPeriod | None) -> QuerySet[Response]:
    if period is None:
        return responses
    return responses.filter(day__gte=period.starts_on, day__lte=period.ends_on)


def complaints_of(unit: Unit, period: SurveyPeriod | None, *, status: str = "") -> QuerySet[Response]:
    """The counted responses of the unit's services that carry a suggestion or complaint, newest first.

    Flagged (uncounted) responses are left out: they may be automated, and the follow-up of the SKM is
    about the citizens whose answers count.
    """
    complaints = _in_period(
        Response.objects.filter(service__unit=unit, included=True).exclude(suggestion=""), period
    )
    if status == "new":
        complaints = complaints.filter(reply__isnull=True)
    elif status == "responded":
        complaints = complaints.filter(reply__isnull=False)
    return complaints.select_related("service", "reply__by").order_by("-submitted_at", "-pk")


@dataclass(frozen=True)
class ComplaintCounts:
    total: int
    responded: int

    @property
    def new(self) -> int:
        return self.total - self.responded

    @property
    def share_responded(self) -> int | None:
        """Percent responded, rounded down (100 only when every one is answered)."""
        return self.responded * 100 // self.total if self.total else None


def complaint_counts(unit: Unit, period: SurveyPeriod | None) -> ComplaintCounts:
    row = complaints_of(unit, period).order_by().aggregate(total=Count("pk"), responded=Count("reply"))
    return ComplaintCounts(total=row["total"], responded=row["responded"])


def get_complaint_for_user(user: User, instansi: Instansi, pk: int) -> Response:
    response = (
        Response.objects.select_related("service__unit__instansi")
        .filter(service__unit__instansi=instansi, pk=pk)
        .exclude(suggestion="")
        .first()
    )
    if response is None or not rules.has_perm(user, "surveys.view_complaints", response.service.unit):
        raise Http404
    return response


def responses_for_export(unit: Unit, period: SurveyPeriod | None) -> QuerySet[Response]:
    """The counted responses of the unit in the period, oldest first, for CSV and XLSX."""
    return (
        _in_period(Response.objects.filter(service__unit=unit, included=True), period)
        .select_related("service")
        .order_by("submitted_at", "pk")
    )


def public_summary_enabled(unit: Unit) -> bool:
    return UnitSurveySettings.objects.filter(unit=unit, public_summary=True).exists()


def get_public_summary_unit(instansi_code: str, unit_code: str) -> Unit:
    """A unit whose summary is published; anything else (off, inactive, unknown) is simply not found."""
    unit = (
        Unit.objects.select_related("instansi")
        .filter(
            instansi__code=instansi_code,
            instansi__is_active=True,
            code=unit_code,
            is_active=True,
            survey_settings__public_summary=True,
        )
        .first()
    )
    if unit is None:
        raise Http404
    return unit
