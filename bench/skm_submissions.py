"""Survey submissions per second through the real public form path under gunicorn, against a minimal view
that inserts one row, in the same run (issue 5 goal: ratio >= 0.7). Prints one JSON line per database:
SQLite, and PostgreSQL when its binaries are installed (a throw-away cluster) or DATABASE_URL names one.

The survey side is Nyata's own WSGI application with all its middleware: each submission is a full POST of
the public form with the CSRF check, validation, abuse screening (honeypot, signed single-use start token,
device cookie; the burst count of address, network and service), the response row and its tally upsert in
one transaction, a 302 and a signed cookie. Each post carries a form served (signed) for it and the minimum
fill time is 0. By default the posts model a city: SERVICES services answered in turn, each post from an
address of its own (a forwarded loopback address in a /24 of its own) with the address and network limits at
their defaults, and only the surge floors raised so that every submission is an ordinary, counted one.
`--one-address` sends every post from 127.0.0.1 to one service with every limit raised.
The minimal side (bench/minimal_insert_site.py) gets the same body, parses it, stores it as one row of the
same width in the same database (Nyata's own SQLite file, or the same PostgreSQL database) and redirects;
no middleware, CSRF, validation, screening or tally. NYATA_DB_CONN_MAX_AGE applies to both sides (by
default 60 s on PostgreSQL, 0 on SQLite).
After one untimed round on each side (warm servers), the two sides run in alternating rounds so that a
noisy neighbour on the machine hurts both alike; each
side's figure is the median of its rounds, and the ratio the median of the rounds' ratios.
"""

import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import threading
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import ROOT, closed_loop, gunicorn, nyata  # noqa: E402
from pg_cluster import temporary_postgres  # noqa: E402

SECONDS = 2.0
ROUNDS = 5
CONCURRENCY = 4
WORKERS = 2

# A city's services, each with its QR code: citizens answer for many services at once, not for one.
SERVICES = 100
STARTED_FORMS = 60000
SETUP = """
import json
from nyata.org import actions as org
from nyata.surveys import actions
instansi = org.save_instansi(by=None, name="Kota Bench", code="kota-bench")
unit = org.save_unit(instansi=instansi, by=None, code="dinkes", name="Dinas Kesehatan", kind="opd")
services = [
    actions.save_service(unit=unit, by=None, name=f"Layanan {{i}}", population=550) for i in range({services})
]
print(json.dumps([service.public_code for service in services]))
"""
STARTS = """
import json
from nyata.surveys import screening
from nyata.surveys.models import Service
print(json.dumps({{
    service.public_code: [screening.sign_start(service=service) for _ in range({per_service})]
    for service in Service.objects.all()
}}))
"""
COUNT = """
from nyata.surveys.models import Response, ServiceDayTally
from django.db.models import Sum
print(Response.objects.count(), ServiceDayTally.objects.aggregate(n=Sum("n"))["n"])
"""


def request(port: int, method: str, path: str, body: str | None = None, headers=None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.getheader("Set-Cookie") or "", response.read().decode()
    finally:
        connection.close()


def posts_per_second(port: int, next_post) -> tuple[float, int]:
    """Closed loop: CONCURRENCY clients, each posting again as soon as its last post is answered (302).

    `next_post()` gives each post its (path, body, headers)."""

    def post() -> bool:
        path, body, headers = next_post()
        return request(port, "POST", path, body, headers)[0] == 302

    for _warm in range(10):
        assert post()
    count, elapsed = closed_loop(
        post,
        label=str(port),
        seconds=SECONDS,
        concurrency=CONCURRENCY,
        max_requests=10**9,  # bounded by time: every post must be counted, so none is cut short
    )
    return count / elapsed, count + 10


def citizen_address(n: int) -> str:
    """The n-th citizen's address: each in a /24 network of its own. Loopback (127.0.0.0/8), because a
    server on the development key answers only this machine, also for the addresses a proxy forwards."""
    return f"127.{(n >> 8) & 255}.{n & 255}.1"


class Citizens:
    """Each post: the next service in turn, a served form of its own (a served form counts once) and, in
    the city mode, an address of its own; in the one-address mode every post comes from 127.0.0.1."""

    def __init__(self, starts: dict[str, list[str]], fields: dict[str, str], headers: dict[str, str], city):
        self.lock = threading.Lock()
        self.codes, self.starts = list(starts), {code: iter(tokens) for code, tokens in starts.items()}
        # The body encoded once but for its served form, as the yardstick's body is encoded once: the
        # client shares the machine's two cores with the server, and its own work must not weigh on one
        # side only.
        self.body = urllib.parse.urlencode({k: v for k, v in fields.items() if k != "started"})
        self.city, self.n = city, 0
        self.headers = {"Content-Type": "application/x-www-form-urlencoded", **headers}

    def __call__(self) -> tuple[str, str, dict[str, str]]:
        with self.lock:
            n, self.n = self.n, self.n + 1
            code = self.codes[n % len(self.codes)]
            started = next(self.starts[code])
        headers = {**self.headers, "X-Forwarded-For": citizen_address(n)} if self.city else self.headers
        return f"/s/{code}/", f"{self.body}&started={urllib.parse.quote_plus(started)}", headers


def survey_fields(port: int, path: str) -> tuple[dict[str, str], dict[str, str]]:
    _status, cookie, page = request(port, "GET", path)
    fields = {
        "csrfmiddlewaretoken": re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1),
        "started": re.search(r'name="started" value="([^"]+)"', page).group(1),
        "website": "",
        "sex": "P",
        "age": "34",
        "education": "sma",
        "occupation": "wirausaha",
        "suggestion": "",
        **{f"u{i}": str(i % 4 + 1) for i in range(1, 10)},
    }
    headers = {"Cookie": f"csrftoken={re.search(r'csrftoken=([^;]+)', cookie).group(1)}"}
    return fields, headers


