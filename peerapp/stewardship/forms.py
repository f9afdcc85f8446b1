"""The meeting form a peer fills in: what it sends, read into the body the JSON API takes, so
that the page and the API check a meeting alike (``peer_input.read_meeting``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.services.meetings.edits import fields_of, snapshot
from peerapp.services.meetings.vocabulary import ACCESSIBILITY_TYPES, LANGUAGE_TYPES, MEETING_TYPES
from peerapp.services.stewardship.listings import NAME_MAX, is_norway

if TYPE_CHECKING:
    from peerapp.models import Meeting

TEXT_KEYS = ("name", "conference_url", "conference_phone", "notes")
LOCATION_KEYS = {
    "location_name": "name",
    "address": "address",
    "postal_code": "postal_code",
    "city": "city",
    "region": "region",
}
#: the types a peer ticks besides open or closed, by group
OTHER_TYPES = tuple(
    code
    for code in MEETING_TYPES
    if code not in ("O", "C", *LANGUAGE_TYPES, *ACCESSIBILITY_TYPES, "ONL")
)

LABELS: dict[str, LazyString] = {
    "name": _l("Name of the meeting"),
    "fellowship": _l("Fellowship"),
    "day": _l("Day"),
    "time": _l("Starts at"),
    "end_time": _l("Ends at"),
    "timezone": _l("Time zone"),
    "attendance_option": _l("How people take part"),
    "conference_url": _l("Link to join online"),
    "conference_phone": _l("Phone number to join"),
    "types": _l("Open or closed, language and access"),
    "notes": _l("Notes"),
    "location": _l("Address"),
    "location_name": _l("Venue"),
    "address": _l("Address"),
    "postal_code": _l("Postal code"),
    "city": _l("Town"),
    "region": _l("Region (county)"),
    "latitude": _l("Latitude"),
    "longitude": _l("Longitude"),
    "archived_at": _l("Archived"),
    "recurrence": _l("Repeats (RFC 5545 rule)"),
    "recurrence_start": _l("Repeats (RFC 5545 rule)"),
    "exceptions": _l("Exceptions"),
    "body": _l("Meeting"),
}
#: where an error of the API's field names is shown on the page
CONTROL_OF = {
    "location": "address",
    "location.name": "location_name",
    "location.address": "address",
    "location.postal_code": "postal_code",
    "location.city": "city",
    "location.region": "region",
    "location.country": "address",
    "location.latitude": "latitude",
    "location.longitude": "longitude",
    "types": "openness-any",
    "attendance_option": "attendance-in_person",
    "recurrence_start": "recurrence",
    "body": "name",
}


@dataclass
class MeetingForm:
    """The form's values as shown, and the errors of the last try."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    def error_items(self) -> list[tuple[str, str, str]]:
        """(control id, label, message) of each error, for the error summary."""
        return [
            (CONTROL_OF.get(name, name), label_of(name), message)
            for name, message in self.errors.items()
        ]

    def error(self, control: str) -> str | None:
        """The message for the control with this id, if any."""
        for name, message in self.errors.items():
            if CONTROL_OF.get(name, name) == control:
                return message
        return None

    def maxlength(self, control: str) -> int | None:
        """The most characters the control takes, so that a phone stops the typing there (the
        meeting rules say it too, for the API)."""
        if control == "name":
            return NAME_MAX
        if control == "postal_code" and is_norway(self.values.get("country")):
            return 4
        return None


def label_of(name: str) -> str:
    """A field's label as the form shows it."""
    key = CONTROL_OF.get(name, name)
    return str(LABELS.get(name) or LABELS.get(key) or name)


def values_of(meeting: Meeting | None) -> dict[str, Any]:
    """The form's values for a stored meeting, or a new one's defaults."""
    if meeting is None:
        return {
            "day": "1",
            "time": "19:00",
            "end_time": "20:00",
            "attendance_option": "in_person",
            "fellowship": "aa",
            "types": [],
            "country": "NO",
        }
    shown = snapshot(fields_of(meeting))
    loc = shown.pop("location")
    values = {key: ("" if value is None else value) for key, value in shown.items()}
    values["day"] = str(shown["day"])
    values["exceptions"] = exceptions_text(shown.get("exceptions") or [])
    for control, key in LOCATION_KEYS.items():
        values[control] = loc.get(key) or ""
    values["country"] = loc.get("country") or ""
    for key in ("latitude", "longitude"):
        values[key] = "" if loc.get(key) is None else str(loc[key])
    return values


def exceptions_text(exceptions: list[dict[str, str]]) -> str:
    """Exceptions as the form shows them: "2026-12-24, 2026-12-31 17:00"."""
    return ", ".join(" ".join(filter(None, (e["date"], e.get("time")))) for e in exceptions)


def read_exceptions(text: str) -> list[Any]:
    """The exceptions typed in the form, as the API takes them (bad ones left for it to name)."""
    found: list[Any] = []
    for part in text.replace("\n", ",").split(","):
        words = part.split()
        if len(words) == 1:
            found.append(words[0])
        elif len(words) == 2:
            found.append({"date": words[0], "time": words[1]})
        elif words:
            found.append(part.strip())
    return found


def _number(text: str, name: str, errors: dict[str, str]) -> float | None:
    if not text:
        return None
    try:
        return float(text.replace(",", "."))
    except ValueError:
        errors[f"location.{name}"] = _("Write a number, such as 60.39.")
        return None


def read_form(
    form: MultiDict[str, str], current: Meeting | None = None
) -> tuple[dict[str, Any], MeetingForm]:
    """The JSON body the form adds up to, and the form to show again should it be refused."""
    values: dict[str, Any] = {
        key: (form.get(key) or "").strip()
        for key in (
            *TEXT_KEYS,
            "fellowship",
            "day",
            "time",
            "end_time",
            "attendance_option",
            *LOCATION_KEYS,
            "latitude",
            "longitude",
            "openness",
            "recurrence",
            "exceptions",
        )
    }
    values["country"] = (current.location.country if current and current.location else None) or "NO"
    chosen = [code for code in form.getlist("types") if code in MEETING_TYPES]
    openness = values.pop("openness")
    types = ([openness] if openness in ("O", "C") else []) + [
        c for c in chosen if c not in ("O", "C")
    ]
    values["types"] = types
    errors: dict[str, str] = {}
    body: dict[str, Any] = {key: values[key] or None for key in TEXT_KEYS}
    body.update(
        fellowship=values["fellowship"],
        day=values["day"],
        time=values["time"],
        end_time=values["end_time"] or None,
        attendance_option=values["attendance_option"],
    )
    if not body["end_time"]:
        body.pop("end_time")
    if current is None or types != current.types:
        body["types"] = types
    # a rule sent again would count from today: only a changed one is sent
    if values["recurrence"] != ((current.recurrence or "") if current else ""):
        body["recurrence"] = values["recurrence"] or None
    body["exceptions"] = read_exceptions(values["exceptions"])
    has_place = any(values[control] for control in (*LOCATION_KEYS, "latitude", "longitude"))
    if has_place or values["attendance_option"] != "online":
        body["location"] = {key: values[control] or None for control, key in LOCATION_KEYS.items()}
        body["location"]["country"] = values["country"]
        body["location"]["latitude"] = _number(values["latitude"], "latitude", errors)
        body["location"]["longitude"] = _number(values["longitude"], "longitude", errors)
    else:
        body["location"] = None
    return body, MeetingForm(values, errors)
