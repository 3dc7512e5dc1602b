"""Two OPD (Dinkes, Dikbud) with published results of a period, findings with rekomendasi on each, and
follow-up opened: the scene of every follow-up test."""

from datetime import date

import pytest

from nyata.evaluations.models import Assessment, Finding, Recommendation
from nyata.evaluations.tests.conftest import (  # noqa: F401  (fixtures)
    all_windows_open,
    instrument,
    period,
)
from nyata.followups.actions import open_follow_up


def write_finding(assessment, *, node, texts, by) -> Finding:
    finding = Finding.objects.create(
        assessment=assessment,
        node=node,
        condition=f"Kondisi {node} belum memadai.",
        criteria="PermenPANRB 9/2023.",
        cause="Belum ada penanggung jawab.",
        effect="Nilai komponen tertahan.",
        written_by=by,
    )
    for position, text in enumerate(texts, start=1):
        Recommendation.objects.create(finding=finding, position=position, text=text)
    return finding


@pytest.fixture
def published(period, city, evaluator, opd_head, opd_operator, outsider_opd_operator):  # noqa: F811
    """Both units finalised (published), with two findings on Dinkes (three rekomendasi) and one on Dikbud."""
    dinkes = period.assessments.get(unit=city.units["dinkes"])
    dikbud = period.assessments.get(unit=city.units["dikbud"])
    write_finding(dinkes, node="I", texts=["Susun rencana aksi.", "Pantau setiap triwulan."], by=evaluator)
    write_finding(dinkes, node="II.1", texts=["Tindak lanjuti unsur SKM terendah."], by=evaluator)
    write_finding(dikbud, node="I", texts=["Lengkapi data dukung rencana aksi."], by=evaluator)
    Assessment.objects.filter(period=period).update(status=Assessment.Status.FINALISED)
    period.refresh_from_db()
    return period


@pytest.fixture
def items(published, inspektorat_admin):
    return open_follow_up(period=published, default_due=date(2027, 3, 31), by=inspektorat_admin)


@pytest.fixture
def dinkes_item(items, city):
    return next(item for item in items if item.unit_id == city.units["dinkes"].pk)


@pytest.fixture
def dikbud_item(items, city):
    return next(item for item in items if item.unit_id == city.units["dikbud"].pk)
