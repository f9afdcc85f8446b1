"""What the listing forms share across blueprints: the ways people take part in a meeting, as
the finder offers them and the peer's meeting form labels them; the finders' search form (where,
how far, open now) that places and help services read alike; and the week of opening hours with
dated exceptions that the forms adding or correcting a place or a service both carry."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any, ClassVar, TypeVar

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.services import openhours as oh
from peerapp.services.errors import ValidationError
from peerapp.services.geo import Place as Spot
from peerapp.services.geo import resolve_place
from peerapp.services.places.describe import weekday_names
from peerapp.services.stewardship.listings import NAME_MAX, is_norway

ATTENDANCE_CHOICES: tuple[tuple[str, LazyString], ...] = (
    ("", _l("Any way")),
    ("in_person", _l("In person")),
    ("online", _l("Online")),
    ("hybrid", _l("Hybrid (in person and online)")),
)

# --- the finders' search form ------------------------------------------------------------------

#: what the finders' forms say of the fields they share
FINDER_LABELS: dict[str, LazyString] = {
    "where": _l("Where"),
    "lat": _l("Your location"),
    "lng": _l("Your location"),
    "radius_km": _l("Distance"),
    "open_now": _l("Open now"),
}
FINDER_IDS = {"lat": "where", "lng": "where", "radius_km": "radius"}
TRUE_WORDS = {"1", "true", "yes", "on"}


#: a finder's search (a frozen dataclass with ``latitude`` and ``longitude``)
Q = TypeVar("Q")


@dataclass
class FinderForm:
    """The finder's fields as the person left them, and the search they add up to. A finder
    names its own fields' labels (``LABELS``) and the controls its errors point at (``IDS``)."""

    LABELS: ClassVar[Mapping[str, LazyString]] = FINDER_LABELS
    IDS: ClassVar[Mapping[str, str]] = FINDER_IDS

    where: str = ""
    latitude: str = ""
    longitude: str = ""
    radius: str = ""
    open_now: bool = False
    searched: bool = False
    spot: Spot | None = None
    errors: dict[str, str] = field(default_factory=dict)
    bad_request: bool = False
    query: Any = None

    @property
    def near_me(self) -> bool:
        """Whether the search is around the person's own position."""
        return self.spot is None and bool(self.query and self.query.near)

    def error_fields(self) -> list[tuple[str, str, str]]:
        """(control id, label, message) of each error, for the error summary."""
        return [
            (self.IDS.get(name, name), str(self.LABELS.get(name, name)), message)
            for name, message in self.errors.items()
        ]


def finder_fields(args: MultiDict[str, str], keys: Iterable[str]) -> dict[str, Any]:
    """The shared fields as typed (``keys`` are the parameters that make it a search)."""
    return {
        "where": args.get("where", "").strip()[:200],
        "latitude": args.get("lat", "").strip(),
        "longitude": args.get("lng", "").strip(),
        "radius": args.get("radius_km", "").strip(),
        "open_now": args.get("open_now", "").strip().lower() in TRUE_WORDS,
        "searched": any(args.get(key, "").strip() for key in keys),
    }


def run_finder(
    form: FinderForm,
    args: MultiDict[str, str],
    parse: Callable[[dict[str, list[str]]], Q],
    page_size: int,
) -> Q | None:
    """Read the search with ``parse`` (a page's worth), and place it at the town or postal code
    typed; errors go on ``form`` (and ``None`` is the answer)."""
    search = MultiDict(args)
    search.setlist("limit", [str(page_size)])
    try:
        query = parse(search.to_dict(flat=False))
    except ValidationError as error:
        form.errors.update(error.errors)
        form.bad_request = True
        return None
    if form.where:
        form.spot = resolve_place(form.where)
        if form.spot is None:
            form.errors["where"] = _(
                "We could not find the place “%(place)s”. Check the spelling, "
                "or type a town or a four-digit postal code.",
                place=form.where,
            )
            return None
        query = replace(query, latitude=form.spot.latitude, longitude=form.spot.longitude)  # type: ignore[type-var]
    return query


# --- the week and its exceptions, in the forms that add or correct a listing --------------------

