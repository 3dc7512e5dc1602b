"""The scene of the feed tests (and the browser journey): a published 2024 period of Dinkes and Dikbud whose
recommendations are followed up, and a 2025 period whose instrument takes two answers from them:
I.2 (realisation of the action plan) from `source: action-plan` and I.3 (follow-up of the recommendations)
from `source: follow-up`. The 2025 self-assessment window closes ten days from now: that is the cut-off."""

import hashlib
from contextlib import contextmanager
from datetime import date, datetime, timedelta
from decimal import Decimal
from unittest import mock
from zoneinfo import ZoneInfo

from django.utils import timezone

from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.models import Assessment, Phase
from nyata.evaluations.tests.conftest import SMALL_INSTRUMENT
from nyata.followups import actions, planning
from nyata.followups.models import Item
from nyata.followups.tests.conftest import write_finding
from nyata.instruments.models import Instrument
from nyata.org.models import Unit

ZONE = ZoneInfo("Asia/Makassar")

FEEDS = SMALL_INSTRUMENT.replace(
    "        answer: {kind: percent}\n        allow_na: true\n",
    "        answer: {kind: percent}\n        allow_na: true\n        source: action-plan\n"
    "      - code: I.3\n        title: Tindak lanjut rekomendasi evaluasi\n        weight: 30\n"
    "        answer: {kind: percent}\n        allow_na: true\n        source: follow-up\n",
)
DINKES_RECOMMENDATIONS = [
    "Susun rencana aksi.",
    "Pantau setiap triwulan.",
    "Tetapkan SOP layanan.",
    "Tindak lanjuti unsur SKM terendah.",
    "Lengkapi data dukung.",
]


@contextmanager
def on(moment: datetime):
    with mock.patch.object(timezone, "now", return_value=moment):
        yield


def feeds_instrument() -> Instrument:
    now = timezone.now()
    return Instrument.objects.create(
        code="uji-tindak-lanjut",
        version="2025.1",
        title="Instrumen uji tindak lanjut",
        checksum=hashlib.sha256(FEEDS.encode()).hexdigest(),
        source=FEEDS,
        status="published",
        loaded_at=now,
        published_at=now,
    )


def windows(start: datetime, end: datetime) -> dict:
    return {phase: (start, end) for phase in Phase.values}


def published_2024(city, *, admin, evaluator):
    """The 2024 period, published: five recommendations for Dinkes, none for Dikbud; follow-up opened."""
    instrument = Instrument.objects.filter(code="uji").first()
    if instrument is None:
        from nyata.evaluations.tests.conftest import publish_small_instrument

        instrument = publish_small_instrument()
    now = timezone.now()
    period = open_period(
        instansi=city.instansi,
        year=2024,
        title="Evaluasi RB 2024",
        instrument=instrument,
        units=list(Unit.objects.filter(instansi=city.instansi, code__in=["dinkes", "dikbud"])),
        windows=windows(now - timedelta(days=300), now - timedelta(days=200)),
        by=admin,
    )
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    write_finding(dinkes, node="I", texts=DINKES_RECOMMENDATIONS, by=evaluator)
    Assessment.objects.filter(period=period).update(status=Assessment.Status.FINALISED)
    actions.open_follow_up(period=period, default_due=date.today() + timedelta(days=30), by=admin)
    return period


def close(item: Item, *, at: datetime, status: str, reporter, evaluator, admin) -> None:
    """The OPD reports, the Inspektorat verifies (and the Inspektur approves a "cannot"), all at `at`."""
    with on(at):
        actions.report_follow_up(
            item=item,
            text="Sudah dilaksanakan.",
            uploads=[],
            links=["https://data.kendari.example/tl"],
            by=reporter,
        )
        note = "" if status == Item.Status.DONE else "Kewenangan berpindah ke OPD lain."
        actions.verify_follow_up(item=item, status=status, note=note, by=evaluator)
        if status == Item.Status.CANNOT:
            actions.decide_exemption(item=item, approve=True, note="", by=admin)


def period_2025(city, *, admin, previous):
    now = timezone.now()
    return open_period(
        instansi=city.instansi,
        year=2025,
        title="Evaluasi RB 2025",
        instrument=feeds_instrument(),
        units=list(Unit.objects.filter(instansi=city.instansi, code__in=["dinkes", "dikbud"])),
        windows=windows(now - timedelta(days=1), now + timedelta(days=10)),
        previous=previous,
        by=admin,
    )


def activity(name: str, targets) -> planning.ActivityData:
    return planning.ActivityData(
        name=name,
        output="Keluaran",
        indicator="Indikator",
        target=Decimal(sum(targets)),
        targets=tuple(Decimal(t) for t in targets),
        budget=Decimal(10_000_000),
        responsible="Sekretaris",
        node="I.C.2",
        answers=(),
    )


def approved_plan_2025(unit, *, writer, head, evaluator, realised, reviewed=(1, 2, 3)):
    """The unit's 2025 plan, approved in December 2024; `realised` maps (activity position, quarter) to
    the realisation entered within the quarter's window; the quarters in `reviewed` desk-reviewed."""
    with on(datetime(2024, 11, 25, 9, tzinfo=ZONE)):
        plan = planning.create_plan(unit=unit, year=2025, by=writer)
        planning.save_activity(plan=plan, data=activity("Penetapan SOP", (1, 1, 1, 1)), by=writer)
        planning.save_activity(plan=plan, data=activity("Survei kepuasan", (0, 1, 0, 1)), by=writer)
        planning.submit_plan(plan=plan, by=head)
    with on(datetime(2024, 12, 10, 9, tzinfo=ZONE)):
        planning.review_plan(plan=plan, approve=True, note="", by=evaluator)
    activities = list(plan.activities.order_by("position", "pk"))
    for quarter, month in ((1, 4), (2, 7), (3, 10), (4, 12)):
        with on(datetime(2025, month, 8, 10, tzinfo=ZONE)):
            for position, found in enumerate(activities):
                if (position, quarter) in realised:
                    planning.record_realisation(
                        activity=found,
                        quarter=quarter,
                        value=Decimal(realised[(position, quarter)]),
                        evidence_url=f"https://data.kendari.example/renaksi/{position}/{quarter}",
                        constraints="",
                        solutions="",
                        by=writer,
                    )
            if quarter in reviewed:
                planning.write_desk_review(plan=plan, quarter=quarter, note="Sesuai bukti.", by=evaluator)
    return plan
