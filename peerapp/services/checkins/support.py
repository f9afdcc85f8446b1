"""When a day is hard: an online meeting starting soon, peers one can ask and something to do this
week, without alarm."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from peerapp.models.peers import PeerProfile
from peerapp.models.people import User
from peerapp.services.checkins import trend
from peerapp.services.checkins.daily import OSLO
from peerapp.services.events.operations import FoundEvent, coming_this_week
from peerapp.services.meetings.search import MeetingHit, MeetingQuery, search_meetings
from peerapp.services.peers import profiles

#: how far ahead "starting soon" looks when a day is hard
SOON_MINUTES = 120
#: how many peers are offered
PEERS_OFFERED = 2
#: how many of this week's events are offered
EVENTS_OFFERED = 2


@dataclass
class Support:
    """What a hard day brings up: an online meeting starting soon, and peers one can ask."""

    meeting: MeetingHit | None
    peers: list[PeerProfile]
    #: the next things to do this week (a walk, a café evening), something to go to
    events: list[FoundEvent] = field(default_factory=list)

    @property
    def starts_here(self) -> datetime | None:
        """When the meeting starts on the Norwegian clock (online ones may be held elsewhere)."""
        return self.meeting.starts_at.astimezone(OSLO) if self.meeting else None


def support_for(me: User) -> Support | None:
    """For a person whose craving or mood says the day is hard; ``None`` otherwise.

    An online meeting can be joined from wherever the person is, so one starting soon is shown
    without asking where they are; meetings in person nearby are a tap away in the finder.
    """
    if not trend.needs_support(me):
        return None
    hits = search_meetings(
        MeetingQuery(starting_within=SOON_MINUTES, attendance="online", limit=1)
    ).hits
    reachable = [
        profile
        for profile in profiles.shown_profiles(viewer=me)
        if not profile.paused and profile.user_id != me.id  # a peer checking in is not offered
    ]
    return Support(
        hits[0] if hits else None, reachable[:PEERS_OFFERED], coming_this_week(EVENTS_OFFERED)
    )
