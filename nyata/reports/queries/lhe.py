"""What one unit's evaluation report (LHE) says, as plain data: the PDF, the Word document and their
fingerprint are all made from it, so every format shows the same figures, and a file made earlier from the
same data can be given again.

The figures come from the stored Result once the period is finalised (standings.unit_result reads it), and
from the engine's draft before that (the Inspektorat's drafts only)."""

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from django.utils import timezone, translation
from django.utils.translation import gettext as _

from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Assessment, Period, Result
from nyata.evaluations.queries.standings import predicate_label, unit_result
from nyata.reports.queries.city import UNSCORED, _d, previous_period_of
from nyata.reports.queries.skm import UnitSkm, skm_by_unit
from nyata.reports.queries.texts import Texts, document_number, texts_of

# Bump when the layout of a document changes, so that files made by the older layout are not reused.
LAYOUT_VERSION = "1"


@dataclass(frozen=True)
class ComponentLine:
    code: str
    title: str
    depth: int
    score: Decimal
    max: Decimal
    applicable: bool
    previous_score: Decimal | None = None

    @property
    def share(self) -> Decimal | None:
        if not self.applicable or not self.max:
            return None
        return (self.score * 100 / self.max).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)

    @property
    def change(self) -> Decimal | None:
        return None if self.previous_score is None else self.score - self.previous_score


@dataclass(frozen=True)
class FindingLine:
    code: str
    title: str
    condition: str
    recommendation: str  # every rekomendasi of the finding, one per line
    criteria: str = ""
    cause: str = ""
    effect: str = ""

    @property
    def elements(self) -> list[tuple[str, str]]:
        """Kriteria, sebab and akibat that were written, with their labels (for the PDF and Word)."""
        labels = (
            (_("Criteria (kriteria)"), self.criteria),
            (_("Cause (sebab)"), self.cause),
            (_("Effect (akibat)"), self.effect),
        )
        return [(label, text) for label, text in labels if text]


@dataclass(frozen=True)
class GainLine:
    code: str
    title: str
    gain: Decimal


@dataclass(frozen=True)
class UnsurLine:
    code: str
    name: str
    nrr: Decimal | None
    mutu: str
    weakest: bool


@dataclass(frozen=True)
class SkmPart:
    survey_period: str
    respondents: int
    ikm: Decimal | None
    mutu: str
    kinerja: str
    required_sample: int | None
    sample_sufficient: bool | None
    unsur: list[UnsurLine] = field(default_factory=list)


@dataclass(frozen=True)
class PreviousPart:
    title: str
    year: int
    total: Decimal
    predicate: str
    predicate_label: str


@dataclass(frozen=True)
class Lhe:
    is_final: bool
    instansi: str
    unit: str
    unit_code: str
    period: str
    year: int
    instrument: str
    instrument_version: str
    number: str
    date: date
    legal_basis: list[str]
    texts: Texts
    total: Decimal
    max_total: Decimal
    predicate: str
    predicate_label: str
    proposed_total: Decimal
    components: list[ComponentLine]
    previous: PreviousPart | None
    findings: list[FindingLine]
    gains: list[GainLine]
    skm: SkmPart | None

    @property
    def change(self) -> Decimal | None:
        return None if self.previous is None else self.total - self.previous.total

    @property
    def filename_stem(self) -> str:
        state = "" if self.is_final else "DRAF-"
        return f"{state}LHE-{self.year}-{self.unit_code}"

    def fingerprint(self) -> str:
        return fingerprint_of(asdict(self))


