"""The finder form: what a person typed and ticked, read into one meeting search.

The form speaks the API's parameter names (``fellowship``, ``day``, ``from``, ``radius_km``...), so
a link to the finder and a call to ``/api/v1/meetings`` mean the same thing. On top of them it adds
what only people need: ``where`` (a place name or postal code), ``day=today`` and ``now``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import datetime
from zoneinfo import ZoneInfo

from flask_babel import LazyString
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.datastructures import MultiDict

from peerapp.extensions import utcnow
from peerapp.services.errors import ValidationError
from peerapp.services.geo import Place, is_postal_code, resolve_place
from peerapp.services.meetings.query import parse_meeting_args
from peerapp.services.meetings.search import MeetingQuery
from peerapp.services.meetings.vocabulary import LANGUAGE_TYPES, NEWCOMER_TYPE

#: "today" on the finder means today where most of our meetings are
FINDER_TIMEZONE = ZoneInfo("Europe/Oslo")
RADIUS_CHOICES = (2, 5, 10, 25, 50, 100)
DEFAULT_RADIUS = 25
#: "starting soon" on the finder looks this many minutes ahead
SOON_MINUTES = 60
#: type codes that have their own control on the form; any others are kept as hidden fields
ACCESS_CODE, OPEN_CODE = "X", "O"
#: parameters that make a request a search (rather than the first visit)
SEARCH_KEYS = (
    "where",
    "lat",
    "lng",
    "radius_km",
    "fellowship",
    "types",
    "day",
    "from",
    "to",
    "now",
    "starting_within",
    "in_progress",
    "attendance",
    "q",
    "region",
    "band",
)

#: the type filters in people's words, grouped as people think of them: (id, legend, codes)
TYPE_GROUPS: tuple[tuple[str, LazyString, tuple[str, ...]], ...] = (
    ("who", _l("Who it is for"), ("W", "M", "Y", "LGBTQ", "BE", "CF")),
    ("what", _l("What happens"), ("SP", "D", "ST", "B", "MED", "O")),
    ("needs", _l("Access and needs"), ("X", "SF", "HL", "BA")),
)
#: what a type is called on the finder, where it differs from its label on a meeting
FINDER_TYPE_LABELS: dict[str, LazyString] = {
    "BE": _l("Newcomers (good for a first time)"),
    "CF": _l("Families (children welcome)"),
    "O": _l("Open to anyone, also family and friends"),
    "BA": _l("Child care"),
}
#: ids that browser tests and links already know
TYPE_IDS = {"X": "wheelchair", "BE": "newcomer", "O": "open-only"}
#: times of day, as a start between two clock times (the night runs across midnight)
BANDS: dict[str, tuple[str, str, LazyString]] = {
    "morning": ("05:00", "11:59", _l("Before 12")),
    "afternoon": ("12:00", "16:59", _l("From 12 to 17")),
    "evening": ("17:00", "21:59", _l("From 17 to 22")),
    "night": ("22:00", "04:59", _l("After 22")),
}
FOUR_DIGITS = re.compile(r"[0-9]{4}", re.ASCII)

#: the label of each parameter, as people see it in error messages
FIELD_LABELS: dict[str, LazyString] = {
    "where": _l("Where"),
    "lat": _l("Your location"),
    "lng": _l("Your location"),
    "radius_km": _l("Distance"),
    "fellowship": _l("Fellowship"),
    "types": _l("Meeting type"),
    "day": _l("Day"),
    "from": _l("From"),
    "to": _l("To"),
    "now": _l("When"),
    "starting_within": _l("When"),
    "in_progress": _l("When"),
    "attendance": _l("How to take part"),
    "region": _l("Region"),
    "band": _l("Time of day"),
    "q": _l("Name, group or place"),
    "limit": _l("Number of meetings"),
    "sort": _l("Order"),
    "cursor": _l("Page"),
}
#: the id of the control each parameter's error message should take the reader to
FIELD_IDS = {
    "lat": "where",
    "lng": "where",
    "radius_km": "radius",
    "fellowship": "fellowship-aa",
    "types": "language",
    "from": "from",
    "to": "to",
    "now": "now-any",
    "starting_within": "now-any",
    "in_progress": "now-any",
    "attendance": "attendance-any",
    "region": "region",
    "band": "band-any",
    "limit": "where",
    "cursor": "where",
    "sort": "search",
}

#: the page lists the soonest first (in progress, then starting next); nearest first is a choice
DEFAULT_SORT = "time"

NOW_CHOICES: tuple[tuple[str, LazyString], ...] = (
    ("", _l("Any time")),
    ("soon", _l("Starting within an hour")),
    ("in_progress", _l("In progress now")),
)


@dataclass
class FinderForm:
    """The finder's fields as the person left them, and the search they add up to."""

    where: str = ""
    latitude: str = ""
    longitude: str = ""
    radius: str = ""
    fellowships: list[str] = field(default_factory=list)
    day: str = ""
    time_from: str = ""
    time_to: str = ""
    now: str = ""
    attendance: str = ""
    language: str = ""
    wheelchair: bool = False
    open_only: bool = False
    newcomer: bool = False
    other_types: list[str] = field(default_factory=list)
    #: every type code ticked (the language too)
    types: list[str] = field(default_factory=list)
    region: str = ""
    band: str = ""
    text: str = ""
    #: ``time`` (soonest first) or ``distance`` (nearest first)
    sort: str = DEFAULT_SORT
    #: a request with any search parameter; without one the finder shows what starts soon
    searched: bool = False
    #: the place ``where`` resolved to, when it did
    place: Place | None = None
    #: field name → translated message
    errors: dict[str, str] = field(default_factory=dict)
    #: bad parameters (a 400), as opposed to a place we could not find (a 200 with a message)
    bad_request: bool = False
    query: MeetingQuery | None = None

    @property
    def near_me(self) -> bool:
        """Whether the search is around the person's own position (from "Use my location")."""
        return self.place is None and bool(self.query and self.query.near)

    @property
    def filter_count(self) -> int:
        """How many filters beyond the place are set, to show on the closed filter panel."""
        values: list[str | bool] = [self.radius, self.day, self.time_from or self.time_to]
        values += [self.now, self.attendance, self.region, self.band, self.text]
        return len(self.fellowships) + len(self.types) + sum(1 for value in values if value)

    def group_count(self, codes: tuple[str, ...]) -> int:
        """How many of these type codes are ticked (shown on a closed group)."""
        return sum(1 for code in codes if code in self.types)

    @property
    def collapsed(self) -> bool:
        """Whether the form folds into a one-line summary, so the results fill the screen."""
        return self.searched and not self.errors

    def error_fields(self) -> list[tuple[str, str, str]]:
        """(control id, label, message) of each error, for the error summary."""
        return [
            (FIELD_IDS.get(name, name), str(FIELD_LABELS.get(name, name)), message)
            for name, message in self.errors.items()
        ]


