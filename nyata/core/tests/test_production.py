"""The production recipe of README.md ("Running in production"), run line by line as documented: migrate,
collect static files, gunicorn with its worker count, the task worker, the daily reminders; then the
health endpoint, static files through WhiteNoise and the HTTPS settings are checked over real HTTP."""

import http.client
import json
import os
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
HOST = "nyata.example.org"
SECRET = "k3y-" + "x7Qp9zR2mN5vB8cL1dF4gH6jK0sT3wY" * 2

pytestmark = pytest.mark.skipif(sys.platform != "linux", reason="reads gunicorn's workers from /proc")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def recipe() -> list[list[str]]:
    """The command lines of the README's production recipe block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"<!-- production recipe -->\n```sh\n(.*?)```", text, flags=re.S)
    assert block, "README.md has no production recipe block"
    return [shlex.split(line) for line in block.group(1).splitlines() if line.strip()]


def executable(args: list[str]) -> list[str]:
    """A documented line as this interpreter runs it (`.venv/bin` on the PATH, as the README says)."""
    program, *rest = args
    assert program in ("nyata", "gunicorn"), program
    return [sys.executable, "-m", program, *rest]


def request(port: int, path: str, *, host: str = HOST, https: bool = True) -> http.client.HTTPResponse:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=20)
    headers = {"Host": host, **({"X-Forwarded-Proto": "https"} if https else {})}
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    response.body = response.read()
    connection.close()
    return response


def children(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def wait_for(check, *, what: str, processes: list[subprocess.Popen], seconds: float = 120):
    deadline = time.monotonic() + seconds
    while True:
        try:
            result = check()
            if result:
                return result
        except OSError:
            pass
        for process in processes:
            assert process.poll() is None, f"{process.args} stopped while waiting for {what}"
        assert time.monotonic() < deadline, f"no {what} within {seconds} s"
        time.sleep(0.3)


@pytest.fixture
def environment(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NYATA_", "DJANGO_", "DATABASE_URL"))}
    return env | {
        "NYATA_ENV": "production",
        "NYATA_SECRET_KEY": SECRET,
        "NYATA_ALLOWED_HOSTS": HOST,
        "NYATA_BEHIND_PROXY": "true",
        "NYATA_VAR_DIR": str(tmp_path / "var"),
        # Beside other test runs: gunicorn's control socket would be one shared file in the home folder.
        "GUNICORN_CMD_ARGS": "--no-control-socket",
    }


def test_the_documented_production_recipe_serves(environment, tmp_path):
    lines = recipe()
    assert [line[:2] for line in lines] == [
        ["nyata", "migrate"],
        ["nyata", "collectstatic"],
        ["gunicorn", "nyata.wsgi:application"],
        ["nyata", "db_worker"],
        ["nyata", "notify_windows"],
    ]
    migrate, collectstatic, serve, worker, reminders = lines
    for line in (migrate, collectstatic):
        done = subprocess.run(executable(line), cwd=ROOT, env=environment, capture_output=True, text=True)
        assert done.returncode == 0, done.stderr
    workers = int(serve[serve.index("--workers") + 1])
    port = free_port()
    bind = serve.index("--bind") + 1
    assert serve[bind] == "127.0.0.1:8000"  # loopback, behind the proxy
    serve[bind] = f"127.0.0.1:{port}"
    logs = tmp_path / "logs"
    logs.mkdir()
    processes = []
    try:
        for name, line in (("gunicorn", serve), ("worker", worker)):
            log = (logs / name).open("wb")
            processes.append(
                subprocess.Popen(
                    executable(line),
                    cwd=ROOT,
                    env=environment,
                    stdout=log,
                    stderr=log,
                    start_new_session=True,
                )
            )
        server = processes[0]

        # The health endpoint, by address over plain HTTP as a load balancer asks: healthy once the worker
        # has written its first heartbeat.
        def healthy():
            response = request(port, "/sehat/", host="127.0.0.1", https=False)
            return response if response.status == 200 else None

        health = wait_for(healthy, what="healthy /sehat/", processes=processes)
        assert json.loads(health.body) == {
            "status": "ok",
            "failing": [],
            "database": "ok",
            "storage": "ok",
            "worker": "ok",
        }
        assert len(children(server.pid)) == workers

        # Static files come from WhiteNoise under their hashed names, compressed and cached for good.
        manifest = json.loads((tmp_path / "var" / "static" / "staticfiles.json").read_text())
        hashed = manifest["paths"]["nyata/nyata.css"]
        static = request(port, f"/static/{hashed}")
        assert static.status == 200
        assert static.getheader("Content-Type").startswith("text/css")
        assert "immutable" in static.getheader("Cache-Control")
        assert static.body == (tmp_path / "var" / "static" / hashed).read_bytes()

        # The application itself, through the proxy: HTTPS only, with HSTS; plain HTTP is redirected.
        login = request(port, "/akun/masuk/")
        assert login.status == 200
        assert "max-age=31536000" in login.getheader("Strict-Transport-Security")
        assert b"Masuk ke Nyata" in login.body
        plain = request(port, "/akun/masuk/", https=False)
        assert (plain.status, plain.getheader("Location")) == (301, f"https://{HOST}/akun/masuk/")
        assert request(port, "/akun/masuk/", host="10.0.0.5").status == 400  # an unknown host

        # The daily reminders run with the same environment.
        done = subprocess.run(
            executable(reminders), cwd=ROOT, env=environment, capture_output=True, text=True
        )
        assert done.returncode == 0, done.stderr
    finally:
        for process in processes:
            os.killpg(process.pid, signal.SIGTERM)
        for process in processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
