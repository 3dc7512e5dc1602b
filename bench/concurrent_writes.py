"""Writes that must never be lost, all at once: 60 operators autosaving their worksheets and a burst of
citizens' survey responses (20 citizens, 10 forms each) while the Inspektorat finalises a period of 150
units (issue 14).

Under gunicorn on loopback, with the real views, on SQLite and on PostgreSQL (a throw-away cluster, see
pg_cluster.py; or DATABASE_URL). The finalisation runs the real action in a process of its own, as the
admin's request would. Reported per database, one JSON line each:

- errors: answers other than the expected ones (an autosave's 200 with "Tersimpan pukul", a survey's 302)
  and failed connections; must be 0;
- lost acknowledged writes: an autosave confirmed to the operator whose revision and value are not in the
  answer's history, or a survey response thanked (302) that is not stored; must be 0;
- p50 and p95 latency of the autosaves (each operator's first save, which warms the server up, is not
  timed) and the survey posts, overall and while the finalisation ran;
- how long the finalisation held the database: its number of transactions and the longest of them.
"""

import http.client
import json
import os
import random
import re
import secrets
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from concurrent_writes_scripts import FINALISE, SETUP, VERIFY  # noqa: E402
from loopback import ROOT, gunicorn, nyata  # noqa: E402
from pg_cluster import temporary_postgres  # noqa: E402

OPERATORS = 60
UNITS = 150
CITIZENS = 20  # survey clients in the burst, each answering FORMS times
FORMS = 10
WORKERS = 4
THREADS = 4
# An operator's pause between two changes: reading the next indicator, typing (the page saves 0,6 s after a
# change). 60 operators then send about 15 saves a second.
THINK_SECONDS = (2.0, 6.0)


def _request(port: int, method: str, path: str, body: str | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


class Run:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stop = threading.Event()
        self.errors: list[str] = []
        self.saves: list[tuple[float, float]] = []  # (started, seconds)
        self.posts: list[tuple[float, float]] = []
        self.acknowledged: dict[int, list[tuple[int, str]]] = {}  # assessment -> [(revision, value)]
        self.thanked = 0

    def error(self, text: str) -> None:
        with self.lock:
            self.errors.append(text)


def operator(port: int, run: Run, me: dict, options: list[str], seed: int) -> None:
    rng = random.Random(seed)
    secret = secrets.token_urlsafe(24)[:32].replace("-", "a").replace("_", "b")
    headers = {
        "Cookie": f"sessionid={me['session']}; csrftoken={secret}",
        "X-CSRFToken": secret,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    revision, done = 0, 0
    # Operators start their day one by one, not at one instant: sixty first saves at once would queue behind
    # each worker's first requests for seconds and be measured in the next saves of everyone.
    time.sleep(rng.uniform(0, THINK_SECONDS[1]))
    while not run.stop.is_set():
        if done:  # the first save is not timed: it warms the server up before the measured run
            time.sleep(rng.uniform(*THINK_SECONDS))
        value = options[(done + seed) % len(options)]
        body = urllib.parse.urlencode({"value": value, "revision": revision, "explanation": ""})
        started = time.monotonic()
        try:
            status, _cookie, page = _request(port, "POST", me["save"], body, headers)
        except OSError as error:
            run.error(f"autosave: {error}")
            continue
        seconds = time.monotonic() - started
        found = re.search(r'-revision" value="(\d+)"', page)
        if status != 200 or found is None or "Tersimpan pukul" not in page:
            run.error(f"autosave {status}: {page[:200]!r}")
            continue
        revision = int(found.group(1))
        done += 1
        with run.lock:
            if done > 1:
                run.saves.append((started, seconds))
            run.acknowledged.setdefault(me["assessment"], []).append((revision, value))


def citizen(port: int, run: Run, path: str, seed: int) -> None:
    rng = random.Random(seed)
    for _form in range(FORMS):
        try:
            _status, cookie, page = _request(port, "GET", path)
            fields = {
                "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(
                    1
                ),
                "started": re.search(r'name="started" value="([^"]+)"', page).group(1),
                "website": "",
                "sex": rng.choice("LP"),
                "age": str(rng.randint(18, 70)),
                "education": "sma",
                "occupation": "swasta",
                "suggestion": "",
                **{f"u{i}": str(rng.randint(2, 4)) for i in range(1, 10)},
            }
            headers = {
                "Content-Type": "application/x-www-form-urlencoded",
                "Cookie": f"csrftoken={re.search(r'csrftoken=([^;]+)', cookie).group(1)}",
            }
            started = time.monotonic()
            status, _cookie, _page = _request(port, "POST", path, urllib.parse.urlencode(fields), headers)
        except (OSError, AttributeError) as error:
            run.error(f"survey: {error}")
            continue
        if status != 302:
            run.error(f"survey {status}")
            continue
        with run.lock:
            run.posts.append((started, time.monotonic() - started))
            run.thanked += 1


def _ms(samples: list[float], share: float) -> float | None:
    if not samples:
        return None
    ordered = sorted(samples)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000, 1)


