"""The Meeting Guide JSON format (code4recovery spec, plus what TSML emits): reading and writing.

How a record is read:

- ``slug`` is the external id, else ``id``. ``day`` is 0-6 (0 = Sunday), a numeric string or a
  list: a one-day list is read as that day, a longer one makes one meeting per day whose external
  id is ``{slug}-d{day}``.
- ``time``/``end_time`` are 24-hour ``HH:MM`` (``H:MM`` and ``HH:MM:SS`` accepted); a 12-hour
  time such as ``"7:30 PM"`` is unambiguous and is repaired. A missing ``end_time``, or one equal
  to ``time``, is an hour after ``time``.
- ``timezone``, else ``--timezone``, else the zone at the coordinates, else Europe/Oslo.
- ``types``: see ``records.type_codes``; ``attendance_option``: see ``records.attendance``.
- The address is ``address``, ``city``, ``postal_code`` and ``country`` when any of the first
  three is given, else the whole ``formatted_address``. The region is ``regions`` joined with
  " > ", else ``region``, else ``state``. ``location`` is the venue's name.
- ``notes``, ``location_notes`` and TSML's ``conference_*_notes`` become one text. The spec has
  no recurrence: a sentence of that text that says only when the meeting meets ("Meets the 2nd
  and 4th Tuesday of the month.") becomes a monthly rule; anything else stays weekly
  (``cadence``).
- ``group`` is kept as the feed says it (and republished), and stands in for an empty ``name``.
- ``fellowship`` is our extension; ``--fellowship`` wins over it, and records without one take
  the feed's default (``importer.feed_options``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

import idna
import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db
from peerapp.models import Location, Meeting
from peerapp.services.errors import ValidationError
from peerapp.services.geo import COUNTIES, region_key
from peerapp.services.meetings.describe import LocationFields, MeetingFields, meeting_core
from peerapp.services.meetings.feeds import cadence
from peerapp.services.meetings.feeds.inference import (
    attendance,
    country_of,
    fellowship_for,
    timezone_for,
)
from peerapp.services.meetings.feeds.records import FeedOptions, ParsedFeed, RecordError, checked
from peerapp.services.meetings.feeds.values import (
    DEFAULT_DURATION_MINUTES,
    clock,
    external_id,
    flag,
    join_notes,
    plus_minutes,
    point,
    text,
    type_codes,
    weekday,
)
from peerapp.services.meetings.regions import in_regions
from peerapp.services.meetings.vocabulary import FELLOWSHIPS, meeting_guide_types
from peerapp.words import _

#: what a URL may hold unencoded (RFC 3986's reserved and unreserved characters, and "%" of an
#: escape already there)
_URL_SAFE = "/:@!$&'()*+,;=-._~%"


def _days(value: Any) -> tuple[list[int], bool]:
    """The record's days, and whether each needs its own external id (a list of several)."""
    if isinstance(value, list):
        days = list(dict.fromkeys(weekday(day) for day in value))
        if not days:
            raise RecordError("day is an empty list")
        return days, len(days) > 1
    if value is None or value == "":
        raise RecordError("day is missing")
    return [weekday(value)], False


def _region(record: dict[str, Any]) -> str | None:
    """``regions`` joined from the widest to the narrowest, else ``region``, else ``state``."""
    regions = record.get("regions")
    if isinstance(regions, list):
        names = [name for name in (text(r) for r in regions) if name]
        if names:
            return " > ".join(names)
    return text(record.get("region")) or text(record.get("state"))


def _location(record: dict[str, Any]) -> LocationFields:
    """Where the meeting is held, from the spec's address parts or else TSML's formatted address."""
    latitude, longitude = point(record.get("latitude"), record.get("longitude"))
    street, city = text(record.get("address")), text(record.get("city"))
    postal_code = text(record.get("postal_code"))
    parts = street or city or postal_code
    return LocationFields(
        name=text(record.get("location")),
        address=street if parts else text(record.get("formatted_address")),
        city=city,
        postal_code=postal_code,
        region=_region(record),
        country=text(record.get("country")) if parts else None,
        latitude=latitude,
        longitude=longitude,
        approximate=flag(record.get("approximate"), "approximate"),
    )


