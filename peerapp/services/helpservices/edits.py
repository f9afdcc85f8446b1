"""Help services kept by the people who know: reading what is sent (from a steward or an HSDS
file), saving it whole or not at all, audited with before and after."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.helpservices import (
    ACCESS_MODES,
    COSTS,
    SERVICE_CATEGORIES,
    HelpOrganisation,
    HelpService,
    HelpServiceException,
    HelpServiceHours,
    HelpServicePhone,
)
from peerapp.models.meetings import coordinate_columns
from peerapp.models.people import User
from peerapp.services import openhours as oh
from peerapp.services.errors import ValidationError
from peerapp.services.helpservices.describe import SERVICE_TABLES, category_label, hours_of
from peerapp.services.hours_search import hours_rows, hours_values
from peerapp.services.places.describe import weekday_names
from peerapp.services.privacy import audit
from peerapp.services.stewardship import listings
from peerapp.services.text import fold
from peerapp.words import _

TEXT_LIMITS = {
    "name": 300,
    "description": 5000,
    "url": 1000,
    "email": 300,
    "eligibility": 2000,
    "cost_note": 1000,
    "accessibility": 1000,
    "organisation": 300,
}
MUNICIPALITY_MAX = 200
MAX_PHONES = 10
MAX_LANGUAGES = 20
PHONE_MAX = 100
LANGUAGE_CODE = re.compile(r"^[a-z]{2,3}$")
WRITABLE = {
    *TEXT_LIMITS,
    "category",
    "access",
    "referral_required",
    "cost",
    "languages",
    "closed_on_holidays",
    "location",
    "phones",
    "opening_hours",
    "exceptions",
}


@dataclass
class ServiceFields:
    """A help service's fields, checked and ready to store."""

    name: str
    category: str
    description: str | None = None
    url: str | None = None
    email: str | None = None
    eligibility: str | None = None
    access: str = "drop_in"
    referral_required: bool = False
    cost: str = "free"
    cost_note: str | None = None
    languages: list[str] = field(default_factory=list)
    accessibility: str | None = None
    organisation: str | None = None
    closed_on_holidays: bool = False
    location: dict[str, Any] = field(default_factory=dict)
    phones: list[dict[str, Any]] = field(default_factory=list)
    hours: oh.OpeningHours = field(default_factory=oh.OpeningHours)


def _choice(value: Any, name: str, allowed: tuple[str, ...], errors: dict[str, str]) -> Any:
    if value in allowed:
        return value
    if name == "category":
        errors[name] = _(
            "Unknown category: %(category)s. Use one of: %(categories)s.",
            category=str(value)[:40],
            categories=", ".join(allowed),
        )
    else:
        errors[name] = _("Use one of: %(choices)s.", choices=", ".join(allowed))
    return None


def _flag(body: dict[str, Any], name: str, errors: dict[str, str]) -> bool:
    value = body.get(name, False)
    if not isinstance(value, bool):
        errors[name] = _("Must be true or false.")
        return False
    return value


def _phones(raw: Any, errors: dict[str, str]) -> list[dict[str, Any]]:
    if not isinstance(raw, list) or len(raw) > MAX_PHONES:
        errors["phones"] = _("Send a list of at most %(num)d phones.", num=MAX_PHONES)
        return []
    phones = []
    for index, item in enumerate(raw):
        number = item.get("number") if isinstance(item, dict) else None
        about = item.get("description") if isinstance(item, dict) else None
        if not isinstance(number, str) or not number.strip() or len(number) > PHONE_MAX:
            errors[f"phones[{index}].number"] = _(
                "Give the number as text of at most %(num)d characters.", num=PHONE_MAX
            )
            continue
        if about is not None and (not isinstance(about, str) or len(about) > 300):
            errors[f"phones[{index}].description"] = _(
                "Must be text of at most %(num)d characters.", num=300
            )
            continue
        phones.append({"number": number.strip(), "description": (about or "").strip() or None})
    return phones