def fingerprint_of(data) -> str:
    """SHA-256 of a canonical JSON of what a document shows (bytes by their own hash)."""

    def plain(value):
        if isinstance(value, bytes):
            return hashlib.sha256(value).hexdigest()
        if isinstance(value, (Decimal, date)):
            return str(value)
        raise TypeError(type(value))

    text = json.dumps([LAYOUT_VERSION, data], default=plain, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()


def document_date(period: Period) -> date:
    """The date of publication for a final document; today (in the instansi's zone) for a draft."""
    from zoneinfo import ZoneInfo

    zone = ZoneInfo(period.instansi.time_zone)
    moment = period.finalised_at if period.is_locked and period.finalised_at else timezone.now()
    return timezone.localtime(moment, zone).date()


@dataclass
class PeriodContext:
    """What every LHE of a period shares, read once for all of them."""

    period: Period
    texts: Texts
    sequence: dict[int, int]
    previous: Period | None
    previous_results: dict[int, Result]
    skm: dict[int, UnitSkm]


def period_context(period: Period, *, unit_ids: list[int] | None = None) -> PeriodContext:
    ordered = list(period.assessments.order_by("unit__name").values_list("pk", "unit_id"))
    wanted = unit_ids if unit_ids is not None else [unit_id for _pk, unit_id in ordered]
    previous = previous_period_of(period)
    previous_results = {}
    if previous is not None:
        rows = Result.objects.filter(assessment__period=previous, assessment__unit_id__in=wanted)
        previous_results = {r.assessment.unit_id: r for r in rows.select_related("assessment")}
        for result in previous_results.values():
            result.assessment.period = previous
    return PeriodContext(
        period=period,
        texts=texts_of(period.instansi),
        sequence={pk: index for index, (pk, _unit) in enumerate(ordered, start=1)},
        previous=previous,
        previous_results=previous_results,
        skm=skm_by_unit(period, wanted),
    )


def lhe_of(assessment: Assessment, context: PeriodContext | None = None) -> Lhe:
    period = assessment.period
    context = context or period_context(period, unit_ids=[assessment.unit_id])
    result = unit_result(assessment)
    instrument = period.instrument
    definition = definition_of(instrument)
    earlier = context.previous_results.get(assessment.unit_id)
    earlier_nodes = earlier.detail["nodes"] if earlier is not None else {}
    when = document_date(period)
    with translation.override("id"):  # the LHE is an Indonesian letter: the unsur names and bands too
        skm = _skm(context.skm.get(assessment.unit_id))
    return Lhe(
        is_final=not result.preliminary,
        instansi=period.instansi.name,
        unit=assessment.unit.name,
        unit_code=assessment.unit.code,
        period=period.title,
        year=period.year,
        instrument=definition.title,
        instrument_version=definition.version,
        number=document_number(
            context.texts.number_pattern, sequence=context.sequence.get(assessment.pk, 0), year=when.year
        ),
        date=when,
        legal_basis=[*definition.legal_basis, *context.texts.extra_basis],
        texts=context.texts,
        total=result.total,
        max_total=result.max_total,
        predicate=result.predicate,
        predicate_label=result.predicate_label,
        proposed_total=result.proposed_total,
        components=[
            ComponentLine(
                code=bar.node.code,
                title=bar.node.title,
                depth=bar.depth,
                score=bar.score,
                max=bar.max,
                applicable=bar.applicable,
                previous_score=_d(earlier_nodes[bar.node.code]["score"])
                if bar.node.code in earlier_nodes
                else None,
            )
            for bar in result.bars
        ],
        previous=_previous(context.previous, earlier),
        findings=[
            FindingLine(
                node.code,
                node.title,
                finding.condition,
                finding.recommendation,
                finding.criteria,
                finding.cause,
                finding.effect,
            )
            for node, finding in result.findings
        ],
        gains=[GainLine(g.node.code, g.node.title, g.gain) for g in result.gains],
        skm=skm,
    )


def lhes_of_period(period: Period):
    """Every LHE of the period, unit by unit (a generator: the zip writes each as it comes). A unit closed as
    not submitted or withdrawn has no LHE: it was never evaluated, and a report would read 0,00 D."""
    context = period_context(period)
    evaluated = period.assessments.exclude(status__in=UNSCORED)
    for assessment in evaluated.select_related("unit").order_by("unit__name"):
        assessment.period = period
        yield lhe_of(assessment, context)


def _previous(period: Period | None, result: Result | None) -> PreviousPart | None:
    if period is None or result is None:
        return None
    return PreviousPart(
        title=period.title,
        year=period.year,
        total=result.total,
        predicate=result.predicate,
        predicate_label=predicate_label(period.instrument, result.predicate),
    )


def _skm(skm: UnitSkm | None) -> SkmPart | None:
    if skm is None or skm.survey_period is None or skm.view is None:
        return None
    view = skm.view
    return SkmPart(
        survey_period=skm.survey_period.name,
        respondents=view.n,
        ikm=view.ikm,
        mutu=view.mutu,
        kinerja=str(view.kinerja),
        required_sample=view.required_sample,
        sample_sufficient=view.sample_sufficient,
        unsur=[UnsurLine(u.code, str(u.name), u.nrr, u.mutu, u.weakest) for u in view.unsur],
    )
