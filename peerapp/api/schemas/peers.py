"""Peers: the public profiles, and a client's contact request."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, SkipValidation

from peerapp.api.schemas.base import ApiModel, absent, one_of
from peerapp.api.schemas.meetings import DateTime
from peerapp.services.peers.contact import MAX_MESSAGE_LENGTH
from peerapp.services.peers.profiles import LANGUAGES
from peerapp.services.vocabularies import CHANNELS, CONTACT_STATUSES

Channel = Annotated[str, one_of(CHANNELS)]


class PeerProfile(ApiModel):
    """A peer worker's public profile."""

    id: int = Field(description="The profile's id (peer_id when asking).")
    display_name: str
    languages: list[Annotated[str, one_of(LANGUAGES)]]
    regions: list[str]
    fellowships: list[str]
    availability: str
    about: str = absent()
    paused: bool = absent(description="Taking no new requests now.")
    talks_with_relatives: bool = absent(
        description="The peer talks with relatives too (and not only with people who use)."
    )


class PeerSearch(ApiModel):
    """The peer list's query (checked by the profile rules, which name a bad value)."""

    relatives: Literal["true", "false", "1", "0"] = absent(
        description="`true` keeps only peers who talk with relatives."
    )


class PeerList(ApiModel):
    """The profiles, those taking requests first."""

    peers: list[PeerProfile]


class NewContactRequest(ApiModel):
    """A client asks a peer to get in touch. (The contact rules check each field.)"""

    peer_id: SkipValidation[int | None] = absent(
        description="A profile id from GET /api/v1/peers; none: anyone free."
    )
    message: SkipValidation[str] = absent(max_length=MAX_MESSAGE_LENGTH)
    channel: SkipValidation[Channel] = absent()
    phone: SkipValidation[str | None] = absent(description="Needed for phone and sms.")
    documented_required = ("message", "channel")


class ContactRequest(ApiModel):
    """A contact request as its client sees it."""

    id: int
    status: Annotated[str, one_of(CONTACT_STATUSES)]
    channel: Channel
    created_at: DateTime
