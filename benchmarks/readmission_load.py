"""Readmission requests under load and crashes: every acknowledged tap stored exactly once, with
its notifications delivered, and how long the tap and the notifications take.

gunicorn (``--preload --workers`` as the README deploys it, production settings, requests arriving
as from the TLS proxy) serves the app on SQLite and on PostgreSQL. ``--clients`` signed-in clients
each tap once at a random moment within ``--spread`` seconds, and send the same ``Idempotency-Key``
again after a broken connection or a 5xx until answered. Halfway, the worker serving a tap is killed
with SIGKILL just after that tap committed; then every client sends its key once more while the
whole server is killed (SIGKILL to master and workers) and started again. ``peerapp worker`` runs
throughout against a local Web Push service (checks VAPID, decrypts) and a local SMTP server (both
from tests/support); ``peerapp worker --once`` runs at the end.

Prints requests sent, acknowledged, stored, duplicated, lost and notified, the outbox rows, and
p50/p95/max of tap to stored (the client's wait for its 201, first attempts) and of stored to
delivered (the receiver's clock minus the request's ``created_at``). The times depend on what else
the machine runs: the header shows the load average and one lone request's time.

Warm-up: ``--warmup`` more clients (8) tap once, all within a second, before the measured ones.
A freshly started worker's first requests open its database connection and fill the caches of
that connection and of the process; the budget is for a server that is serving. Their taps are
checked like all others (stored once, notified), their times are printed apart, and the worker
killed halfway and the server restarted are cold again, inside the measured run.

Usage: python benchmarks/readmission_load.py [--database sqlite|postgresql|both] [--clients 200]
       [--warmup 8] [--workers 4] [--spread 10] [--senders 1]
PostgreSQL: a throw-away database peerapp_bench_<pid> made through PEERAPP_BENCH_POSTGRES
(default postgresql://postgres@127.0.0.1:5432/postgres) and dropped at the end; SQLite: a temp
file. Budgets (readmission issue): p95 tap to stored <= 100 ms, p95 stored to push delivered
<= 5 s with the worker running, none lost, none duplicated. Exits 1 when one is broken, and
keeps the logs of gunicorn and the workers then.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import random
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import psycopg
import sqlalchemy as sa
from flask_migrate import upgrade
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # the local push and mail servers live in tests/support

from peerapp import create_app  # noqa: E402
from peerapp.extensions import db  # noqa: E402
from peerapp.models.notify import OutboxMessage  # noqa: E402
from peerapp.models.readmission import ReadmissionRequest  # noqa: E402
from peerapp.services.notify import subscriptions  # noqa: E402
from peerapp.services.notify.mail import message_id  # noqa: E402
from peerapp.services.people import sessions  # noqa: E402
from tests.factories import make_clinic, make_user  # noqa: E402
from tests.integration.conftest import MAIL_FROM, new_vapid_keys  # noqa: E402
from tests.support.push_receiver import PushReceiver  # noqa: E402
from tests.support.smtp import SmtpServer  # noqa: E402

TAP_BUDGET_MS = 100
PUSH_BUDGET_S = 5.0
STAFF = 2
TAP = "/api/v1/readmission-requests"
COOKIE = "__Host-peerapp"
#: the request a push or e-mail tells of, from its dedupe key (``readmission:<id>:new...``)
_NEW_REQUEST = re.compile(r"readmission:(\d+):new(?::|$)")
BIN = Path(sys.executable).parent


# --- the local receivers, with the moment each message arrived ----------------------------------


class TimedPushReceiver(PushReceiver):
    """The test push service, noting in each push's headers when it arrived."""

    def _handle(
        self, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str]]:
        headers = {**headers, "x-bench-received": repr(time.time())}
        return super()._handle(path, headers, body)

    def arrivals(self) -> dict[tuple[int, str], float]:
        """First arrival of each new-request push, by (request id, subscription path)."""
        first: dict[tuple[int, str], float] = {}
        for push in self.received():
            found = _NEW_REQUEST.match(str(push.payload.get("tag", "")))
            if found:
                key = (int(found.group(1)), push.path)
                first.setdefault(key, float(push.headers["x-bench-received"]))
        return first


