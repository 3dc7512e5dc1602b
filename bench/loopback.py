"""Serve a WSGI app with gunicorn on loopback and measure requests per second, bounded in time and count."""

import http.client
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def gunicorn(app: str, *, env: dict[str, str], workers: int = 2, ready_path: str = "/"):
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        app,
        "-b",
        f"127.0.0.1:{port}",
        "-w",
        str(workers),
        "--log-level",
        "warning",
        "--chdir",
        str(ROOT),
    ]
    # The server's log goes to a file: an unread pipe would fill up and stall the server mid-run.
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, env={**os.environ, **env}, stdout=subprocess.DEVNULL, stderr=log)
        try:
            _wait_until_ready(server, port, ready_path, log)
            yield port
        finally:
            # A graceful stop lets busy workers finish (gunicorn allows them 30 s); on a loaded machine
            # that can take a while, and a server that does not stop is killed rather than failing the run.
            server.terminate()
            try:
                server.wait(timeout=60)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


# On a loaded 2-core machine gunicorn's workers took over 30 s to import Django: readiness is what is
# awaited (the first answer below 500), for as long as the server lives; the bound only stops a hang.
READY_TIMEOUT_SECONDS = float(os.environ.get("NYATA_BENCH_READY_SECONDS", "600"))


def _wait_until_ready(server: subprocess.Popen, port: int, path: str, log) -> None:
    deadline = time.monotonic() + READY_TIMEOUT_SECONDS
    while True:
        try:
            if get(port, path, {}) < 500:
                return
        except OSError:
            pass
        if server.poll() is not None:
            log.seek(0)
            raise RuntimeError(f"gunicorn exited before it was ready: {log.read().decode(errors='replace')}")
        if time.monotonic() > deadline:
            log.seek(0)
            waited = f"{READY_TIMEOUT_SECONDS:.0f} s"
            raise RuntimeError(f"gunicorn not ready after {waited}: {log.read().decode(errors='replace')}")
        time.sleep(0.2)


def get(port: int, path: str, headers: dict[str, str]) -> int:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        connection.request("GET", path, headers=headers)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def requests_per_second(
    port: int,
    path: str,
    *,
    headers: dict[str, str],
    seconds: float = 5.0,
    concurrency: int = 4,
    max_requests: int = 50_000,
    expect: int = 200,
) -> float:
    """Closed-loop load: `concurrency` clients, each sending its next request when the last one answers."""
    for _warm in range(20):
        if get(port, path, headers) != expect:
            raise RuntimeError(f"{path} did not answer {expect}")
    count, elapsed = closed_loop(
        lambda: get(port, path, headers) == expect,
        label=path,
        seconds=seconds,
        concurrency=concurrency,
        max_requests=max_requests,
    )
    return count / elapsed


def closed_loop(
    send, *, label: str, seconds: float, concurrency: int, max_requests: int = 50_000
) -> tuple[int, float]:
    """(requests, seconds) for `concurrency` clients, each calling `send()` again as soon as it returns;
    `send` answers whether the response was the expected one. Bounded in time and in count."""
    done = [0] * concurrency
    failures: list[str] = []
    stop_at = time.monotonic() + seconds

    def client(index: int) -> None:
        while time.monotonic() < stop_at and sum(done) < max_requests:
            if not send():
                failures.append(label)
                return
            done[index] += 1

    started = time.monotonic()
    threads = [threading.Thread(target=client, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    if failures:
        raise RuntimeError(f"{label} answered unexpectedly under load")
    return sum(done), elapsed


def nyata(args: list[str], env: dict[str, str]) -> str:
    """Run the project's `nyata` command with extra environment; its output, or an error with stderr."""
    result = subprocess.run(
        [sys.executable, "-m", "nyata", *args],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
    )
    if result.returncode != 0:
        raise RuntimeError(f"nyata {args[0]} failed:\n{result.stderr[-3000:]}")
    return result.stdout
