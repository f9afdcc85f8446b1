"""What a rule says when it refuses: domain errors the web layer turns into a page's message or an
RFC 9457 problem, and a command into a non-zero exit. They know nothing of HTTP."""

from __future__ import annotations

from datetime import datetime
from typing import Any


class DomainError(Exception):
    """A rule refused an operation; ``message`` says why in the reader's language."""

    def __init__(self, message: Any = "") -> None:
        super().__init__(str(message))
        self.message = message


class ValidationError(DomainError):
    """Bad input: ``errors`` maps each offending field to a translated message."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


class NotFound(DomainError):
    """What was asked for does not exist, or is not there for this user to see."""


class NotAllowed(DomainError):
    """This user may not do that (a role, a peer's limits, someone else's record)."""


class Conflict(DomainError):
    """Someone saved the same record meanwhile: ``saved_at`` is when, so the user can look again.

    Raised by an edit whose ``expected_version`` (the record's ``updated_at`` as the user saw it)
    no longer matches what is stored; saving again with the new version is then deliberate.
    """

    def __init__(self, saved_at: datetime, message: Any = "") -> None:
        super().__init__(message)
        self.saved_at = saved_at


class Throttled(DomainError):
    """Too many wrong passwords or codes for this account, address or device: wait a minute."""