class TimedSmtpServer(SmtpServer):
    """The test mail server, noting when each message was accepted (in the order kept)."""

    def __init__(self) -> None:
        super().__init__()
        self.accepted_at: list[float] = []
        keep = self._handler.handle_DATA

        async def timed(server: Any, session: Any, envelope: Any) -> str:
            answer = await keep(server, session, envelope)
            self.accepted_at.append(time.time())  # one event loop thread: same order as messages
            return answer

        self._handler.handle_DATA = timed  # type: ignore[method-assign]

    def arrivals(self) -> list[tuple[EmailMessage, float]]:
        """Each message with the moment it was accepted."""
        return list(zip(self.messages, self.accepted_at, strict=False))


# --- gunicorn and the clients -------------------------------------------------------------------


def children_of(pid: int) -> list[int]:
    """Process ids whose parent is ``pid`` (gunicorn's workers), read from /proc."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.append(int(entry.name))
    return found


def connections(port: int, workers: list[int]) -> dict[int, int]:
    """Which worker holds the accepted connection from each client port, read from /proc."""
    by_inode = {}
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        local, remote, state, inode = fields[1], fields[2], fields[3], fields[9]
        if int(local.split(":")[1], 16) == port and state == "01" and inode != "0":
            by_inode[f"socket:[{inode}]"] = int(remote.split(":")[1], 16)
    held = {}
    for pid in workers:
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
        except OSError:
            continue
        for fd in fds:
            try:
                target = os.readlink(f"/proc/{pid}/fd/{fd}")
            except OSError:
                continue
            if target in by_inode:
                held[by_inode[target]] = pid
    return held


def kill_after_commit(server: Gunicorn, app: Any, in_flight: InFlight, rng: random.Random) -> str:
    """SIGKILL a worker right after it committed a tap, while it still holds the connection.

    The harshest moment for exactly-once: if the answer has not gone out yet, the client never
    hears of the stored request and sends its key again. Falls back after 5 s to a worker holding
    any tap. Says what it did.
    """
    workers, until = server.worker_pids(), time.monotonic() + 5
    with app.app_context():
        while time.monotonic() < until:
            flying = in_flight.keys()
            held = connections(server.port, workers)
            serving = {key: held[port] for port, key in flying.items() if port in held}
            stored = db.session.scalars(
                sa.select(ReadmissionRequest.idempotency_key).where(
                    ReadmissionRequest.idempotency_key.in_(serving)
                )
            ).first()
            db.session.rollback()  # a fresh snapshot next time round
            if stored is not None:
                os.kill(serving[stored], signal.SIGKILL)
                return f"worker {serving[stored]} SIGKILLed just after it committed a tap"
            time.sleep(0.001)
        db.session.remove()
    held = connections(server.port, workers)
    victim = next(iter(held.values()), None) or rng.choice(workers)
    os.kill(victim, signal.SIGKILL)
    return f"worker {victim} SIGKILLed (caught no tap just committed within 5 s)"


class Gunicorn:
    """``gunicorn -w N 'peerapp:create_app()'`` in its own process group, so it can crash whole."""

    def __init__(self, env: dict[str, str], workers: int, port: int, log: Path) -> None:
        self.env, self.workers, self.port, self.log = env, workers, port, log
        self.process: subprocess.Popen[bytes] | None = None

    def start(self, answering: bool = True) -> None:
        """Start serving; wait until it listens, and (``answering``) until it answers too."""
        command = [str(BIN / "gunicorn"), "--preload", "--workers", str(self.workers)]
        command += ["--bind", f"127.0.0.1:{self.port}", "--no-control-socket"]
        command += ["peerapp:create_app()"]
        with self.log.open("ab") as log:
            self.process = subprocess.Popen(
                command, cwd=ROOT, env=self.env, stdout=log, stderr=log, start_new_session=True
            )
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited; see {self.log}")
            try:
                if answering:
                    call(self.port, "GET", "/api/v1/session", None, {})
                else:
                    socket.create_connection(("127.0.0.1", self.port), timeout=1).close()
                return
            except (OSError, http.client.HTTPException):
                time.sleep(0.05)
        raise RuntimeError(f"gunicorn did not start within 120 s; see {self.log}")

    def worker_pids(self) -> list[int]:
        """The worker processes now."""
        return children_of(self.process.pid) if self.process else []

    def crash(self) -> None:
        """SIGKILL the master and every worker at once."""
        if self.process is not None:
            os.killpg(self.process.pid, signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), or crash it when that takes too long."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.crash()


class InFlight:
    """The taps waiting for an answer now: idempotency key by local port."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._keys: dict[int, str] = {}

    @contextmanager
    def holding(self, port: int, key: str) -> Iterator[None]:
        """Count this connection as in flight while the block runs."""
        with self._lock:
            self._keys[port] = key
        try:
            yield
        finally:
            with self._lock:
                self._keys.pop(port, None)

    def keys(self) -> dict[int, str]:
        """A snapshot."""
        with self._lock:
            return dict(self._keys)


