"""Reading Open Referral HSDS 3.0 services: a paginated list (``contents``), a plain list, or one
service. Each record is turned into what a steward would send (the API's shape) and checked by
the same rules, so a record that cannot be read is refused with a reason per field and nothing of
it is written; the others are added, or update the service with the same ``id``. A record whose
fields equal what is stored changes nothing (re-importing our own export is a no-op)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import selectinload

from peerapp.extensions import db
from peerapp.models.helpservices import SERVICE_CATEGORIES, HelpService
from peerapp.models.people import User
from peerapp.services import openhours as oh
from peerapp.services.errors import ValidationError
from peerapp.services.helpservices import edits
from peerapp.services.helpservices.hsds_out import BYDAY
from peerapp.services.unit import unit_of_work
from peerapp.words import _

MAX_RECORDS = 100_000
#: the categories a default for records that name none may be (``import-services --category``)
CATEGORIES = SERVICE_CATEGORIES
UID_MAX = 36
#: a range closing before it opens runs past midnight; longer than this it is a mistake
MAX_OVERNIGHT_MINUTES = 18 * 60


class UnreadableFile(Exception):
    """The file is not JSON, or not an HSDS service list or service."""


@dataclass
class Rejected:
    """A record that was not imported, and why."""

    index: int
    record_id: str
    reason: str


@dataclass
class ImportReport:
    """What an import did."""

    added: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: list[Rejected] = field(default_factory=list)


def records_of(raw: bytes) -> list[Any]:
    """The service records of an HSDS file; ``UnreadableFile`` when it is not one."""
    try:
        document = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise UnreadableFile(str(error)) from error
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        records = document["contents"]
    elif isinstance(document, list):
        records = document
    elif isinstance(document, dict) and "id" in document and "name" in document:
        records = [document]
    else:
        raise UnreadableFile("neither an HSDS service, a list of services nor a paginated list")
    if len(records) > MAX_RECORDS:
        raise UnreadableFile(f"more than {MAX_RECORDS} services")
    return records


def _clock(raw: Any) -> str | None:
    """``HH:MM`` of an HSDS ``HH:MM`` or ``HH:MM:SS`` time."""
    if isinstance(raw, str) and len(raw) in (5, 8):
        return raw[:5]
    return None


def _attribute_codes(record: dict[str, Any]) -> dict[str, str]:
    codes: dict[str, str] = {}
    for attribute in record.get("attributes") or []:
        term = attribute.get("taxonomy_term") if isinstance(attribute, dict) else None
        code = (term or {}).get("code") if isinstance(term, dict) else None
        if isinstance(code, str) and ":" in code:
            key, value = code.split(":", 1)
            codes.setdefault(key, value)
        elif isinstance(code, str) and code in SERVICE_CATEGORIES:
            codes.setdefault("category", code)
    return codes


def _schedules(record: dict[str, Any], errors: dict[str, str]) -> tuple[list[Any], list[Any]]:
    """Weekly ranges and dated exceptions in the API's shape, from HSDS schedules."""
    weekly: list[dict[str, Any]] = []
    exceptions: list[dict[str, Any]] = []
    for index, schedule in enumerate(record.get("schedules") or []):
        name = f"schedules[{index}]"
        if not isinstance(schedule, dict):
            errors[name] = _("Not a schedule.")
            continue
        opens, closes = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
        if schedule.get("freq") == "WEEKLY":
            days = str(schedule.get("byday") or "").split(",")
            if not days or any(day.strip() not in BYDAY for day in days):
                errors[f"{name}.byday"] = _("Give the days as MO, TU, WE, TH, FR, SA, SU.")
                continue
            if opens == closes == "00:00":  # HSDS writes a whole day as 00:00 to 00:00
                closes = "24:00"
            opens_at = oh.parse_clock(opens)
            closes_at = oh.parse_clock(closes, end=True)
            if opens_at is not None and closes_at is not None and closes_at < opens_at:
                if closes_at + oh.MINUTES_PER_DAY - opens_at > MAX_OVERNIGHT_MINUTES:
                    errors[f"{name}.closes_at"] = _(
                        "Closes at %(closes)s, before it opens at %(opens)s.",
                        closes=closes,
                        opens=opens,
                    )
                    continue
            for day in days:
                weekly.append({"day": BYDAY.index(day.strip()), "opens": opens, "closes": closes})
        elif schedule.get("valid_from") and schedule.get("valid_from") == schedule.get("valid_to"):
            on = schedule["valid_from"]
            if opens is None and closes is None:
                exceptions.append({"date": on, "closed": True})
            else:
                exceptions.append({"date": on, "opens": opens, "closes": closes})
        else:
            errors[name] = _("Only weekly schedules and single dates can be read.")
    return weekly, exceptions