def _languages(raw: Any, errors: dict[str, str]) -> list[str]:
    if not isinstance(raw, list) or len(raw) > MAX_LANGUAGES:
        errors["languages"] = _('Send a list of language codes, such as ["nb", "en"].')
        return []
    codes = [str(code).strip().lower() for code in raw if isinstance(code, str)]
    if len(codes) != len(raw) or not all(LANGUAGE_CODE.match(code) for code in codes):
        errors["languages"] = _('Send a list of language codes, such as ["nb", "en"].')
        return []
    return list(dict.fromkeys(codes))


def _hours(body: dict[str, Any], errors: dict[str, str], current: oh.OpeningHours) -> Any:
    weekly, exceptions = current.weekly, current.exceptions
    if "opening_hours" in body:
        try:
            weekly = oh.read_weekly(body["opening_hours"], weekday_names())
        except ValidationError as error:
            errors.update(error.errors)
    if "exceptions" in body:
        try:
            exceptions = oh.read_exceptions(body["exceptions"])
        except ValidationError as error:
            errors.update(error.errors)
    return weekly, exceptions


def read_service(body: dict[str, Any], current: HelpService | None = None) -> ServiceFields:
    """The fields of a new service, or of ``current`` with what ``body`` changes (a PATCH).

    Raises ``ValidationError`` naming every bad field, before anything is changed.
    """
    errors: dict[str, str] = {}
    base = fields_of(current) if current is not None else ServiceFields("", "")
    listings.unknown_fields(body, WRITABLE, errors)
    values: dict[str, Any] = {}
    for name, limit in TEXT_LIMITS.items():
        if current is None or name in body:
            values[name] = listings.read_text(body, name, limit, errors, required=name == "name")
    listings.check_name(values.get("name"), errors, current.name if current else None)
    if "url" in values:
        values["url"] = listings.web_url(values["url"], "url", errors)
    if "email" in values and values["email"] and "@" not in values["email"]:
        errors["email"] = _("Give an e-mail address, such as post@kommune.no.")
    for name, allowed in (("category", SERVICE_CATEGORIES), ("access", ACCESS_MODES)):
        if current is None or name in body:
            default = None if name == "category" else "drop_in"
            values[name] = _choice(body.get(name, default), name, allowed, errors)
    if current is None or "cost" in body:
        values["cost"] = _choice(body.get("cost", "free"), "cost", COSTS, errors)
    for name in ("referral_required", "closed_on_holidays"):
        if current is None or name in body:
            values[name] = _flag(body, name, errors)
    if "languages" in body:
        values["languages"] = _languages(body["languages"], errors)
    if "phones" in body:
        values["phones"] = _phones(body["phones"], errors)
    if current is None or "location" in body:
        raw = body.get("location")
        if current is not None and isinstance(raw, dict):
            raw = {**base.location, **raw}
        values["location"] = _location(raw, errors, base.location if current else None)
    weekly, dated = _hours(body, errors, base.hours)
    if errors:
        raise ValidationError(errors)
    merged = {**base.__dict__, **values}
    merged["hours"] = oh.OpeningHours(weekly, dated, merged["closed_on_holidays"])
    return ServiceFields(**merged)


def _location(raw: Any, errors: dict[str, str], stored: dict[str, Any] | None) -> dict[str, Any]:
    """A listing's location (``listings.read_location``) with the municipality it belongs to."""
    location = listings.read_location(raw, errors, stored)
    municipality = raw.get("municipality") if isinstance(raw, dict) else None
    if municipality is not None and (
        not isinstance(municipality, str) or len(municipality) > MUNICIPALITY_MAX
    ):
        errors["location.municipality"] = _(
            "Must be text of at most %(num)d characters.", num=MUNICIPALITY_MAX
        )
        municipality = None
    location["municipality"] = (municipality or "").strip() or location.get("city")
    location["country"] = location.get("country") or "NO"
    return location


