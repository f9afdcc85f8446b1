"""A path for relatives: meetings for families, relatives' support services, helplines and the
peers who say they talk with relatives, gathered for one page."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peerapp.extensions import utcnow
from peerapp.models.peers import PeerProfile
from peerapp.models.people import User
from peerapp.services.helpservices.search import ServiceQuery, ServiceResult, search_services
from peerapp.services.meetings.search import MeetingQuery, SearchResult, search_meetings
from peerapp.services.peers.profiles import shown_profiles
from peerapp.words import LazyString, _l

#: fellowships for the families and friends of someone who drinks or uses, and for those who
#: grew up with it
FAMILY_FELLOWSHIPS = ("al-anon", "nar-anon", "aca")
#: the help-service category for relatives
RELATIVES_CATEGORY = "relatives_support"
#: how many meetings and services the page shows before linking to the whole list
SHOWN = 5


@dataclass(frozen=True)
class Helpline:
    """A phone line a relative can call: its number, who answers and when."""

    number: str
    name: LazyString
    note: LazyString


#: general lines that also answer relatives (the same numbers as the crisis help page); the
#: relatives' centres near you, with their own numbers, are among the support services
HELPLINES = (
    Helpline(
        "116 123",
        _l("Mental Helse helpline"),
        _l("Someone to talk to, day and night. Anonymous. Relatives may call too."),
    ),
    Helpline(
        "22 40 00 40",
        _l("Kirkens SOS crisis line"),
        _l("Someone to talk to when life is hard, day and night."),
    ),
)


@dataclass(frozen=True)
class RelativesPath:
    """What the relatives' page shows."""

    meetings: SearchResult
    services: ServiceResult
    peers: list[PeerProfile]
    helplines: tuple[Helpline, ...]
    now: datetime


def relatives_path(viewer: User | None, now: datetime | None = None) -> RelativesPath:
    """The next meetings for families, relatives' support services, the helplines and the peers
    who talk with relatives (those taking requests first; a viewer's blocked peers left out)."""
    now = now or utcnow()
    meetings = search_meetings(
        MeetingQuery(fellowships=FAMILY_FELLOWSHIPS, limit=SHOWN, sort="time", now=now)
    )
    services = search_services(ServiceQuery(categories=(RELATIVES_CATEGORY,), limit=SHOWN, now=now))
    peers = shown_profiles(viewer, relatives=True)
    return RelativesPath(meetings, services, peers, HELPLINES, now)