#: the week as people in Norway read it: Monday first (0 = Sunday)
WEEK_ORDER = (1, 2, 3, 4, 5, 6, 0)
#: at most this many rows of hours a day, and of exceptions, are read back (one more than the
#: service takes, so that too many is its message rather than rows silently left out)
MAX_ROWS_A_DAY = oh.MAX_RANGES + 1
MAX_EXCEPTION_ROWS = oh.MAX_EXCEPTIONS + 1
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
class HoursForm:
    """What was typed (or what is stored) in a listing's form, and a message for each control in
    error. The week has a few rows per day (more on request), and the exceptions a few dated
    rows; blank rows are left out. A form names its plain fields' labels (``LABELS``) and their
    order on the page (``ORDER``)."""

    LABELS: ClassVar[Mapping[str, LazyString]] = {}
    ORDER: ClassVar[tuple[str, ...]] = ()

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

    def hours_body(self) -> dict[str, Any]:
        """``opening_hours`` and ``exceptions`` as the services read them; remembers which row
        each period and date came from, to put the service's messages next to them."""
        self._hours_at, hours = [], []
        for day in WEEK_ORDER:
            for row_number, row in enumerate(self.week.get(day, [])):
                if row.blank:
                    continue
                self._hours_at.append((day, row_number))
                hours.append({"day": day, "opens": clock(row.opens), "closes": clock(row.closes)})
        self._exceptions_at, exceptions = [], list(self.earlier)
        for row_number, dated in enumerate(self.exceptions):
            if dated.blank:
                continue
            self._exceptions_at.append(row_number)
            if dated.opens.strip() or dated.closes.strip():
                item = {"date": dated.on.strip(), "opens": clock(dated.opens)}
                exceptions.append({**item, "closes": clock(dated.closes)})
            else:
                exceptions.append({"date": dated.on.strip(), "closed": True})
        return {"opening_hours": hours, "exceptions": exceptions}

    def take_errors(self, errors: dict[str, str]) -> None:
        """Put each of the service's messages next to the control it is about."""
        for name, message in errors.items():
            self.errors.setdefault(self._control(name), message)

    def _field_control(self, name: str) -> str:
        """The control for a field of the service that is not of the hours."""
        return name if name in self.LABELS else "name"

    def _control(self, name: str) -> str:
        """The control id for a field name of the service (``opening_hours[3].opens`` ...)."""
        if name == "opening_hours":
            return f"h{WEEK_ORDER[0]}-0-opens"
        if name == "exceptions":
            return "x0-date"
        found = _INDEXED.match(name)
        if found is None:
            return self._field_control(name)
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
        if control in self.LABELS:
            return str(self.LABELS[control])
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
        order = self.ORDER

        def position(control: str) -> tuple[int, int, int, int]:
            if control in order:
                return (0, order.index(control), 0, 0)
            parts = control.split("-")
            if control.startswith("h") and len(parts) == 3:
                day = WEEK_ORDER.index(int(parts[0][1:]))
                return (1, day, int(parts[1]), parts[2] == "closes")
            if control.startswith("x") and parts[0][1:].isdigit():
                return (2, int(parts[0][1:]), 0, 0)
            return (0, len(order), 0, 0)

        return [
            (control, self.label(control), message)
            for control, message in sorted(self.errors.items(), key=lambda item: position(item[0]))
        ]

    def read_hours(self, posted: MultiDict[str, str]) -> None:
        """The week and the dates as they were sent (every row kept, blank or not, so the page
        shows it again)."""
        self.week = {}
        for day in WEEK_ORDER:
            rows = [
                HoursRow(posted.get(f"h{day}-{i}-opens", ""), posted.get(f"h{day}-{i}-closes", ""))
                for i in range(MAX_ROWS_A_DAY)
                if f"h{day}-{i}-opens" in posted or f"h{day}-{i}-closes" in posted
            ]
            self.week[day] = rows or [HoursRow()]
        self.exceptions = [
            ExceptionRow(
                posted.get(f"x{i}-date", ""),
                posted.get(f"x{i}-opens", ""),
                posted.get(f"x{i}-closes", ""),
            )
            for i in range(MAX_EXCEPTION_ROWS)
            if any(f"x{i}-{part}" in posted for part in ("date", "opens", "closes"))
        ] or [ExceptionRow()]

    def blank_hours(self, rows: int = 2) -> None:
        """``rows`` empty periods a day and empty dates (a new listing)."""
        self.week = {day: [HoursRow() for _row in range(rows)] for day in WEEK_ORDER}
        self.exceptions = [ExceptionRow() for _row in range(rows)]

    def stored_hours(self, hours: oh.OpeningHours, today: date) -> None:
        """The stored week plus an empty period each day, and its exceptions from today on plus
        two empty dates; earlier exceptions are kept as they are."""
        self.week = {day: [] for day in WEEK_ORDER}
        for item in oh.weekly_to_api(hours.weekly):
            self.week[item["day"]].append(HoursRow(item["opens"], item["closes"]))
        for rows in self.week.values():
            rows.append(HoursRow())
            if len(rows) < 2:
                rows.append(HoursRow())
        coming = [e for e in hours.exceptions if e.on >= today]
        self.exceptions = [
            ExceptionRow(item["date"], item.get("opens", ""), item.get("closes", ""))
            for item in oh.exceptions_to_api(coming)
        ]
        self.exceptions += [ExceptionRow(), ExceptionRow()]
        self.earlier = earlier_exceptions(hours, today)


LOCATION_FIELDS = ("venue", "address", "postal_code", "city", "region")
#: the service's name for a location field -> the control here
SERVICE_LOCATION = {"name": "venue", "address": "address", "postal_code": "postal_code"}
#: the control here -> the service's name for a location field
SERVICE_NAME = {"venue": "name"}


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


def earlier_exceptions(hours: oh.OpeningHours, today: date) -> list[dict[str, Any]]:
    """A listing's exceptions before today, as the services read them (kept as they are)."""
    return oh.exceptions_to_api(e for e in hours.exceptions if e.on < today)


def number(text: str) -> Any:
    """A coordinate as a number when it reads as one; else as typed, for the service to refuse;
    ``None`` when empty (then the service finds it from the postal code or town)."""
    text = text.strip()
    if not text:
        return None
    try:
        return float(text.replace(",", ".").replace("−", "-"))
    except ValueError:
        return text


def coordinate_text(value: Any) -> str:
    """A stored coordinate as the form shows it."""
    return "" if value is None else f"{float(value):.6f}".rstrip("0").rstrip(".")


def clock(text: str) -> str:
    """A time as typed, in the ``HH:MM`` the service reads: 9:30, 9.30, 0930 and 9 are taken."""
    text = text.strip().replace(".", ":")
    if re.fullmatch(r"\d{1,2}", text):
        text += ":00"
    elif re.fullmatch(r"\d{3,4}", text):
        text = f"{text[:-2]}:{text[-2:]}"
    if re.fullmatch(r"\d:\d\d", text):
        text = "0" + text
    return text