def call(
    port: int,
    method: str,
    path: str,
    body: dict[str, Any] | None,
    headers: dict[str, str],
    in_flight: InFlight | None = None,
) -> tuple[int, dict[str, Any], list[str]]:
    """One HTTP call as it reaches gunicorn from a TLS proxy: status, JSON and Set-Cookie."""
    # as long as gunicorn gives a request before it kills the worker (--timeout 30)
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.connect()
        assert connection.sock is not None
        local_port = connection.sock.getsockname()[1]
        key = headers.get("Idempotency-Key", "")
        with in_flight.holding(local_port, key) if in_flight else nullcontext():
            connection.request(
                method,
                path,
                body=None if body is None else json.dumps(body),
                headers={
                    "Content-Type": "application/json",
                    "X-Forwarded-Proto": "https",
                    **headers,
                },
            )
            response = connection.getresponse()
            data = response.read()
        answer = (
            json.loads(data)
            if data and response.getheader("Content-Type", "").endswith("json")
            else {}
        )
        return response.status, answer, response.msg.get_all("Set-Cookie") or []
    finally:
        connection.close()


@dataclass
class Tap:
    """One client's tap in one round: each attempt's outcome, and the answer acknowledging it."""

    outcomes: list[str] = field(default_factory=list)
    status: int | None = None
    request_id: int | None = None
    already_open: bool = False
    #: the wait for the answer, when the first attempt was acknowledged
    first_try_ms: float | None = None
    #: when the first attempt went out (wall clock, to compare with ``created_at``)
    sent_at: float = 0.0
    acked_at: float = 0.0


@dataclass
class Client:
    """A signed-in client with one key for its one request, sent in every round."""

    username: str
    key: str = field(default_factory=lambda: str(uuid.uuid4()))
    cookie: str = ""
    csrf: str = ""
    taps: dict[str, Tap] = field(default_factory=dict)
    #: taps first, to warm the server up; its time is not in the budget
    warming: bool = False


def pick_up_session(port: int, client: Client) -> None:
    """Ask who is signed in: the session must work, and the answer carries the CSRF token."""
    for _attempt in range(20):
        try:
            status, body, cookies = call(
                port, "GET", "/api/v1/session", None, {"Cookie": client.cookie}
            )
        except (OSError, http.client.HTTPException):
            time.sleep(0.2)
            continue
        if status != 200 or body["user"]["username"] != client.username:
            raise RuntimeError(f"the session of {client.username} answered {status}: {body}")
        # production cookies are Secure (__Host-): a client over plain HTTP sends them by hand
        for cookie in cookies:
            if cookie.startswith(f"{COOKIE}="):
                assert "; Secure" in cookie, cookie
                client.cookie = cookie.split(";", 1)[0]
        client.csrf = str(body["csrf_token"])
        return
    raise RuntimeError(f"could not reach the session of {client.username}")


def send_tap(port: int, client: Client, tap: Tap, in_flight: InFlight) -> None:
    """Send the client's key until it is acknowledged (200/201), refused (4xx) or 120 s passed."""
    deadline, pause = time.monotonic() + 120, 0.05
    headers = {"Cookie": client.cookie, "X-CSRFToken": client.csrf, "Idempotency-Key": client.key}
    while time.monotonic() < deadline:
        started = time.perf_counter()
        tap.sent_at = tap.sent_at or time.time()
        try:
            status, body, _cookies = call(
                port, "POST", TAP, {"message": "Kan jeg komme tilbake?"}, headers, in_flight
            )
        except (OSError, http.client.HTTPException) as error:
            tap.outcomes.append(type(error).__name__)
        else:
            tap.outcomes.append(str(status))
            if status in (200, 201):
                tap.status, tap.request_id = status, int(body["id"])
                tap.already_open = bool(body.get("already_open"))
                tap.acked_at = time.monotonic()
                if len(tap.outcomes) == 1:
                    tap.first_try_ms = (time.perf_counter() - started) * 1000
                return
            if status < 500 and status not in (408, 429):
                return  # refused: sending it again would not help
        time.sleep(pause)
        pause = min(pause * 2, 0.5)


