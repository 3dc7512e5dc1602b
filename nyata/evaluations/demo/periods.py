"""`nyata demo`: a finished 2024 period of every OPD (rb-pd 2024, scored, finalised and published) and an
open 2025 period (rb-pd 2025) in its self-assessment phase, started from 2024, with a few OPD partly answered.
Each period pins the instrument of its own year.

Idempotent: a period that exists already is left as it is. The 2024 period runs through the real actions
(submission, approval, tiered review, clarification, appeal, findings, finalisation) on a controlled clock
set to 2024 dates, so that every window check passes as it did then and the timeline shows 2024 times;
the bulk of answers, evidence links and evaluator scores is inserted in bulk (with its audit history) to
keep `nyata demo` fast."""

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from random import Random
from unittest import mock
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.appeals import decide_appeal, file_appeal, release_preliminary_results
from nyata.evaluations.actions.clarifications import (
    answer_clarification,
    ask_clarification,
    close_clarification,
)
from nyata.evaluations.actions.finalise import finalise_period
from nyata.evaluations.actions.findings import save_finding
from nyata.evaluations.actions.periods import assign_team_member, extend_window, open_period
from nyata.evaluations.actions.reviews import approve_as_ketua, approve_as_pengendali, submit_to_ketua
from nyata.evaluations.actions.submission import approve_submission, submit_assessment
from nyata.evaluations.demo import answers as demo_answers
from nyata.evaluations.demo import findings
from nyata.evaluations.instrument import definition_of
from nyata.evaluations.models import Answer, Event, Evidence, Period, Phase, Review, Verification
from nyata.evaluations.notices import RESULTS_PUBLISHED
from nyata.evaluations.queries.results import final_values, score
from nyata.instruments.models import Instrument
from nyata.notifications.models import Notification
from nyata.org.models import Membership, Role, Unit, User

TITLE_2024 = "Evaluasi Reformasi Birokrasi Perangkat Daerah 2024"
TITLE_2025 = "Evaluasi Reformasi Birokrasi Perangkat Daerah 2025"
# 2024 windows, in the instansi's zone: the usual calendar of an internal RB evaluation.
WINDOWS_2024 = {
    Phase.SELF_ASSESSMENT: ((2024, 2, 1, 8), (2024, 3, 15, 16)),
    Phase.DESK_REVIEW: ((2024, 3, 18, 8), (2024, 4, 30, 16)),
    Phase.CLARIFICATION: ((2024, 4, 15, 8), (2024, 5, 10, 16)),
    Phase.APPEAL: ((2024, 5, 13, 8), (2024, 5, 24, 16)),
    Phase.FINALISATION: ((2024, 5, 27, 8), (2024, 6, 14, 16)),
}
# Evidence links of the demo point to an example domain (RFC 2606), never to a real government site.
EVIDENCE_SITE = "https://data.kendari.example"


@contextmanager
def _clock(zone: ZoneInfo, *moment: int) -> Iterator[datetime]:
    """Run the actions as if it were `moment` (year, month, day, hour in the instansi's zone)."""
    at = datetime(*moment, tzinfo=zone)
    with mock.patch.object(timezone, "now", return_value=at):
        yield at


def _person(username: str) -> User | None:
    return User.objects.filter(username=username).first()


def _instrument_of(year: int) -> Instrument | None:
    """The published rb-pd of that year with the highest version ("2025.2" over "2025.1": for 2025 the
    version that scores as its source does, instruments/README.md)."""
    found = Instrument.objects.filter(
        code="rb-pd", status=Instrument.Status.PUBLISHED, version__startswith=f"{year}."
    )
    return max(found, key=lambda instrument: _version_key(instrument.version), default=None)


def _version_key(version: str) -> tuple[int, ...]:
    return tuple(int(part) if part.isdigit() else -1 for part in version.split("."))


def load_demo(*, instansi, stdout) -> None:
    admin = _person("admin.inspektorat")
    instruments = {year: _instrument_of(year) for year in (2024, 2025)}
    if admin is None or None in instruments.values():
        stdout.write("Evaluations: rb-pd 2024 and 2025 or the demo Inspektorat admin are missing; skipped.\n")
        return
    units = list(Unit.objects.filter(instansi=instansi, kind=Unit.Kind.OPD, is_active=True).order_by("name"))
    finished = Period.objects.filter(instansi=instansi, year=2024, title=TITLE_2024).first()
    if finished is None:
        finished = _finished_period(instansi, instruments[2024], units, admin)
        stdout.write(f"Evaluations: {finished.title} finalised for {len(units)} OPD.\n")
    if not Period.objects.filter(instansi=instansi, year=2025, title=TITLE_2025).exists():
        current = _open_period(instansi, instruments[2025], units, admin, previous=finished)
        stdout.write(f"Evaluations: {current.title} open for self-assessment.\n")


