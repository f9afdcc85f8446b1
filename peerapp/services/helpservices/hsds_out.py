"""Our help services in Open Referral HSDS 3.0 (the ``service.json`` shape, with organisation,
phones, schedules and the service at its location), so municipalities and other directories can
reuse them. Identifiers are stable: the service's ``uid``, and for its parts UUIDs derived from it.

How our fields travel: the category, how to get in, referral, cost and "closed on holidays" are
attributes of the taxonomy ``peerapp``; weekly hours are WEEKLY schedules (one per day), a dated
exception a schedule valid on that one date (without ``opens_at``: closed all day); the
municipality is the address's ``region``, the county its ``state_province``.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db
from peerapp.models.helpservices import HelpService
from peerapp.services import openhours as oh
from peerapp.services.helpservices.describe import CATEGORY_LABELS, hours_of

TAXONOMY = "peerapp"
BYDAY = ("SU", "MO", "TU", "WE", "TH", "FR", "SA")


def part_id(service_uid: str, part: str) -> str:
    """A stable UUID for one part (a phone, a schedule...) of the service ``service_uid``."""
    try:
        namespace = uuid.UUID(service_uid)
    except ValueError:
        namespace = uuid.uuid5(uuid.NAMESPACE_URL, service_uid)
    return str(uuid.uuid5(namespace, part))


def _attribute(uid: str, code: str, name: str) -> dict[str, Any]:
    term = str(uuid.uuid5(uuid.NAMESPACE_URL, f"peerapp:{code}"))
    return {
        "id": part_id(uid, f"attribute:{code}"),
        "taxonomy_term_id": term,
        "link_type": "service",
        "value": code,
        "taxonomy_term": {
            "id": term,
            "code": code,
            "name": name,
            "description": name,
            "taxonomy": TAXONOMY,
        },
    }


def _attributes(service: HelpService) -> list[dict[str, Any]]:
    uid = service.uid
    codes = [
        (f"category:{service.category}", str(CATEGORY_LABELS[service.category])),
        (f"access:{service.access}", service.access),
        (f"cost:{service.cost}", service.cost),
        (f"referral:{'required' if service.referral_required else 'none'}", "referral"),
    ]
    if service.closed_on_holidays:
        codes.append(("holidays:closed", "closed on public holidays"))
    return [_attribute(uid, code, name) for code, name in codes]


def _schedules(service: HelpService) -> list[dict[str, Any]]:
    uid = service.uid
    hours = hours_of(service)
    schedules: list[dict[str, Any]] = [
        {
            "id": part_id(uid, f"schedule:{r.day}:{r.opens}:{r.closes}"),
            "service_id": uid,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": BYDAY[r.day],
            "opens_at": oh.format_clock(r.opens),
            "closes_at": oh.format_clock(r.closes),
        }
        for r in hours.weekly
    ]
    for exception in hours.exceptions:
        on = exception.on.isoformat()
        item: dict[str, Any] = {
            "id": part_id(uid, f"exception:{on}"),
            "service_id": uid,
            "valid_from": on,
            "valid_to": on,
            "description": "closed" if exception.closed else "special hours",
        }
        if not exception.closed:
            item["opens_at"] = oh.format_clock(exception.opens or 0)
            item["closes_at"] = oh.format_clock(exception.closes or 0)
        schedules.append(item)
    return schedules


def _location(service: HelpService) -> dict[str, Any]:
    uid = service.uid
    location: dict[str, Any] = {
        "id": part_id(uid, "location"),
        "location_type": "physical",
        "name": service.venue or service.name,
        "latitude": service.latitude,
        "longitude": service.longitude,
        "addresses": [
            {
                "id": part_id(uid, "address"),
                "address_1": service.address or "",
                "city": service.city or "",
                "region": service.municipality or "",
                "state_province": service.region or "",
                "postal_code": service.postal_code or "",
                "country": service.country or "NO",
                "address_type": "physical",
            }
        ],
        "accessibility": [],
    }
    if service.accessibility:
        location["accessibility"].append(
            {"id": part_id(uid, "accessibility"), "description": service.accessibility}
        )
    return location


def service_to_hsds(service: HelpService) -> dict[str, Any]:
    """One service in HSDS 3.0; it validates against the compiled ``service.json`` schema."""
    uid = service.uid
    body: dict[str, Any] = {
        "id": uid,
        "name": service.name,
        "description": service.description or "",
        "status": "inactive" if service.archived_at else "active",
        "last_modified": service.updated_at.isoformat(),
        "phones": [
            {
                "id": part_id(uid, f"phone:{index}"),
                "service_id": uid,
                "number": phone.number,
                "description": phone.description or "",
            }
            for index, phone in enumerate(service.phones)
        ],
        "languages": [
            {"id": part_id(uid, f"language:{code}"), "service_id": uid, "code": code}
            for code in service.languages or []
        ],
        "attributes": _attributes(service),
        "schedules": _schedules(service),
        "service_at_locations": [
            {
                "id": part_id(uid, "service_at_location"),
                "service_id": uid,
                "location": _location(service),
            }
        ],
    }
    for key, value in (
        ("url", service.url),
        ("email", service.email),
        ("eligibility_description", service.eligibility),
        ("fees_description", service.cost_note),
    ):
        if value:
            body[key] = value
    organisation = service.organisation
    if organisation is not None:
        body["organization_id"] = organisation.uid
        body["organization"] = {
            "id": organisation.uid,
            "name": organisation.name,
            "description": organisation.description or "",
        }
        if organisation.url:
            body["organization"]["website"] = organisation.url
    return body


@dataclass(frozen=True)
class HsdsPage:
    """One page of our listed services in HSDS, and how many there are in all."""

    services: list[dict[str, Any]]
    total: int
    page: int
    size: int


def published_page(page: int = 1, size: int = 50) -> HsdsPage:
    """Listed services in HSDS, by id, ``size`` to a page."""
    listed = sa.select(HelpService).where(HelpService.archived_at.is_(None))
    total = int(db.session.scalar(sa.select(sa.func.count()).select_from(listed.subquery())) or 0)
    rows = db.session.scalars(
        listed.order_by(HelpService.id).offset((page - 1) * size).limit(size).options(*_LOADED)
    )
    return HsdsPage([service_to_hsds(s) for s in rows], total, page, size)


def published_service(uid: str) -> dict[str, Any] | None:
    """The listed service with this HSDS id, in HSDS; ``None`` when there is none."""
    if not 0 < len(uid) <= 36:
        return None
    service = db.session.scalar(
        sa.select(HelpService)
        .where(HelpService.uid == uid, HelpService.archived_at.is_(None))
        .options(*_LOADED)
    )
    return service_to_hsds(service) if service is not None else None


_LOADED = (
    selectinload(HelpService.hours),
    selectinload(HelpService.exceptions),
    selectinload(HelpService.phones),
    selectinload(HelpService.organisation),
)