def _location(record: dict[str, Any]) -> dict[str, Any] | None:
    places = record.get("service_at_locations") or []
    if not places or not isinstance(places[0], dict):
        return None
    location = places[0].get("location")
    if not isinstance(location, dict):
        return None
    addresses = location.get("addresses") or [{}]
    address = addresses[0] if isinstance(addresses[0], dict) else {}
    body: dict[str, Any] = {
        "name": location.get("name"),
        "address": address.get("address_1") or None,
        "city": address.get("city") or None,
        "postal_code": address.get("postal_code") or None,
        "municipality": address.get("region") or None,
        "region": address.get("state_province") or None,
        "country": address.get("country") or None,
    }
    if "latitude" in location or "longitude" in location:
        body["latitude"], body["longitude"] = location.get("latitude"), location.get("longitude")
    return body


def _accessibility(record: dict[str, Any]) -> str | None:
    places = record.get("service_at_locations") or [{}]
    location = (places[0] or {}).get("location") if isinstance(places[0], dict) else None
    items = (location or {}).get("accessibility") or []
    texts = [i.get("description") for i in items if isinstance(i, dict) and i.get("description")]
    return texts[0] if texts else None


def read_record(
    record: Any, default_category: str | None = None
) -> tuple[str, str | None, edits.ServiceFields]:
    """(uid, organisation uid, fields) of one HSDS service; ``ValidationError`` names each
    fault in the record's own terms where they are HSDS's, else in the API's.

    ``default_category`` is the category of a record that names none of ours (no attribute
    ``category:<code>`` nor a bare code of ours; another directory's taxonomy terms are not
    ours); a record naming an unknown ``category:`` is still refused."""
    if not isinstance(record, dict):
        raise ValidationError({"record": _("Not an HSDS service.")})
    errors: dict[str, str] = {}
    uid = record.get("id")
    if not isinstance(uid, str) or not uid.strip() or len(uid) > UID_MAX:
        errors["id"] = _("Give the service an id of at most %(num)d characters.", num=UID_MAX)
    codes = _attribute_codes(record)
    if "category" not in codes and default_category is not None:
        codes["category"] = default_category
    if "category" not in codes:
        errors["category"] = _(
            "No category. Give an attribute with the code category:<one of %(categories)s>.",
            categories=", ".join(SERVICE_CATEGORIES),
        )
    weekly, exceptions = _schedules(record, errors)
    organisation = record.get("organization")
    org_uid = organisation.get("id") if isinstance(organisation, dict) else None
    body: dict[str, Any] = {
        "name": record.get("name"),
        "category": codes.get("category"),
        "description": record.get("description") or None,
        "url": record.get("url") or None,
        "email": record.get("email") or None,
        "eligibility": record.get("eligibility_description") or None,
        "cost_note": record.get("fees_description") or None,
        "access": codes.get("access", "drop_in"),
        "cost": codes.get("cost", "free"),
        "referral_required": codes.get("referral") == "required",
        "closed_on_holidays": codes.get("holidays") == "closed",
        "organisation": organisation.get("name") if isinstance(organisation, dict) else None,
        "languages": [
            item.get("code") for item in record.get("languages") or [] if isinstance(item, dict)
        ],
        "phones": [
            {"number": item.get("number"), "description": item.get("description") or None}
            for item in record.get("phones") or []
            if isinstance(item, dict)
        ],
        "accessibility": _accessibility(record),
        "location": _location(record),
        "opening_hours": weekly,
        "exceptions": exceptions,
    }
    if "category" not in codes:
        body.pop("category")
    try:
        fields = edits.read_service(body)
    except ValidationError as error:
        errors.update({k: v for k, v in error.errors.items() if k != "category" or codes})
    if errors:
        raise ValidationError(errors)
    if org_uid is not None and (not isinstance(org_uid, str) or len(org_uid) > UID_MAX):
        org_uid = None
    return str(uid), org_uid, fields


