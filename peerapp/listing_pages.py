"""How meetings and places read on a page, in the reader's language: clock times, days and
dates, distances, opening hours, and links that remember the search. The template globals of
the listings (registered in ``peerapp.templating``) and what their views share."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode, urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_date, format_time, get_day_names, get_timezone_name
from babel.numbers import format_decimal
from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _
from werkzeug.datastructures import MultiDict

from peerapp.extensions import utcnow
from peerapp.finder import RADIUS_CHOICES
from peerapp.services import openhours as oh
from peerapp.services.errors import Conflict, ValidationError
from peerapp.services.meetings.vocabulary import type_label
from peerapp.services.places.describe import weekday_names
from peerapp.services.stewardship.limits import OutsideLimits

if TYPE_CHECKING:
    from peerapp.models import Meeting

#: the week as people in Norway read it: Monday first
WEEK_ORDER = (1, 2, 3, 4, 5, 6, 0)
#: the place page lists exceptions this far ahead
EXCEPTIONS_AHEAD = timedelta(days=60)


def finder_page(
    template: str, form: Any, search: Callable[[Any], Any], **extra: Any
) -> ResponseReturnValue:
    """A finder of places or services: its form, and what ``search`` finds for it (400 when the
    search could not be read)."""
    result = search(form.query) if form.query is not None else None
    page = render_template(
        template, form=form, result=result, radius_choices=RADIUS_CHOICES, **extra
    )
    return page, 400 if form.bad_request else 200


def encode_query(args: MultiDict[str, str]) -> str:
    """A query string from (possibly repeated) parameters."""
    return urlencode(list(args.items(multi=True)))


# --- how things read in the page's language ---------------------------------------------------


def _babel_locale() -> str:
    """The Babel locale for formatting: British English writes the 24-hour clock used here."""
    lang = str(get_locale() or "nb")
    return "en_GB" if lang == "en" else lang


def weekday_name(day: int, capitalise: bool = True) -> str:
    """The name of a weekday (0 = Sunday) in the page's language, capitalised or mid-sentence."""
    name = get_day_names("wide", locale=_babel_locale())[(day - 1) % 7]
    return name[:1].upper() + name[1:] if capitalise else name


def clock(value: time | datetime) -> str:
    """A wall-clock time such as 19:00, as written in the page's language."""
    if isinstance(value, datetime):
        value = value.timetz().replace(tzinfo=None)
    return format_time(value, "short", locale=_babel_locale())


def distance(km: float) -> str:
    """A distance such as "1,2 km" (one decimal below 10 km)."""
    pattern = "#,##0.0" if km < 10 else "#,##0"
    return _("%(number)s km", number=format_decimal(km, pattern, locale=_babel_locale()))


def day_label(day: int, capitalise: bool = True) -> str:
    """The weekday name of a meeting day (0 = Sunday)."""
    return weekday_name(day, capitalise)


def relative_day(starts_at: datetime, now: datetime, mid_sentence: bool = False) -> str:
    """ "Today", "Tomorrow" or the weekday of a coming occurrence, in the meeting's zone; written
    as inside a sentence ("Opens tomorrow", "Åpner mandag") when ``mid_sentence``."""
    local_today = now.astimezone(starts_at.tzinfo).date()
    days = (starts_at.date() - local_today).days
    if days == 0:
        return _("today") if mid_sentence else _("Today")
    if days == 1:
        return _("tomorrow") if mid_sentence else _("Tomorrow")
    return weekday_name(starts_at.isoweekday() % 7, capitalise=not mid_sentence)


def long_date(value: date | datetime, zone: str | None = None, capitalise: bool = True) -> str:
    """A date written out, such as "Tirsdag 24. november 2026"."""
    if isinstance(value, datetime):
        value = value.astimezone(ZoneInfo(zone)) if zone else value
        value = value.date()
    text = format_date(value, "full", locale=_babel_locale())
    return text[:1].upper() + text[1:] if capitalise else text


def next_date(starts_at: datetime, now: datetime) -> str:
    """The date of the next occurrence, led by "Today" or "Tomorrow" when it is that close."""
    day = relative_day(starts_at, now)
    if day in (_("Today"), _("Tomorrow")):
        return _("%(day)s, %(date)s", day=day, date=long_date(starts_at, capitalise=False))
    return long_date(starts_at)


