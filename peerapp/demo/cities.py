"""Demo data: Oslo and Bergen as dense as real cities, on top of the week the towns share.

Someone who tries the demo types "Oslo" first. In Oslo a meeting starts in person every hour
from 07:00 to 22:00 on every day of the week, each lasting 90 minutes, in venues spread over
the city's neighbourhoods; online groups follow at 23:00 and midnight. Within 25 km of Oslo one
is always in progress from 07:00 to 01:30, and the next starts within the hour from 07:00 until
midnight. In Bergen two meetings meet every evening. The fellowship meeting in each slot turns
with the day and the hour, never by chance, so loading the demo again gives the same week.
"""

from __future__ import annotations

from typing import Any

from peerapp.demo.meetings import MEETING_MINUTES, NOTE, _clock

#: key (part of the slug), neighbourhood, venue, street and number, postal code, lat, lng
OSLO_VENUES = (
    (
        "grunerlokka",
        "Grünerløkka",
        "Kirkens Bymisjon",
        "Thorvald Meyers gate 37",
        "0555",
        59.92370,
        10.75870,
    ),
    (
        "majorstuen",
        "Majorstuen",
        "Majorstuen menighetshus",
        "Kirkeveien 62",
        "0368",
        59.92920,
        10.71520,
    ),
    (
        "gronland",
        "Grønland",
        "Frelsesarmeen Grønland",
        "Grønlandsleiret 21",
        "0190",
        59.91220,
        10.76180,
    ),
    ("toyen", "Tøyen", "Tøyen frivilligsentral", "Hagegata 28", "0653", 59.91470, 10.77390),
    ("frogner", "Frogner", "Frogner menighetshus", "Bygdøy allé 26", "0262", 59.91750, 10.71040),
    ("sagene", "Sagene", "Sagene samfunnshus", "Kristiansands gate 2", "0463", 59.93730, 10.75360),
    (
        "st-hanshaugen",
        "St. Hanshaugen",
        "Blå Kors-huset",
        "Ullevålsveien 45",
        "0171",
        59.92610,
        10.74080,
    ),
    ("sentrum", "Sentrum", "Kirkens Bymisjon Sentrum", "Storgata 13", "0155", 59.91360, 10.75000),
    ("torshov", "Torshov", "Torshov kirke", "Vogts gate 34", "0474", 59.93460, 10.76480),
    ("kampen", "Kampen", "Kampen kirke", "Bøgata 2", "0655", 59.91380, 10.78110),
)

#: key (part of the slug), neighbourhood, venue, street and number, postal code, lat, lng
BERGEN_VENUES = (
    ("sentrum", "Sentrum", "Kirkens Bymisjon", "Kaigaten 4", "5016", 60.39180, 5.32460),
    ("nordnes", "Nordnes", "Nordnes bydelshus", "Nordnesgaten 12", "5005", 60.39850, 5.31200),
    (
        "sandviken",
        "Sandviken",
        "Sandviken menighetshus",
        "Sandviksveien 60",
        "5035",
        60.40710,
        5.32180,
    ),
    (
        "mohlenpris",
        "Møhlenpris",
        "Blå Kors Møhlenpris",
        "Konsul Børs gate 5",
        "5006",
        60.38560,
        5.31800,
    ),
)

#: fellowship, group name, type codes
GROUPS = (
    ("aa", "AA-gruppa", ["O", "D", "NO"]),
    ("na", "NA Ny start", ["O", "BE", "NO"]),
    ("aa", "AA Big Book", ["C", "B", "NO"]),
    ("selvhjelp", "Selvhjelpsgruppe: livet etter behandling", ["O", "NO"]),
    ("na", "NA Clean and Free", ["C", "EN"]),
    ("al-anon", "Al-Anon pårørendegruppe", ["C", "NO"]),
    ("aa", "AA Trinn og tradisjoner", ["C", "ST", "NO"]),
    ("ca", "CA Frihet", ["O", "NO"]),
    ("smart", "SMART Recovery", ["O", "D", "NO", "EN"]),
    ("aca", "Voksne barn av alkoholikere", ["C", "ST", "NO"]),
    ("ga", "GA Anonyme Gamblere", ["C", "NO"]),
    ("nar-anon", "Nar-Anon familiegruppe", ["C", "NO"]),
    ("aa", "AA Hverdagsmøtet", ["O", "NO"]),
)