def today_in_norway(now: datetime | None = None) -> int:
    """Today's day number (0 = Sunday) on the clock in Norway."""
    return (now or utcnow()).astimezone(FINDER_TIMEZONE).isoweekday() % 7


def _search_args(args: MultiDict[str, str], now: datetime | None) -> MultiDict[str, str]:
    """The API's parameters for what the form says in people's terms."""
    search = MultiDict(args)
    if search.get("day", "").strip().lower() == "today":
        search.setlist("day", [str(today_in_norway(now))])
    band = BANDS.get(search.get("band", "").strip())
    if band is not None and not search.get("from", "").strip() and not search.get("to", "").strip():
        search.setlist("from", [band[0]])
        search.setlist("to", [band[1]])
    chosen = search.get("now", "")
    if chosen == "soon" and not search.get("starting_within"):
        search.setlist("starting_within", [str(SOON_MINUTES)])
    elif chosen == "in_progress":
        search.setlist("in_progress", ["1"])
    if not search.get("sort", "").strip():
        search.setlist("sort", [DEFAULT_SORT])
    return search


def read_finder_form(args: MultiDict[str, str], now: datetime | None = None) -> FinderForm:
    """Read the finder's query string; on success ``query`` holds the search to run."""
    types = [code.strip() for value in args.getlist("types") for code in value.split(",")]
    types = [code for code in types if code]
    language = next((code for code in types if code in LANGUAGE_TYPES), "")
    own = {language, *(code for _group, _legend, codes in TYPE_GROUPS for code in codes)}
    form = FinderForm(
        where=args.get("where", "").strip()[:200],
        latitude=args.get("lat", "").strip(),
        longitude=args.get("lng", "").strip(),
        radius=args.get("radius_km", "").strip(),
        fellowships=[code.lower() for code in args.getlist("fellowship") if code],
        day=args.get("day", "").strip().lower(),
        time_from=args.get("from", "").strip(),
        time_to=args.get("to", "").strip(),
        now=_now_choice(args),
        attendance=args.get("attendance", "").strip(),
        language=language,
        wheelchair=ACCESS_CODE in types,
        open_only=OPEN_CODE in types,
        newcomer=NEWCOMER_TYPE in types,
        other_types=[code for code in types if code not in own],
        types=list(dict.fromkeys(types)),
        region=args.get("region", "").strip()[:100],
        band=args.get("band", "").strip(),
        text=args.get("q", "").strip()[:200],
        sort="distance" if args.get("sort", "").strip().lower() == "distance" else DEFAULT_SORT,
        searched=any(args.get(key, "").strip() for key in SEARCH_KEYS),
    )
    if args.get("now", "") not in {value for value, _label in NOW_CHOICES}:
        form.errors["now"] = _("Choose one of the options.")
    if form.band and form.band not in BANDS:
        form.errors["band"] = _("Choose one of the options.")
    try:
        query = parse_meeting_args(_search_args(args, now).to_dict(flat=False))
    except ValidationError as error:
        form.errors.update(error.errors)
    if form.errors:
        form.bad_request = True
        return form
    if form.where:
        form.place = resolve_place(form.where)
        if (
            form.place is None
            and FOUR_DIGITS.fullmatch(form.where)
            and not is_postal_code(form.where)
        ):
            form.errors["where"] = _(
                "%(code)s is not a Norwegian postal code. Check the digits, or type the name of "
                "the town.",
                code=form.where,
            )
            return form
        if form.place is None:
            form.errors["where"] = _(
                "We could not find the place “%(place)s”. Check the spelling, "
                "or type a town or a four-digit postal code.",
                place=form.where,
            )
            return form
        query = replace(query, latitude=form.place.latitude, longitude=form.place.longitude)
    if now is not None and query.now is None:
        query = replace(query, now=now)
    form.query = query
    return form


def _now_choice(args: MultiDict[str, str]) -> str:
    """Which "when" option is chosen, also for API-style ``starting_within``/``in_progress``."""
    chosen = args.get("now", "").strip()
    if chosen:
        return chosen
    if args.get("in_progress", "").strip().lower() in {"1", "true", "yes", "on"}:
        return "in_progress"
    if args.get("starting_within", "").strip():
        return "soon"
    return ""