def run(database_url: str | None, *, city: bool = True) -> dict:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-skm-") as var:
        env = {
            **os.environ,
            "NYATA_VAR_DIR": var,
            "NYATA_ENV": "development",
            "NYATA_DEBUG": "false",
            "NYATA_SKM_MIN_FILL_SECONDS": "0",
            # Thousands of posts a minute are a surge by any measure: the services' surge floors are raised
            # so that every post is an ordinary, counted one (each post still counts its service's window).
            "NYATA_SKM_SURGE_MIN_PER_HOUR": "100000000",
            "NYATA_SKM_SURGE_MIN_PER_DAY": "100000000",
            # Each citizen from an address of their own, as a proxy forwards it: the address and
            # network limits keep their defaults (20 and 30 an hour), and their counts stop there.
            **(
                {"NYATA_SKM_CLIENT_IP_HEADER": "HTTP_X_FORWARDED_FOR"}
                if city
                # Every post from 127.0.0.1 within seconds: no address or network limit either.
                else {"NYATA_SKM_RATE_LIMIT": "100000000", "NYATA_SKM_PREFIX_LIMIT": "100000000"}
            ),
            # Two servers run side by side here (and other benchmarks may run too): gunicorn's control
            # socket would otherwise be one shared file in the home directory.
            "GUNICORN_CMD_ARGS": "--no-control-socket",
        }
        if database_url:
            env["DATABASE_URL"] = database_url
        else:
            env.pop("DATABASE_URL", None)
        nyata(["migrate", "-v0"], env)
        nyata(["collectstatic", "--noinput", "-v0"], env)
        services = SERVICES if city else 1
        codes = json.loads(nyata(["shell", "-c", SETUP.format(services=services)], env).splitlines()[-1])
        # Served forms signed ahead (as the page would serve them), so that the timed loop only posts.
        per_service = STARTED_FORMS // services
        starts = json.loads(
            nyata(["shell", "-c", STARTS.format(per_service=per_service)], env).splitlines()[-1]
        )
        minimal_env = {**env, "PYTHONPATH": str(ROOT / "bench")}
        survey_rounds, minimal_rounds, survey_posts = [], [], 0
        with (
            gunicorn("nyata.wsgi:application", env=env, workers=WORKERS, ready_path="/sehat/") as survey_port,
            gunicorn(
                "minimal_insert_site:application", env=minimal_env, workers=WORKERS, ready_path="/done/"
            ) as minimal_port,
        ):
            fields, headers = survey_fields(survey_port, f"/s/{codes[0]}/")
            citizens = Citizens(starts, fields, headers, city)
            minimal_body = urllib.parse.urlencode(fields)
            yardstick = {"Content-Type": "application/x-www-form-urlencoded"}

            def minimal_post():
                return "/", minimal_body, yardstick

            # One untimed round on each side first: the figures are those of warm servers (every worker has
            # read the services into its cache and opened its connection), not of their first seconds.
            survey_posts += posts_per_second(survey_port, citizens)[1]
            posts_per_second(minimal_port, minimal_post)
            for _round in range(ROUNDS):
                rps, posts = posts_per_second(survey_port, citizens)
                survey_rounds.append(rps)
                survey_posts += posts
                minimal_rounds.append(posts_per_second(minimal_port, minimal_post)[0])
        stored, counted = map(int, nyata(["shell", "-c", COUNT], env).splitlines()[-1].split())
        if stored != survey_posts or counted != survey_posts:
            raise RuntimeError(f"{survey_posts} posts answered, {stored} stored, {counted} counted")
    survey_rps, minimal_rps = statistics.median(survey_rounds), statistics.median(minimal_rounds)
    ratio = statistics.median(s / m for s, m in zip(survey_rounds, minimal_rounds, strict=True))
    return {
        "bench": "skm_submissions",
        "database": "postgresql" if database_url else "sqlite",
        "mode": f"city: {SERVICES} services, an address per post" if city else "one service, one address",
        "survey_submissions_per_second": round(survey_rps, 1),
        "minimal_insert_per_second": round(minimal_rps, 1),
        "ratio": round(ratio, 3),
        "goal_ratio": 0.7,
        "survey_rounds": [round(r, 1) for r in survey_rounds],
        "minimal_rounds": [round(r, 1) for r in minimal_rounds],
        "submissions_stored_and_counted": stored,
        "gunicorn_workers": WORKERS,
        "client_concurrency": CONCURRENCY,
        "seconds_per_round": SECONDS,
        "untimed_warm_up_rounds": 1,
        "db_conn_max_age": int(os.environ.get("NYATA_DB_CONN_MAX_AGE", "60" if database_url else "0")),
    }


def main() -> None:
    city = "--one-address" not in sys.argv
    given = os.environ.get("DATABASE_URL", "")
    if given:
        print(json.dumps(run(given, city=city)))
        return
    print(json.dumps(run(None, city=city)))
    if "--sqlite-only" in sys.argv:
        return
    with temporary_postgres() as database_url:
        if database_url is None:
            print(
                json.dumps({"bench": "skm_submissions", "database": "postgresql", "skipped": "not installed"})
            )
        else:
            print(json.dumps(run(database_url, city=city)))


if __name__ == "__main__":
    main()
