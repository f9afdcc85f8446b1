"""Demo data: a believable week of meetings in twelve Norwegian towns, clearly marked as demo.

The meetings are produced as a Meeting Guide feed and loaded through the same importer as any
other feed, so loading the demo again updates it in place instead of duplicating it.
"""

from __future__ import annotations

import random
from typing import Any

DEMO_SOURCE = "peerapp-demo"

#: town, region, postal code, latitude, longitude
TOWNS = (
    ("Oslo", "Oslo", "0154", 59.9133, 10.7389),
    ("Bergen", "Vestland", "5015", 60.3930, 5.3242),
    ("Trondheim", "Trøndelag", "7011", 63.4305, 10.3951),
    ("Stavanger", "Rogaland", "4006", 58.9700, 5.7331),
    ("Kristiansand", "Agder", "4611", 58.1467, 7.9956),
    ("Tromsø", "Troms", "9008", 69.6489, 18.9551),
    ("Drammen", "Buskerud", "3015", 59.7439, 10.2045),
    ("Fredrikstad", "Østfold", "1606", 59.2181, 10.9298),
    ("Bodø", "Nordland", "8006", 67.2804, 14.4049),
    ("Ålesund", "Møre og Romsdal", "6002", 62.4723, 6.1549),
    ("Lillehammer", "Innlandet", "2609", 61.1153, 10.4662),
    ("Hamar", "Innlandet", "2317", 60.7945, 11.0680),
)

VENUES = (
    ("Frivilligsentralen", "Kirkegata"),
    ("Kirkens Bymisjon", "Storgata"),
    ("Blå Kors-huset", "Torggata"),
    ("Menighetshuset", "Prestegårdsveien"),
    ("Kulturhuset", "Rådhusgata"),
    ("Frelsesarmeen", "Skippergata"),
)

#: fellowship, group name stem, type codes, how many per town
PROGRAMME = (
    ("aa", "AA-gruppa", ["O", "D", "NO"], 3),
    ("aa", "AA Big Book", ["C", "B", "NO"], 1),
    ("na", "NA Ny start", ["O", "BE", "NO"], 2),
    ("na", "NA Clean and Free", ["C", "EN"], 1),
    ("al-anon", "Al-Anon pårørendegruppe", ["C", "NO"], 1),
    ("aca", "Voksne barn av alkoholikere", ["C", "ST", "NO"], 1),
    ("ca", "CA Frihet", ["O", "NO"], 1),
    ("ga", "GA Anonyme Gamblere", ["C", "NO"], 1),
    ("nar-anon", "Nar-Anon familiegruppe", ["C", "NO"], 1),
    ("selvhjelp", "Selvhjelpsgruppe: livet etter behandling", ["O", "NO"], 1),
    ("smart", "SMART Recovery", ["O", "D", "NO", "EN"], 1),
)

ONLINE_EVERY = 5  # every fifth meeting is online, every seventh hybrid
HYBRID_EVERY = 7


def demo_feed() -> list[dict[str, Any]]:
    """The demo meetings as Meeting Guide records (deterministic: the same list every time)."""
    rng = random.Random(2026)  # noqa: S311 - demo data, not security
    records: list[dict[str, Any]] = []
    serial = 0
    for town, region, postal, lat, lng in TOWNS:
        day = 0
        for fellowship, stem, types, count in PROGRAMME:
            for copy in range(count):
                serial += 1
                day = (day + 3) % 7
                hour = rng.choice((11, 12, 17, 18, 18, 19, 19, 20))
                minute = rng.choice((0, 0, 30))
                venue, street = VENUES[(serial + copy) % len(VENUES)]
                slug = f"demo-{town.lower()}-{fellowship}-{serial}"
                record: dict[str, Any] = {
                    "slug": slug,
                    "name": f"{stem} {town}" + (f" {copy + 1}" if count > 1 else ""),
                    "fellowship": fellowship,
                    "day": day,
                    "time": f"{hour:02d}:{minute:02d}",
                    "end_time": f"{hour + 1:02d}:{minute:02d}",
                    "timezone": "Europe/Oslo",
                    "types": list(types) + (["X"] if serial % 3 == 0 else []),
                    "location": f"{venue} {town}",
                    "address": f"{street} {rng.randint(1, 60)}",
                    "city": town,
                    "postal_code": postal,
                    "region": region,
                    "country": "NO",
                    "latitude": round(lat + rng.uniform(-0.02, 0.02), 5),
                    "longitude": round(lng + rng.uniform(-0.03, 0.03), 5),
                    "notes": "Demo – ikke et ekte møte. / Demo – not a real meeting.",
                }
                if serial % ONLINE_EVERY == 0:
                    record["attendance_option"] = "online"
                    record["conference_url"] = f"https://meet.example.org/{slug}"
                    record["types"] = [t for t in record["types"] if t != "X"] + ["ONL"]
                    record["approximate"] = "yes"
                elif serial % HYBRID_EVERY == 0:
                    record["attendance_option"] = "hybrid"
                    record["conference_url"] = f"https://meet.example.org/{slug}"
                else:
                    record["attendance_option"] = "in_person"
                records.append(record)
    return records


def load_demo() -> dict[str, Any]:
    """Load (or refresh) the demo meetings; returns the import counts."""
    from peerapp.services.meetings.feeds.importer import import_records

    report = import_records(demo_feed(), source_name=DEMO_SOURCE, is_demo=True)
    return report.as_dict()
