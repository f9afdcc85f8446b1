"""What a client asks for company to: a meeting (one of its next times), a sober place (a day and
time within four weeks) or an event (one of its next times)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from peerapp.extensions import db
from peerapp.models.events import Event
from peerapp.models.meetings import Meeting
from peerapp.models.places import Place
from peerapp.services.companion import rules
from peerapp.services.errors import NotFound, ValidationError
from peerapp.services.events import rules as event_rules
from peerapp.words import _

NAMES = ("meeting_id", "place_id", "event_id")


@dataclass(frozen=True)
class Target:
    """The meeting, place or event, with what a request copies from it."""

    meeting: Meeting | None = None
    place: Place | None = None
    event: Event | None = None

    @property
    def key(self) -> str:
        """ "meeting:12", "place:3" or "event:5"."""
        if self.meeting is not None:
            return f"meeting:{self.meeting.id}"
        if self.place is not None:
            return f"place:{self.place.id}"
        return f"event:{self.event.id}"  # type: ignore[union-attr]

    @property
    def name(self) -> str:
        """Its name or title."""
        if self.meeting is not None:
            return self.meeting.name
        if self.place is not None:
            return self.place.name
        return self.event.title if self.event is not None else ""

    @property
    def zone(self) -> str:
        """The time zone its times are written in."""
        if self.meeting is not None:
            return self.meeting.timezone
        return self.event.timezone if self.event is not None else "Europe/Oslo"

    def copied(self) -> dict[str, Any]:
        """The columns a request copies, so that peers' limits filter without joins."""
        location = self.meeting.location if self.meeting is not None else None
        source: Any = location or self.place or self.event
        return {
            "meeting_id": self.meeting.id if self.meeting else None,
            "place_id": self.place.id if self.place else None,
            "event_id": self.event.id if self.event else None,
            "target": self.key,
            "fellowship": self.meeting.fellowship if self.meeting else None,
            "region": getattr(source, "region", None),
            "city": getattr(source, "city", None),
        }

    def choices(self, now: datetime) -> list[datetime]:
        """The times to choose from, in UTC (none for a place: a day and time are typed)."""
        if self.meeting is not None:
            return rules.occurrences(self.meeting, now)
        if self.event is not None:
            starts = event_rules.occurrences(
                self.event, now, now + timedelta(days=rules.PLACE_DAYS_AHEAD), limit=8
            )
            return [s.astimezone(UTC) for s in starts if s > now][: rules.OCCURRENCES]
        return []

    def check_time(self, starts_at: datetime | None, now: datetime) -> datetime:
        """``starts_at`` when it is ahead and one of the times; ``ValidationError`` else."""
        if starts_at is None:
            raise ValidationError(
                {
                    "starts_at": _(
                        "Give a date and time with its offset, such as 2026-12-03T19:00+01:00."
                    )
                }
            )
        if starts_at <= now:
            raise ValidationError({"starts_at": _("This time has passed. Choose a time ahead.")})
        if self.place is None and starts_at not in self.choices(now):
            raise ValidationError(
                {"starts_at": _("The meeting does not start then. Choose one of its next times.")}
            )
        if self.place is not None and starts_at > now + timedelta(days=rules.PLACE_DAYS_AHEAD):
            raise ValidationError(
                {"starts_at": _("Choose a time within %(num)d days.", num=rules.PLACE_DAYS_AHEAD)}
            )
        return starts_at


def _whole_id(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and 0 < value < 2**31


def target_of(body: dict[str, Any]) -> Target:
    """The one meeting, place or event ``body`` names; ``ValidationError`` for none or several,
    ``NotFound`` for one not listed, and an online-only meeting or event is refused."""
    named = [name for name in NAMES if body.get(name) is not None]
    if len(named) != 1 or not _whole_id(body[named[0]]):
        raise ValidationError({"meeting_id": _("Choose one meeting or one place.")})
    name, value = named[0], body[named[0]]
    if name == "meeting_id":
        meeting = db.session.get(Meeting, value)
        if meeting is None or meeting.archived_at is not None:
            raise NotFound(_("This meeting is no longer listed."))
        if meeting.attendance_option == "online":
            raise ValidationError(
                {"meeting_id": _("This meeting is only online: there is no door to meet at.")}
            )
        return Target(meeting=meeting)
    if name == "place_id":
        place = db.session.get(Place, value)
        if place is None or place.archived_at is not None:
            raise NotFound(_("This place is no longer listed."))
        return Target(place=place)
    event = db.session.get(Event, value)
    if event is None or event.archived_at is not None:
        raise NotFound(_("We could not find that event."))
    if event.latitude is None and not event.city:
        raise ValidationError(
            {"event_id": _("This event is only online: there is no door to meet at.")}
        )
    return Target(event=event)
