"""The services finder's form: a town, postal code or position, categories, words, open now."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.listing_forms import FINDER_IDS, FINDER_LABELS, FinderForm, finder_fields, run_finder
from peerapp.services.helpservices.search import ServiceQuery, parse_service_args

SEARCH_KEYS = ("where", "lat", "lng", "radius_km", "category", "open_now", "q", "municipality")
FIELD_LABELS: dict[str, LazyString] = {
    **FINDER_LABELS,
    "category": _l("Kind of help"),
    "q": _l("Words"),
    "municipality": _l("Municipality"),
    "limit": _l("Number of services"),
}
FIELD_IDS = {**FINDER_IDS, "category": "category"}
PAGE_SIZE = 50


@dataclass
class ServiceForm(FinderForm):
    """The form's fields as the person left them, and the search they add up to."""

    LABELS: ClassVar[dict[str, LazyString]] = FIELD_LABELS
    IDS: ClassVar[dict[str, str]] = FIELD_IDS

    category: str = ""
    words: str = ""
    query: ServiceQuery | None = None


def read_service_form(args: MultiDict[str, str]) -> ServiceForm:
    """Read the query string; on success ``query`` holds the search to run."""
    form = ServiceForm(
        **finder_fields(args, SEARCH_KEYS),
        category=args.get("category", "").strip().lower(),
        words=args.get("q", "").strip()[:100],
    )
    form.query = run_finder(form, args, parse_service_args, PAGE_SIZE)
    return form