#: in Oslo a meeting starts in person at every hour from 07:00 to 22:00, every day
OSLO_HOURS = range(7, 23)
#: Bergen's evening meetings: hour and minute
BERGEN_TIMES = ((18, 0), (19, 30))
#: Oslo's own online group meets at midnight
MIDNIGHT = (0, 0)
#: every ninth city meeting also has a link for those who join from home
HYBRID_EVERY = 9


def _record(
    city: tuple[str, str, str],
    venue: tuple[Any, ...],
    group: tuple[Any, ...],
    when: tuple[int, ...],
) -> dict[str, Any]:
    town, region, town_key = city
    key, neighbourhood, place, street, postal, lat, lng = venue
    fellowship, name, types = group
    day, hour, minute, serial = when
    slug = f"demo-{town_key}-{key}-{day}-{hour:02d}{minute:02d}"
    record: dict[str, Any] = {
        "slug": slug,
        "name": f"{name} {neighbourhood}",
        "fellowship": fellowship,
        "day": day,
        "time": _clock(hour, minute),
        "end_time": _clock(hour, minute, MEETING_MINUTES),
        "timezone": "Europe/Oslo",
        "types": list(types) + (["X"] if serial % 4 == 0 else []),
        "location": f"{place}, {neighbourhood}",
        "address": street,
        "city": town,
        "postal_code": postal,
        "region": region,
        "country": "NO",
        "latitude": lat,
        "longitude": lng,
        "notes": NOTE,
        "attendance_option": "hybrid" if serial % HYBRID_EVERY == 0 else "in_person",
    }
    if record["attendance_option"] == "hybrid":
        record["conference_url"] = f"https://meet.jit.si/peerapp-demo-{slug}"
    return record


def oslo_records() -> list[dict[str, Any]]:
    """Oslo's week: one meeting in person at every hour from 07:00 to 22:00, every day."""
    records, serial = [], 0
    for day in range(7):
        for hour in OSLO_HOURS:
            serial += 1
            # the venue is the hour's, the group turns with the day: a venue hosts
            # different fellowships through the week, as halls do
            venue = OSLO_VENUES[(hour * 3 + day) % len(OSLO_VENUES)]
            group = GROUPS[(hour + day * 5) % len(GROUPS)]
            records.append(_record(("Oslo", "Oslo", "oslo"), venue, group, (day, hour, 0, serial)))
    return records


def bergen_records() -> list[dict[str, Any]]:
    """Bergen's week: two meetings every evening in different neighbourhoods."""
    records, serial = [], 0
    for day in range(7):
        for hour, minute in BERGEN_TIMES:
            serial += 1
            venue = BERGEN_VENUES[(day + serial) % len(BERGEN_VENUES)]
            group = GROUPS[(day * 3 + serial) % len(GROUPS)]
            when = (day, hour, minute, serial)
            records.append(_record(("Bergen", "Vestland", "bergen"), venue, group, when))
    return records


def oslo_midnight_records() -> list[dict[str, Any]]:
    """Oslo's own online group at midnight: after the last meeting in person (22:00) and the
    late online one (23:00), the next still starts within the hour near Oslo until 23:59."""
    records = []
    for day in range(7):
        slug = f"demo-oslo-online-midnatt-{day}"
        records.append(
            {
                "slug": slug,
                "name": "AA på nett: Midnattsgruppa Oslo",
                "fellowship": "aa",
                "day": day,
                "time": _clock(*MIDNIGHT),
                "end_time": _clock(*MIDNIGHT, MEETING_MINUTES),
                "timezone": "Europe/Oslo",
                "types": ["O", "NO", "ONL"],
                "location": "Oslo",
                "city": "Oslo",
                "postal_code": "0154",
                "region": "Oslo",
                "country": "NO",
                "latitude": 59.9133,
                "longitude": 10.7389,
                "approximate": "yes",
                "attendance_option": "online",
                "conference_url": f"https://meet.jit.si/peerapp-demo-{slug}",
                "notes": NOTE,
            }
        )
    return records


def city_records() -> list[dict[str, Any]]:
    """The dense cities' meetings as Meeting Guide records (the same list every time)."""
    return oslo_records() + oslo_midnight_records() + bergen_records()
