"""The form a peer fills in to add or correct a sober place, on a phone and without JavaScript.

The form only carries what was typed to the places service and back: the service
(``peerapp.services.places.edits.read_place``) checks everything, and each message it gives is put
next to the control it is about. The week has a few rows per day (more on request), and the
exceptions a few dated rows; blank rows are left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.services import openhours as oh
from peerapp.services.places.describe import hours_of, weekday_names
from peerapp.services.places.edits import fields_of
from peerapp.services.stewardship.listings import NAME_MAX, is_norway

if TYPE_CHECKING:
    from peerapp.models.places import Place

#: the week as people in Norway read it: Monday first (0 = Sunday)
WEEK_ORDER = (1, 2, 3, 4, 5, 6, 0)
#: at most this many rows of hours a day, and of exceptions, are read back (one more than the
#: service takes, so that too many is its message rather than rows silently left out)
MAX_ROWS_A_DAY = oh.MAX_RANGES + 1
MAX_EXCEPTION_ROWS = oh.MAX_EXCEPTIONS + 1
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
_INDEXED = re.compile(r"^(opening_hours|exceptions)\[(\d+)\](?:\.(\w+))?$")


@dataclass
class HoursRow:
    """One period of a day as typed: opens and closes."""

    opens: str = ""
    closes: str = ""

    @property
    def blank(self) -> bool:
        """Nothing typed in this row."""
        return not (self.opens.strip() or self.closes.strip())


@dataclass
class ExceptionRow:
    """One date as typed: no times means closed all day, times mean open then only."""

    on: str = ""
    opens: str = ""
    closes: str = ""

    @property
    def blank(self) -> bool:
        """Nothing typed in this row."""
        return not (self.on.strip() or self.opens.strip() or self.closes.strip())


@dataclass
class PlaceForm:
    """What the peer typed (or what is stored), and a message for each control in error."""

    values: dict[str, str] = field(default_factory=dict)
    week: dict[int, list[HoursRow]] = field(default_factory=dict)
    exceptions: list[ExceptionRow] = field(default_factory=list)
    #: exceptions before today, kept as they are (the form shows today on)
    earlier: list[dict[str, Any]] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)
    #: the control the page should focus when it opens (a row just added)
    focus: str | None = None
    _hours_at: list[tuple[int, int]] = field(default_factory=list)
    _exceptions_at: list[int] = field(default_factory=list)

    def value(self, name: str) -> str:
        """What a plain field holds."""
        return self.values.get(name, "")

    def maxlength(self, name: str) -> int | None:
        """The most characters a plain field takes, so that a phone stops the typing there (the
        place rules say it too, for the API). A correction keeps its stored country, which the
        form does not know: its postal code is left to the rules."""
        if name == "name":
            return NAME_MAX
        if name == "postal_code" and "country" in self.values:
            return 4 if is_norway(self.values["country"]) else None
        return None

    def value_of(self, control: str) -> str:
        """What a time control of the week (``h1-0-opens``) or of a date (``x0-closes``) holds."""
        parts = control.split("-")
        if control.startswith("h"):
            row: HoursRow | ExceptionRow = self.week[int(parts[0][1:])][int(parts[1])]
        else:
            row = self.exceptions[int(parts[0][1:])]
        return str(getattr(row, parts[-1]))

    def days(self) -> list[tuple[int, str, list[HoursRow]]]:
        """Each weekday (Monday first): its number, its name, and its rows."""
        names = weekday_names()
        return [(day, names[day], self.week.get(day, [])) for day in WEEK_ORDER]

    def add_rows(self) -> None:
        """One more empty row on each day and for the exceptions (the "more rows" button)."""
        for day in WEEK_ORDER:
            rows = self.week.setdefault(day, [])
            if len(rows) < MAX_ROWS_A_DAY:
                rows.append(HoursRow())
        if len(self.exceptions) < MAX_EXCEPTION_ROWS:
            self.exceptions.append(ExceptionRow())
        first = WEEK_ORDER[0]
        self.focus = f"h{first}-{len(self.week[first]) - 1}-opens"

    def body(self) -> dict[str, Any]:
        """The place as the places service reads it (the API's shape); remembers which row each
        period and date came from, to put the service's messages next to them."""
        body: dict[str, Any] = {name: self.value(name) for name in TEXT_FIELDS}
        body["location"] = {
            "name": self.value("venue"),
            "address": self.value("address"),
            "postal_code": self.value("postal_code"),
            "city": self.value("city"),
            "region": self.value("region"),
            "latitude": _number(self.value("latitude")),
            "longitude": _number(self.value("longitude")),
        }
        if "country" in self.values:
            body["location"]["country"] = self.values["country"]
        self._hours_at, hours = [], []
        for day in WEEK_ORDER:
            for row_number, row in enumerate(self.week.get(day, [])):
                if row.blank:
                    continue
                self._hours_at.append((day, row_number))
                hours.append({"day": day, "opens": _clock(row.opens), "closes": _clock(row.closes)})
        body["opening_hours"] = hours
        self._exceptions_at, exceptions = [], list(self.earlier)
        for row_number, dated in enumerate(self.exceptions):
            if dated.blank:
                continue
            self._exceptions_at.append(row_number)
            if dated.opens.strip() or dated.closes.strip():
                item = {"date": dated.on.strip(), "opens": _clock(dated.opens)}
                exceptions.append({**item, "closes": _clock(dated.closes)})
            else:
                exceptions.append({"date": dated.on.strip(), "closed": True})
        body["exceptions"] = exceptions
        return body

    def take_errors(self, errors: dict[str, str]) -> None:
        """Put each of the service's messages next to the control it is about."""
        no_coordinates = not (self.value("latitude").strip() or self.value("longitude").strip())
        for name, message in errors.items():
            control = self._control(name)
            if control == "latitude" and no_coordinates:  # the postal code or town was not found
                control = "postal_code"
            self.errors.setdefault(control, message)

    def _control(self, name: str) -> str:
        """The control id for a field name of the service (``opening_hours[3].opens`` ...)."""
        if name.startswith("location."):
            part = name.split(".", 1)[1]
            return SERVICE_LOCATION.get(part, part if part in LABELS else "venue")
        if name in ("location", "opening_hours"):
            return "venue" if name == "location" else f"h{WEEK_ORDER[0]}-0-opens"
        if name == "exceptions":
            return "x0-date"
        found = _INDEXED.match(name)
        if found is None:
            return name if name in LABELS else "name"
        kind, index, part = found.group(1), int(found.group(2)), found.group(3)
        if kind == "opening_hours" and index < len(self._hours_at):
            day, row = self._hours_at[index]
            return f"h{day}-{row}-{'closes' if part == 'closes' else 'opens'}"
        index -= len(self.earlier)
        if kind == "exceptions" and 0 <= index < len(self._exceptions_at):
            row = self._exceptions_at[index]
            return f"x{row}-{part if part in ('opens', 'closes') else 'date'}"
        return "name"

    def label(self, control: str) -> str:
        """What the control is called, for the error summary."""
        if control in LABELS:
            return str(LABELS[control])
        parts = control.split("-")
        what = {"opens": _("opens"), "closes": _("closes")}.get(parts[-1], "")
        if control.startswith("h") and len(parts) == 3:
            name = weekday_names()[int(parts[0][1:])]
            context = _("%(day)s, period %(num)d", day=name, num=int(parts[1]) + 1)
        elif control.startswith("x") and len(parts) == 2:
            context = _("Date %(num)d", num=int(parts[0][1:]) + 1)
        else:
            return control
        return f"{context}, {what}" if what else context

    def error_items(self) -> list[tuple[str, str, str]]:
        """(control id, label, message) of each error, in the order of the page."""
        order = [*TEXT_FIELDS, *LOCATION_FIELDS, *COORDINATES]

        def position(control: str) -> tuple[int, int, int, int]:
            if control in order:
                return (0, order.index(control), 0, 0)
            parts = control.split("-")
            if control.startswith("h"):
                day = WEEK_ORDER.index(int(parts[0][1:]))
                return (1, day, int(parts[1]), parts[2] == "closes")
            return (2, int(parts[0][1:]), 0, 0)

        return [
            (control, self.label(control), message)
            for control, message in sorted(self.errors.items(), key=lambda item: position(item[0]))
        ]


def _number(text: str) -> Any:
    """A coordinate as a number when it reads as one; else as typed, for the service to refuse;
    ``None`` when empty (then the service finds it from the postal code or town)."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text.replace(",", ".").replace("−", "-"))
    except ValueError:
        return text


def _clock(text: str) -> str:
    """A time as typed, in the ``HH:MM`` the service reads: 9:30, 9.30, 0930 and 9 are taken."""
    text = text.strip().replace(".", ":")
    if re.fullmatch(r"\d{1,2}", text):
        text += ":00"
    elif re.fullmatch(r"\d{3,4}", text):
        text = f"{text[:-2]}:{text[-2:]}"
    if re.fullmatch(r"\d:\d\d", text):
        text = "0" + text
    return text


def blank_form() -> PlaceForm:
    """The form for a new place: two empty periods a day, two empty dates."""
    return PlaceForm(
        values={"kind": "cafe", "country": "NO"},
        week={day: [HoursRow(), HoursRow()] for day in WEEK_ORDER},
        exceptions=[ExceptionRow(), ExceptionRow()],
    )


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
        "latitude": _coordinate_text(location.get("latitude")),
        "longitude": _coordinate_text(location.get("longitude")),
    }
    week: dict[int, list[HoursRow]] = {day: [] for day in WEEK_ORDER}
    for item in oh.weekly_to_api(fields.hours.weekly):
        week[item["day"]].append(HoursRow(item["opens"], item["closes"]))
    for rows in week.values():
        rows.append(HoursRow())
        if len(rows) < 2:
            rows.append(HoursRow())
    coming = [e for e in fields.hours.exceptions if e.on >= today]
    exceptions = [
        ExceptionRow(item["date"], item.get("opens", ""), item.get("closes", ""))
        for item in oh.exceptions_to_api(coming)
    ]
    exceptions += [ExceptionRow(), ExceptionRow()]
    return PlaceForm(
        values=values,
        week=week,
        exceptions=exceptions,
        earlier=earlier_of(place, today),
    )


def earlier_of(place: Place, today: date) -> list[dict[str, Any]]:
    """The place's exceptions before today, as the service reads them (kept as they are)."""
    return oh.exceptions_to_api(e for e in hours_of(place).exceptions if e.on < today)


def _coordinate_text(value: Any) -> str:
    return "" if value is None else f"{float(value):.6f}".rstrip("0").rstrip(".")


def read_form(posted: MultiDict[str, str], new: bool = True) -> PlaceForm:
    """The form as it was sent (every row kept, blank or not, so the page shows it again)."""
    values = {
        name: posted.get(name, "")[:6000] for name in (*TEXT_FIELDS, *LOCATION_FIELDS, *COORDINATES)
    }
    if new:  # a correction keeps the country stored
        values["country"] = "NO"
    week: dict[int, list[HoursRow]] = {}
    for day in WEEK_ORDER:
        rows = [
            HoursRow(posted.get(f"h{day}-{i}-opens", ""), posted.get(f"h{day}-{i}-closes", ""))
            for i in range(MAX_ROWS_A_DAY)
            if f"h{day}-{i}-opens" in posted or f"h{day}-{i}-closes" in posted
        ]
        week[day] = rows or [HoursRow()]
    exceptions = [
        ExceptionRow(
            posted.get(f"x{i}-date", ""),
            posted.get(f"x{i}-opens", ""),
            posted.get(f"x{i}-closes", ""),
        )
        for i in range(MAX_EXCEPTION_ROWS)
        if any(f"x{i}-{part}" in posted for part in ("date", "opens", "closes"))
    ] or [ExceptionRow()]
    return PlaceForm(values=values, week=week, exceptions=exceptions)
