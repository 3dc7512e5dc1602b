"""Concurrent citizens: every accepted response is counted exactly once in every IKM figure.

The survey runs under gunicorn with several worker processes (real concurrent writers, which a
single-process test server cannot give), on a fresh SQLite file, or on PostgreSQL when DATABASE_URL is set
(CI). Threads post the real public form; afterwards the figures are read through the app's own queries.
"""

import http.client
import json
import os
import random
import re
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid
from contextlib import contextmanager
from pathlib import Path

from nyata.surveys.ikm import IkmResult, Tally

ROOT = Path(__file__).resolve().parents[3]
THREADS = 8
EACH = 25

SETUP = """
import json
from datetime import timedelta
from django.utils import timezone
from nyata.org import actions as org
from nyata.surveys import actions
instansi = org.save_instansi(by=None, name="Kota Uji {tag}", code="kota-uji-{tag}")
unit = org.save_unit(instansi=instansi, by=None, code="dinkes", name="Dinas Kesehatan", kind="opd")
service = actions.save_service(unit=unit, by=None, name="Rawat Jalan", population=550)
today = actions.local_day(timezone.now(), instansi)
start, end = today - timedelta(days=30), today + timedelta(days=30)
period = actions.save_period(instansi=instansi, by=None, name="SKM", starts_on=start, ends_on=end)
ids = {{"code": service.public_code, "service": service.pk, "unit": unit.pk, "period": period.pk}}
print(json.dumps(ids))
"""

FIGURES = """
import json
from nyata.org.models import Unit
from nyata.surveys import queries
from nyata.surveys.models import Response, Service, SurveyPeriod
service = Service.objects.get(pk={service})
unit = Unit.objects.get(pk={unit})
period = SurveyPeriod.objects.get(pk={period})
one = Service.objects.filter(pk=service.pk)
def dump(result):
    t = result.tally
    return {{"n": t.n, "counts": list(t.counts), "sums": list(t.sums), "ikm": str(result.rounded_ikm())}}
months = queries.monthly_trend(services=one, period=period)
total = months[0][1] if len(months) == 1 else None
figures = {{
    "service": dump(queries.service_result(service, period)),
    "service_all_time": dump(queries.service_result(service, None)),
    "unit": dump(queries.unit_result(unit, period)),
    "units": dump(queries.unit_results([unit], period)[unit.pk]),
    "service_list": dump(queries.service_results(one, period)[0].result),
    "months": [dump(r) for _m, r in months],
}}
print(json.dumps({{"figures": figures, "stored": Response.objects.filter(service=service).count()}}))
"""