def tap_round(
    port: int,
    clients: list[Client],
    name: str,
    spread: float,
    rng: random.Random,
    during: Callable[[float], None],
    in_flight: InFlight,
) -> None:
    """Each client taps once at a random moment within ``spread`` s; ``during(start)`` meanwhile."""
    start = time.monotonic() + 0.2

    def one(client: Client, offset: float) -> None:
        time.sleep(max(0.0, start + offset - time.monotonic()))
        send_tap(port, client, client.taps.setdefault(name, Tap()), in_flight)

    threads = [
        threading.Thread(target=one, args=(client, rng.uniform(0, spread)), daemon=True)
        for client in clients
    ]
    for thread in threads:
        thread.start()
    during(start)
    for thread in threads:
        thread.join()


# --- one database -------------------------------------------------------------------------------


@contextmanager
def throwaway_database(kind: str, workdir: Path) -> Iterator[str]:
    """A SQLAlchemy URL of an empty database that is gone afterwards."""
    if kind == "sqlite":
        yield f"sqlite:///{workdir / 'bench.sqlite3'}"
        return
    admin = sa.engine.make_url(
        os.environ.get("PEERAPP_BENCH_POSTGRES", "postgresql://postgres@127.0.0.1:5432/postgres")
    )
    name = f"peerapp_bench_{os.getpid()}"
    conninfo = admin.set(drivername="postgresql").render_as_string(hide_password=False)
    with psycopg.connect(conninfo, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield admin.set(drivername="postgresql+psycopg", database=name).render_as_string(
            hide_password=False
        )
    finally:
        with psycopg.connect(conninfo, autocommit=True) as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def in_process_app(url: str, secrets: dict[str, str]) -> Any:
    """The app in this process for seeding and checking (TESTING allows loopback push services)."""
    return create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": url,
            "SECRET_KEY": secrets["PEERAPP_SECRET_KEY"],
            "PEERAPP_DATA_KEY": secrets["PEERAPP_DATA_KEY"],
        }
    )


def seed(
    app: Any, receiver: PushReceiver, clients: int, warming: int = 0
) -> tuple[list[Client], dict[int, str]]:
    """Migrate; one clinic with an e-mail, staff with a phone each, and signed-in clients.

    The clients' sessions are opened by the service signing in uses, as
    ``tests/support/auth.session_client`` does: 200 argon2 checks would take minutes here, and
    signing in is not what is measured.
    """
    signer = app.session_interface.get_signing_serializer(app)
    with app.app_context():
        upgrade()
        clinic = make_clinic(email="mottak@clinic.example")
        paths = {}
        for _n in range(STAFF):
            staff = make_user(role="clinic", clinic=clinic)
            phone = receiver.new_subscription()
            keys = phone["keys"]
            saved = subscriptions.subscribe(staff, phone["endpoint"], keys["p256dh"], keys["auth"])
            paths[saved.id] = phone["endpoint"].removeprefix(receiver.origin)
        people = []
        for n in range(clients + warming):
            user = make_user(role="client", clinic=clinic)
            token = sessions.start_session(user)
            cookie = signer.dumps({"_user_id": token, "_fresh": True, "_permanent": True})
            people.append(Client(user.username, cookie=f"{COOKIE}={cookie}", warming=n >= clients))
        db.session.commit()
        db.engine.dispose()
    return people, paths


def percentiles(values: list[float]) -> tuple[float, float, float]:
    """p50, p95 (nearest rank) and max; NaN for none."""
    if not values:
        return math.nan, math.nan, math.nan
    ordered = sorted(values)
    return (
        ordered[math.ceil(0.5 * len(ordered)) - 1],
        ordered[math.ceil(0.95 * len(ordered)) - 1],
        ordered[-1],
    )


@dataclass
class Run:
    """What happened on one database, gathered for the report."""

    database: str
    clients: list[Client]
    killed: str = ""
    restart_seconds: float = 0.0
    worker_once: str = ""
    #: Python tracebacks in the logs of gunicorn and the notification workers
    tracebacks: int = 0
    rows: list[Any] = field(default_factory=list)
    outbox: dict[str, str] = field(default_factory=dict)
    pushes: dict[tuple[int, str], float] = field(default_factory=dict)
    emails: dict[int, float] = field(default_factory=dict)
    push_repeats: int = 0
    rejections: int = 0
    paths: dict[int, str] = field(default_factory=dict)
    #: the machine's 1-minute load average when the taps were sent
    load: float = 0.0
    #: one GET /api/v1/session at a time, before the taps
    idle_ms: list[float] = field(default_factory=list)
    #: where the logs of gunicorn and the notification workers are
    workdir: Path | None = None
    #: seconds each step took
    phases: dict[str, float] = field(default_factory=dict)

    @contextmanager
    def phase(self, name: str) -> Iterator[None]:
        """Time a step of the run."""
        started = time.monotonic()
        try:
            yield
        finally:
            self.phases[name] = time.monotonic() - started