def _verifiers(instansi) -> dict[str, User]:
    """The verifier of each RB area: the first pengampu verifier of the unit that owns the area."""
    found: dict[str, User] = {}
    for membership in (
        Membership.objects.filter(
            role=Role.PENGAMPU_VERIFIER, unit__instansi=instansi, unit__kind=Unit.Kind.PENGAMPU
        )
        .select_related("user", "unit")
        .order_by("pk")
    ):
        found.setdefault(membership.unit.pengampu_area, membership.user)
    return found


def _staff(units) -> dict[int, dict[str, User]]:
    found: dict[int, dict[str, User]] = {unit.pk: {} for unit in units}
    for membership in Membership.objects.filter(
        unit__in=units, role__in=[Role.OPD_OPERATOR, Role.OPD_HEAD]
    ).select_related("user"):
        found[membership.unit_id].setdefault(membership.role, membership.user)
    return found


@transaction.atomic
def _finished_period(instansi, instrument, units, admin) -> Period:
    zone = ZoneInfo(instansi.time_zone)
    team = {
        "evaluator": _person("evaluator") or admin,
        "ketua_tim": _person("ketua.tim") or admin,
        "pengendali_teknis": _person("dalnis") or admin,
    }
    verifiers = _verifiers(instansi)
    staff = _staff(units)
    windows = {
        phase: (datetime(*start, tzinfo=zone), datetime(*end, tzinfo=zone))
        for phase, (start, end) in WINDOWS_2024.items()
    }
    with _clock(zone, 2024, 1, 25, 9):
        period = open_period(
            instansi=instansi,
            year=2024,
            title=TITLE_2024,
            instrument=instrument,
            units=units,
            windows=windows,
            by=admin,
        )
        assessments = list(
            period.assessments.select_related("unit", "period__instrument", "period__instansi")
        )
        for assessment in assessments:
            for tier, person in team.items():
                if person is not None:
                    assign_team_member(assessment=assessment, user=person, tier=tier, by=admin)
    leaves = definition_of(instrument).leaves()
    rng = Random(2024)  # the same demo every time
    maturity = {a.pk: 0.35 + 0.6 * rng.random() for a in assessments}
    proposed: dict[int, dict[str, object]] = {}
    with _clock(zone, 2024, 3, 1, 10):
        for assessment in assessments:
            proposed[assessment.pk] = _answer_all(
                assessment, leaves, maturity[assessment.pk], rng, staff, admin
            )
    with _clock(zone, 2024, 3, 8, 14):
        # One OPD needed more time: the extension is on its timeline.
        extend_window(
            period=period,
            unit=assessments[-1].unit,
            phase=Phase.SELF_ASSESSMENT,
            ends_at=datetime(2024, 3, 22, 16, tzinfo=zone),
            reason="Server aplikasi OPD rusak selama sepekan (berita acara terlampir).",
            by=admin,
        )
    with _clock(zone, 2024, 3, 14, 10):
        for assessment in assessments:
            people = staff[assessment.unit_id]
            submit_assessment(assessment=assessment, by=people.get(Role.OPD_OPERATOR))
            approve_submission(assessment=assessment, by=people.get(Role.OPD_HEAD))
    with _clock(zone, 2024, 4, 2, 9):
        for assessment in assessments:
            _review_all(assessment, leaves, proposed[assessment.pk], rng, team["evaluator"], verifiers, admin)
    # The OPD with demo accounts are asked for clarification, so that their people answer it themselves.
    with_accounts = [a for a in assessments if staff[a.unit_id].get(Role.OPD_OPERATOR)]
    _clarify(with_accounts[:2], leaves, zone, team["evaluator"], staff)
    with _clock(zone, 2024, 4, 22, 10):
        for assessment in assessments:
            submit_to_ketua(assessment=assessment, by=team["evaluator"])
    with _clock(zone, 2024, 4, 25, 10):
        for assessment in assessments:
            approve_as_ketua(assessment=assessment, by=team["ketua_tim"])
    with _clock(zone, 2024, 4, 29, 10):
        for assessment in assessments:
            approve_as_pengendali(assessment=assessment, by=team["pengendali_teknis"])
    with _clock(zone, 2024, 5, 13, 9):
        release_preliminary_results(period=period, by=admin)
    # The OPD with demo accounts contest a score, so that their people see an appeal when they log in.
    _appeal([a for a in assessments if staff[a.unit_id]][:2], leaves, zone, team["ketua_tim"], staff)
    with _clock(zone, 2024, 5, 28, 10):
        for assessment in assessments:
            _write_findings(assessment, team["evaluator"])
    # The hand-overs of 2024 were read back then; only the publication is news to whoever logs in now.
    Notification.objects.filter(created_at__year=2024).exclude(kind=RESULTS_PUBLISHED).update(
        read_at=F("created_at")
    )
    with _clock(zone, 2024, 6, 3, 10):
        return finalise_period(period=period, by=team["pengendali_teknis"])