def _nyata(args: list[str], env: dict[str, str]) -> str:
    result = subprocess.run(
        [sys.executable, "-m", "nyata", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1] if result.stdout.strip() else ""


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _request(port, method, path, *, body=None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def _citizen(port: int, code: str, seed: int, accepted: list, failures: list, each: int) -> None:
    rng = random.Random(seed)
    path = f"/s/{code}/"
    for _attempt in range(each):
        # Each citizen is served a form of their own: a served form counts once.
        _status, cookie, page = _request(port, "GET", path)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
        started = re.search(r'name="started" value="([^"]+)"', page).group(1)
        csrf_cookie = re.search(r"csrftoken=([^;]+)", cookie).group(1)
        answers = [rng.randint(1, 4) for _unsur in range(9)]
        fields = {
            "csrfmiddlewaretoken": token,
            "started": started,
            "website": "",
            "sex": "L",
            "age": "40",
            "education": "s1",
            "occupation": "swasta",
            "suggestion": "",
        }
        fields.update({f"u{i}": str(a) for i, a in enumerate(answers, start=1)})
        headers = {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",  # never the device cookie: each post is a new citizen
            "Referer": f"http://127.0.0.1:{port}{path}",
        }
        status, _cookie, _body = _request(
            port, "POST", path, body=urllib.parse.urlencode(fields), headers=headers
        )
        if status == 302:
            accepted.append(answers)
        else:
            failures.append(status)


@contextmanager
def _survey_server(**limits: str):
    """A fresh installation with one service, served by gunicorn (4 workers); yields (port, ids, env)."""
    with tempfile.TemporaryDirectory(prefix="nyata-reliability-") as var:
        env = {
            **os.environ,
            "NYATA_VAR_DIR": var,
            "NYATA_DEBUG": "true",  # static files without collectstatic
            "NYATA_SKM_MIN_FILL_SECONDS": "0",
            "DJANGO_SETTINGS_MODULE": "nyata.settings",
            **limits,
        }
        _nyata(["migrate", "-v0"], env)
        ids = json.loads(_nyata(["shell", "-c", SETUP.format(tag=uuid.uuid4().hex[:8])], env))
        port = _free_port()
        server = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "nyata.wsgi:application",
                "-b",
                f"127.0.0.1:{port}",
                "-w",
                "4",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 30
            while True:
                try:
                    if _request(port, "GET", "/sehat/")[0] == 200:
                        break
                except OSError:
                    pass
                assert time.monotonic() < deadline, "gunicorn did not start in time"
                assert server.poll() is None, "gunicorn stopped"
                time.sleep(0.2)
            yield port, ids, env
        finally:
            server.terminate()
            server.wait(timeout=10)


def _citizens(port: int, code: str, *, each: int) -> tuple[list[list[int]], list[int]]:
    accepted: list[list[int]] = []
    failures: list[int] = []
    threads = [
        threading.Thread(target=_citizen, args=(port, code, seed, accepted, failures, each))
        for seed in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return accepted, failures


def test_concurrent_submissions_are_each_counted_exactly_once_in_every_figure():
    # Every citizen here posts from 127.0.0.1 within seconds: no address, network or surge limit.
    limits = dict.fromkeys(
        (
            "NYATA_SKM_RATE_LIMIT",
            "NYATA_SKM_PREFIX_LIMIT",
            "NYATA_SKM_SURGE_MIN_PER_HOUR",
            "NYATA_SKM_SURGE_MIN_PER_DAY",
        ),
        "100000",
    )
    with _survey_server(**limits) as (port, ids, env):
        accepted, failures = _citizens(port, ids["code"], each=EACH)
        assert failures == []
        assert len(accepted) == THREADS * EACH
        report = json.loads(_nyata(["shell", "-c", FIGURES.format(**ids)], env))
    expected = Tally.of(accepted)
    assert report["stored"] == len(accepted)
    figures = report["figures"]
    months = figures.pop("months")
    for name, figure in figures.items():
        assert (figure["n"], tuple(figure["counts"]), tuple(figure["sums"])) == (
            expected.n,
            expected.counts,
            expected.sums,
        ), name
        assert figure["ikm"] == str(IkmResult(tally=expected).rounded_ikm()), name
    assert sum(m["n"] for m in months) == expected.n
    assert [sum(m["sums"][i] for m in months) for i in range(9)] == list(expected.sums)


BURST = """
import json
from nyata.surveys import queries
from nyata.surveys.models import Response, Service
services = Service.objects.filter(pk={service})
stored = Response.objects.filter(service_id={service})
print(json.dumps({{
    "stored": stored.count(),
    "counted": stored.filter(included=True).count(),
    "surge": sum("surge" in flags for flags in stored.values_list("flags", flat=True)),
    "tallies_equal_a_recount": queries.recount_from_responses(services=services, period=None)
    == queries.service_result(services.get(), None).tally,
}}))
"""


def test_a_burst_flagged_by_concurrent_workers_fails_no_request_and_the_tallies_equal_a_recount():
    """Eight citizens at once, all from one address: past the surge floor of 30 the burst is flagged whole,
    its first members included, by whichever worker gets there; the others must neither fail nor count twice
    (on PostgreSQL, several workers flag at the same moment)."""
    with _survey_server(NYATA_SKM_RATE_LIMIT="100000") as (port, ids, env):
        accepted, failures = _citizens(port, ids["code"], each=8)
        report = json.loads(_nyata(["shell", "-c", BURST.format(**ids)], env))
    assert failures == []
    assert report["stored"] == len(accepted) == THREADS * 8
    assert report["counted"] == 0
    assert report["surge"] == THREADS * 8
    assert report["tallies_equal_a_recount"] is True
