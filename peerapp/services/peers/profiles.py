"""Peer profiles: what a peer fills in, and the profiles shown only while switched on."""

from __future__ import annotations

from dataclasses import dataclass

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.peers import (
    PeerBlock,
    PeerProfile,
)
from peerapp.models.people import User
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.meetings.vocabulary import FELLOWSHIPS
from peerapp.services.unit import unit_of_work
from peerapp.words import _

LANGUAGES = ("nb", "nn", "en", "se", "pl", "ar", "so", "ti", "uk")


@dataclass(frozen=True)
class ProfileSpec:
    """A profile as the peer fills it in."""

    display_name: str
    languages: tuple[str, ...] = ()
    regions: tuple[str, ...] = ()
    fellowships: tuple[str, ...] = ()
    availability: str = ""
    about: str = ""
    visible: bool = False
    paused: bool = False
    talks_with_relatives: bool = False


def profile_problems(spec: ProfileSpec) -> dict[str, str]:
    """A translated message for each field of the profile that cannot be used."""
    errors: dict[str, str] = {}
    if not spec.display_name.strip() or len(spec.display_name) > 80:
        errors["display_name"] = _("Give a name of 1 to 80 characters.")
    if unknown := set(spec.languages) - set(LANGUAGES):
        errors["languages"] = _("Unknown language: %(codes)s.", codes=", ".join(sorted(unknown)))
    if unknown := set(spec.fellowships) - set(FELLOWSHIPS):
        errors["fellowships"] = _(
            "Unknown fellowship: %(codes)s.", codes=", ".join(sorted(unknown))
        )
    if len(spec.regions) > 10 or any(len(r) > 60 for r in spec.regions):
        errors["regions"] = _("Give at most 10 regions, each under 60 characters.")
    if len(spec.availability) > 200:
        errors["availability"] = _("Keep this under %(num)d characters.", num=200)
    if len(spec.about) > 1000:
        errors["about"] = _("Keep this under %(num)d characters.", num=1000)
    return errors


def profile_of(peer: User) -> PeerProfile | None:
    """The peer's own profile, shown or not."""
    return db.session.scalars(sa.select(PeerProfile).where(PeerProfile.user_id == peer.id)).first()


def save_profile(peer: User, spec: ProfileSpec) -> PeerProfile:
    """Create or update the peer's profile; raises ``ValidationError``."""
    if peer.role != "peer":
        raise NotAllowed
    if errors := profile_problems(spec):
        raise ValidationError(errors)
    with unit_of_work() as session:
        profile = profile_of(peer)
        if profile is None:
            profile = PeerProfile(user_id=peer.id)
            session.add(profile)
        profile.display_name = spec.display_name.strip()
        profile.languages = list(dict.fromkeys(spec.languages))
        profile.regions = [r.strip() for r in spec.regions if r.strip()]
        profile.fellowships = list(dict.fromkeys(spec.fellowships))
        profile.availability = spec.availability.strip()
        profile.about = spec.about.strip()
        profile.visible, profile.paused = spec.visible, spec.paused
        profile.talks_with_relatives = spec.talks_with_relatives
        profile.updated_at = utcnow()
    return profile


def read_relatives_flag(raw: str | None) -> bool:
    """The ``relatives`` filter of the peer list: ``true``/``1`` or ``false``/``0`` (or none);
    raises ``ValidationError`` for anything else."""
    value = (raw or "").strip().lower()
    if value in ("", "false", "0"):
        return False
    if value in ("true", "1"):
        return True
    raise ValidationError({"relatives": _("Use true or false.")})


def shown_profiles(
    viewer: User | None = None,
    region: str | None = None,
    language: str | None = None,
    fellowship: str | None = None,
    relatives: bool = False,
) -> list[PeerProfile]:
    """Profiles switched on, by name; a client does not see peers they blocked. ``relatives``
    keeps only the peers who say they talk with relatives."""
    query = (
        sa.select(PeerProfile)
        .join(User, User.id == PeerProfile.user_id)
        .where(PeerProfile.visible, User.is_active, User.role == "peer")
        .order_by(PeerProfile.paused, PeerProfile.display_name)
    )
    if viewer is not None and viewer.role in ("client", "relative"):
        blocked = sa.select(PeerBlock.peer_id).where(PeerBlock.client_id == viewer.id)
        query = query.where(PeerProfile.user_id.not_in(blocked))
    profiles = list(db.session.scalars(query))
    if region:
        wanted = region.strip().casefold()
        profiles = [p for p in profiles if any(wanted in r.casefold() for r in p.regions)]
    if language:
        profiles = [p for p in profiles if language in p.languages]
    if fellowship:
        profiles = [p for p in profiles if fellowship in p.fellowships]
    if relatives:
        profiles = [p for p in profiles if p.talks_with_relatives]
    return profiles


def shown_profile(profile_id: int, viewer: User | None = None) -> PeerProfile | None:
    """One profile, if it is switched on (and the viewer has not blocked its peer)."""
    return next((p for p in shown_profiles(viewer) if p.id == profile_id), None)
