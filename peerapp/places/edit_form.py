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

from peerapp.listing_forms import HoursForm, coordinate_text, earlier_exceptions, number
from peerapp.services.places.describe import hours_of
from peerapp.services.places.edits import fields_of
from peerapp.services.stewardship.listings import NAME_MAX, is_norway

if TYPE_CHECKING:
    from peerapp.models.places import Place

TEXT_FIELDS = ("name", "kind", "description", "phone", "url")
LOCATION_FIELDS = ("venue", "address", "postal_code", "city", "region")
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
#: the service's name for a location field -> the control here
SERVICE_LOCATION = {"name": "venue", "address": "address", "postal_code": "postal_code"}


@dataclass
class LocatedForm(HoursForm):
    """A listing's form with a place on the map: the location's fields, and the coordinates
    found from the postal code or town when none are typed."""

    LOCATION: ClassVar[tuple[str, ...]] = LOCATION_FIELDS

    def maxlength(self, name: str) -> int | None:
        """The most characters a plain field takes, so that a phone stops the typing there (the
        listing rules say it too, for the API). A correction keeps its stored country, which the
        form does not know: its postal code is left to the rules."""
        if name == "name":
            return NAME_MAX
        if name == "postal_code" and "country" in self.values:
            return 4 if is_norway(self.values["country"]) else None
        return None

    def location_body(self) -> dict[str, Any]:
        """The location as the services read it."""
        location: dict[str, Any] = {
            SERVICE_NAME.get(name, name): self.value(name) for name in self.LOCATION
        }
        location["latitude"] = number(self.value("latitude"))
        location["longitude"] = number(self.value("longitude"))
        if "country" in self.values:
            location["country"] = self.values["country"]
        return location

    def take_errors(self, errors: dict[str, str]) -> None:
        """Put each of the service's messages next to the control it is about."""
        no_coordinates = not (self.value("latitude").strip() or self.value("longitude").strip())
        for name, message in errors.items():
            control = self._control(name)
            if control == "latitude" and no_coordinates:  # the postal code or town was not found
                control = "postal_code"
            self.errors.setdefault(control, message)

    def _field_control(self, name: str) -> str:
        if name.startswith("location."):
            part = name.split(".", 1)[1]
            return SERVICE_LOCATION.get(part, part if part in self.LABELS else "venue")
        if name == "location":
            return "venue"
        return super()._field_control(name)


#: the control here -> the service's name for a location field
SERVICE_NAME = {"venue": "name"}


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
