"""``peerapp worker`` and ``peerapp vapid-keys`` as an operator uses them."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import peerapp
from peerapp.extensions import begin_write, db
from peerapp.services.notify import enqueue
from tests.integration.conftest import LOCAL_OUTBOUND, VAPID_SUBJECT
from tests.support.push_receiver import b64url_decode

PROJECT = Path(peerapp.__file__).resolve().parents[1]


def settings_from(output: str) -> dict[str, str]:
    """``NAME=value`` lines as a dict."""
    return dict(line.split("=", 1) for line in output.splitlines() if "=" in line)


def test_worker_once_delivers_everything_due_and_exits(
    runner, user_factory, push_receiver, smtp_server, subscribe, vapid, mail_settings
):
    user = user_factory(role="clinic", email="vakt@klinikk.example")
    browser = push_receiver.new_subscription()
    subscribe(user, browser)
    begin_write()
    enqueue.notify_user(user, "password_changed", {}, dedupe_key="password-changed:cli")
    db.session.commit()

    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0, result.output
    assert result.output.strip() == "sent 3, retried 0, dropped 0, dead 0"
    assert len(push_receiver.received(browser)) == 2
    assert len(smtp_server.messages) == 1


def test_worker_once_with_nothing_due_says_nothing(runner):
    result = runner.invoke(args=["worker", "--once"])

    assert result.exit_code == 0
    assert result.output == ""


def test_printed_vapid_keys_deliver_a_real_push(
    app, runner, user_factory, push_receiver, subscribe
):
    result = runner.invoke(args=["vapid-keys"])

    assert result.exit_code == 0
    printed = settings_from(result.stdout)
    assert set(printed) == {"PEERAPP_VAPID_PUBLIC_KEY", "PEERAPP_VAPID_PRIVATE_KEY"}
    public = b64url_decode(printed["PEERAPP_VAPID_PUBLIC_KEY"])
    assert len(public) == 65 and public[0] == 4  # what PushManager.subscribe() wants
    assert "=" not in printed["PEERAPP_VAPID_PUBLIC_KEY"]

    app.config.update(printed, PEERAPP_VAPID_SUBJECT=VAPID_SUBJECT)
    browser = push_receiver.new_subscription()
    subscribe(user_factory(role="peer"), browser)
    assert runner.invoke(args=["worker", "--once"]).exit_code == 0

    (push,) = push_receiver.received(browser)
    assert push.vapid_key == printed["PEERAPP_VAPID_PUBLIC_KEY"]
    assert push_receiver.rejections == []


def test_each_vapid_key_pair_is_new(runner):
    first = settings_from(runner.invoke(args=["vapid-keys"]).stdout)
    second = settings_from(runner.invoke(args=["vapid-keys"]).stdout)

    assert first["PEERAPP_VAPID_PRIVATE_KEY"] != second["PEERAPP_VAPID_PRIVATE_KEY"]


def test_the_worker_runs_until_sigterm_and_then_exits_cleanly(
    database_url, user_factory, push_receiver, subscribe, vapid
):
    browser = push_receiver.new_subscription()
    subscribe(user_factory(role="peer"), browser)
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("PEERAPP_")},
        **vapid,
        **LOCAL_OUTBOUND,
        "PEERAPP_DATABASE_URL": database_url,
        "PYTHONPATH": str(PROJECT),
    }
    worker = subprocess.Popen(
        [sys.executable, "-c", "from peerapp.cli import main; main()", "worker", "--interval", "1"],
        cwd=PROJECT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while not push_receiver.received(browser) and worker.poll() is None:
            assert time.monotonic() < deadline, "the worker delivered nothing within a minute"
            time.sleep(0.1)
        worker.send_signal(signal.SIGTERM)
        out, err = worker.communicate(timeout=60)
    finally:
        if worker.poll() is None:
            worker.kill()
            worker.communicate()

    assert worker.returncode == 0, err
    assert out.splitlines() == ["sent 1, retried 0, dropped 0, dead 0", "worker stopped"]
    assert len(push_receiver.received(browser)) == 1
