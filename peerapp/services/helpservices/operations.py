"""What a steward does to a help service, each as one operation the page and the API share: add,
correct, "still true today", archive, and the stale-first list. Each takes the acting user, checks
they may steward services (and a limited peer's regions), writes, audits and commits."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from peerapp.extensions import utcnow
from peerapp.models.helpservices import HelpService
from peerapp.models.people import User
from peerapp.services.errors import NotAllowed, NotFound
from peerapp.services.helpservices import describe, edits
from peerapp.services.stewardship import care_list, limits, listings
from peerapp.services.unit import unit_of_work
from peerapp.words import _

#: who keeps help services true: the one place to add a role (``municipal``, when it exists)
SERVICE_STEWARD_ROLES = ("peer", "admin", "municipal")


def may_steward(user: User | None) -> bool:
    """Whether ``user`` may add, correct, verify and archive help services."""
    return user is not None and user.role in SERVICE_STEWARD_ROLES


def _check(actor: User, service: HelpService | None, location: dict[str, Any] | None) -> None:
    """Raise ``NotAllowed`` unless ``actor`` stewards services, and ``OutsideLimits`` for a peer
    limited to regions the service (as stored, or as it is to be) is not in."""
    if not may_steward(actor):
        raise NotAllowed(_("Only municipal staff, peer workers and admins can change services."))
    if service is not None:
        limits.check(actor, None, service.region, service.city)
    if location is not None:
        limits.check(actor, None, location.get("region"), location.get("city"))


def check_service(actor: User, service: HelpService | None = None) -> None:
    """Raise ``NotAllowed`` unless ``actor`` may change ``service`` (or add one): the form to add
    or correct a service asks before it is shown."""
    _check(actor, service, None)


def find_listed_service(service_id: int) -> HelpService:
    """The service, if it is listed; ``NotFound`` when there is none or it was archived."""
    service = describe.find_service(service_id)
    if service is None or service.archived_at is not None:
        raise NotFound(_("We could not find that service."))
    return service


def add_service(actor: User, body: dict[str, Any]) -> HelpService:
    """Add a service from what a steward sent (the API's shape): all of it, or
    ``ValidationError`` naming every bad field."""
    _check(actor, None, None)
    fields = edits.read_service(body)
    _check(actor, None, fields.location)
    with unit_of_work():
        service = edits.create_service(actor, fields)
    return service


def correct_service(
    actor: User,
    service_id: int,
    body: dict[str, Any],
    *,
    expected_version: listings.Version = None,
) -> HelpService:
    """Change the fields ``body`` sends (lists replaced whole), audited with before and after;
    ``Conflict`` when ``expected_version`` is given and someone saved the service meanwhile."""
    with unit_of_work():
        _check(actor, None, None)
        service = find_listed_service(service_id)
        listings.check_version(service, expected_version)
        fields = edits.read_service(body, current=service)
        _check(actor, service, fields.location)
        edits.update_service(actor, service, fields)
    return service


def verify_service(actor: User, service_id: int, now: datetime | None = None) -> HelpService:
    """The listed service is still true today, says ``actor``; audited."""
    with unit_of_work():
        service = find_listed_service(service_id)
        _check(actor, service, None)
        listings.verify(actor, service, "help_service", now or utcnow())
    return service


def archive_service(actor: User, service_id: int, now: datetime | None = None) -> HelpService:
    """Take the service out of search and off its page (already archived: nothing changes)."""
    with unit_of_work():
        service = describe.find_service(service_id)
        if service is None:
            raise NotFound(_("We could not find that service."))
        _check(actor, service, None)
        listings.archive(actor, service, "help_service", now or utcnow())
    return service


def services_to_look_after(
    actor: User, text: str = "", page: int = 1, now: datetime | None = None
) -> care_list.CareList:
    """Listed services matching ``text`` (name, town, municipality or postal code), those with
    an unsettled report of a problem first, then the least recently checked: the list places
    have."""
    _check(actor, None, None)
    searched = (
        HelpService.name,
        HelpService.city,
        HelpService.municipality,
        HelpService.postal_code,
    )
    return care_list.to_look_after(HelpService, searched, text, page, now, report_kind="service")