def zone_name(moment: datetime) -> str:
    """The name of the time zone at that moment, such as "Central European Summer Time"."""
    return get_timezone_name(moment, "long", locale=_babel_locale())


def iso(moment: datetime) -> str:
    """A machine-readable instant for ``<time datetime>``."""
    return moment.isoformat(timespec="minutes")


def meeting_type(code: str) -> str:
    """The translated label of a Meeting Guide type code."""
    return type_label(code)


def finder_url(**changes: str | None) -> str:
    """This finder page's URL with some parameters changed (``None`` drops one)."""
    args = MultiDict(request.args)
    args.pop("lang", None)
    for key, value in changes.items():
        args.pop(key, None)
        if value is not None:
            args[key] = value
    query = encode_query(args)
    return url_for("meetings.finder") + (f"?{query}" if query else "")


def meeting_url(meeting: Meeting) -> str:
    """A meeting page's URL that remembers the search it was found with."""
    search = MultiDict(request.args)
    for key in ("lang", "cursor"):
        search.pop(key, None)
    back = encode_query(search)
    return url_for("meetings.meeting_page", meeting_id=meeting.id, back=back or None)


def safe_web_url(url: str | None) -> str | None:
    """``url`` when it is an http(s) link, else ``None`` (feeds sometimes carry other schemes)."""
    if url and urlsplit(url.strip()).scheme in ("http", "https"):
        return url.strip()
    return None


def tel_href(phone: str | None) -> str | None:
    """A ``tel:`` link for a phone number as people write it, or ``None``."""
    if not phone:
        return None
    digits = "".join(c for c in phone if c.isdigit() or c in "+,;#*")
    return f"tel:{digits}" if any(c.isdigit() for c in digits) else None


# --- places ---


def week_hours(hours: oh.OpeningHours) -> list[tuple[str, list[str]]]:
    """Each weekday (Monday first) with its ranges as "09:00–17:00"; an empty list is closed."""
    names = weekday_names()
    ranges = hours.weekly
    return [
        (
            names[day],
            [
                f"{oh.format_clock(r.opens)}–{oh.format_clock(r.closes)}"
                for r in ranges
                if r.day == day
            ],
        )
        for day in WEEK_ORDER
    ]


def coming_exceptions(
    hours: oh.OpeningHours, now: datetime | None = None
) -> list[tuple[date, str | None]]:
    """Exceptions from today on (60 days): the date, and its hours or ``None`` for closed."""
    today = oh.local_today(now or utcnow())
    return [
        (
            e.on,
            None
            if e.closed
            else f"{oh.format_clock(e.opens or 0)}–{oh.format_clock(e.closes or 0)}",
        )
        for e in hours.exceptions
        if today <= e.on <= today + EXCEPTIONS_AHEAD
    ]


def shown_value(value: Any) -> str:
    """A field's value as the conflict table shows it: lists and places joined, none as a dash."""
    if isinstance(value, dict):
        parts = [str(v) for k, v in value.items() if v not in (None, "") and k != "country"]
        return ", ".join(parts) or "–"
    if isinstance(value, list):
        return ", ".join(str(v) for v in value) or "–"
    return "–" if value in (None, "") else str(value)


def listing_form_sent(
    form: Any,
    page: Callable[..., ResponseReturnValue],
    save: Callable[[dict[str, Any]], Any],
    saved: tuple[str, Callable[[Any], str]],
) -> ResponseReturnValue:
    """What the forms adding or correcting a place or a service do with what was sent: "Add
    empty rows" shows the form again with more rows; else ``save(body)`` and, when it saved, the
    message and the page of ``saved``. Refused, the form comes back with each message at its field
    (400), with "someone else changed this" (409: ``page(form, 409, saved_at)``), or the page for a
    steward outside their regions (403)."""
    if "more_rows" in request.form:
        form.add_rows()
        return page(form)
    try:
        listing = save(form.body())
    except ValidationError as error:
        form.take_errors(error.errors)
        return page(form, 400)
    except Conflict as conflict:
        # someone saved it after this form was opened: theirs stands until this steward, having
        # seen it, saves again
        return page(form, 409, conflict.saved_at)
    except OutsideLimits as error:
        return outside_limits_page(error)
    message, url_of = saved
    flash(message)
    return redirect(url_of(listing)), 303


def outside_limits_page(error: OutsideLimits) -> ResponseReturnValue:
    """The page for a steward changing a listing outside their regions."""
    return render_template("stewardship/outside.html", message=error.message), 403