def import_records(
    actor: User | None, records: list[Any], default_category: str | None = None
) -> ImportReport:
    """Add or update the services of an HSDS file, each record whole or not at all; audited.
    Records that name no category of ours get ``default_category`` when one is given."""
    report = ImportReport()
    read: list[tuple[str, str | None, edits.ServiceFields]] = []
    seen: set[str] = set()
    for index, record in enumerate(records):
        record_id = str(record.get("id", "")) if isinstance(record, dict) else ""
        try:
            uid, org_uid, fields = read_record(record, default_category)
        except ValidationError as error:
            reason = "; ".join(f"{name}: {message}" for name, message in error.errors.items())
            report.rejected.append(Rejected(index, record_id[:UID_MAX], reason))
            continue
        if uid in seen:
            report.rejected.append(Rejected(index, uid, str(_("The id is given more than once."))))
            continue
        seen.add(uid)
        read.append((uid, org_uid, fields))
    with unit_of_work():
        stored = _stored([uid for uid, _org, _fields in read])
        organisations = edits.Organisations()
        added = []
        with db.session.no_autoflush:
            for uid, org_uid, fields in read:
                service = stored.get(uid)
                if service is None:
                    added.append((uid, org_uid, fields))
                elif edits.update_service(actor, service, fields, org_uid, organisations):
                    report.updated += 1
                else:
                    report.unchanged += 1
        # all the new services at once, in multi-row inserts, then each audited with its id
        ids = edits.insert_services(added, organisations)
        for service_id, (_uid, _org_uid, fields) in zip(ids, added, strict=True):
            edits.audit_created(actor, service_id, fields)
        report.added = len(added)
    return report


def _stored(uids: list[str]) -> dict[str, HelpService]:
    """The stored services with these uids, with what a comparison reads."""
    found: dict[str, HelpService] = {}
    for start in range(0, len(uids), 500):
        chunk = uids[start : start + 500]
        for service in db.session.scalars(
            sa.select(HelpService)
            .where(HelpService.uid.in_(chunk))
            .options(
                selectinload(HelpService.hours),
                selectinload(HelpService.exceptions),
                selectinload(HelpService.phones),
                selectinload(HelpService.organisation),
            )
        ):
            found[service.uid] = service
    return found


def import_services(
    source: str, actor: User | None = None, default_category: str | None = None
) -> ImportReport:
    """Import the HSDS services in the file or http(s) URL ``source`` (fetched through the
    outbound guard); ``UnreadableFile``, with nothing written, when it cannot be read at all.
    ``default_category`` (one of ``SERVICE_CATEGORIES``) is given to records naming none."""
    if default_category is not None and default_category not in SERVICE_CATEGORIES:
        raise UnreadableFile(f"unknown category {default_category!r}")
    from peerapp.services.meetings.feeds.source import FeedError, read_source

    try:
        raw = read_source(source)
    except FeedError as error:
        raise UnreadableFile(str(error)) from error
    return import_records(actor, records_of(raw), default_category)
