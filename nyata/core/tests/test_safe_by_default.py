"""Safe by default: the published development key answers only this machine, production refuses it, and
`nyata check --deploy` names it (issue 14)."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.core.management.base import SystemCheckError
from django.core.management.commands import runserver as django_runserver

from nyata.core import deployment
from nyata.core.tests.test_environment import _nyata

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture
def served(monkeypatch):
    """Records where runserver would have served, instead of serving."""
    seen: list[str] = []
    monkeypatch.setattr(django_runserver.Command, "inner_run", lambda self, *a, **k: seen.append(self.addr))
    return seen


@pytest.mark.parametrize(
    "address", ["0.0.0.0:8000", "0:8000", "[::]:8000", "192.0.2.2:8000", "nyata.example.org:80"]
)
def test_runserver_refuses_other_addresses_with_the_development_key(served, address):
    with pytest.raises(CommandError, match="refusing to listen on .*NYATA_ENV=production"):
        call_command("runserver", address, use_reloader=False, skip_checks=True)
    assert served == []


@pytest.mark.parametrize("address", ["8000", "127.0.0.1:8000", "localhost:8000", "[::1]:8000"])
def test_runserver_serves_this_machine_with_the_development_key(served, address):
    call_command("runserver", address, use_reloader=False, skip_checks=True)
    assert len(served) == 1


def test_runserver_serves_any_address_with_a_key_of_its_own(served, settings):
    settings.SECRET_KEY = "k3y-" + "x7Qp9zR2mN5vB8cL1dF4gH6jK0sT3wY" * 2
    call_command("runserver", "0.0.0.0:8000", use_reloader=False, skip_checks=True)
    assert served == ["0.0.0.0"]  # noqa: S104  (what runserver was asked to bind)


class FakeSocket:
    def __init__(self, address: str) -> None:
        self.address = address

    def getsockname(self):
        return (self.address, 8000)


def call(application, **environ) -> tuple[str, bytes]:
    status: list[str] = []
    base = {"REQUEST_METHOD": "GET", "PATH_INFO": "/sehat/", "REMOTE_ADDR": "127.0.0.1"}
    body = b"".join(application({**base, **environ}, lambda s, headers: status.append(s)))
    return status[0], body


def test_the_wsgi_application_answers_only_this_machine_with_the_development_key():
    def app(environ, start_response):
        start_response("200 OK", [])
        return [b"ok"]

    guarded = deployment.guard(app)
    assert guarded is not app
    assert call(guarded) == ("200 OK", b"ok")
    assert call(guarded, **{"gunicorn.socket": FakeSocket("127.0.0.1")}) == ("200 OK", b"ok")
    for environ in (
        {"gunicorn.socket": FakeSocket("192.0.2.2")},  # reached on the machine's public address
        {"REMOTE_ADDR": "192.0.2.9"},  # from another machine
        {"HTTP_X_FORWARDED_FOR": "203.0.113.5"},  # through a proxy on this machine
    ):
        status, body = call(guarded, **environ)
        assert status == "403 Forbidden"
        assert b"published development key" in body


@pytest.mark.parametrize(
    ("address", "loopback"),
    [
        ("127.0.0.1", True),
        ("127.200.3.1", True),
        (" 127.0.0.1 ", True),
        ("::1", True),
        ("[::1]", True),
        ("::ffff:127.0.0.1", True),  # IPv4-mapped
        ("localhost", True),
        ("128.0.0.1", False),
        ("0127.0.0.1", False),  # no leading zeros: what some parsers read as octal
        ("127.1", False),  # no shortened forms
        ("127.0.0.1.evil.example", False),
        ("0.0.0.0", False),  # noqa: S104 (every address of the machine: not loopback)
        ("", False),
    ],
)
def test_loopback_is_told_from_every_other_address(address, loopback):
    assert deployment.is_loopback(address) is loopback


def test_with_a_key_of_its_own_the_application_is_not_wrapped(settings):
    settings.SECRET_KEY = "k3y-" + "x7Qp9zR2mN5vB8cL1dF4gH6jK0sT3wY" * 2

    def app(environ, start_response):
        return []

    assert deployment.guard(app) is app


def test_check_deploy_names_the_development_key(db):
    with pytest.raises(SystemCheckError, match=r"nyata\.E001.*published development key"):
        call_command("check", "--deploy", stdout=io.StringIO(), stderr=io.StringIO())


def test_production_refuses_the_development_key(tmp_path):
    result = _nyata(
        ["check"],
        NYATA_ENV="production",
        NYATA_SECRET_KEY=deployment.DEVELOPMENT_KEY,
        NYATA_ALLOWED_HOSTS="nyata.example.go.id",
        NYATA_VAR_DIR=str(tmp_path),
    )
    assert result.returncode != 0
    assert "NYATA_SECRET_KEY is the published development key" in result.stderr


def _non_loopback_address() -> str | None:
    import socket

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
        try:
            probe.connect(("192.0.2.1", 9))  # no packet is sent: this only picks the outgoing interface
            address = probe.getsockname()[0]
        except OSError:
            return None
    return None if deployment.is_loopback(address) else address


def test_gunicorn_on_every_address_refuses_requests_reaching_it_from_outside(tmp_path):
    import http.client
    import time

    from nyata.core.tests.test_production import free_port

    address = _non_loopback_address()
    if address is None:
        pytest.skip("this machine has no address besides loopback")
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("NYATA_", "DJANGO_"))}
    env |= {"NYATA_VAR_DIR": str(tmp_path), "NYATA_DEBUG": "true", "NYATA_ALLOWED_HOSTS": "*"}
    env["GUNICORN_CMD_ARGS"] = "--no-control-socket"  # beside other runs: no shared socket in the home folder
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "nyata.wsgi:application", "-b", f"0.0.0.0:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )

    def status(host: str) -> int | None:
        connection = http.client.HTTPConnection(host, port, timeout=10)
        try:
            connection.request("GET", "/akun/masuk/", headers={"Host": "localhost"})
            return connection.getresponse().status
        except OSError:
            return None
        finally:
            connection.close()

    try:
        deadline = time.monotonic() + 60
        while status("127.0.0.1") is None:
            assert server.poll() is None, "gunicorn stopped"
            assert time.monotonic() < deadline, "gunicorn did not start"
            time.sleep(0.2)
        assert status("127.0.0.1") == 200
        assert status(address) == 403
    finally:
        server.terminate()
        server.wait(timeout=20)
