"""The services finder's form: a town, postal code or position, categories, words, open now."""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.services.errors import ValidationError
from peerapp.services.geo import Place as Spot
from peerapp.services.geo import resolve_place
from peerapp.services.helpservices.search import ServiceQuery, parse_service_args

SEARCH_KEYS = ("where", "lat", "lng", "radius_km", "category", "open_now", "q", "municipality")
FIELD_LABELS: dict[str, LazyString] = {
    "where": _l("Where"),
    "lat": _l("Your location"),
    "lng": _l("Your location"),
    "radius_km": _l("Distance"),
    "category": _l("Kind of help"),
    "open_now": _l("Open now"),
    "q": _l("Words"),
    "municipality": _l("Municipality"),
    "limit": _l("Number of services"),
}
FIELD_IDS = {"lat": "where", "lng": "where", "radius_km": "radius", "category": "category"}
PAGE_SIZE = 50


@dataclass
class ServiceForm:
    """The form's fields as the person left them, and the search they add up to."""

    where: str = ""
    latitude: str = ""
    longitude: str = ""
    radius: str = ""
    category: str = ""
    words: str = ""
    open_now: bool = False
    searched: bool = False
    spot: Spot | None = None
    errors: dict[str, str] = field(default_factory=dict)
    bad_request: bool = False
    query: ServiceQuery | None = None

    @property
    def near_me(self) -> bool:
        """Whether the search is around the person's own position."""
        return self.spot is None and bool(self.query and self.query.near)

    def error_fields(self) -> list[tuple[str, str, str]]:
        """(control id, label, message) of each error, for the error summary."""
        return [
            (FIELD_IDS.get(name, name), str(FIELD_LABELS.get(name, name)), message)
            for name, message in self.errors.items()
        ]


def read_service_form(args: MultiDict[str, str]) -> ServiceForm:
    """Read the query string; on success ``query`` holds the search to run."""
    form = ServiceForm(
        where=args.get("where", "").strip()[:200],
        latitude=args.get("lat", "").strip(),
        longitude=args.get("lng", "").strip(),
        radius=args.get("radius_km", "").strip(),
        category=args.get("category", "").strip().lower(),
        words=args.get("q", "").strip()[:100],
        open_now=args.get("open_now", "").strip().lower() in {"1", "true", "yes", "on"},
        searched=any(args.get(key, "").strip() for key in SEARCH_KEYS),
    )
    search = MultiDict(args)
    search.setlist("limit", [str(PAGE_SIZE)])
    try:
        query = parse_service_args(search.to_dict(flat=False))
    except ValidationError as error:
        form.errors.update(error.errors)
        form.bad_request = True
        return form
    if form.where:
        form.spot = resolve_place(form.where)
        if form.spot is None:
            form.errors["where"] = _(
                "We could not find the place “%(place)s”. Check the spelling, "
                "or type a town or a four-digit postal code.",
                place=form.where,
            )
            return form
        query = replace(query, latitude=form.spot.latitude, longitude=form.spot.longitude)
    form.query = query
    return form
