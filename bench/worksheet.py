"""The OPD worksheet with the whole rb-pd instrument answered and evidence attached: SQL queries per page,
median server time against the minimal Django view, and autosaves of one answer per second.

Run by `make bench`; prints one JSON line. Everything runs on loopback under gunicorn in a throw-away var/.
"""

import http.client
import json
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import ROOT, gunicorn, nyata  # noqa: E402

SETUP_SNIPPET = r"""
import json
from datetime import date, timedelta
from pathlib import Path

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from nyata.evaluations.actions.answers import save_answer
from nyata.evaluations.actions.periods import open_period
from nyata.evaluations.instrument import indicators_of
from nyata.evaluations.models import Phase
from nyata.evaluations.actions.evidence import attach_files
from nyata.core.tests.files import pdf_bytes
from nyata.instruments.actions import load_instrument
from nyata.org.models import Membership, Role, Unit, User

instrument = load_instrument(
    data=(Path(settings.BASE_DIR) / "instruments" / "rb-pd-2025.yaml").read_bytes(), by=None, publish=True
).instrument
unit = Unit.objects.filter(kind=Unit.Kind.OPD, is_active=True).order_by("pk").first()
admin = User.objects.get(username="admin.inspektorat")
operator, _ = User.objects.get_or_create(
    username="bench.operator", defaults={"name": "Operator Bench", "instansi": unit.instansi}
)
Membership.objects.get_or_create(user=operator, unit=unit, role=Role.OPD_OPERATOR)
now = timezone.now()
period = open_period(
    instansi=unit.instansi,
    year=2031,
    title="Bench lembar kerja",
    instrument=instrument,
    units=[unit],
    windows={phase: (now - timedelta(days=1), now + timedelta(days=30)) for phase in Phase.values},
    by=admin,
)
assessment = period.assessments.get()
files = 0
for index, (code, node) in enumerate(indicators_of(instrument).items()):
    kind = node.answer.kind
    if kind == "choice":
        value = node.answer.options[0].code
    elif kind == "target":
        value = {"target": "100", "realized": "90"}
    elif kind == "number" and node.answer.max is not None:
        value = {"number": str(node.answer.max)}
    else:
        value = {"number": "80"}
    if not node.source:  # an IKM-sourced answer is filled from the survey, never typed
        save_answer(
            assessment=assessment, indicator=code, value=value, explanation="", base_revision=0, by=operator
        )
    for item in node.evidence or ():
        attach_files(
            assessment=assessment, indicator=code, item=item.code,
            effective_date=date(2031, 1, 15), by=operator,
            uploads=[SimpleUploadedFile(f"{code}-{item.code}.pdf", pdf_bytes(f"{code} {item.code}"))],
        )
        files += 1
target = next(code for code, node in indicators_of(instrument).items() if node.answer.kind == "choice")
options = [option.code for option in indicators_of(instrument)[target].answer.options]
args = [unit.instansi.code, period.pk, assessment.pk]
worksheet = reverse("evaluations:worksheet", args=args)
client = Client()
client.force_login(operator)
client.get(worksheet)
with CaptureQueriesContext(connection) as queries:
    status = client.get(worksheet).status_code
assert status == 200, status
session = SessionStore()
session[SESSION_KEY] = str(operator.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = operator.get_session_auth_hash()
session.create()
print(json.dumps({
    "session": session.session_key,
    "worksheet": worksheet,
    "save": reverse("evaluations:answer-save", args=[*args, target]),
    "options": options,
    "indicators": len(indicators_of(instrument)),
    "evidence_files": files,
    "queries": len(queries),
}))
"""


def request(port: int, method: str, path: str, headers: dict[str, str], body: str | None = None):
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        return response.status, response.getheaders(), response.read()
    finally:
        connection.close()


def median_ms(port: int, path: str, headers: dict[str, str], count: int = 40) -> float:
    for _warm in range(5):
        request(port, "GET", path, headers)
    times = []
    for _ in range(count):
        started = time.perf_counter()
        status, _headers, _body = request(port, "GET", path, headers)
        times.append(time.perf_counter() - started)
        if status != 200:
            raise RuntimeError(f"{path} answered {status}")
    return statistics.median(times) * 1000


def autosaves_per_second(port: int, setup: dict, cookie: str, seconds: float = 5.0) -> float:
    """One person's autosave loop: each save is based on the revision the previous answer returned."""
    _status, headers, _body = request(port, "GET", setup["worksheet"], {"Cookie": cookie})
    csrf = next(
        re.search(r"csrftoken=([^;]+)", value).group(1)
        for name, value in headers
        if name.lower() == "set-cookie" and value.startswith("csrftoken=")
    )
    base_headers = {
        "Cookie": f"{cookie}; csrftoken={csrf}",
        "X-CSRFToken": csrf,
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    revision, done = 1, 0
    stop_at = time.monotonic() + seconds
    started = time.monotonic()
    while time.monotonic() < stop_at:
        value = setup["options"][(done + 1) % len(setup["options"])]
        status, _headers, body = request(
            port, "POST", setup["save"], base_headers, f"value={value}&revision={revision}&explanation="
        )
        found = re.search(rb'-revision" value="(\d+)"', body)
        if status != 200 or found is None or b"Tersimpan pukul" not in body:
            raise RuntimeError(f"autosave failed: {status} {body[:300]!r}")
        revision = int(found.group(1))
        done += 1
    return done / (time.monotonic() - started)


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-") as var:
        env = {"NYATA_VAR_DIR": var, "NYATA_ENV": "development", "NYATA_DEBUG": "false"}
        nyata(["migrate", "-v0"], env)
        nyata(["demo"], env)
        nyata(["collectstatic", "--noinput", "-v0"], env)
        setup = json.loads(nyata(["shell", "-c", SETUP_SNIPPET], env).strip().splitlines()[-1])
        cookie = f"sessionid={setup['session']}"
        with gunicorn("nyata.wsgi:application", env=env, ready_path="/sehat/") as port:
            worksheet_ms = median_ms(port, setup["worksheet"], {"Cookie": cookie})
            autosave = autosaves_per_second(port, setup, cookie)
        with gunicorn("minimal_site:application", env={"PYTHONPATH": str(ROOT / "bench")}) as port:
            minimal_ms = median_ms(port, "/", {})
    print(
        json.dumps(
            {
                "bench": "worksheet",
                "database": "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite",
                "indicators": setup["indicators"],
                "evidence_files": setup["evidence_files"],
                "worksheet_queries": setup["queries"],
                "worksheet_median_ms": round(worksheet_ms, 1),
                "minimal_median_ms": round(minimal_ms, 2),
                "ratio": round(worksheet_ms / minimal_ms, 1),
                "autosave_per_second": round(autosave, 1),
                "autosave_client_concurrency": 1,
                "gunicorn_workers": 2,
            }
        )
    )


if __name__ == "__main__":
    main()
