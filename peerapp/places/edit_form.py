"""The form a peer fills in to add or correct a sober place, on a phone and without JavaScript.

The form only carries what was typed to the places service and back: the service
(``peerapp.services.places.edits.read_place``) checks everything, and each message it gives is put
next to the control it is about. The week and its exceptions are the listing forms' (see
``peerapp.listing_forms.HoursForm``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.listing_forms import LOCATION_FIELDS, LocatedForm, coordinate_text, earlier_exceptions
from peerapp.services.places.describe import hours_of
from peerapp.services.places.edits import fields_of

if TYPE_CHECKING:
    from peerapp.models.places import Place

TEXT_FIELDS = ("name", "kind", "description", "phone", "url")
COORDINATES = ("latitude", "longitude")
LABELS: dict[str, LazyString] = {
    "name": _l("Name"),
    "kind": _l("Kind of place"),
    "description": _l("What happens there"),
    "phone": _l("Phone"),
    "url": _l("Web site"),
    "venue": _l("Building or venue"),
    "address": _l("Street address"),
    "postal_code": _l("Postal code"),
    "city": _l("Town"),
    "region": _l("Region"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
}


@dataclass
class PlaceForm(LocatedForm):
    """What the peer typed (or what is stored), and a message for each control in error."""

    LABELS: ClassVar[dict[str, LazyString]] = LABELS
    ORDER: ClassVar[tuple[str, ...]] = (*TEXT_FIELDS, *LOCATION_FIELDS, *COORDINATES)

    def body(self) -> dict[str, Any]:
        """The place as the places service reads it (the API's shape)."""
        body: dict[str, Any] = {name: self.value(name) for name in TEXT_FIELDS}
        body["location"] = self.location_body()
        body.update(self.hours_body())
        return body


def blank_form() -> PlaceForm:
    """The form for a new place: two empty periods a day, two empty dates."""
    form = PlaceForm(values={"kind": "cafe", "country": "NO"})
    form.blank_hours()
    return form


def form_of(place: Place, today: date) -> PlaceForm:
    """The form filled in with a stored place: its periods plus an empty one each day, and its
    exceptions from today on plus two empty dates; earlier exceptions are kept as they are."""
    fields = fields_of(place)
    location = fields.location
    values = {
        "name": fields.name,
        "kind": fields.kind,
        "description": fields.description or "",
        "phone": fields.phone or "",
        "url": fields.url or "",
        "venue": location.get("name") or "",
        "address": location.get("address") or "",
        "postal_code": location.get("postal_code") or "",
        "city": location.get("city") or "",
        "region": location.get("region") or "",
        "latitude": coordinate_text(location.get("latitude")),
        "longitude": coordinate_text(location.get("longitude")),
    }
    form = PlaceForm(values=values)
    form.stored_hours(fields.hours, today)
    return form


def earlier_of(place: Place, today: date) -> list[dict[str, Any]]:
    """The place's exceptions before today, as the service reads them (kept as they are)."""
    return earlier_exceptions(hours_of(place), today)


def read_form(posted: MultiDict[str, str], new: bool = True) -> PlaceForm:
    """The form as it was sent (every row kept, blank or not, so the page shows it again)."""
    values = {
        name: posted.get(name, "")[:6000] for name in (*TEXT_FIELDS, *LOCATION_FIELDS, *COORDINATES)
    }
    if new:  # a correction keeps the country stored
        values["country"] = "NO"
    form = PlaceForm(values=values)
    form.read_hours(posted)
    return form
