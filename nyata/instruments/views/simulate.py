"""The simulation page: `nyata score` in the browser, with the diagnosis (where the unit gains most)."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from nyata.instruments import queries
from nyata.instruments.models import Instrument
from nyata.instruments.simulation import simulate
from nyata.org.rules import require


@login_required
def choose(request: HttpRequest) -> HttpResponse:
    require(request.user, "instruments.view_published")
    instruments = queries.instrument_list(request.user).filter(status=Instrument.Status.PUBLISHED)
    return render(request, "instruments/simulate_choose.html", {"instruments": instruments})


@login_required
def simulation(request: HttpRequest, code: str, version: str) -> HttpResponse:
    instrument = queries.get_instrument_for_user(request.user, code, version)
    compiled = queries.compiled_instrument(instrument)
    data = request.POST if request.method == "POST" else {}
    context = {"instrument": instrument, "simulation": simulate(compiled=compiled, data=data)}
    if request.htmx:
        return render(request, "instruments/simulate.html#results", context)
    return render(request, "instruments/simulate.html", context)
