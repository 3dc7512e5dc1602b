"""The demo SKM: services for every OPD, a year of responses, figures equal to a recount; idempotent.

One test, because the demo writes tens of thousands of rows: loading it once keeps the suite quick.
"""

from io import StringIO

import pytest
from django.core.management import call_command

from nyata.org.models import Instansi, Unit
from nyata.surveys import demo_data, queries
from nyata.surveys.ikm import Tally
from nyata.surveys.models import ComplaintReply, Response, Service, ServiceDayTally, UnitSurveySettings

pytestmark = pytest.mark.django_db


def test_the_demo_surveys_every_opd_for_a_year_with_figures_equal_to_a_recount_and_loads_once():
    call_command("demo", stdout=StringIO())
    city = Instansi.objects.get(code="kota-kendari-demo")
    opds = Unit.objects.filter(instansi=city, kind="opd")
    assert set(Service.objects.values_list("unit_id", flat=True)) == set(opds.values_list("pk", flat=True))
    assert Service.objects.filter(unit__code="disdukcapil", name="Penerbitan KTP-el").exists()
    assert Response.objects.count() > 20_000
    assert Response.objects.dates("day", "month").count() == 12

    for unit in opds.filter(code__in=["disdukcapil", "dinkes", "kec-kadia"]):
        recount = Tally.of(
            r.answers for r in Response.objects.filter(service__unit=unit, included=True).iterator()
        )
        assert queries.unit_result(unit, None).tally == recount

    bands = {result.band.mutu for result in queries.unit_results(list(opds), None).values()}
    assert len(bands) >= 3  # quality differs between units

    # Complaints are partly answered (the follow-up has something to show) and two units publish a summary.
    dinkes = opds.get(code="dinkes")
    counts = queries.complaint_counts(dinkes, None)
    assert 0 < counts.responded < counts.total
    assert list(
        UnitSurveySettings.objects.filter(public_summary=True)
        .values_list("unit__code", flat=True)
        .order_by("unit__code")
    ) == ["disdukcapil", "dpmptsp"]

    def sizes():
        return (
            Service.objects.count(),
            Response.objects.count(),
            ServiceDayTally.objects.count(),
            ComplaintReply.objects.count(),
            UnitSurveySettings.objects.count(),
        )

    before = sizes()
    demo_data.load_demo(instansi=city, stdout=StringIO())
    assert sizes() == before