def _answer_all(assessment, leaves, maturity, rng, staff, admin) -> dict[str, object]:
    """Every indicator answered and every required evidence item linked, in bulk with their history."""
    operator = staff[assessment.unit_id].get(Role.OPD_OPERATOR)
    # Most demo OPD have no operator account: their links stand in the Inspektorat admin's name.
    uploader = operator or admin
    answers, evidence, events = [], [], []
    for node in leaves:
        value = demo_answers.plausible_value(node, maturity, rng)
        answers.append(
            Answer(
                assessment=assessment,
                indicator=node.code,
                value=value,
                explanation="Sesuai data dukung terlampir.",
                revision=1,
                updated_by=operator,
            )
        )
        events.append(
            Event(
                assessment=assessment, actor=operator, kind="answer_changed", indicator=node.code, after=value
            )
        )
        if value == "na":
            continue
        evidence += [
            Evidence(
                assessment=assessment,
                indicator=node.code,
                item=item.code,
                kind=Evidence.Kind.LINK,
                url=f"{EVIDENCE_SITE}/rb/2024/{assessment.unit.code}/{node.code}/{item.code}.pdf",
                name=item.title[:200],
                uploaded_by=uploader,
            )
            for item in node.evidence
            if item.required
        ]
    bulk_create_with_history(answers, Answer, default_user=operator)
    bulk_create_with_history(evidence, Evidence, default_user=operator)
    Event.objects.bulk_create(events)
    return {answer.indicator: answer.value for answer in answers}


def _review_all(assessment, leaves, proposed, rng, evaluator, verifiers, admin) -> None:
    """The evaluator agrees with most answers and adjusts some down; each pengampu indicator is verified by
    the verifier of its area's unit pengampu (the Inspektorat admin stands in where a unit has none)."""
    reviews, verifications, events = [], [], []
    for node in leaves:
        stored = proposed[node.code]
        adjusted = rng.random() < 0.12 and stored != "na"
        value = demo_answers.adjusted_down(node, stored, rng) if adjusted else stored
        verdict = Review.Verdict.ADJUSTED if adjusted and value != stored else Review.Verdict.AGREE
        note = "Data dukung belum menunjukkan capaian penuh." if verdict == Review.Verdict.ADJUSTED else ""
        reviews.append(
            Review(
                assessment=assessment,
                indicator=node.code,
                tier="evaluator",
                value=value,
                verdict=verdict,
                note=note,
                revision=1,
                updated_by=evaluator,
            )
        )
        events.append(
            Event(
                assessment=assessment,
                actor=evaluator,
                kind="review_evaluator",
                indicator=node.code,
                before=None,
                after=value,
                note=f"{Review.Verdict(verdict).label}. {note}".strip(),
            )
        )
        if node.pengampu:
            verifications.append(
                Verification(
                    assessment=assessment,
                    indicator=node.code,
                    is_valid=True,
                    verified_by=verifiers.get(node.pengampu, admin),
                )
            )
    bulk_create_with_history(reviews, Review, default_user=evaluator)
    for verification in verifications:
        verification._history_user = verification.verified_by
    bulk_create_with_history(verifications, Verification)
    Event.objects.bulk_create(events)


