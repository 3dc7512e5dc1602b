"""`nyata demo` loads and publishes every shipped instrument, and running it again changes nothing."""

import io
import shutil

from django.urls import reverse

from nyata.instruments.demo_data import SHIPPED, load_demo
from nyata.instruments.models import Instrument
from nyata.instruments.tests.conftest import DATA


def test_demo_loads_and_publishes_every_file_then_skips_them_unchanged(db, tmp_path):
    for name in ("contoh-2025.yaml", "contoh-2026.yaml"):
        shutil.copy(DATA / name, tmp_path / name)
    out = io.StringIO()
    load_demo(instansi=None, stdout=out, directory=tmp_path)
    assert out.getvalue().splitlines() == [
        "Instrument contoh 2025.1: created.",
        "Instrument contoh 2026.1: created.",
    ]
    assert set(Instrument.objects.values_list("version", "status")) == {
        ("2025.1", "published"),
        ("2026.1", "published"),
    }
    stored = list(Instrument.objects.values_list("pk", "checksum", "loaded_at"))
    again = io.StringIO()
    load_demo(instansi=None, stdout=again, directory=tmp_path)
    assert again.getvalue().splitlines() == [
        "Instrument contoh 2025.1: unchanged.",
        "Instrument contoh 2026.1: unchanged.",
    ]
    assert list(Instrument.objects.values_list("pk", "checksum", "loaded_at")) == stored


def test_demo_reports_and_skips_an_invalid_file_and_loads_the_rest(db, tmp_path):
    shutil.copy(DATA / "tidak-terbaca.yaml", tmp_path / "a.yaml")
    shutil.copy(DATA / "contoh-2025.yaml", tmp_path / "b.yaml")
    out = io.StringIO()
    load_demo(instansi=None, stdout=out, directory=tmp_path)
    assert out.getvalue().splitlines()[0] == "Instrument a.yaml skipped, 1 problem(s):"
    assert out.getvalue().splitlines()[-1] == "Instrument contoh 2025.1: created."
    assert Instrument.objects.count() == 1


def test_every_shipped_instrument_loads_publishes_and_shows_its_tree_and_simulation(db, client, opd_operator):
    files = sorted(SHIPPED.glob("*.yaml"))
    results = load_demo(instansi=None, stdout=io.StringIO())
    assert len(results) == len(files)
    assert Instrument.objects.filter(status="published").count() == len(files)
    client.force_login(opd_operator)
    for result in results:
        args = [result.instrument.code, result.instrument.version]
        assert client.get(reverse("instruments:detail", args=args)).status_code == 200
        assert client.post(reverse("instruments:simulate", args=args), {}).status_code == 200
