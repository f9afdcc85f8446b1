"""``peerapp import-meetings`` and ``export-meetings`` end to end, on the test database."""

from __future__ import annotations

import datetime as dt
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import FeedSource, Meeting
from peerapp.services.meetings.feeds import importer, source
from peerapp.services.meetings.vocabulary import meeting_guide_types


def mg(slug: str, **overrides: Any) -> dict[str, Any]:
    """A Meeting Guide record in Oslo."""
    record: dict[str, Any] = {
        "slug": slug,
        "name": f"Gruppe {slug}",
        "day": 1,
        "time": "19:00",
        "types": ["O"],
        "address": "Storgata 1",
        "city": "Oslo",
        "latitude": 59.91,
        "longitude": 10.75,
    }
    record.update(overrides)
    return record


def write(path: Path, data: Any) -> str:
    """Write ``data`` as a JSON feed file; returns its path for the command line."""
    path.write_text(json.dumps(data), encoding="utf-8")
    return str(path)


def run(runner: Any, *args: str) -> dict[str, Any]:
    """Invoke a command that must succeed and print exactly one JSON line."""
    result = runner.invoke(args=list(args))
    assert result.exit_code == 0, (result.stdout, result.stderr, result.exception)
    assert result.stdout.count("\n") == 1, result.stdout
    return json.loads(result.stdout)


def counts(report: dict[str, Any]) -> tuple[int, ...]:
    """(created, updated, unchanged, removed, rejected) of a printed report."""
    keys = ("created", "updated", "unchanged", "removed", "rejected")
    return tuple(report[key] for key in keys)


def meetings_of(source_name: str) -> dict[str, Meeting]:
    """The meetings imported from one source, by their external id, freshly read."""
    db.session.expire_all()
    found = db.session.scalars(
        sa.select(Meeting).join(FeedSource).where(FeedSource.name == source_name)
    )
    return {m.external_slug: m for m in found}


def test_reimports_create_update_leave_alone_and_archive(runner, tmp_path):
    feed = tmp_path / "oslo.json"
    first = run(runner, "import-meetings", write(feed, [mg("a"), mg("b"), mg("c")]))
    assert counts(first) == (3, 0, 0, 0, 0) and first["errors"] == []
    assert counts(run(runner, "import-meetings", str(feed))) == (0, 0, 3, 0, 0)

    write(feed, [mg("a", time="18:30"), mg("b"), mg("d"), mg("e", day=9)])
    report = run(runner, "import-meetings", str(feed))
    assert counts(report) == (1, 1, 1, 1, 1)
    assert report["errors"] == [{"index": 3, "id": "e", "reason": "day 9 is not 0-6"}]
    stored = meetings_of("oslo")
    assert stored["a"].time.strftime("%H:%M") == "18:30"
    assert stored["c"].archived_at is not None
    assert all(stored[slug].archived_at is None for slug in "abd")
    source_row = db.session.scalar(sa.select(FeedSource).where(FeedSource.name == "oslo"))
    assert source_row.format == "meeting-guide" and source_row.last_imported_at is not None

    write(feed, [mg("a", time="18:30"), mg("b"), mg("c"), mg("d", attendance_option="inactive")])
    report = run(runner, "import-meetings", str(feed))
    assert counts(report) == (0, 1, 2, 1, 1)  # c is back; d is inactive now, so archived
    stored = meetings_of("oslo")
    assert stored["c"].archived_at is None and stored["d"].archived_at is not None


def test_source_name_keeps_feeds_apart_and_fellowship_is_guessed_from_it(runner, tmp_path):
    path = write(tmp_path / "feed.json", [mg("a")])
    run(runner, "import-meetings", path, "--source-name", "na-vest")
    run(runner, "import-meetings", path, "--source-name", "al-anon-vest")
    run(runner, "import-meetings", path, "--source-name", "other", "--fellowship", "Nar-Anon")
    assert meetings_of("na-vest")["a"].fellowship == "na"
    assert meetings_of("al-anon-vest")["a"].fellowship == "al-anon"
    assert meetings_of("other")["a"].fellowship == "nar-anon"
    assert len({m.slug for name in ("na-vest", "other") for m in meetings_of(name).values()}) == 2