def fields_of(service: HelpService) -> ServiceFields:
    """A stored service's fields."""
    location = {
        "name": service.venue,
        "address": service.address,
        "city": service.city,
        "postal_code": service.postal_code,
        "municipality": service.municipality,
        "region": service.region,
        "country": service.country,
        "latitude": service.latitude,
        "longitude": service.longitude,
    }
    return ServiceFields(
        name=service.name,
        category=service.category,
        description=service.description,
        url=service.url,
        email=service.email,
        eligibility=service.eligibility,
        access=service.access,
        referral_required=service.referral_required,
        cost=service.cost,
        cost_note=service.cost_note,
        languages=list(service.languages or []),
        accessibility=service.accessibility,
        organisation=service.organisation.name if service.organisation else None,
        closed_on_holidays=service.closed_on_holidays,
        location=location,
        phones=[{"number": p.number, "description": p.description} for p in service.phones],
        hours=hours_of(service),
    )


def snapshot(fields: ServiceFields) -> dict[str, Any]:
    """What the audit log compares (and a re-import): the fields as the API writes them."""
    values = dict(fields.__dict__)
    hours = values.pop("hours")
    values["location"] = dict(fields.location)
    values["opening_hours"] = oh.weekly_to_api(hours.weekly)
    values["exceptions"] = oh.exceptions_to_api(hours.exceptions)
    return values


class Organisations:
    """The organisations already stored, looked up by HSDS id or by name, and those added while
    one import or edit runs (so a file naming one organisation a thousand times asks once)."""

    def __init__(self) -> None:
        self._loaded = False
        self.by_uid: dict[str, HelpOrganisation] = {}
        self.by_name: dict[str, HelpOrganisation] = {}

    def _load(self) -> None:
        if not self._loaded:
            for found in db.session.scalars(sa.select(HelpOrganisation)):
                self.by_uid[found.uid] = found
                self.by_name.setdefault(found.name, found)
            self._loaded = True

    def get(self, name: str | None, uid: str | None = None) -> HelpOrganisation | None:
        """The organisation called ``name`` (or with ``uid``), added when there is none."""
        if not name:
            return None
        self._load()
        found = self.by_uid.get(uid) if uid else self.by_name.get(name)
        if found is None:
            found = HelpOrganisation(uid=uid or str(uuid.uuid4()), name=name)
            db.session.add(found)
            self.by_uid[found.uid] = found
            self.by_name.setdefault(name, found)
        found.name = name
        return found


#: the columns a service takes as they are from its fields
_PLAIN_COLUMNS = (
    "name",
    "category",
    "description",
    "url",
    "email",
    "eligibility",
    "access",
    "referral_required",
    "cost",
    "cost_note",
    "accessibility",
    "closed_on_holidays",
)


def _columns(fields: ServiceFields) -> dict[str, Any]:
    """The service's own columns from its fields (not its organisation, hours or phones)."""
    loc = fields.location
    values: dict[str, Any] = {name: getattr(fields, name) for name in _PLAIN_COLUMNS}
    values["languages"] = list(fields.languages)
    values.update(
        venue=loc.get("name"),
        address=loc.get("address"),
        city=loc.get("city"),
        postal_code=loc.get("postal_code"),
        region=loc.get("region"),
        country=loc.get("country"),
        municipality=loc.get("municipality"),
    )
    values.update(coordinate_columns(loc["latitude"], loc["longitude"]))
    words = (fields.name, fields.organisation, values["city"], values["municipality"])
    # the category in the words of the language at hand, and by its code (NAV, LAR...)
    label = category_label(fields.category)
    values["search_text"] = " ".join(
        [fold(word) for word in words if word] + [fold(label), fields.category.replace("_", " ")]
    )
    values["updated_at"] = utcnow()
    return values


def _apply(
    service: HelpService,
    fields: ServiceFields,
    organisation_uid: str | None,
    organisations: Organisations | None = None,
) -> None:
    for name, value in _columns(fields).items():
        setattr(service, name, value)
    service.organisation = (organisations or Organisations()).get(
        fields.organisation, organisation_uid
    )
    service.hours, service.exceptions = hours_rows(SERVICE_TABLES, fields.hours)
    service.phones = [HelpServicePhone(**phone) for phone in fields.phones]