def meeting_fields(record: dict[str, Any], day: int, options: FeedOptions) -> MeetingFields:
    """Our meeting fields for one day of a Meeting Guide record (``RecordError`` when unusable)."""
    location = _location(record)
    types = type_codes(record.get("types"))
    conference_url = text(record.get("conference_url"))
    conference_phone = text(record.get("conference_phone"))
    has_place = bool(location.address or location.latitude is not None) and not location.approximate
    attendance_option = attendance(  # first: an inactive meeting is rejected as such
        text(record.get("attendance_option")),
        has_conference=bool(conference_url or conference_phone),
        has_place=has_place,
        temporarily_closed="TC" in types,
    )
    start = clock(record.get("time"), "time")
    notes = join_notes(
        record.get("notes"),
        record.get("location_notes"),
        record.get("conference_url_notes"),
        record.get("conference_phone_notes"),
    )
    end_raw = record.get("end_time")
    end = clock(end_raw, "end_time", end=True) if text(end_raw) else None
    if end is None or end == start:
        end = plus_minutes(start, DEFAULT_DURATION_MINUTES)
    return MeetingFields(
        name=text(record.get("name")) or text(record.get("group")) or "",
        fellowship=fellowship_for(record.get("fellowship"), options, "aa"),
        day=day,
        time=start,
        end_time=end,
        timezone=timezone_for(
            text(record.get("timezone")),
            options,
            location.latitude,
            location.longitude,
            country_of(location.country, location.address),
        ),
        types=types,
        attendance_option=attendance_option,
        conference_url=conference_url,
        conference_phone=conference_phone,
        notes=notes,
        location=location,
        recurrence=cadence.from_text(notes, day),  # the spec has no field for it
    )


def parse_meeting_guide(records: list[Any], options: FeedOptions) -> ParsedFeed:
    """Read a Meeting Guide feed: every record is either imported or rejected with a reason."""
    parsed = ParsedFeed()
    for index, record in enumerate(records):
        if not isinstance(record, dict):
            parsed.reject(index, None, "not a JSON object")
            continue
        record_id = external_id(record.get("slug"), record.get("id"))
        try:
            if record_id is None:
                raise RecordError("no slug or id")
            days, suffixed = _days(record.get("day"))
            found = []
            for day in days:
                slug = f"{record_id}-d{day}" if suffixed else record_id
                fields = meeting_fields(record, day, options)
                found.append(checked(index, slug, fields, text(record.get("group"))))
        except RecordError as exc:
            parsed.reject(index, record_id, str(exc))
            continue
        for feed_record in found:
            parsed.add(feed_record)
    return parsed


def _formatted_address(
    address: str | None, postal: str | None, city: str | None, country: str | None
) -> str | None:
    """The address in one line, Norwegian style: street, postal code and town, country."""
    town = " ".join(p for p in (postal, city) if p)
    return ", ".join(p for p in (address, town, country) if p) or None


def ascii_url(url: str | None) -> str | None:
    """A web address in ASCII, as every client reads it: the host in IDNA, the rest
    percent-encoded (already encoded parts are kept); ``None`` when it cannot be written so."""
    if not url:
        return None
    parts = urlsplit(url.strip())
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return None
    try:
        host = idna.encode(parts.hostname, uts46=True).decode("ascii")
        port = parts.port
    except (idna.IDNAError, UnicodeError, ValueError):
        return None
    netloc = host if port is None else f"{host}:{port}"
    return urlunsplit(
        (
            parts.scheme,
            netloc,
            quote(parts.path, safe=_URL_SAFE),
            quote(parts.query, safe=_URL_SAFE + "?"),
            quote(parts.fragment, safe=_URL_SAFE + "?"),
        )
    )


