"""Serving with real gunicorn as the README's deploy instructions do (``-c
python:peerapp.gunicorn_conf``), without Redis: sign-in failures are counted in the database, so
every worker refuses the sixth; and no query string (a place) reaches gunicorn's logs."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.conftest import TEST_DATA_KEY
from tests.factories import PASSWORD

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
WRONG = "not the right password"


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def _gunicorn(database_url: str, log: Path, *options: str) -> Iterator[int]:
    """gunicorn serving the app on a free port in production mode; its port."""
    port = _free_port()
    env = {
        **os.environ,
        "PEERAPP_DATABASE_URL": database_url,
        "PEERAPP_SECRET_KEY": "a-production-secret-key-that-is-long-enough",
        "PEERAPP_DATA_KEY": TEST_DATA_KEY,
        "PYTHONPATH": str(ROOT),
    }
    env.pop("PEERAPP_REDIS_URL", None)
    command = [str(GUNICORN), "-c", "python:peerapp.gunicorn_conf", "--bind", f"127.0.0.1:{port}"]
    with log.open("wb") as output:
        server = subprocess.Popen(  # noqa: S603  # nosec B603  # our own gunicorn, fixed arguments
            [*command, *options, "peerapp:create_app()"],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
        try:
            deadline = time.monotonic() + 180  # a busy machine starts slowly
            while True:
                try:
                    socket.create_connection(("127.0.0.1", port), timeout=1).close()
                    break
                except OSError:
                    assert server.poll() is None, log.read_text()
                    assert time.monotonic() < deadline, "gunicorn did not start"
                    time.sleep(0.2)
            yield port
        finally:
            server.terminate()
            server.wait(timeout=30)


def _login(port: int, username: str, password: str) -> int:
    body = json.dumps({"username": username, "password": password}).encode()
    request = urllib.request.Request(  # noqa: S310  # a local http URL made here
        f"http://127.0.0.1:{port}/api/v1/session",
        data=body,
        headers={"Content-Type": "application/json", "Connection": "close"},
    )
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:  # noqa: S310  # nosec B310
            return int(answer.status)
    except urllib.error.HTTPError as error:
        return int(error.code)


def test_two_workers_without_redis_refuse_the_sixth_failure_whichever_answers(
    database_url, user_factory, tmp_path
):
    nurse = user_factory(username="nurse-under-attack", role="peer", totp=False)
    log = tmp_path / "gunicorn.log"
    # every worker answers one request and is replaced: no two requests share a process
    with _gunicorn(database_url, log, "--workers", "2", "--max-requests", "1") as port:
        failures = [_login(port, nurse.username, WRONG) for _ in range(5)]
        sixth = _login(port, nurse.username, PASSWORD)
    assert failures == [401] * 5
    assert sixth == 429
    text = log.read_text()
    assert text.count("Autorestarting worker after current request") >= 5
    # the warnings at start: limits other than sign-in's are per worker; any Host is believed
    assert "PEERAPP_REDIS_URL is not set" in text
    assert "Neither PEERAPP_PUBLIC_URL nor PEERAPP_TRUSTED_HOSTS is set" in text


def test_gunicorns_logs_keep_no_query_string(database_url, tmp_path):
    log = tmp_path / "gunicorn.log"
    with _gunicorn(database_url, log, "--workers", "1", "--access-logfile", "-") as port:
        for line in (
            b"GET /?lat=59.9&lng=10.7\r\n",
            b"GET  /places?lat=59.9&lng=10.7 HTTP/1.1\r\n",
        ):
            with socket.create_connection(("127.0.0.1", port), timeout=10) as raw:
                raw.sendall(line + b"Host: localhost\r\n\r\n")
                assert raw.recv(100).startswith(b"HTTP/1.1 400")
        with urllib.request.urlopen(  # noqa: S310  # nosec B310  # a local http URL made here
            f"http://127.0.0.1:{port}/healthz?lat=59.9&lng=10.7", timeout=30
        ) as answer:
            assert answer.status == 200
    text = log.read_text()
    assert "Invalid HTTP request line" in text  # the refusal is still logged, without its query
    assert '"GET /healthz"' in text  # the access log keeps the path
    assert "59.9" not in text
    assert "lng=" not in text


def _meetings_near_oslo(port: int) -> list[str]:
    with urllib.request.urlopen(  # noqa: S310  # nosec B310  # a local http URL made here
        f"http://127.0.0.1:{port}/api/v1/meetings?lat=59.9139&lng=10.7522&radius_km=10",
        timeout=60,
    ) as answer:
        return sorted(meeting["name"] for meeting in json.load(answer)["meetings"])


def test_every_worker_finds_a_meeting_written_after_it_started(
    database_url, meeting_factory, tmp_path
):
    meeting_factory(name="Before the start")
    log = tmp_path / "gunicorn.log"
    with _gunicorn(database_url, log, "--workers", "2") as port:
        assert _meetings_near_oslo(port) == ["Before the start"]
        meeting_factory(name="After the start")
        # each worker keeps its own copy of the meetings: every one must see the new one
        for _ in range(6):
            assert _meetings_near_oslo(port) == ["After the start", "Before the start"]
    assert "not read at start" not in log.read_text()
