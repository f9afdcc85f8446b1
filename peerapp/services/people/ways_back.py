"""What My account shows of one's ways back in: passkeys, recovery codes and come-back keys."""

from __future__ import annotations

from dataclasses import dataclass, field

from peerapp.models.access import ComeBackKey, Passkey
from peerapp.models.people import User
from peerapp.services.people import passkeys, reset
from peerapp.services.readmission import come_back_keys


@dataclass(frozen=True)
class WaysBack:
    """One's passkeys, unused recovery codes, and (enrolled clients) come-back keys."""

    passkeys: list[Passkey]
    recovery_codes_left: int
    come_back_keys: list[ComeBackKey] = field(default_factory=list)
    may_keep_button: bool = False


def ways_back(user: User) -> WaysBack:
    """Everything My account lists about getting back in."""
    enrolled = user.role == "client" and user.clinic_id is not None
    return WaysBack(
        passkeys=passkeys.passkeys_of(user),
        recovery_codes_left=reset.recovery_codes_left(user),
        come_back_keys=come_back_keys.keys_of(user) if enrolled else [],
        may_keep_button=enrolled,
    )