def export_record(
    meeting: Meeting,
    link: Callable[[int], str] | None = None,
    feedback_link: Callable[[int], str] | None = None,
) -> dict[str, Any]:
    """One published meeting as a Meeting Guide record (with our ``fellowship`` extension).

    ``url`` is ``link(meeting.id)`` and ``feedback_url`` (the listing's report-a-problem page)
    ``feedback_link(meeting.id)``. Empty fields are left out rather than ``null``; addresses are
    ASCII; ``approximate`` is there only for an address that is; types are the spec's only.
    """
    loc = meeting.location
    address = loc.address if loc else None
    city = loc.city if loc else None
    postal = loc.postal_code if loc else None
    country = loc.country if loc else None
    record = {
        **meeting_core(meeting),
        "types": meeting_guide_types(meeting.types),
        "conference_url": ascii_url(meeting.conference_url),
        "group": meeting.group_name,
        "notes": _irregular_notes(meeting, link),
        "location": loc.name if loc else None,
        "address": address,
        "city": city,
        "postal_code": postal,
        "country": country,
        "formatted_address": _formatted_address(address, postal, city, country),
        "region": loc.region if loc else None,
        "latitude": loc.latitude if loc else None,
        "longitude": loc.longitude if loc else None,
        "approximate": "yes" if loc and loc.approximate else None,
        "updated": meeting.updated_at.strftime("%Y-%m-%d %H:%M:%S"),
        "url": ascii_url(link(meeting.id)) if link is not None else None,
        "feedback_url": ascii_url(feedback_link(meeting.id)) if feedback_link else None,
    }
    return {key: value for key, value in record.items() if value not in (None, "", [])}


def _irregular_notes(meeting: Meeting, link: Callable[[int], str] | None) -> str | None:
    """The notes, led by a word that the meeting is not held every week: the Meeting Guide
    format has no field for a rule, so such a meeting goes out as weekly with this note."""
    if not meeting.irregular:
        return meeting.notes
    where = link(meeting.id) if link is not None else ""
    said = _("Not every week: see the dates on the meeting's page. %(url)s", url=where).strip()
    return "\n\n".join(part for part in (said, meeting.notes) if part)


def _region_names(names: Iterable[str], *, strict: bool) -> list[str]:
    """The regions to match, a county's number read as its name ("46" is Vestland); with
    ``strict``, ``ValidationError`` for one that is neither a county nor a post town nor the
    region or town of a listed place."""
    found: list[str] = []
    for name in (name.strip() for name in names if name and name.strip()):
        key = region_key(name)
        found.append(COUNTIES[key] if key in COUNTIES else name)
        if strict and key is None:
            listed = sa.select(Location.id).where(in_regions([name])).limit(1)
            if db.session.scalar(listed) is None:
                raise ValidationError(
                    {
                        "region": _(
                            "Unknown region: %(region)s. Give a county or a post town.",
                            region=name,
                        )
                    }
                )
    return found


def export_feed(
    link: Callable[[int], str] | None = None,
    *,
    fellowships: Iterable[str] = (),
    regions: Iterable[str] = (),
    feedback_link: Callable[[int], str] | None = None,
    strict: bool = False,
) -> list[dict[str, Any]]:
    """Our published (not archived) meetings as a Meeting Guide feed, ordered by day and time;
    only those of ``fellowships`` and in ``regions`` (a county, by name or number, or a town)
    when given.

    ``url`` is ``link(meeting id)`` (the caller knows the site's address), else left out;
    ``feedback_url`` likewise. ``updated`` is in UTC. With ``strict`` (the command line), an
    unknown fellowship or region is a ``ValidationError`` rather than an empty feed.
    """
    codes = [code for code in fellowships if code]
    unknown = [code for code in codes if code not in FELLOWSHIPS]
    if strict and unknown:
        raise ValidationError(
            {"fellowship": _("Unknown fellowship: %(codes)s.", codes=", ".join(unknown))}
        )
    names = _region_names(regions, strict=strict)
    query = (
        sa.select(Meeting)
        .where(Meeting.archived_at.is_(None))
        .options(selectinload(Meeting.location))
        .order_by(Meeting.day, Meeting.time, Meeting.name, Meeting.id)
    )
    if codes:
        query = query.where(Meeting.fellowship.in_(codes))
    if names:
        query = query.join(Location, Meeting.location_id == Location.id).where(in_regions(names))
    return [export_record(meeting, link, feedback_link) for meeting in db.session.scalars(query)]