def new_service(
    fields: ServiceFields,
    *,
    uid: str | None = None,
    organisation_uid: str | None = None,
    organisations: Organisations | None = None,
    is_demo: bool = False,
) -> HelpService:
    """A service to add, not yet flushed nor audited (an import adds many, then flushes once)."""
    service = HelpService(uid=uid or str(uuid.uuid4()), is_demo=is_demo)
    _apply(service, fields, organisation_uid, organisations)
    db.session.add(service)
    return service


def insert_services(
    new: list[tuple[str, str | None, ServiceFields]], organisations: Organisations
) -> list[int]:
    """Add many services at once, each ``(uid, organisation uid, fields)``, with their hours,
    exceptions and phones, in a few multi-row inserts (an import of thousands), not audited;
    their ids in the same order. What each row holds is what ``new_service`` makes."""
    if not new:
        return []
    owners = [organisations.get(fields.organisation, org_uid) for _uid, org_uid, fields in new]
    db.session.flush()  # the organisations added, so that they have their ids
    created = utcnow()
    rows = [
        {
            **_columns(fields),
            "uid": uid,
            "organisation_id": owner.id if owner is not None else None,
            "is_demo": False,
            "created_at": created,
        }
        for (uid, _org_uid, fields), owner in zip(new, owners, strict=True)
    ]
    ids = list(
        db.session.scalars(
            sa.insert(HelpService).returning(HelpService.id, sort_by_parameter_order=True), rows
        )
    )
    weekly: list[dict[str, Any]] = []
    dated: list[dict[str, Any]] = []
    phones: list[dict[str, Any]] = []
    for service_id, (_uid, _org_uid, fields) in zip(ids, new, strict=True):
        ranges, exceptions = hours_values(fields.hours)
        weekly += [{**row, "service_id": service_id} for row in ranges]
        dated += [{**row, "service_id": service_id} for row in exceptions]
        phones += [{**phone, "service_id": service_id} for phone in fields.phones]
    for model, values in ((HelpServiceHours, weekly), (HelpServiceException, dated)):
        if values:
            db.session.execute(sa.insert(model), values)
    if phones:
        db.session.execute(sa.insert(HelpServicePhone), phones)
    return ids


def audit_created(actor: User | None, service: HelpService | int, fields: ServiceFields) -> None:
    """Log the new service (flushed, so that it has its id) as ``help_service.create``."""
    audit.record(
        actor,
        "help_service.create",
        object_type="help_service",
        object_id=service if isinstance(service, int) else service.id,
        changes=listings.changes({}, snapshot(fields)),
    )


def create_service(
    actor: User | None,
    fields: ServiceFields,
    *,
    uid: str | None = None,
    organisation_uid: str | None = None,
    is_demo: bool = False,
) -> HelpService:
    """Add a service (the caller commits); audited as ``help_service.create``."""
    service = new_service(fields, uid=uid, organisation_uid=organisation_uid, is_demo=is_demo)
    db.session.flush()
    audit_created(actor, service, fields)
    return service


def update_service(
    actor: User | None,
    service: HelpService,
    fields: ServiceFields,
    organisation_uid: str | None = None,
    organisations: Organisations | None = None,
) -> dict[str, list[Any]]:
    """Change a service to ``fields``; audited with before/after of each changed field."""
    changes = listings.changes(snapshot(fields_of(service)), snapshot(fields))
    if not changes:
        return changes
    for table in (HelpServiceHours, HelpServiceException, HelpServicePhone):
        db.session.execute(sa.delete(table).where(table.service_id == service.id))
    db.session.expire(service, ["hours", "exceptions", "phones"])
    _apply(service, fields, organisation_uid, organisations)
    audit.record(
        actor,
        "help_service.update",
        object_type="help_service",
        object_id=service.id,
        changes=changes,
    )
    return changes
