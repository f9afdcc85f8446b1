"""Browser tests: the app served on 127.0.0.1 from its own migrated SQLite file, and Chromium.

Chromium is Debian's (``/usr/bin/chromium``). Without it the browser tests are skipped, unless
``PEERAPP_REQUIRE_BROWSER=1`` (as in CI), when they fail instead.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from flask import Flask
from flask_migrate import upgrade
from werkzeug.serving import WSGIRequestHandler, make_server

from peerapp import create_app
from peerapp.extensions import db
from peerapp.finder import today_in_norway
from peerapp.models import Clinic, Meeting
from tests.factories import make_meeting, make_place, make_user

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
PHONE = {"width": 360, "height": 740}


def _shift_the_apps_clock(wall_clock: str) -> None:
    """Move the app's clock (``extensions.utcnow``, column defaults included) to today at
    ``wall_clock`` (HH:MM) in Oslo, still running: to show that no browser test depends on the
    hour it runs at, run them with ``PEERAPP_TEST_OSLO_TIME=23:30``. Tests that set their own
    clock keep theirs; what other programs check against the real clock (a VAPID token's
    expiry, Chromium's own clock) is left alone."""
    import datetime as dt
    from zoneinfo import ZoneInfo

    from peerapp import extensions

    real = dt.datetime
    oslo = ZoneInfo("Europe/Oslo")
    hour, minute = (int(part) for part in wall_clock.split(":"))
    target = real.combine(real.now(oslo).date(), dt.time(hour, minute), oslo)
    offset = target - real.now(dt.UTC)

    class Shifted(real):
        @classmethod
        def now(cls, tz: dt.tzinfo | None = None) -> dt.datetime:  # type: ignore[override]
            return real.now(tz) + offset

    extensions.datetime = Shifted  # type: ignore[misc]  # what utcnow() reads when called


if os.environ.get("PEERAPP_TEST_OSLO_TIME"):
    _shift_the_apps_clock(os.environ["PEERAPP_TEST_OSLO_TIME"])


class QuietHandler(WSGIRequestHandler):
    """A request handler that keeps the test output free of access logs."""

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        """Log nothing."""


@dataclass
class LiveServer:
    """The running app (to add people to its database), its base URL and the seeded meetings."""

    url: str
    app: Flask
    meetings: dict[str, int] = field(default_factory=dict)
    places: dict[str, int] = field(default_factory=dict)


def _seed() -> list[Meeting]:
    """Meetings in Bergen, Oslo and online, of several fellowships, today and on other days."""
    today = today_in_norway()
    tomorrow = (today + 1) % 7
    specs: list[dict[str, Any]] = [
        dict(name="NA Bergen sentrum", town="bergen", fellowship="na", day=today, start="19:00"),
        dict(
            name="NA Nordnes",
            town="bergen",
            fellowship="na",
            day=today,
            start="21:00",
            latitude=60.3990,
            longitude=5.3050,
            types=["C", "NO", "X"],
        ),
        dict(name="NA Bergen i morgen", town="bergen", fellowship="na", day=tomorrow),
        dict(name="AA Bergen", town="bergen", fellowship="aa", day=today, start="18:00"),
        dict(name="NA Oslo", town="oslo", fellowship="na", day=today),
        dict(name="Al-Anon Oslo", town="oslo", fellowship="al-anon", day=tomorrow),
        dict(
            name="AA på nett",
            town="oslo",
            fellowship="aa",
            day=today,
            attendance_option="online",
            conference_url="https://meet.example/aa",
        ),
    ]
    return [make_meeting(**spec) for spec in specs]


def _seed_places() -> list[Any]:
    """Sober places in Trondheim and Bergen: one open whatever the time of day, one never open."""
    return [
        make_place(name="Kafé Døgnåpen Trondheim", town="trondheim"),
        make_place(
            name="Klatregruppa Trondheim",
            town="trondheim",
            kind="sport",
            latitude=63.4340,
            opening_hours=[],
            exceptions=[{"date": "2099-12-24", "closed": True}],
        ),
        make_place(name="Kafé Kontakt Bergen", town="bergen"),
    ]


def require_browser() -> None:
    """Skip (or fail, when CI requires it) if Chromium is not installed."""
    if CHROMIUM.exists():
        return
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("PEERAPP_REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    """The app on a free port of 127.0.0.1, on a fresh SQLite database built by the migrations."""
    require_browser()
    path = tmp_path_factory.mktemp("browser") / "browser.sqlite3"
    app = create_app(
        {
            "TESTING": True,
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{path}",
            "SECRET_KEY": "browser-tests",
        }
    )
    with app.app_context():
        upgrade()
        seeded = _seed()
        seeded_places = _seed_places()
        db.session.commit()
        meetings = {meeting.name: meeting.id for meeting in seeded}
        places = {place.name: place.id for place in seeded_places}
        db.session.remove()
    server = make_server("127.0.0.1", 0, app, threaded=True, request_handler=QuietHandler)
    thread = threading.Thread(target=server.serve_forever, name="live-server")
    thread.start()
    try:
        yield LiveServer(
            url=f"http://127.0.0.1:{server.server_port}", app=app, meetings=meetings, places=places
        )
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    """Headless Chromium for the whole session."""
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=CHROMIUM_ARGS, headless=True
        )
        try:
            yield chromium
        finally:
            chromium.close()


@dataclass
class Visit:
    """A browser context on the live server, and every URL it requested."""

    context: Any
    page: Any
    base_url: str
    requests: list[str] = field(default_factory=list)

    def assert_only_local(self) -> None:
        """Every request went to our own server on 127.0.0.1."""
        foreign = [url for url in self.requests if urlsplit(url).hostname != "127.0.0.1"]
        assert not foreign, f"requests to other hosts: {foreign}"


def open_visit(browser: Any, live_server: LiveServer, **options: Any) -> Visit:
    """A new context (a phone by default, in Norwegian) that records its requests."""
    settings: dict[str, Any] = {
        "viewport": PHONE,
        "locale": "nb-NO",
        "timezone_id": "Europe/Oslo",
        "service_workers": "block",
        "base_url": live_server.url,
    }
    settings.update(options)
    context = browser.new_context(**settings)
    context.set_default_timeout(10_000)
    page = context.new_page()
    visit = Visit(context=context, page=page, base_url=live_server.url)
    context.on("request", lambda request: visit.requests.append(request.url))
    return visit


@pytest.fixture
def visit(browser: Any, live_server: LiveServer) -> Iterator[Visit]:
    """A phone-sized browser context; after the test, no request may have left 127.0.0.1."""
    current = open_visit(browser, live_server)
    try:
        yield current
        current.assert_only_local()
    finally:
        current.context.close()


#: the browser's language for each language a journey is walked in
LOCALES = {"nb": "nb-NO", "en": "en-GB"}


@dataclass(frozen=True)
class Person:
    """Someone with an account on the live server."""

    id: int
    username: str
    clinic_id: int | None
    clinic_name: str | None


@pytest.fixture
def add_person(live_server: LiveServer) -> Callable[..., Person]:
    """A factory of accounts in the live server's database (staff get a second step)."""

    def add(role: str, *, clinic_of: Person | None = None, **options: Any) -> Person:
        with live_server.app.app_context():
            clinic = db.session.get(Clinic, clinic_of.clinic_id) if clinic_of else None
            user = make_user(role=role, clinic=clinic, **options)
            db.session.commit()
            return Person(
                user.id, user.username, user.clinic_id, user.clinic.name if user.clinic else None
            )

    return add


@pytest.fixture
def open_phone(browser: Any, live_server: LiveServer) -> Iterator[Callable[..., Visit]]:
    """Opens phones (360 px, in Bokmål unless told); after the test, none asked another host."""
    opened: list[Visit] = []

    def open_(lang: str = "nb", **options: Any) -> Visit:
        visit = open_visit(browser, live_server, locale=LOCALES[lang], **options)
        opened.append(visit)
        return visit

    try:
        yield open_
        for visit in opened:
            visit.assert_only_local()
    finally:
        for visit in opened:
            visit.context.close()


#: the test server's static files left open when a browser drops a connection mid-response
#: (a page navigated on under load): werkzeug's development server, not the app
STATIC_FILE_LEFT_OPEN = (
    r"ignore:Exception ignored in. <_io\.FileIO name='[^']*/static/"
    r":pytest.PytestUnraisableExceptionWarning",
    r"ignore:unclosed file <_io\.BufferedReader name='[^']*/static/:ResourceWarning",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Browser tests tolerate only that one leak of the test server."""
    for item in items:
        if "tests/browser/" in str(item.fspath):
            for rule in STATIC_FILE_LEFT_OPEN:
                item.add_marker(pytest.mark.filterwarnings(rule))
