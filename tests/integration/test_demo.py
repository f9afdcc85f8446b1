"""``peerapp demo``: the Quick start's first command really loads the data and serves it."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def demo_env(tmp_path) -> dict[str, str]:
    """A throw-away SQLite database; no secret key, as in a fresh clone."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PEERAPP_")}
    env["PEERAPP_DATABASE_URL"] = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    return env


def _peerapp(*args: str) -> list[str]:
    return [str(Path(sys.executable).with_name("peerapp")), *args]


def test_demo_loads_idempotently_and_prints_the_url(demo_env):
    first = subprocess.run(
        _peerapp("demo", "--no-run"), env=demo_env, capture_output=True, text=True, timeout=120
    )
    assert first.returncode == 0, first.stderr
    assert "http://127.0.0.1:5000/" in first.stdout
    assert "168 meetings created" in first.stdout
    for login in ("demo-klient", "demo-likeperson", "demo-behandler", "demo-admin"):
        assert f"{login} / demo-passord-123" in first.stdout
    again = subprocess.run(
        _peerapp("demo", "--no-run"), env=demo_env, capture_output=True, text=True, timeout=120
    )
    assert again.returncode == 0, again.stderr
    assert "0 meetings created" in again.stdout and "168 unchanged" in again.stdout


def test_demo_serves_the_finder_with_demo_meetings(demo_env):
    port = _free_port()
    server = subprocess.Popen(
        _peerapp("demo", "--port", str(port)),
        env=demo_env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        deadline, page = time.monotonic() + 90, None
        while time.monotonic() < deadline and page is None:
            try:
                url = f"http://127.0.0.1:{port}/?where=Bergen"
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310
                    page = response.read().decode()
            except OSError:
                assert server.poll() is None, server.stdout.read() if server.stdout else ""
                time.sleep(0.5)
        assert page is not None, "the demo server never answered"
        assert "Bergen" in page
    finally:
        server.terminate()
        server.wait(timeout=10)
        if server.stdout:
            server.stdout.close()
