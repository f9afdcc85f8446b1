"""What a request for company may hold: the occurrence, a meeting point that is never a home, and
a short note; and the status a request has at a given moment."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from typing import Any

from peerapp.models.companion import COMPANION_OUTCOMES, COMPANION_STATUSES, CompanionRequest
from peerapp.models.meetings import Meeting
from peerapp.services.meetings.search import next_start
from peerapp.words import _, force_locale

__all__ = ["COMPANION_OUTCOMES", "COMPANION_STATUSES"]  # for the API's schemas

#: how many coming occurrences of a meeting a client can choose from
OCCURRENCES = 4
#: how far ahead a visit to a place can be asked for
PLACE_DAYS_AHEAD = 28
MEETING_POINT_MAX = 120
NOTE_MAX = 500
REASON_MAX = 300
#: when both sides are reminded, before the start
REMINDER_LEAD = timedelta(hours=2)

# a street name with a number ("Storgata 12", "Kongens gate 5 B", "Main Street 4"), a postcode
# with a town ("5003 Bergen"), a flat number ("H0203"), or words that mean someone's home
_STREET = re.compile(
    r"\w*(gate|gata|gaten|vei|veien|veg|vegen|vn|gt|allé|alle|alléen|plass|plassen|sti|stien|"
    r"bakken|svingen|ringen|terrasse|tunet|lia|haugen|street|st|road|rd|avenue|ave|lane|way|"
    r"strasse|straße)\.?\s*\d{1,4}\s*[a-zA-Z]?\b",
    re.IGNORECASE,
)
_POSTCODE = re.compile(r"\b\d{4}\s+[A-ZÆØÅ][a-zæøå]+")
_FLAT = re.compile(r"\bH0\d{3}\b", re.IGNORECASE)
_HOME_WORDS = re.compile(
    r"\b(hjemme|heime|hjem|heim|hjemmet|heimen|hjemmeadresse|heimeadresse|leilighet\w*|"
    r"leilegheit\w*|hybel\w*|min adresse|mi adresse|adressen min|adressa mi|hos meg|"
    r"home|my address|my flat|my apartment|my place|my house)\b",
    re.IGNORECASE,
)


def meeting_point_problem(text: Any) -> str | None:
    """Why a meeting point cannot be used (empty, too long, or like a home address), or ``None``."""
    if not isinstance(text, str) or not text.strip():
        return _("Say where to meet: at the door, or a named spot near it.")
    if len(text.strip()) > MEETING_POINT_MAX:
        return _("Keep the meeting point under %(num)d characters.", num=MEETING_POINT_MAX)
    if any(p.search(text) for p in (_STREET, _POSTCODE, _FLAT, _HOME_WORDS)):
        return _(
            "This looks like a home address. Meet at the door, or at a named spot near it such "
            "as a café, a bus stop or a square, so that nobody's home is shared."
        )
    return None


def note_problem(note: Any) -> str | None:
    """Why the optional note cannot be used, or ``None``."""
    if note is None or note == "":
        return None
    if not isinstance(note, str):
        return _("The note must be text.")
    if len(note) > NOTE_MAX:
        return _("Keep the note under %(num)d characters.", num=NOTE_MAX)
    return None


def reason_problem(reason: Any) -> str | None:
    """Why a reason for cancelling cannot be used, or ``None``."""
    if not isinstance(reason, str) or not reason.strip():
        return _("Say briefly why, so the other person knows.")
    if len(reason) > REASON_MAX:
        return _("Keep the reason under %(num)d characters.", num=REASON_MAX)
    return None


def outcome_problem(outcome: Any) -> str | None:
    """Why an answer to "how did it go" cannot be used, or ``None``."""
    if outcome not in COMPANION_OUTCOMES:
        return _("Choose one of the answers.")
    return None


def occurrences(meeting: Meeting, now: datetime, count: int = OCCURRENCES) -> list[datetime]:
    """The meeting's next ``count`` starts after ``now``, in UTC (summer time counted)."""
    starts: list[datetime] = []
    instant = now + timedelta(minutes=1)
    for _step in range(count):
        local = next_start(meeting.day, meeting.time, meeting.timezone, instant)
        starts.append(local.astimezone(UTC))
        instant = local + timedelta(days=1)
    return starts


def read_moment(value: Any) -> datetime | None:
    """An ISO 8601 date and time with its offset, in UTC; ``None`` when it is not one."""
    if not isinstance(value, str):
        return None
    try:
        moment = datetime.fromisoformat(value.strip())
    except ValueError:
        return None
    if moment.tzinfo is None:
        return None
    return moment.astimezone(UTC)


def status_at(request: CompanionRequest, now: datetime) -> str:
    """The request's status at ``now``: an open one whose start has come is expired, whether or
    not the worker's round has written that yet."""
    if request.status == "open" and request.starts_at <= now:
        return "expired"
    return request.status


def at_the_door() -> str:
    """The words for meeting at the door, in the reader's language."""
    return _("At the door")


def shown_meeting_point(text: str) -> str:
    """The meeting point as the reader reads it: "at the door", asked in any of our languages,
    in the reader's own; a named spot as the client wrote it."""
    door = set()
    for language in ("nb", "nn", "en"):
        with force_locale(language):
            door.add(at_the_door())
    return at_the_door() if text in door else text
