"""The form a steward (municipal staff, a peer worker or an admin) fills in to add or correct a
help service, on a phone and without JavaScript.

Like the places' form (``peerapp.places.edit_form``), it only carries what was typed to the
services' rules (``peerapp.services.helpservices.edits.read_service``) and back, each message next
to its control; the week and its exceptions are the listing forms' (``HoursForm``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from flask_babel import LazyString
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.listing_forms import LOCATION_FIELDS, LocatedForm, coordinate_text
from peerapp.services.helpservices.edits import MAX_PHONES, fields_of
from peerapp.services.helpservices.edits import TEXT_LIMITS as SERVICE_TEXT_LIMITS

if TYPE_CHECKING:
    from peerapp.models.helpservices import HelpService

TEXT_FIELDS = (
    "name",
    "category",
    "organisation",
    "description",
    "url",
    "email",
    "access",
    "eligibility",
    "cost",
    "cost_note",
    "accessibility",
)
FLAGS = ("referral_required", "closed_on_holidays")
SERVICE_LOCATION_FIELDS = (*LOCATION_FIELDS[:4], "municipality", LOCATION_FIELDS[4])
COORDINATES = ("latitude", "longitude")
#: the languages offered as boxes to tick (others stored are kept, ticked)
LANGUAGE_CHOICES = ("nb", "nn", "se", "en", "pl", "lt", "uk", "ru", "ar", "so", "ti", "fa")
LABELS: dict[str, LazyString] = {
    "name": _l("Name"),
    "category": _l("Kind of help"),
    "organisation": _l("Organisation"),
    "description": _l("What they help with"),
    "url": _l("Web site"),
    "email": _l("E-mail"),
    "access": _l("How to get in"),
    "referral_required": _l("A referral is needed"),
    "eligibility": _l("Who may use it"),
    "cost": _l("Cost"),
    "cost_note": _l("About the cost"),
    "languages": _l("Languages"),
    "accessibility": _l("Accessibility"),
    "closed_on_holidays": _l("Closed on public holidays"),
    "phones": _l("Phones"),
    "venue": _l("Building or venue"),
    "address": _l("Street address"),
    "postal_code": _l("Postal code"),
    "city": _l("Town"),
    "municipality": _l("Municipality"),
    "region": _l("Region"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
}
_PHONE = re.compile(r"^phones\[(\d+)\]\.(number|description)$")


@dataclass
class ServiceForm(LocatedForm):
    """What the steward typed (or what is stored), and a message for each control in error."""

    LABELS: ClassVar[dict[str, LazyString]] = LABELS
    LOCATION: ClassVar[tuple[str, ...]] = SERVICE_LOCATION_FIELDS
    ORDER: ClassVar[tuple[str, ...]] = (
        *TEXT_FIELDS[:4],
        "phone0-number",
        "phone0-description",
        "phone1-number",
        "phone1-description",
        "phone2-number",
        "phone2-description",
        *TEXT_FIELDS[4:],
        "referral_required",
        "languages",
        "closed_on_holidays",
        "phones",
        *SERVICE_LOCATION_FIELDS,
        *COORDINATES,
    )

    flags: dict[str, bool] = field(default_factory=dict)
    languages: list[str] = field(default_factory=list)
    #: (number, what it is for) rows; blank rows are left out
    phones: list[tuple[str, str]] = field(default_factory=list)

    def maxlength(self, name: str) -> int | None:
        """The most characters a plain field takes (the services' rules say it too)."""
        if name in SERVICE_TEXT_LIMITS and name != "name":  # a name is the listings' rule
            return SERVICE_TEXT_LIMITS[name]
        return super().maxlength(name)

    def flag(self, name: str) -> bool:
        """Whether a yes/no field is ticked."""
        return self.flags.get(name, False)

    def language_choices(self) -> list[str]:
        """The languages to tick: the usual ones, and any other stored."""
        return [*LANGUAGE_CHOICES, *(c for c in self.languages if c not in LANGUAGE_CHOICES)]

    def add_rows(self) -> None:
        """One more empty row on each day, for the exceptions and for the phones."""
        super().add_rows()
        if len(self.phones) < MAX_PHONES:
            self.phones.append(("", ""))

    def body(self) -> dict[str, Any]:
        """The service as the services' rules read it (the API's shape)."""
        body: dict[str, Any] = {name: self.value(name) for name in TEXT_FIELDS}
        body.update({name: self.flag(name) for name in FLAGS})
        body["languages"] = list(self.languages)
        body["phones"] = [
            {"number": number.strip(), "description": about.strip() or None}
            for number, about in self.phones
            if number.strip() or about.strip()
        ]
        body["location"] = self.location_body()
        body.update(self.hours_body())
        return body

    def _field_control(self, name: str) -> str:
        found = _PHONE.match(name)
        if found is not None:
            typed = [i for i, (n, a) in enumerate(self.phones) if n.strip() or a.strip()]
            index = int(found.group(1))
            row = typed[index] if index < len(typed) else 0
            return f"phone{row}-{found.group(2)}"
        if name == "location.municipality":
            return "municipality"
        return super()._field_control(name)

    def label(self, control: str) -> str:
        """What the control is called, for the error summary."""
        if control.startswith("phone") and "-" in control:
            row, part = control[5:].split("-", 1)
            what = str(_l("Phone")) if part == "number" else str(_l("What the number is for"))
            return f"{what} {int(row) + 1}"
        return super().label(control)


def _phone_rows(phones: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """The phones plus one empty row, at least two rows, at most the services' limit."""
    rows = [*phones, ("", "")]
    while len(rows) < 2:
        rows.append(("", ""))
    return rows[:MAX_PHONES]


def blank_form() -> ServiceForm:
    """The form for a new service: nothing typed, in Norway, one empty period a day and one
    empty date (a shorter form on a phone; "Add empty rows" gives more)."""
    form = ServiceForm(
        values={"category": "nav_office", "access": "drop_in", "cost": "free", "country": "NO"},
        languages=["nb"],
        phones=_phone_rows([]),
    )
    form.blank_hours(rows=1)
    return form


def form_of(service: HelpService, today: date) -> ServiceForm:
    """The form filled in with a stored service (its hours as the places' form shows them)."""
    fields = fields_of(service)
    location = fields.location
    values = {name: str(getattr(fields, name) or "") for name in TEXT_FIELDS}
    values.update(
        {
            "venue": location.get("name") or "",
            "address": location.get("address") or "",
            "postal_code": location.get("postal_code") or "",
            "city": location.get("city") or "",
            "municipality": location.get("municipality") or "",
            "region": location.get("region") or "",
            "latitude": coordinate_text(location.get("latitude")),
            "longitude": coordinate_text(location.get("longitude")),
        }
    )
    form = ServiceForm(
        values=values,
        flags={name: bool(getattr(fields, name)) for name in FLAGS},
        languages=list(fields.languages),
        phones=_phone_rows(
            [(phone["number"], phone.get("description") or "") for phone in fields.phones]
        ),
    )
    form.stored_hours(fields.hours, today)
    return form


def read_form(posted: MultiDict[str, str], new: bool = True) -> ServiceForm:
    """The form as it was sent (every row kept, blank or not, so the page shows it again)."""
    names = (*TEXT_FIELDS, *SERVICE_LOCATION_FIELDS, *COORDINATES)
    values = {name: posted.get(name, "")[:6000] for name in names}
    if new:  # a correction keeps the country stored
        values["country"] = "NO"
    phones = [
        (posted.get(f"phone{i}-number", "")[:200], posted.get(f"phone{i}-description", "")[:400])
        for i in range(MAX_PHONES)
        if f"phone{i}-number" in posted or f"phone{i}-description" in posted
    ]
    codes = [code.strip().lower()[:8] for code in posted.getlist("languages")]
    form = ServiceForm(
        values=values,
        flags={name: posted.get(name, "") in ("1", "on", "yes") for name in FLAGS},
        languages=list(dict.fromkeys(code for code in codes if code))[:40],
        phones=phones or [("", "")],
    )
    form.read_hours(posted)
    return form