def test_bmlt_is_detected_and_its_fellowship_is_na(runner, tmp_path):
    bmlt = {"id_bigint": "7", "weekday_tinyint": "1", "start_time": "12:00:00",
            "meeting_name": "Lunsj", "location_street": "Torggata 2", "formats": "O,B",
            "latitude": "59.9", "longitude": "10.7"}  # fmt: skip
    report = run(runner, "import-meetings", write(tmp_path / "x.json", {"meetings": [bmlt]}))
    assert counts(report) == (1, 0, 0, 0, 0)
    meeting = meetings_of("x")["7"]
    assert (meeting.fellowship, meeting.day, meeting.types) == ("na", 0, ["O", "BE"])
    forced = run(runner, "import-meetings", str(tmp_path / "x.json"), "--format", "bmlt")
    assert counts(forced) == (0, 0, 1, 0, 0)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"[{]", "not valid JSON"),
        (b'{"status": "error"}', "expected a JSON array"),
        (b'[{"key_string": "O"}]', "no meeting records"),
        (None, "no such file"),
    ],
)
def test_an_unreadable_feed_exits_2_and_writes_nothing(runner, tmp_path, content, message):
    good = write(tmp_path / "good.json", [mg("a"), mg("b")])
    run(runner, "import-meetings", good, "--source-name", "kept")
    before = db.session.scalar(sa.select(FeedSource.last_imported_at))
    broken = tmp_path / "broken.json"
    if content is not None:
        broken.write_bytes(content)
    result = runner.invoke(args=["import-meetings", str(broken), "--source-name", "kept"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert "Traceback" not in result.output
    stored = meetings_of("kept")
    assert sorted(stored) == ["a", "b"] and all(m.archived_at is None for m in stored.values())
    assert db.session.scalar(sa.select(FeedSource.last_imported_at)) == before
    assert db.session.scalar(sa.select(sa.func.count(FeedSource.id))) == 1


def test_bad_options_are_usage_errors(runner, tmp_path):
    path = write(tmp_path / "f.json", [mg("a")])
    for option, value in (("--timezone", "Mars/Olympus"), ("--fellowship", "chess club")):
        result = runner.invoke(args=["import-meetings", path, option, value])
        assert result.exit_code == 2 and value in result.stderr
    result = runner.invoke(args=["import-meetings", path, "--source-name", "x" * 201])
    assert result.exit_code == 2 and "source name must be 1-200 characters" in result.stderr
    assert db.session.scalar(sa.select(sa.func.count(Meeting.id))) == 0


def test_a_crash_half_way_writes_nothing(runner, tmp_path, monkeypatch):
    feed = tmp_path / "crash.json"
    run(runner, "import-meetings", write(feed, [mg("a"), mg("b")]))
    write(feed, [mg("a", time="08:00"), mg("b", time="08:00"), mg("c")])
    calls = []
    real_apply = importer.apply_meeting_fields

    def apply_then_fail(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 2:
            raise RuntimeError("disk on fire")
        return real_apply(*args, **kwargs)

    monkeypatch.setattr(importer, "apply_meeting_fields", apply_then_fail)
    result = runner.invoke(args=["import-meetings", str(feed)])
    assert isinstance(result.exception, RuntimeError)
    stored = meetings_of("crash")
    assert sorted(stored) == ["a", "b"]
    assert {m.time.strftime("%H:%M") for m in stored.values()} == {"19:00"}


def snapshot(meeting: Meeting) -> dict[str, Any]:
    """What a meeting says, without the ids and bookkeeping that differ between copies."""
    loc = meeting.location
    return {
        **{key: getattr(meeting, key) for key in ("name", "fellowship", "day", "time",
           "end_time", "timezone", "types", "attendance_option", "conference_url",
           "conference_phone", "notes")},
        **{key: getattr(loc, key) for key in ("name", "address", "city", "postal_code",
           "region", "country", "latitude", "longitude", "approximate")},
    }  # fmt: skip


def test_export_then_import_reproduces_the_meetings(runner, tmp_path, meeting_factory):
    meeting_factory(name="Kveldsgruppa", types=["C", "NO", "X"])
    meeting_factory(fellowship="na", town="bergen", start="23:30", end="01:00")
    meeting_factory(attendance_option="online", conference_url="https://meet.example/z")
    meeting_factory(name="Gone").archived_at = utcnow()
    db.session.commit()
    tsml = [
        mg(
            "t1",
            attendance_option="online",
            conference_phone="+47 22 00 00 00",
            approximate="yes",
            regions=["Oslo", "Sentrum"],
            notes="Ring &amp; vent",
            location="Kafé",
            postal_code="0155",
            country="NO",
            timezone="Europe/Oslo",
        ),
        mg(
            "t2",
            address=None,
            city=None,
            formatted_address="Torget 1, 5014 Bergen",
            latitude="60.39",
            longitude="5.32",
            types=["O", "POA"],
            fellowship="al-anon",
        ),
    ]
    # fmt: skip
    run(runner, "import-meetings", write(tmp_path / "tsml.json", tsml), "--source-name", "tsml")

    out = tmp_path / "export.json"
    result = runner.invoke(args=["export-meetings", "--format", "meeting-guide", "-o", str(out)])
    assert result.exit_code == 0, result.output
    feed = json.loads(out.read_text(encoding="utf-8"))
    assert len(feed) == 5 and "Gone" not in {r["name"] for r in feed}
    assert all(r["url"].startswith("http://localhost/meetings/") for r in feed)
    assert {r.get("approximate") for r in feed} == {"yes", None}  # only where it is

    assert counts(run(runner, "import-meetings", str(out), "--source-name", "copy")) == (
        5, 0, 0, 0, 0,
    )  # fmt: skip
    copies = meetings_of("copy")
    originals = {m.slug: m for m in db.session.scalars(sa.select(Meeting))}
    for record in feed:
        original = snapshot(originals[record["slug"]])
        # the feed carries only the spec's type codes ("POA" is not one)
        original["types"] = meeting_guide_types(original["types"])
        assert snapshot(copies[record["slug"]]) == original
    assert counts(run(runner, "import-meetings", str(out), "--source-name", "copy")) == (
        0, 0, 5, 0, 0,
    )  # fmt: skip


def test_export_to_standard_output(runner, meeting_factory):
    meeting_factory(name="Morgengruppa", day=0, start="07:00")
    result = runner.invoke(args=["export-meetings"])
    assert result.exit_code == 0
    (record,) = json.loads(result.stdout)
    assert record["name"] == "Morgengruppa" and record["day"] == 0 and record["time"] == "07:00"
    assert record["end_time"] == "08:00" and record["timezone"] == "Europe/Oslo"
    assert record["fellowship"] == "aa"
    assert len(record["updated"]) == 19


MEETING_GUIDE = {
    "aa-sussex-delaware.json": (123, 0),
    "al-anon-massachusetts.json": (329, 31),
    "kansas-city-spec-sample.json": (45, 0),
    "edmonton-noncompliant.json": (0, 315),
}


@pytest.mark.parametrize("name", sorted(MEETING_GUIDE))
def test_shared_meeting_guide_fixtures(runner, shared_fixtures, name):
    path = str(shared_fixtures / "meeting-guide" / name)
    report = run(runner, "import-meetings", path)
    assert (report["created"], report["rejected"]) == MEETING_GUIDE[name]
    assert all(error["reason"] and error["id"] for error in report["errors"])
    assert counts(run(runner, "import-meetings", path))[2] == report["created"]


def test_shared_fixture_edmonton_imports_once_its_zone_is_given(runner, shared_fixtures):
    path = str(shared_fixtures / "meeting-guide" / "edmonton-noncompliant.json")
    report = run(runner, "import-meetings", path, "--timezone", "America/Edmonton")
    assert counts(report) == (294, 0, 0, 0, 21)
    assert {e["reason"] for e in report["errors"]} == {
        "inactive (location temporarily closed, no online option)"
    }
    stored = meetings_of("edmonton-noncompliant")
    assert {m.timezone for m in stored.values()} == {"America/Edmonton"}
    assert stored["6"].time.strftime("%H:%M") == "11:00"  # "11:00 AM", repaired


@pytest.mark.parametrize("day", [2, 3, 4])
def test_shared_bmlt_fixtures(runner, shared_fixtures, day):
    path = shared_fixtures / "bmlt" / f"search-day{day}.json"
    records = json.loads(path.read_text(encoding="utf-8"))["meetings"]
    report = run(runner, "import-meetings", str(path))
    assert counts(report) == (len(records), 0, 0, 0, 0)
    stored = meetings_of(path.stem).values()
    assert {(m.fellowship, m.day, m.timezone) for m in stored} == {
        ("na", day - 1, "America/New_York")
    }


@pytest.mark.parametrize("name", ["formats.json", "service-bodies.json"])
def test_shared_bmlt_lists_that_are_not_meetings_are_refused(runner, shared_fixtures, name):
    result = runner.invoke(args=["import-meetings", str(shared_fixtures / "bmlt" / name)])
    assert result.exit_code == 2 and "no meeting records" in result.stderr


@pytest.fixture
def http_feed(app) -> Iterator[Callable[..., str]]:
    """Serve bodies from a local HTTP server the app is allowed to reach; returns a function
    that adds one and gives its URL."""
    app.config["PEERAPP_OUTBOUND_ALLOW"] = "127.0.0.1"
    routes: dict[str, tuple[int, bytes, bool, float]] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            status, body, with_length, delay = routes.get(self.path, (404, b"gone", True, 0))
            time.sleep(delay)
            try:
                self.send_response(status)
                if with_length:
                    self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the importer hung up: exactly what a size or time limit does

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()

    def serve(path: str, body: bytes, status: int = 200, length: bool = True, delay: float = 0):
        routes[path] = (status, body, length, delay)
        return f"http://127.0.0.1:{server.server_port}{path}"

    yield serve
    server.shutdown()
    server.server_close()
    thread.join()


def test_import_from_a_url(runner, http_feed):
    url = http_feed("/aa/meetings.json?region=oslo", json.dumps([mg("a"), mg("b")]).encode())
    report = run(runner, "import-meetings", url)
    assert counts(report) == (2, 0, 0, 0, 0)
    host = url.split("/")[2]
    source_row = db.session.scalar(sa.select(FeedSource))
    assert source_row.name == f"{host}/aa/meetings.json?region=oslo"
    assert source_row.location == url


@pytest.mark.parametrize("length", [True, False], ids=["declared", "streamed"])
def test_a_url_larger_than_the_limit_exits_2(runner, http_feed, monkeypatch, length):
    monkeypatch.setattr(source, "MAX_FEED_BYTES", 1000)
    url = http_feed("/big.json", b"[" + b" " * 5000 + b"]", length=length)
    result = runner.invoke(args=["import-meetings", url])
    assert result.exit_code == 2 and "larger than the limit of 1000 bytes" in result.stderr
    assert db.session.scalar(sa.select(sa.func.count(FeedSource.id))) == 0


def test_the_default_limit_is_20_mb(runner, http_feed):
    url = http_feed("/huge.json", b"[" + b" " * (20 * 1024 * 1024) + b"]", length=False)
    result = runner.invoke(args=["import-meetings", url])
    assert result.exit_code == 2 and "larger than the limit of 20 MB" in result.stderr


def test_http_errors_timeouts_and_refused_connections_exit_2(runner, http_feed, monkeypatch):
    monkeypatch.setattr(source, "FETCH_TIMEOUT_SECONDS", 0.3)
    missing = http_feed("/other", b"[]").replace("/other", "/missing.json")
    slow = http_feed("/slow.json", b"[]", delay=1.0)
    expectations = {missing: "HTTP 404", slow: "took longer than 0.3 seconds"}
    expectations["http://127.0.0.1:9/feed.json"] = "could not fetch the feed"
    for url, message in expectations.items():
        result = runner.invoke(args=["import-meetings", url])
        assert result.exit_code == 2, url
        assert message in result.stderr and "Traceback" not in result.output


def test_the_api_serves_the_exported_feed(client, runner, meeting_factory):
    meeting_factory(name="Lunsjmøtet", start="12:00")
    served = client.get("/api/v1/feeds/meeting-guide.json")
    assert served.status_code == 200
    exported = json.loads(runner.invoke(args=["export-meetings"]).stdout)
    assert served.get_json() == exported


def test_a_bmlt_meeting_held_the_first_sunday_is_monthly_through_the_api(runner, tmp_path, client):
    bmlt = {"id_bigint": "9", "weekday_tinyint": "1", "start_time": "18:00:00",
            "meeting_name": "Søndagsmøtet", "location_street": "Torggata 2", "formats": "O,FS",
            "latitude": "59.9", "longitude": "10.7"}  # fmt: skip
    formats = [{"key_string": "FS", "name_string": "1st Sunday of the month", "world_id": ""}]
    path = write(tmp_path / "na-monthly.json", {"meetings": [bmlt], "formats": formats})
    assert counts(run(runner, "import-meetings", path)) == (1, 0, 0, 0, 0)
    meeting = meetings_of("na-monthly")["9"]
    body = client.get(f"/api/v1/meetings/{meeting.id}").get_json()
    assert body["recurrence"] == "FREQ=MONTHLY;BYDAY=1SU"
    start = dt.datetime.fromisoformat(body["next_start"])
    assert start.isoweekday() == 7 and start.day <= 7  # a first Sunday
    assert counts(run(runner, "import-meetings", path)) == (0, 0, 1, 0, 0)


def test_export_takes_fellowship_and_region_filters(runner, meeting_factory):
    meeting_factory(name="AA Oslo", fellowship="aa", town="oslo")
    meeting_factory(name="NA Oslo", fellowship="na", town="oslo")
    meeting_factory(name="NA Bergen", fellowship="na", town="bergen")

    def exported(*options: str) -> list[str]:
        result = runner.invoke(args=["export-meetings", *options])
        assert result.exit_code == 0, (result.stdout, result.stderr)
        return sorted(record["name"] for record in json.loads(result.stdout))

    assert exported("--fellowship", "na") == ["NA Bergen", "NA Oslo"]
    assert exported("--fellowship", "Narcotics Anonymous", "--region", "Oslo") == ["NA Oslo"]
    assert exported("--region", "Bergen", "--region", "03") == ["AA Oslo", "NA Bergen", "NA Oslo"]
    assert exported("--fellowship", "aa,na", "--region", "bergen") == ["NA Bergen"]


@pytest.mark.parametrize(("option", "value"), [("--fellowship", "xx"), ("--region", "Atlantis")])
def test_export_with_an_unknown_filter_exits_2_and_writes_nothing(
    runner, meeting_factory, tmp_path, option, value
):
    meeting_factory(name="AA Oslo", town="oslo")
    out = tmp_path / "feed.json"
    result = runner.invoke(args=["export-meetings", option, value, "-o", str(out)])
    assert result.exit_code == 2
    assert option in result.stderr and value in result.stderr
    assert not out.exists() and result.stdout == ""
