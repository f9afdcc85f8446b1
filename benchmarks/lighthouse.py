"""Lighthouse (mobile) on the pages people open most, against the budgets of the offline issue.

The app runs in this process on 127.0.0.1 with the demo data (meetings, places, the demo clinic
and its logins, as ``peerapp demo`` loads them) on a fresh SQLite file. The demo client has given
consent to check-ins and has ten days of them; the demo client's request waits in the clinic's
queue. Signed-in pages get a session opened by the service signing in uses (as
``benchmarks/readmission_load.py`` does): staff sign in with a second factor, which is not what is
measured here. Lighthouse comes from the npm registry into ``.lighthouse/`` (gitignored):

    npm install --prefix .lighthouse lighthouse

and runs headless Chromium (``CHROME_PATH``, default ``/usr/bin/chromium``) with its mobile preset
(a mid-range phone on slow 4G, simulated). Pages: ``/``, a meeting page, ``/help``, ``/checkin``
(signed-in client) and ``/clinic`` (signed-in staff).

Budgets: performance >= 95, accessibility 100, best practices 100 on every page; the first load
of ``/`` <= 60 KB compressed (``benchmarks/page_weight.py``); and a repeat visit of ``/`` is served
by the service worker, with none of the page's files fetched from the server again. Exits 1 when
a budget is broken and names it.

Usage: python benchmarks/lighthouse.py [--runs 3] [--lang nb|nn|en] [--reports DIR] [--only P ...]
Each page is measured ``--runs`` times and the run with the median performance score counts: on a
busy machine a single run now and then takes a few hundred milliseconds of blocking time from
Chromium's own start-up ("unattributable" long tasks), which costs up to ten points. The phone
asks for pages in ``--lang`` (Accept-Language). ``--reports`` keeps each JSON report; the failing
audits of a page below a budget are printed. The pages are served gzip-compressed, as the proxy
in front does in production (README, Deploying).
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(Path(__file__).resolve().parent))  # page_weight.py lives next to this

from page_weight import BUDGET_BYTES, weigh  # noqa: E402

from peerapp import create_app  # noqa: E402
from peerapp.demo import load_everything  # noqa: E402
from peerapp.extensions import db  # noqa: E402
from peerapp.models import Meeting  # noqa: E402
from peerapp.services.checkins import consent, daily  # noqa: E402
from peerapp.services.people import accounts, sessions  # noqa: E402
from peerapp.services.readmission import requests  # noqa: E402

LIGHTHOUSE = ROOT / ".lighthouse" / "node_modules" / ".bin" / "lighthouse"
CHROME = os.environ.get("CHROME_PATH", "/usr/bin/chromium")
CATEGORIES = ("performance", "accessibility", "best-practices")
#: measured and printed, without a budget
EXTRA_CATEGORIES = ("seo",)
ACCEPT_LANGUAGE = {"nb": "nb-NO,nb;q=0.9,no;q=0.8", "nn": "nn-NO,nn;q=0.9", "en": "en-GB,en;q=0.9"}
BUDGETS = {"performance": 95, "accessibility": 100, "best-practices": 100}
#: Lighthouse runs per measurement before giving up on a page
ATTEMPTS = 3
CLIENT = "demo-klient"
STAFF = "demo-behandler"


class QuietHandler(WSGIRequestHandler):
    """No access log on the terminal."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing."""


