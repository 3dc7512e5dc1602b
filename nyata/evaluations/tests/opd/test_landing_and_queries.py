"""The OPD landing lists open assessments; the worksheet's query count does not grow with the instrument."""

import hashlib

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Clarification
from nyata.evaluations.tests.opd.conftest import Urls, attach_pdf
from nyata.instruments.models import Instrument


def test_the_operators_landing_shows_the_open_assessment_with_completeness_and_clarifications(
    client, opd_operator, evaluator, urls
):
    save_answer(
        assessment=urls.assessment,
        indicator="I.1",
        value="A",
        explanation="",
        base_revision=0,
        by=opd_operator,
    )
    Clarification.objects.create(
        assessment=urls.assessment, indicators=["I.1"], question="Mana SK?", asked_by=evaluator
    )
    client.force_login(opd_operator)
    page = client.get("/").content.decode()
    assert f'href="{urls.worksheet}">Evaluasi RB 2026</a>' in page
    assert "1 dari 3 terjawab" in page
    assert "0 dari 1 data dukung wajib" in page
    assert "1 permintaan terbuka" in page


def test_another_opds_landing_does_not_show_dinkes(client, outsider_opd_operator, urls):
    client.force_login(outsider_opd_operator)
    page = client.get("/").content.decode()
    assert urls.worksheet not in page
    assert "0 dari 3 terjawab" in page  # its own assessment of Dikbud


def _large_instrument_yaml(components: int, per_component: int) -> str:
    lines = [
        "code: besar",
        'version: "2026.1"',
        "title: Instrumen besar",
        "answer_types:",
        "  abc:",
        "    kind: choice",
        "    options:",
        "      - {code: A, label: Lengkap, value: 1}",
        "      - {code: B, label: Sebagian, value: 0.5}",
        "predicates:",
        "  - {code: BAIK, label: Baik, from: 0}",
        "nodes:",
    ]
    for c in range(1, components + 1):
        lines += [f"  - code: K{c}", f"    title: Komponen {c}", "    weight: 10", "    children:"]
        for s in range(1, 3):
            lines += [
                f"      - code: K{c}.{s}",
                f"        title: Sub {c}.{s}",
                "        weight: 5",
                "        children:",
            ]
            for i in range(1, per_component + 1):
                kind = "abc" if i % 3 else "{kind: target}"
                lines += [
                    f"          - code: K{c}.{s}.{i}",
                    f"            title: Indikator {c}.{s}.{i}",
                    "            weight: 1",
                    f"            answer: {kind}",
                    "            guidance: Lihat dokumen pendukung.",
                    "            evidence:",
                    f"              - {{code: dok, title: Dokumen {i}, required: true}}",
                    "              - {code: foto, title: Foto kegiatan}",
                ]
    return "\n".join(lines) + "\n"


def _published(source: str, code: str) -> Instrument:
    now = timezone.now()
    return Instrument.objects.create(
        code=code,
        version="2026.1",
        title=code,
        checksum=hashlib.sha256(source.encode()).hexdigest(),
        source=source,
        status="published",
        loaded_at=now,
        published_at=now,
    )


def _answered_worksheet(instrument, city, operator, admin, windows, title) -> Urls:
    period = open_period(
        instansi=city.instansi,
        year=2026,
        title=title,
        instrument=instrument,
        units=[city.units["dinkes"]],
        windows=windows,
        by=admin,
    )
    assessment = period.assessments.get()
    for index, (code, node) in enumerate(indicators_of(instrument).items()):
        kind = node.answer.kind
        value = (
            {"target": "10", "realized": "9"}
            if kind == "target"
            else node.answer.options[0].code
            if kind == "choice"
            else {"number": "50"}
        )
        save_answer(
            assessment=assessment, indicator=code, value=value, explanation="", base_revision=0, by=operator
        )
        for item in node.evidence:
            attach_pdf(
                assessment, operator, indicator=code, item=item.code, text=f"{title} {index} {item.code}"
            )
    return Urls(assessment)


# The operator's page also checks the locks and the self-assessment window (4 queries) and its own period
# visibility (1): the evaluator's page does not need them. Both show the phase now (its windows and the
# unit's extensions: 3 queries), and what other apps say beside the indicators (the clinic's FAQ and
# asistensi: 2 queries). What matters is that the count does not grow with the instrument.
@pytest.mark.parametrize(("who", "expected"), [("opd_operator", 21), ("evaluator", 16)])
def test_the_worksheet_costs_the_same_queries_for_a_small_and_a_large_instrument(
    client, city, opd_operator, inspektorat_admin, all_windows_open, instrument, who, expected, request
):
    large = _published(_large_instrument_yaml(components=4, per_component=6), "besar")
    assert len(indicators_of(large)) == 48
    small = _answered_worksheet(instrument, city, opd_operator, inspektorat_admin, all_windows_open, "Kecil")
    big = _answered_worksheet(large, city, opd_operator, inspektorat_admin, all_windows_open, "Besar")
    client.force_login(request.getfixturevalue(who))
    counts = []
    for urls in (small, big):
        client.get(urls.worksheet)  # warm the parsed-instrument cache, as a running server has it
        with CaptureQueriesContext(connection) as queries:
            response = client.get(urls.worksheet)
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts == [expected, expected]
