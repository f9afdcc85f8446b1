"""``worker`` delivers queued notifications; ``vapid-keys`` makes the key pair Web Push needs."""

from __future__ import annotations

import base64
import logging
import signal
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

import click
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from peerapp.emails import render_email
from peerapp.services.notify.rounds import DatabaseUnreachable, work_round
from peerapp.services.people import throttle

log = logging.getLogger(__name__)
#: seconds between deletions of long-finished messages
PURGE_EVERY = 3600
#: seconds between looks for requests past their target and for check-in reminders due
ESCALATE_EVERY = 30


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@click.command("worker")
@click.option("--once", is_flag=True, help="Deliver everything that is due, then exit.")
@click.option(
    "--interval",
    type=click.FloatRange(min=0.1, max=3600),
    default=1.0,
    show_default=True,
    help="Seconds to wait when nothing is due.",
)
def worker_command(once: bool, interval: float) -> None:
    """Deliver queued notifications (web push, e-mail) until stopped with SIGTERM or Ctrl-C."""
    if once:
        report = work_round(render_email, until_empty=True, purge=True)
        if report.total:
            click.echo(report.summary())
        return
    if warning := throttle.sharing_warning():  # said once when a long-running worker starts
        click.echo(f"Warning: {warning}", err=True)
    stop = threading.Event()
    purged_at = escalated_at = float("-inf")
    with _stop_on_signals(stop):
        while not stop.is_set():
            purge = time.monotonic() - purged_at > PURGE_EVERY
            look = time.monotonic() - escalated_at > ESCALATE_EVERY
            try:
                report = work_round(render_email, look_for_due=look, purge=purge)
            except DatabaseUnreachable:
                # the database restarting must not end the worker: wait and try again
                log.warning("database not reachable; trying again in %s s", interval)
                stop.wait(interval)
                continue
            if purge:
                purged_at = time.monotonic()
            if look:
                escalated_at = time.monotonic()
            if report.total:
                click.echo(report.summary())
            else:
                stop.wait(interval)
    click.echo("worker stopped")


@contextmanager
def _stop_on_signals(stop: threading.Event) -> Iterator[None]:
    """Let SIGTERM and SIGINT finish the batch in hand, then stop; restore the old handlers."""

    def request_stop(_signum: int, _frame: FrameType | None) -> None:
        stop.set()

    if threading.current_thread() is not threading.main_thread():
        yield  # only the main thread receives signals
        return
    previous = {sig: signal.signal(sig, request_stop) for sig in (signal.SIGTERM, signal.SIGINT)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@click.command("vapid-keys")
def vapid_keys_command() -> None:
    """Print a new VAPID key pair as PEERAPP_VAPID_PUBLIC_KEY= and PEERAPP_VAPID_PRIVATE_KEY=."""
    key = ec.generate_private_key(ec.SECP256R1())
    public = key.public_key().public_bytes(
        serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
    )
    private = key.private_numbers().private_value.to_bytes(32, "big")
    click.echo(f"PEERAPP_VAPID_PUBLIC_KEY={_b64url(public)}")
    click.echo(f"PEERAPP_VAPID_PRIVATE_KEY={_b64url(private)}")
    click.echo(
        "# also set PEERAPP_VAPID_SUBJECT=mailto:<an address push services can reach you at>",
        err=True,
    )


COMMANDS: list[click.Command] = [worker_command, vapid_keys_command]