def run_once(database_url: str | None) -> dict:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-writes-") as var:
        env = {
            **os.environ,
            "NYATA_VAR_DIR": var,
            "NYATA_ENV": "development",
            "NYATA_DEBUG": "false",
            "NYATA_SKM_MIN_FILL_SECONDS": "0",
            "GUNICORN_CMD_ARGS": f"--no-control-socket --worker-class gthread --threads {THREADS}",
        }
        if database_url:
            env["DATABASE_URL"] = database_url
        else:
            env.pop("DATABASE_URL", None)
        nyata(["migrate", "-v0"], env)
        nyata(["collectstatic", "--noinput", "-v0"], env)
        setup = json.loads(
            nyata(["shell", "-c", SETUP.format(units=UNITS, operators=OPERATORS)], env).splitlines()[-1]
        )
        run = Run()
        with gunicorn("nyata.wsgi:application", env=env, workers=WORKERS, ready_path="/sehat/") as port:
            threads = [
                threading.Thread(target=operator, args=(port, run, me, setup["options"], seed))
                for seed, me in enumerate(setup["operators"])
            ]
            for thread in threads:
                thread.start()
            time.sleep(15)  # the operators warmed up and at work before the Inspektorat presses "finalise"
            citizens = [
                threading.Thread(target=citizen, args=(port, run, setup["survey"], seed))
                for seed in range(CITIZENS)
            ]
            finalise_started = time.monotonic()
            finalising = subprocess.Popen(
                [sys.executable, "-m", "nyata", "shell", "-c", FINALISE.format(**setup)],
                cwd=ROOT,
                env=env,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for thread in citizens:
                thread.start()
            out, err = finalising.communicate(timeout=900)
            finalise_ended = time.monotonic()
            for thread in citizens:
                thread.join()
            time.sleep(3)  # and a little after
            run.stop.set()
            for thread in threads:
                thread.join()
        if finalising.returncode != 0:
            run.error(f"finalisation: {err[-500:]}")
            finalised = {"seconds": None, "results": 0, "transactions": 0, "longest": None}
        else:
            finalised = json.loads(out.strip().splitlines()[-1])
        assessments = [me["assessment"] for me in setup["operators"]]
        stored = json.loads(
            nyata(
                [
                    "shell",
                    "-c",
                    VERIFY.format(
                        assessments=assessments,
                        indicator=setup["indicator"],
                        service=setup["service"],
                        closing=setup["closing"],
                    ),
                ],
                env,
            ).splitlines()[-1]
        )
    lost_saves = 0
    for assessment, confirmed in run.acknowledged.items():
        history = {
            (revision, json.dumps(value)) for revision, value in stored["history"].get(str(assessment), [])
        }
        lost_saves += sum((revision, json.dumps(value)) not in history for revision, value in confirmed)
    lost_posts = max(0, run.thanked - stored["responses"])
    during = lambda samples: [s for started, s in samples if finalise_started <= started <= finalise_ended]  # noqa: E731
    return {
        "bench": "concurrent_writes",
        "database": "postgresql" if database_url else "sqlite",
        "operators": OPERATORS,
        "units_finalised": finalised["results"],
        "period_locked": stored["locked"],
        "indicators": setup["indicators"],
        "finalise_seconds": round(finalised["seconds"], 2) if finalised["seconds"] else None,
        "finalise_transactions": finalised["transactions"],
        "finalise_longest_transaction_ms": round(finalised["longest"] * 1000, 1)
        if finalised["longest"]
        else None,
        "errors": len(run.errors),
        "lost_acknowledged_writes": lost_saves + lost_posts,
        "autosaves": len(run.saves),
        "autosave_p50_ms": _ms([s for _t, s in run.saves], 0.5),
        "autosave_p95_ms": _ms([s for _t, s in run.saves], 0.95),
        "autosave_p95_during_finalise_ms": _ms(during(run.saves), 0.95),
        "autosave_max_ms": _ms([s for _t, s in run.saves], 1.0),
        "survey_posts": run.thanked,
        "survey_p50_ms": _ms([s for _t, s in run.posts], 0.5),
        "survey_p95_ms": _ms([s for _t, s in run.posts], 0.95),
        "first_errors": run.errors[:3],
        "gunicorn": f"{WORKERS} workers x {THREADS} threads",
    }


def main() -> None:
    given = os.environ.get("DATABASE_URL", "")
    if given:
        print(json.dumps(run_once(given)))
        return
    print(json.dumps(run_once(None)))
    if "--sqlite-only" in sys.argv:
        return
    with temporary_postgres() as database_url:
        if database_url is None:
            print(
                json.dumps(
                    {"bench": "concurrent_writes", "database": "postgresql", "skipped": "not installed"}
                )
            )
        else:
            print(json.dumps(run_once(database_url)))


if __name__ == "__main__":
    main()
