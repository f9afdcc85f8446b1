"""Demo data: a believable week of meetings in twelve Norwegian towns, clearly marked as demo.

The week is laid out so that the finder always has something to show, whatever the hour: in
person, a meeting starts somewhere every hour from 07:00 to 22:00 on every day, and each lasts
90 minutes, so one is always in progress and the next starts within the hour; through the
night (23:00-06:00) the same is true of daily online meetings with a link. The evening
favourites (17:30-20:00) come on top. Every time is decided by a meeting's place in the list,
never by chance, so loading the demo again gives the same week.

Oslo and Bergen are denser still, as real cities are (``peerapp.demo.cities``).

The meetings are produced as a Meeting Guide feed and loaded through the same importer as any
other feed, so loading the demo again updates it in place instead of duplicating it.
"""

from __future__ import annotations

from typing import Any

DEMO_SOURCE = "peerapp-demo"
NOTE = "Demo – ikke et ekte møte. / Demo – not a real meeting."

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

#: daily online groups that carry the night: slug key, fellowship, name, start hour, types
NIGHT_GROUPS = (
    ("sent", "aa", "AA på nett: Kveldsmøtet", 23, ["O", "D", "NO"]),
    ("midnatt", "na", "NA på nett: Midnattsmøtet", 0, ["O", "NO"]),
    ("nattugler", "aa", "AA på nett: Nattuglene", 1, ["C", "D", "NO"]),
    ("night-owls", "aa", "AA Online Night Owls", 2, ["O", "D", "EN"]),
    ("just-for-tonight", "na", "NA Online: Just for Tonight", 3, ["O", "EN"]),
    ("daggry", "aa", "AA på nett: Før daggry", 4, ["C", "NO"]),
    ("morgenfugl", "na", "NA på nett: Morgenfuglene", 5, ["O", "NO"]),
    ("morgenkaffe", "aa", "AA på nett: Morgenkaffen", 6, ["O", "D", "NO"]),
)

ONLINE_EVERY = 5  # every fifth town meeting is online, every seventh hybrid
HYBRID_EVERY = 7
#: an hour's meeting, with time to arrive and to talk afterwards: consecutive hours overlap
MEETING_MINUTES = 90
ONLINE_MINUTES = 60
#: in person, a meeting starts at every hour from 07:00 to 22:00 on every day of the week
DAYTIME_HOURS = range(7, 23)
DAYTIME_SLOTS = [(day, hour) for hour in DAYTIME_HOURS for day in range(7)]
#: a stride coprime to the number of slots: spreads the towns and fellowships over the week
SLOT_STRIDE = 29
#: the evening favourites the remaining town meetings take, in turn
EVENING_TIMES = ((17, 30), (18, 0), (18, 30), (19, 0), (19, 30), (20, 0))


def _clock(hour: int, minute: int, length: int = 0) -> str:
    """``HH:MM`` of the given time plus ``length`` minutes, past midnight if need be."""
    total = (hour * 60 + minute + length) % 1440
    return f"{total // 60:02d}:{total % 60:02d}"


def _attendance(serial: int) -> str:
    if serial % ONLINE_EVERY == 0:
        return "online"
    return "hybrid" if serial % HYBRID_EVERY == 0 else "in_person"


def _town_meetings() -> list[tuple[int, tuple[Any, ...], tuple[Any, ...], int]]:
    """Each town meeting: its serial (part of its slug), town, programme line and copy."""
    meetings, serial = [], 0
    for town in TOWNS:
        for line in PROGRAMME:
            for copy in range(line[3]):
                serial += 1
                meetings.append((serial, town, line, copy))
    return meetings


