"""The place finder's form: a town, postal code or position, kinds, and "open now"."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.listing_forms import FINDER_IDS, FINDER_LABELS, FinderForm, finder_fields, run_finder
from peerapp.services.places.search import PlaceQuery, parse_place_args

SEARCH_KEYS = ("where", "lat", "lng", "radius_km", "kind", "open_now")
FIELD_LABELS: dict[str, LazyString] = {
    **FINDER_LABELS,
    "kind": _l("Kind of place"),
    "limit": _l("Number of places"),
}
FIELD_IDS = {**FINDER_IDS, "kind": "kind-cafe"}
#: how many places the page shows
PAGE_SIZE = 50


@dataclass
class PlaceForm(FinderForm):
    """The form's fields as the person left them, and the search they add up to."""

    LABELS: ClassVar[dict[str, LazyString]] = FIELD_LABELS
    IDS: ClassVar[dict[str, str]] = FIELD_IDS

    kinds: list[str] = field(default_factory=list)
    query: PlaceQuery | None = None


def read_place_form(args: MultiDict[str, str], now: datetime | None = None) -> PlaceForm:
    """Read the query string; on success ``query`` holds the search to run."""
    form = PlaceForm(
        **finder_fields(args, SEARCH_KEYS),
        kinds=[code.lower() for code in args.getlist("kind") if code],
    )
    query = run_finder(form, args, parse_place_args, PAGE_SIZE)
    if query is not None:
        form.query = replace(query, now=now) if now is not None else query
    return form