def run_database(kind: str, args: argparse.Namespace, rng: random.Random) -> Run:
    """Seed, serve, tap, crash, restart, deliver and read back what was stored and sent."""
    workdir = Path(tempfile.mkdtemp(prefix=f"peerapp-readmission-{kind}-"))
    secrets = {
        "PEERAPP_SECRET_KEY": uuid.uuid4().hex + uuid.uuid4().hex,
        "PEERAPP_DATA_KEY": _data_key(),
    }
    receiver, smtp = TimedPushReceiver(), TimedSmtpServer()
    with throwaway_database(kind, workdir) as url, receiver, smtp:
        env = {k: v for k, v in os.environ.items() if not k.startswith("PEERAPP_")}
        env.update(
            secrets,
            PEERAPP_DATABASE_URL=url,
            PEERAPP_RATELIMIT_ENABLED="0",  # 200 clients from one loopback address
            PEERAPP_TRUSTED_PROXIES="1",  # as behind the TLS proxy: X-Forwarded-Proto https
            PEERAPP_SMTP_URL=smtp.url,
            PEERAPP_MAIL_FROM=MAIL_FROM,
            **new_vapid_keys(),
        )
        app = in_process_app(url, secrets)
        run = Run(kind, [])
        with run.phase("seed"):
            run.clients, run.paths = seed(app, receiver, args.clients, args.warmup)
        server = Gunicorn(env, args.workers, _free_port(), workdir / "gunicorn.log")
        senders: list[subprocess.Popen[bytes]] = []
        try:
            with run.phase("start"):
                server.start()
            with (workdir / "worker.log").open("ab") as log:
                for _n in range(args.senders):
                    command = [str(BIN / "peerapp"), "worker"]
                    senders.append(
                        subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=log)
                    )
            _serve_and_tap(run, server, app, args, rng)
            with run.phase("delivery"):
                _wait_for_delivery(receiver, smtp, app, timeout=60)
            for sender in senders:
                sender.send_signal(signal.SIGTERM)
            for sender in senders:
                sender.wait(timeout=30)
            with run.phase("--once"):
                once = subprocess.run(
                    [str(BIN / "peerapp"), "worker", "--once"],
                    cwd=ROOT,
                    env=env,
                    capture_output=True,
                    text=True,
                    timeout=300,
                )
            (workdir / "worker-once.log").write_text(once.stdout + once.stderr)
            run.worker_once = once.stdout.strip() or "nothing left to send"
            run.worker_once += f", exit {once.returncode}" if once.returncode else ""
            _read_back(run, receiver, smtp, app)
        finally:
            for sender in senders:
                if sender.poll() is None:
                    sender.kill()
            server.stop()
            with app.app_context():
                db.engine.dispose()
        logs = list(workdir.glob("*.log"))
        run.tracebacks = sum(log.read_text(errors="replace").count("Traceback") for log in logs)
    run.workdir = workdir
    return run