def _schedule() -> dict[int, tuple[int, int, int, int]]:
    """Day, hour, minute and length of each town meeting, by serial.

    The meetings one can attend in person fill the daytime slots first, in an order that
    interleaves the towns (round by round through each town's programme); what is left, and the
    online ones, meet at the evening favourites.
    """
    serials = [serial for serial, *_ in _town_meetings()]
    per_town = len(serials) // len(TOWNS)
    interleaved = sorted(serials, key=lambda s: ((s - 1) % per_town, (s - 1) // per_town))
    in_person = [s for s in interleaved if _attendance(s) != "online"]
    schedule: dict[int, tuple[int, int, int, int]] = {}
    for index, serial in enumerate(in_person[: len(DAYTIME_SLOTS)]):
        day, hour = DAYTIME_SLOTS[index * SLOT_STRIDE % len(DAYTIME_SLOTS)]
        schedule[serial] = (day, hour, 0, MEETING_MINUTES)
    for serial in serials:
        if serial not in schedule:
            hour, minute = EVENING_TIMES[serial % len(EVENING_TIMES)]
            online = _attendance(serial) == "online"
            schedule[serial] = (serial % 7, hour, minute, ONLINE_MINUTES if online else 90)
    return schedule


def _offset(serial: int, spread: float) -> float:
    """A small fixed offset from the town centre, different for each meeting."""
    return round(((serial * 37) % 41 - 20) / 20 * spread, 5)


def _town_record(
    serial: int, town: tuple[Any, ...], line: tuple[Any, ...], copy: int, when: tuple[int, ...]
) -> dict[str, Any]:
    name, region, postal, lat, lng = town
    fellowship, stem, types, count = line
    day, hour, minute, length = when
    venue, street = VENUES[(serial + copy) % len(VENUES)]
    slug = f"demo-{name.lower()}-{fellowship}-{serial}"
    record: dict[str, Any] = {
        "slug": slug,
        "name": f"{stem} {name}" + (f" {copy + 1}" if count > 1 else ""),
        "fellowship": fellowship,
        "day": day,
        "time": _clock(hour, minute),
        "end_time": _clock(hour, minute, length),
        "timezone": "Europe/Oslo",
        "types": list(types) + (["X"] if serial % 3 == 0 else []),
        "location": f"{venue} {name}",
        "address": f"{street} {serial * 7 % 59 + 1}",
        "city": name,
        "postal_code": postal,
        "region": region,
        "country": "NO",
        "latitude": round(lat + _offset(serial, 0.02), 5),
        "longitude": round(lng + _offset(serial * 3, 0.03), 5),
        "notes": NOTE,
        "attendance_option": _attendance(serial),
    }
    if record["attendance_option"] != "in_person":
        record["conference_url"] = f"https://meet.jit.si/peerapp-demo-{slug}"
    if record["attendance_option"] == "online":
        record["types"] = [t for t in record["types"] if t != "X"] + ["ONL"]
        record["approximate"] = "yes"
    return record


def _night_records() -> list[dict[str, Any]]:
    """The daily online groups of the night, each given the town of its home group."""
    records = []
    for index, (key, fellowship, name, hour, types) in enumerate(NIGHT_GROUPS):
        town, region, postal, lat, lng = TOWNS[index % len(TOWNS)]
        for day in range(7):
            slug = f"demo-online-{key}-{day}"
            records.append(
                {
                    "slug": slug,
                    "name": name,
                    "fellowship": fellowship,
                    "day": day,
                    "time": _clock(hour, 0),
                    "end_time": _clock(hour, 0, MEETING_MINUTES),
                    "timezone": "Europe/Oslo",
                    "types": [*types, "ONL"],
                    "location": town,
                    "city": town,
                    "postal_code": postal,
                    "region": region,
                    "country": "NO",
                    "latitude": lat,
                    "longitude": lng,
                    "approximate": "yes",
                    "attendance_option": "online",
                    "conference_url": f"https://meet.jit.si/peerapp-demo-{slug}",
                    "notes": NOTE,
                }
            )
    return records


def demo_feed() -> list[dict[str, Any]]:
    """The demo meetings as Meeting Guide records (deterministic: the same list every time)."""
    schedule = _schedule()
    records = [
        _town_record(serial, town, line, copy, schedule[serial])
        for serial, town, line, copy in _town_meetings()
    ]
    from peerapp.demo.cities import city_records

    return records + _night_records() + city_records()


def load_demo() -> dict[str, Any]:
    """Load (or refresh) the demo meetings; returns the import counts."""
    from peerapp.demo.recurring import apply_demo_rules
    from peerapp.services.meetings.feeds.importer import import_records

    report = import_records(demo_feed(), source_name=DEMO_SOURCE, is_demo=True)
    apply_demo_rules()
    return report.as_dict()