def _write_findings(assessment, evaluator) -> None:
    """Kondisi and rekomendasi for every component, from the scores the unit reaches (demo/findings.py)."""
    result = score(assessment, final_values(assessment))
    for component in findings.components(definition_of(assessment.period.instrument).nodes):
        written = findings.finding(component, result)
        save_finding(
            assessment=assessment,
            node=written.node,
            condition=written.condition,
            criteria=written.criteria,
            cause=written.cause,
            effect=written.effect,
            recommendations=list(written.recommendations),
            by=evaluator,
        )


def _clarify(assessments, leaves, zone, evaluator, staff) -> None:
    code = leaves[0].code
    for assessment in assessments:
        with _clock(zone, 2024, 4, 16, 9):
            asked = ask_clarification(
                assessment=assessment,
                indicators=[code],
                question="Mohon lampirkan laporan capaian triwulan IV yang telah ditandatangani kepala OPD.",
                by=evaluator,
            )
        with _clock(zone, 2024, 4, 18, 11):
            answered = answer_clarification(
                clarification=asked,
                response="Laporan triwulan IV yang ditandatangani telah diunggah pada tautan data dukung.",
                by=staff[assessment.unit_id].get(Role.OPD_OPERATOR),
            )
        with _clock(zone, 2024, 4, 19, 9):
            close_clarification(clarification=answered, by=evaluator)


def _appeal(assessments, leaves, zone, ketua, staff) -> None:
    """Two OPD contest a score: the first appeal is accepted with a new score, the second rejected."""
    scored = [node for node in leaves if node.answer.kind == "percent"]
    for index, assessment in enumerate(assessments):
        node = scored[index]
        assessment.period.refresh_from_db()  # the release just now is on the stored period
        with _clock(zone, 2024, 5, 15, 10):
            appeal = file_appeal(
                assessment=assessment,
                indicator=node.code,
                reason="Capaian sudah 100% sesuai laporan akhir tahun yang terlampir.",
                by=staff[assessment.unit_id].get(Role.OPD_HEAD)
                or staff[assessment.unit_id].get(Role.OPD_OPERATOR),
            )
        with _clock(zone, 2024, 5, 21, 14):
            decide_appeal(
                appeal=appeal,
                accept=index == 0,
                value={"number": "100"},
                reason="Laporan akhir tahun membuktikan capaian."
                if index == 0
                else "Laporan yang dilampirkan belum disahkan.",
                by=ketua,
            )


@transaction.atomic
def _open_period(instansi, instrument, units, admin, *, previous) -> Period:
    """Self-assessment open now (started ten days ago); later windows follow one after the other."""
    zone = ZoneInfo(instansi.time_zone)
    start = timezone.localtime(timezone.now(), zone).replace(hour=8, minute=0, second=0, microsecond=0)
    start -= timedelta(days=10)
    windows, moment = {}, start
    for phase, days in [
        (Phase.SELF_ASSESSMENT, 30),
        (Phase.DESK_REVIEW, 21),
        (Phase.CLARIFICATION, 7),
        (Phase.APPEAL, 7),
        (Phase.FINALISATION, 7),
    ]:
        windows[phase] = (moment, moment + timedelta(days=days))
        moment += timedelta(days=days)
    period = open_period(
        instansi=instansi,
        year=2025,
        title=TITLE_2025,
        instrument=instrument,
        units=units,
        windows=windows,
        previous=previous,
        by=admin,
    )
    team = [
        (t, _person(u))
        for t, u in [("evaluator", "evaluator"), ("ketua_tim", "ketua.tim"), ("pengendali_teknis", "dalnis")]
    ]
    leaves = definition_of(instrument).leaves()
    staff = _staff(units)
    rng = Random(2025)
    partly = [
        a
        for a in period.assessments.select_related("unit", "period__instrument")
        if a.unit.code in ("dikbud", "dinkes", "dpupr")
    ]
    for assessment, share in zip(partly, (0.4, 0.25, 0.6), strict=False):
        for tier, person in team:
            if person is not None:
                assign_team_member(assessment=assessment, user=person, tier=tier, by=admin)
        operator = staff[assessment.unit_id].get(Role.OPD_OPERATOR)
        for node in leaves[: int(len(leaves) * share)]:
            if getattr(node, "source", None):
                continue  # filled from the unit's SKM, never typed in
            stored = demo_answers.plausible_value(node, 0.7, rng)
            save_answer(
                assessment=assessment,
                indicator=node.code,
                value=stored,
                explanation="Diisi dari laporan kinerja 2025.",
                base_revision=0,
                by=operator,
            )
    return period