def _serve_and_tap(
    run: Run, server: Gunicorn, app: Any, args: argparse.Namespace, rng: random.Random
) -> None:
    """Open each session, tap with a worker killed halfway, then resend through a restart."""
    port = server.port
    with run.phase("sessions"):
        threads = [
            threading.Thread(target=_pick_up_sessions, args=(port, run.clients[i::8]))
            for i in range(8)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    # how fast this machine answers one request alone: other loads on it show here
    for client in run.clients[:20]:
        started = time.perf_counter()
        call(port, "GET", "/api/v1/session", None, {"Cookie": client.cookie})
        run.idle_ms.append((time.perf_counter() - started) * 1000)

    in_flight = InFlight()

    def kill_a_worker(start: float) -> None:
        time.sleep(max(0.0, start + args.spread / 2 - time.monotonic()))
        run.killed = kill_after_commit(server, app, in_flight, rng)

    warming = [client for client in run.clients if client.warming]
    measured = [client for client in run.clients if not client.warming]
    with run.phase("warm-up"):
        tap_round(port, warming, "run", 1.0, rng, lambda _start: None, InFlight())
    with run.phase("taps"):
        tap_round(port, measured, "run", args.spread, rng, kill_a_worker, in_flight)
    run.load = os.getloadavg()[0]

    crashed_at = [0.0]

    def crash_and_restart(start: float) -> None:
        time.sleep(max(0.0, start + 0.5 - time.monotonic()))
        server.crash()
        crashed_at[0] = time.monotonic()
        server.start(answering=False)  # the clients' retries find out when it answers

    with run.phase("restart"):
        tap_round(port, run.clients, "again", 2.0, rng, crash_and_restart, InFlight())
    answered = [t.acked_at for c in run.clients if (t := c.taps["again"]).acked_at > crashed_at[0]]
    run.restart_seconds = min(answered, default=math.nan) - crashed_at[0]


def _pick_up_sessions(port: int, clients: list[Client]) -> None:
    for client in clients:
        pick_up_session(port, client)


def _wait_for_delivery(
    receiver: TimedPushReceiver, smtp: TimedSmtpServer, app: Any, timeout: float
) -> None:
    """Give the running worker until every new-request push and e-mail has arrived."""
    with app.app_context():
        count = sa.select(sa.func.count()).select_from(ReadmissionRequest)
        stored = db.session.scalar(count) or 0
        db.session.remove()
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        # the clinic's address is the only one with mail: every message tells of a new request
        if len(receiver.arrivals()) >= STAFF * stored and len(smtp.messages) >= stored:
            return
        time.sleep(0.2)


def _read_back(run: Run, receiver: TimedPushReceiver, smtp: TimedSmtpServer, app: Any) -> None:
    """What the database holds, and what the push service and the mail server received."""
    with app.app_context():
        run.rows = list(
            db.session.execute(
                sa.select(
                    ReadmissionRequest.id,
                    ReadmissionRequest.client_label,
                    ReadmissionRequest.idempotency_key,
                    ReadmissionRequest.open_client_id,
                    ReadmissionRequest.created_at,
                )
            ).all()
        )
        run.outbox = dict(
            db.session.execute(
                sa.select(OutboxMessage.dedupe_key, OutboxMessage.status).where(
                    OutboxMessage.kind == "readmission_new"
                )
            ).all()
        )
        db.session.remove()
    run.pushes = receiver.arrivals()
    all_new = [p for p in receiver.received() if _NEW_REQUEST.match(str(p.payload.get("tag", "")))]
    run.push_repeats = len(all_new) - len(run.pushes)
    run.rejections = len(receiver.rejections)
    by_message_id = {
        message_id(key): int(found.group(1))
        for key in run.outbox
        if key.endswith(":email") and (found := _NEW_REQUEST.match(key))
    }
    for message, at in smtp.arrivals():
        request_id = by_message_id.get(str(message["Message-ID"]))
        if request_id is not None:
            run.emails.setdefault(request_id, at)


def _data_key() -> str:
    from peerapp.services.privacy.crypto import new_data_key

    return new_data_key()


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


# --- the report ---------------------------------------------------------------------------------


@dataclass
class Figures:
    """The counts and times one database's run comes to."""

    sent: int = 0
    attempts: Counter[str] = field(default_factory=Counter)
    acknowledged: Counter[int] = field(default_factory=Counter)
    #: how the taps whose connection broke were answered in the end (by status)
    interrupted: Counter[str] = field(default_factory=Counter)
    stored: int = 0
    duplicated: int = 0
    lost: int = 0
    unacknowledged: int = 0
    stored_unacknowledged: int = 0
    already_open: int = 0
    open_twice: int = 0
    resent: Counter[str] = field(default_factory=Counter)
    resent_broken: Counter[str] = field(default_factory=Counter)
    outbox_expected: int = 0
    outbox_missing: int = 0
    outbox_unsent: int = 0
    notified: int = 0
    tap_ms: list[float] = field(default_factory=list)
    #: the warm-up clients' taps, not in the budget
    warm_ms: list[float] = field(default_factory=list)
    #: from the first attempt going out to the request's ``created_at``, for those taps
    row_ms: list[float] = field(default_factory=list)
    push_s: list[float] = field(default_factory=list)
    mail_s: list[float] = field(default_factory=list)


def tally(run: Run) -> Figures:
    """Compare what the clients were told with what the database and the receivers hold."""
    f = Figures(sent=len(run.clients), stored=len(run.rows))
    rows = {(row.client_label, row.idempotency_key): row for row in run.rows}
    for client in run.clients:
        tap, again = client.taps.get("run", Tap()), client.taps.get("again", Tap())
        f.attempts.update(tap.outcomes)
        if tap.status is None:
            f.unacknowledged += 1
            continue
        f.acknowledged[tap.status] += 1
        if any(not o.isdigit() for o in tap.outcomes):
            f.interrupted["already stored" if tap.status == 200 else "new"] += 1
        row = rows.get((client.username, client.key))
        f.lost += row is None or row.id != tap.request_id
        f.already_open += tap.already_open or again.already_open
        f.resent_broken.update(o for o in again.outcomes if not o.isdigit())
        if again.status is None:
            f.resent["unanswered"] += 1
        elif again.status == 200 and again.request_id == tap.request_id:
            f.resent["200 with the same request"] += 1
        elif again.status in (200, 201):
            f.resent[f"{again.status} with another request"] += 1
            f.duplicated += 1
        else:
            f.resent["refused"] += 1
    acked_keys = {(c.username, c.key) for c in run.clients if c.taps["run"].status}
    f.stored_unacknowledged = sum(1 for key in rows if key not in acked_keys)
    f.duplicated += sum(n - 1 for n in Counter(r.client_label for r in run.rows).values())
    f.open_twice = sum(
        n > 1 for n in Counter(r.open_client_id for r in run.rows if r.open_client_id).values()
    )
    expected = {f"readmission:{r.id}:new:push:{sid}" for r in run.rows for sid in run.paths}
    expected |= {f"readmission:{r.id}:new:email" for r in run.rows}
    f.outbox_expected = len(expected)
    f.outbox_missing = len(expected - run.outbox.keys())
    f.outbox_unsent = sum(1 for key in expected if run.outbox.get(key) not in (None, "sent"))
    created = {row.id: row.created_at.timestamp() for row in run.rows}
    f.notified = sum(
        all((rid, path) in run.pushes for path in run.paths.values()) and rid in run.emails
        for rid in created
    )
    first_tries = [
        t for c in run.clients if (t := c.taps["run"]).first_try_ms is not None and not c.warming
    ]
    f.tap_ms = [t.first_try_ms or 0.0 for t in first_tries]
    f.warm_ms = [
        t.first_try_ms
        for c in run.clients
        if c.warming and (t := c.taps["run"]).first_try_ms is not None
    ]
    f.row_ms = [(created[t.request_id] - t.sent_at) * 1000 for t in first_tries if t.request_id]
    f.push_s = [at - created[rid] for (rid, _path), at in run.pushes.items() if rid in created]
    f.mail_s = [at - created[rid] for rid, at in run.emails.items() if rid in created]
    return f


def report(run: Run, args: argparse.Namespace) -> list[str]:
    """Print the figures for one database; returns the budgets and invariants it broke."""
    f = tally(run)
    t50, t95, tmax = percentiles(f.tap_ms)
    r50, r95, _rmax = percentiles(f.row_ms)
    w50, w95, wmax = percentiles(f.warm_ms)
    p50, p95, pmax = percentiles(f.push_s)
    m50, m95, mmax = percentiles(f.mail_s)
    broken_connections = Counter({o: n for o, n in f.attempts.items() if not o.isdigit()})
    answers = Counter({o: n for o, n in f.attempts.items() if o.isdigit()})
    lines = {
        "requests sent": f"{f.sent} keys in {f.attempts.total()} attempts; answers "
        f"{_named(answers)}; broken connections {_named(broken_connections)}",
        "acknowledged": f"{f.acknowledged.total()} ({f.acknowledged[201]} new, "
        f"{f.acknowledged[200]} already stored)",
        "stored": f"{f.stored}",
        "duplicated": f"{f.duplicated}",
        "lost": f"{f.lost}",
        "notified": f"{f.notified} of {f.stored} ({len(run.pushes)} pushes decrypted, "
        f"{len(run.emails)} e-mails; {run.push_repeats} pushes repeated, "
        f"{run.rejections} refused by the push service)",
        "outbox rows": f"{f.outbox_expected - f.outbox_missing} of {f.outbox_expected}, "
        f"{f.outbox_unsent} not sent after 'peerapp worker --once' ({run.worker_once})",
        "worker SIGKILL": f"{run.killed}; taps whose connection broke, answered on a retry: "
        f"{_named(f.interrupted)}",
        "server SIGKILL": f"during the resend of every key; answering again after "
        f"{run.restart_seconds:.1f} s; broken connections {_named(f.resent_broken)}; "
        f"answers {_named(f.resent)}",
        "tap to stored": f"p50 {t50:.0f} ms, p95 {t95:.0f} ms (budget {TAP_BUDGET_MS} ms), "
        f"max {tmax:.0f} ms over {len(f.tap_ms)} first attempts (the answer; the row's "
        f"created_at came p50 {r50:.0f} ms, p95 {r95:.0f} ms after the tap)",
        "warm-up taps": f"{len(f.warm_ms)} more clients first, within 1 s: p50 {w50:.0f} ms, "
        f"p95 {w95:.0f} ms, max {wmax:.0f} ms (in every count above, not in the tap budget)",
        "stored to push": f"p50 {p50:.2f} s, p95 {p95:.2f} s (budget {PUSH_BUDGET_S:g} s), "
        f"max {pmax:.2f} s",
        "stored to e-mail": f"p50 {m50:.2f} s, p95 {m95:.2f} s, max {mmax:.2f} s",
        "tracebacks logged": f"{run.tracebacks} (gunicorn and peerapp worker)",
    }
    print(
        f"\n{run.database}: {args.workers} gunicorn workers, {args.senders} peerapp worker, "
        f"{args.clients} clients tapping over {args.spread:g} s after {args.warmup} warming up "
        f"(load average {run.load:.1f} on {os.cpu_count()} cores; one GET /api/v1/session "
        f"alone takes {percentiles(run.idle_ms)[0]:.0f} ms)"
    )
    for name, text in lines.items():
        print(f"  {name:<19} {text}")

    checks = {
        "taps not acknowledged": f.unacknowledged,
        "requests lost": f.lost,
        "requests duplicated": f.duplicated,
        "stored but never acknowledged": f.stored_unacknowledged,
        "answered already_open": f.already_open,
        "clients with two open requests": f.open_twice,
        "resent keys unanswered after the restart": f.resent["unanswered"],
        "resent keys refused after the restart": f.resent["refused"],
        "outbox rows missing": f.outbox_missing,
        "outbox rows not sent": f.outbox_unsent,
        "requests not notified": f.stored - f.notified,
        "pushes refused by the push service": run.rejections,
        "tracebacks logged": run.tracebacks,
    }
    broken = [f"{run.database}: {name}: {count}" for name, count in checks.items() if count]
    if not t95 <= TAP_BUDGET_MS:
        broken.append(f"{run.database}: tap to stored p95 {t95:.0f} ms > {TAP_BUDGET_MS} ms")
    if not p95 <= PUSH_BUDGET_S:
        broken.append(f"{run.database}: stored to push p95 {p95:.2f} s > {PUSH_BUDGET_S:g} s")
    return broken


def _named(counts: Counter[str] | Counter[int]) -> str:
    return ", ".join(f"{n} {name}" for name, n in counts.most_common()) or "none"


def main() -> int:
    """Run each database asked for and print its figures; 1 when a budget or invariant broke."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--clients", type=int, default=200)
    parser.add_argument(
        "--warmup", type=int, default=8, help="clients tapping first, not in the tap budget"
    )
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers")
    parser.add_argument("--spread", type=float, default=10.0, help="seconds the taps arrive over")
    parser.add_argument("--senders", type=int, default=1, help="'peerapp worker' processes")
    args = parser.parse_args()
    # stopped with SIGTERM (or by ``timeout``): still stop gunicorn and drop the database
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(143))
    rng = random.Random(42)
    kinds = ["sqlite", "postgresql"] if args.database == "both" else [args.database]
    broken: list[str] = []
    for kind in kinds:
        started = time.monotonic()
        run = run_database(kind, args, rng)
        found = report(run, args)
        broken += found
        if found and run.workdir:
            print(f"  logs kept in        {run.workdir}")
        elif run.workdir:
            shutil.rmtree(run.workdir, ignore_errors=True)
        steps = ", ".join(f"{name} {seconds:.0f} s" for name, seconds in run.phases.items())
        print(f"  wall time           {time.monotonic() - started:.0f} s ({steps})")
    print()
    for line in broken:
        print(f"BROKEN {line}")
    print("all budgets and invariants held" if not broken else f"{len(broken)} broken")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
