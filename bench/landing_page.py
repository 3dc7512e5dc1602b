"""Requests per second of a signed-in landing page under gunicorn, against a minimal Django view.

Run by `make bench`; prints one JSON line. Both servers run on loopback, one after the other, with the
same worker count and the same closed-loop client, so the ratio is fair on this machine.
"""

import json
import os
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from loopback import ROOT, gunicorn, nyata, requests_per_second  # noqa: E402

SESSION_SNIPPET = """
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from nyata.org.models import User
user = User.objects.get(username="admin.inspektorat")
session = SessionStore()
session[SESSION_KEY] = str(user.pk)
session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
session[HASH_SESSION_KEY] = user.get_session_auth_hash()
session.create()
print(session.session_key)
"""


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="nyata-bench-") as var:
        env = {"NYATA_VAR_DIR": var, "NYATA_ENV": "development", "NYATA_DEBUG": "false"}
        nyata(["migrate", "-v0"], env)
        nyata(["demo"], env)
        nyata(["collectstatic", "--noinput", "-v0"], env)
        session_key = nyata(["shell", "-c", SESSION_SNIPPET], env).strip().splitlines()[-1]
        headers = {"Cookie": f"sessionid={session_key}"}
        with gunicorn("nyata.wsgi:application", env=env, ready_path="/sehat/") as port:
            landing = requests_per_second(port, "/", headers=headers)
        with gunicorn("minimal_site:application", env={"PYTHONPATH": str(ROOT / "bench")}) as port:
            minimal = requests_per_second(port, "/", headers={})
    print(
        json.dumps(
            {
                "bench": "landing_page",
                "database": "postgresql" if "postgres" in os.environ.get("DATABASE_URL", "") else "sqlite",
                "landing_rps": round(landing, 1),
                "minimal_rps": round(minimal, 1),
                "ratio": round(landing / minimal, 3),
                "gunicorn_workers": 2,
                "client_concurrency": 4,
                "seconds_each": 5,
            }
        )
    )


if __name__ == "__main__":
    main()