class Gzip:
    """What the TLS proxy in front does in production (README, Deploying): gzip text answers.

    Lighthouse weighs what crosses the network, so the pages are measured as a phone gets them.
    It also counts the requests that reach the server, for the repeat-visit check.
    """

    TEXT = ("text/", "application/javascript", "application/json", "application/manifest+json")

    def __init__(self, app: Any) -> None:
        self.app = app
        self.paths: list[str] = []

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        """Serve, compressing the body when the browser accepts gzip and it is text."""
        self.paths.append(environ.get("PATH_INFO", ""))
        held: dict[str, Any] = {}

        def hold(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
            held.update(status=status, headers=headers)
            return lambda data: None

        answer = self.app(environ, hold)
        try:
            body = b"".join(answer)
        finally:
            if hasattr(answer, "close"):
                answer.close()
        headers = held["headers"]
        kind = next((v for k, v in headers if k.lower() == "content-type"), "")
        wants = "gzip" in environ.get("HTTP_ACCEPT_ENCODING", "")
        if wants and kind.startswith(self.TEXT) and len(body) > 512:
            body = gzip.compress(body, 6)
            headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
            headers += [("Content-Encoding", "gzip"), ("Content-Length", str(len(body)))]
            vary = [v for k, v in headers if k.lower() == "vary"]
            headers = [(k, v) for k, v in headers if k.lower() != "vary"]
            headers.append(("Vary", ", ".join([*vary, "Accept-Encoding"])))
        start_response(held["status"], headers)
        return [body]


@dataclass
class Site:
    """The running app, its address, and the cookies of the signed-in people."""

    url: str
    app: Flask
    proxy: Gzip
    cookies: dict[str, str]
    meeting_path: str


def seed(app: Flask) -> tuple[dict[str, str], str]:
    """Demo data; sessions for the demo client and staff; a meeting's path."""
    signer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    name = app.config["SESSION_COOKIE_NAME"]
    with app.app_context():
        upgrade()
        load_everything()  # as `peerapp demo` loads it: peers and fresh dates included
        client = accounts.find_user(CLIENT)
        staff = accounts.find_user(STAFF)
        assert client is not None and staff is not None
        consent.give_consent(client)
        today = daily.today()
        for back in range(10, 0, -1):
            # read as the API reads a body, so the benchmark follows the check-in's shape
            entry = daily.read_entry(
                {
                    "date": (today - timedelta(days=back)).isoformat(),
                    "mood": 2 + back % 3,
                    "craving": back % 6,
                    "sleep_hours": 6.5 + back % 3,
                    "plan": [{"label": "Møte", "time": "19:00"}, {"label": "Ring noen"}],
                    "done": ["Møte"],
                }
            )
            daily.save(client, entry)
        requests.submit(client, secrets.token_urlsafe(18))
        cookies = {}
        for role, user in (("client", client), ("staff", staff)):
            token = sessions.start_session(user)
            value = signer.dumps({"_user_id": token, "_fresh": True, "_permanent": True})
            cookies[role] = f"{name}={value}"
        db.session.commit()
        meeting = db.session.scalars(sa.select(Meeting).order_by(Meeting.id).limit(1)).one()
        path = f"/meetings/{meeting.id}"
        db.session.remove()
    return cookies, path


@contextmanager
def running_site() -> Iterator[Site]:
    """The app in demo mode on a free port of 127.0.0.1, on a fresh SQLite file."""
    workdir = Path(tempfile.mkdtemp(prefix="peerapp-lighthouse-"))
    app = create_app(
        {
            "PEERAPP_DEMO": True,
            "SECRET_KEY": secrets.token_urlsafe(48),
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{workdir / 'lighthouse.sqlite3'}",
        }
    )
    cookies, meeting_path = seed(app)
    proxy = Gzip(app)
    server = make_server("127.0.0.1", 0, proxy, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="lighthouse-site", daemon=True)
    thread.start()
    try:
        yield Site(f"http://127.0.0.1:{server.server_port}", app, proxy, cookies, meeting_path)
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        with app.app_context():
            db.engine.dispose()
        shutil.rmtree(workdir, ignore_errors=True)


def _require_lighthouse() -> None:
    if not LIGHTHOUSE.exists():
        raise SystemExit(
            f"Lighthouse not found: npm install --prefix {ROOT / '.lighthouse'} lighthouse"
        )


def lighthouse(url: str, cookie: str | None, lang: str, report: Path) -> dict[str, Any]:
    """One Lighthouse run (mobile preset, headless Chromium) as a phone set to ``lang``."""
    _require_lighthouse()
    command = [
        str(LIGHTHOUSE),
        url,
        "--quiet",
        "--output=json",
        f"--output-path={report}",
        f"--only-categories={','.join(CATEGORIES + EXTRA_CATEGORIES)}",
        "--chrome-flags=--headless=new --no-sandbox --disable-gpu --no-first-run",
    ]
    headers = {"Accept-Language": ACCEPT_LANGUAGE[lang]}
    if cookie:
        headers["Cookie"] = cookie
    command.append("--extra-headers=" + json.dumps(headers))
    env = {**os.environ, "CHROME_PATH": CHROME}
    for _attempt in range(ATTEMPTS):
        report.unlink(missing_ok=True)
        done = subprocess.run(command, env=env, timeout=300, check=False)  # noqa: S603
        if done.returncode == 0 and report.exists():
            result: dict[str, Any] = json.loads(report.read_text(encoding="utf-8"))
            if not result.get("runtimeError"):
                return result
        # Lighthouse now and then loses the trace of a load (NO_NAVSTART): run it again
    raise SystemExit(f"Lighthouse failed {ATTEMPTS} times on {url}")


def scores(result: dict[str, Any]) -> dict[str, int]:
    """The category scores as 0 to 100."""
    categories = result["categories"]
    return {name: round((categories[name]["score"] or 0) * 100) for name in categories}


def failing_audits(result: dict[str, Any], category: str) -> list[str]:
    """The audits of a category that cost points, with what Lighthouse says about them."""
    lines = []
    for ref in result["categories"][category]["auditRefs"]:
        audit = result["audits"][ref["id"]]
        score = audit.get("score")
        if ref.get("weight", 0) and score is not None and score < 1:
            shown = audit.get("displayValue") or ""
            lines.append(f"{ref['id']} ({score:.2f}) {audit['title']} {shown}".rstrip())
    return lines


def metrics(result: dict[str, Any]) -> str:
    """First and largest contentful paint, blocking time, layout shift, speed index."""
    audits = result["audits"]
    names = {
        "first-contentful-paint": "FCP",
        "largest-contentful-paint": "LCP",
        "total-blocking-time": "TBT",
        "cumulative-layout-shift": "CLS",
        "speed-index": "SI",
    }
    shown = [f"{short} {audits[key]['displayValue']}" for key, short in names.items()]
    shown.append(f"machine {result['environment']['benchmarkIndex']:.0f}")
    return ", ".join(shown)


def pages(site: Site) -> list[tuple[str, str | None]]:
    """Each page measured and whose cookie it is opened with."""
    return [
        ("/", None),
        (site.meeting_path, None),
        ("/help", None),
        ("/checkin", site.cookies["client"]),
        ("/clinic", site.cookies["staff"]),
    ]


def measure(site: Site, runs: int, lang: str, reports: Path, only: Iterable[str]) -> list[str]:
    """Lighthouse on every page; the budgets broken."""
    broken = []
    wanted = set(only)
    for path, cookie in pages(site):
        if wanted and path not in wanted:
            continue
        results = []
        for run in range(runs):
            name = path.strip("/").replace("/", "-") or "home"
            results.append(
                lighthouse(site.url + path, cookie, lang, reports / f"{name}-{run + 1}.json")
            )
        # the run with the median performance score stands for the page
        results.sort(key=lambda result: scores(result)["performance"])
        result = results[len(results) // 2]
        got = scores(result)
        every = [scores(r)["performance"] for r in results]
        spread = f" (runs: {', '.join(map(str, every))})" if runs > 1 else ""
        print(
            f"{path:<14} performance {got['performance']:>3}{spread}  accessibility "
            f"{got['accessibility']:>3}  best practices {got['best-practices']:>3}  "
            f"(seo {got['seo']})"
        )
        print(f"{'':<14} {metrics(result)}")
        for category, floor in BUDGETS.items():
            if got[category] < floor:
                broken.append(f"{path}: {category} {got[category]} < {floor}")
        for category in CATEGORIES + EXTRA_CATEGORIES:
            if got[category] < BUDGETS.get(category, 100):
                for line in failing_audits(result, category):
                    print(f"{'':<14}   {category}: {line}")
    return broken


def first_load_weight(site: Site) -> list[str]:
    """The first load of ``/`` against 60 KB compressed (the page_weight benchmark's count)."""
    with site.app.app_context():
        total, items, foreign = weigh(site.app.test_client(), "/")
    print(
        f"first load of /: {total / 1024:.1f} KB compressed in {len(items)} files "
        f"(budget {BUDGET_BYTES // 1024} KB); other hosts: {', '.join(sorted(foreign)) or 'none'}"
    )
    broken = []
    if total > BUDGET_BYTES:
        broken.append(f"first load of / weighs {total / 1024:.1f} KB > {BUDGET_BYTES // 1024} KB")
    if foreign:
        broken.append(f"first load of / contacts {', '.join(sorted(foreign))}")
    return broken


def repeat_visit(site: Site, lang: str) -> list[str]:
    """Open ``/`` once, let the service worker take over, open it again: who answered what."""
    from playwright.sync_api import sync_playwright

    broken = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROME, args=["--no-sandbox"])
        context = browser.new_context(
            viewport={"width": 360, "height": 740},
            extra_http_headers={"Accept-Language": ACCEPT_LANGUAGE[lang]},
        )
        page = context.new_page()
        page.goto(site.url + "/", wait_until="load")
        page.evaluate("navigator.serviceWorker.ready.then(() => true)")
        if not page.evaluate("Boolean(navigator.serviceWorker.controller)"):
            page.reload(wait_until="load")  # the first visit is not yet controlled
        responses: list[Any] = []
        page.on("response", lambda response: responses.append(response))
        before = len(site.proxy.paths)
        page.reload(wait_until="networkidle")  # the manifest, too, is fetched after load
        reached = [path for path in site.proxy.paths[before:] if path != "/sw.js"]
        elsewhere = [r.url.removeprefix(site.url) for r in responses if not r.from_service_worker]
        context.close()
        browser.close()
    files = [path for path in reached if path != "/"]
    print(
        f"repeat visit of /: {len(responses) - len(elsewhere)} of {len(responses)} answers from "
        f"the service worker; reached the server: {', '.join(reached) or 'nothing'}"
    )
    if not responses or elsewhere:
        broken.append(f"repeat visit of /: not from the service worker: {', '.join(elsewhere)}")
    if files:
        broken.append(f"repeat visit of /: fetched again from the server: {', '.join(files)}")
    return broken


def main() -> int:
    """Measure, print the figures, and exit 1 when a budget is broken."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--reports", type=Path, help="keep the JSON reports in this folder")
    parser.add_argument("--only", nargs="*", default=[], help="measure only these paths")
    parser.add_argument(
        "--lang",
        choices=sorted(ACCEPT_LANGUAGE),
        default="nb",
        help="the phone's language (default nb)",
    )
    args = parser.parse_args()
    _require_lighthouse()
    reports = args.reports or Path(tempfile.mkdtemp(prefix="peerapp-lighthouse-reports-"))
    reports.mkdir(parents=True, exist_ok=True)
    with running_site() as site:
        version = subprocess.check_output([str(LIGHTHOUSE), "--version"], text=True).strip()
        print(f"Lighthouse {version}, mobile preset, {CHROME}, {site.url}, phone in {args.lang}")
        broken = measure(site, max(1, args.runs), args.lang, reports, args.only)
        broken += first_load_weight(site)
        broken += repeat_visit(site, args.lang)
    if not args.reports:
        shutil.rmtree(reports, ignore_errors=True)
    for line in broken:
        print(f"BUDGET BROKEN: {line}")
    if not broken:
        print("every budget holds")
    return 1 if broken else 0


if __name__ == "__main__":
    sys.exit(main())
