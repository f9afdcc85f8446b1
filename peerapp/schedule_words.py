"""A meeting's rule in people's words: "The first Sunday of each month", "Every other Tuesday"."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from babel.dates import format_skeleton
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from icalendar import vRecur

from peerapp.listing_pages import _babel_locale, clock, weekday_name
from peerapp.services.meetings.recurrence import exceptions_of

if TYPE_CHECKING:
    from peerapp.models import Meeting

#: iCalendar weekday codes → our day numbers (0 = Sunday)
ICAL_DAY_NUMBERS = {"SU": 0, "MO": 1, "TU": 2, "WE": 3, "TH": 4, "FR": 5, "SA": 6}
NTH = {
    1: _l("The first %(day)s of each month"),
    2: _l("The second %(day)s of each month"),
    3: _l("The third %(day)s of each month"),
    4: _l("The fourth %(day)s of each month"),
    -1: _l("The last %(day)s of each month"),
}


def schedule_words(meeting: Meeting) -> str:
    """How often the meeting is held, in a few words ("Every Tuesday" for a weekly one)."""
    day = weekday_name(meeting.day, capitalise=False)
    rule = meeting.recurrence
    if not rule:
        return _("Every %(day)s", day=day)
    if "\n" in rule or ":" in rule:
        return _("On chosen dates")
    try:
        parts = vRecur.from_ical(rule)
    except ValueError:
        return _("Not every week")
    freq = (parts.get("FREQ") or [""])[0]
    interval = int((parts.get("INTERVAL") or [1])[0])
    days = [str(code) for code in parts.get("BYDAY") or []]
    if freq == "WEEKLY" and not parts.get("BYSETPOS"):
        if interval == 2:
            return _("Every other %(day)s", day=day)
        return _("Every %(num)d weeks on %(day)s", num=interval, day=day)
    if freq == "MONTHLY" and len(days) == 1 and interval == 1:
        code = days[0]
        nth = code[:-2]
        name = weekday_name(ICAL_DAY_NUMBERS.get(code[-2:], meeting.day), capitalise=False)
        if nth.lstrip("+-").isdigit() and int(nth) in NTH:
            return str(NTH[int(nth)]) % {"day": name}
    if freq == "MONTHLY" and parts.get("BYMONTHDAY") and interval == 1:
        return _("On day %(num)d of each month", num=int(parts["BYMONTHDAY"][0]))
    return _("Not every week")


def exception_words(meeting: Meeting, today: date) -> list[str]:
    """The coming changes: "Not on Thursday 24 December", "Thursday 31 December at 17:00"."""
    found = []
    for entry in exceptions_of(meeting):
        when = date.fromisoformat(entry["date"])
        if when < today:
            continue
        shown = format_skeleton("MMMMEEEEd", when, locale=_babel_locale())
        if "time" in entry:
            hour, minute = (int(part) for part in entry["time"].split(":"))
            moved = clock(meeting.time.replace(hour=hour, minute=minute))
            found.append(_("%(date)s at %(time)s instead", date=shown, time=moved))
        else:
            found.append(_("Not on %(date)s", date=shown))
    return found
