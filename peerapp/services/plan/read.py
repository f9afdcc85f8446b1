"""Reading what a client or staff sent for a plan: each field checked, every problem named in
the reader's language, nothing cut. Shared by the pages and the API."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import phonenumbers
from phonenumbers import shortnumberinfo

from peerapp.extensions import utcnow
from peerapp.models.plan import CONTACT_ROLES, SAVED_KINDS
from peerapp.services.errors import ValidationError
from peerapp.services.plan.store import OSLO, PEOPLE_PARTS, TEXT_PARTS, Person, SavedItem
from peerapp.services.readmission.timeline import too_long
from peerapp.words import _

#: the longest line in a crisis-plan step, and how many lines a step holds
MAX_ITEM_LENGTH = 300
MAX_ITEMS = 20
MAX_NAME_LENGTH = 100
MAX_HOW_LENGTH = 300
MAX_PHONE_LENGTH = 40
MAX_WHAT_LENGTH = 200
MAX_WHERE_LENGTH = 300
MAX_CONTACTS = 40
MAX_APPOINTMENTS = 50
MAX_SAVED = 100
#: how far back and ahead an appointment can be
APPOINTMENT_PAST = timedelta(days=31)
APPOINTMENT_AHEAD = timedelta(days=2 * 366)
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
_CLOCK = re.compile(r"([01]?[0-9]|2[0-3])[:.]([0-5][0-9])")


@dataclass(frozen=True)
class ContactEntry:
    """A person for "my people" as sent."""

    role: str
    name: str
    phone: str = ""
    how: str = ""


@dataclass(frozen=True)
class AppointmentEntry:
    """An appointment as sent; ``starts_at`` is aware."""

    what: str
    with_whom: str
    starts_at: datetime
    where: str


@dataclass(frozen=True)
class PlanChanges:
    """The parts of a plan a request changes; ``None`` leaves a part as it is."""

    crisis_plan: dict[str, list[str] | list[Person]] | None = None
    appointments: list[AppointmentEntry] | None = None
    contacts: list[ContactEntry] | None = None
    saved: list[SavedItem] | None = None


def text(value: Any, field: str, limit: int, errors: dict[str, str], *, required: bool) -> str:
    """One line of text, trimmed: over-long, control characters or missing are named."""
    if value is None:
        value = ""
    if not isinstance(value, str):
        errors[field] = _("This must be text.")
        return ""
    cleaned = value.strip()
    if _CONTROL.search(cleaned):
        errors[field] = _("Remove the invisible control character from this text.")
    elif len(cleaned) > limit:
        errors[field] = too_long(len(cleaned), limit)
    elif required and not cleaned:
        errors[field] = _("Write something here, or remove it.")
    return cleaned


def phone_problem(phone: str) -> str | None:
    """Why ``phone`` is not a phone number one can call from Norway, or ``None``."""
    if not phone:
        return None
    message = _("This is not a phone number. Write it with digits, such as 912 34 567 or 113.")
    if len(phone) > MAX_PHONE_LENGTH:
        return message
    try:
        number = phonenumbers.parse(phone, "NO")
    except phonenumbers.NumberParseException:
        return message
    if phonenumbers.is_valid_number(number) or shortnumberinfo.is_valid_short_number_for_region(
        number, "NO"
    ):
        return None
    return message


def dial(phone: str) -> str | None:
    """What a ``tel:`` or ``sms:`` link dials: ``+4791234567``, a short number as ``113``."""
    try:
        number = phonenumbers.parse(phone, "NO")
    except phonenumbers.NumberParseException:
        return None
    if shortnumberinfo.is_valid_short_number_for_region(number, "NO"):
        return str(number.national_number)
    if phonenumbers.is_valid_number(number):
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)
    return None


def person(raw: Any, field: str, errors: dict[str, str]) -> Person | None:
    """A person ``{name, phone, how}`` in the crisis plan."""
    if not isinstance(raw, dict):
        errors[field] = _("Give each person as name, phone and how they help.")
        return None
    name = text(raw.get("name"), f"{field}.name", MAX_NAME_LENGTH, errors, required=True)
    phone = text(raw.get("phone"), f"{field}.phone", MAX_PHONE_LENGTH, errors, required=False)
    if f"{field}.phone" not in errors and (problem := phone_problem(phone)):
        errors[f"{field}.phone"] = problem
    how = text(raw.get("how"), f"{field}.how", MAX_HOW_LENGTH, errors, required=False)
    return Person(name, phone, how)


def _list(raw: Any, field: str, limit: int, errors: dict[str, str]) -> list[Any] | None:
    if not isinstance(raw, list):
        errors[field] = _("Give this as a list.")
        return None
    if len(raw) > limit:
        errors[field] = _("Give at most %(num)d here.", num=limit)
        return None
    return raw


def crisis_plan(raw: Any, errors: dict[str, str]) -> dict[str, list[str] | list[Person]] | None:
    """The parts of the crisis plan sent (each a whole list); others are left as they are."""
    if raw is None:
        return None
    if not isinstance(raw, dict):
        errors["crisis_plan"] = _("Give the crisis plan as an object of lists.")
        return None
    parts: dict[str, list[str] | list[Person]] = {}
    for key in raw:
        if key not in TEXT_PARTS + PEOPLE_PARTS:
            errors[f"crisis_plan.{key}"] = _("The crisis plan has no part with this name.")
    for part in TEXT_PARTS:
        if part not in raw:
            continue
        items = _list(raw[part], f"crisis_plan.{part}", MAX_ITEMS, errors)
        if items is not None:
            lines = [
                text(item, f"crisis_plan.{part}[{i}]", MAX_ITEM_LENGTH, errors, required=True)
                for i, item in enumerate(items)
            ]
            parts[part] = lines
    for part in PEOPLE_PARTS:
        if part not in raw:
            continue
        items = _list(raw[part], f"crisis_plan.{part}", MAX_ITEMS, errors)
        if items is not None:
            people = [
                person(item, f"crisis_plan.{part}[{i}]", errors) for i, item in enumerate(items)
            ]
            parts[part] = [one for one in people if one is not None]
    return parts


def contact(raw: Any, field: str, errors: dict[str, str]) -> ContactEntry | None:
    """A person for "my people": a role from the list, a name, a phone number, how they help."""
    found = person(raw, field, errors)
    role = raw.get("role") if isinstance(raw, dict) else None
    if role not in CONTACT_ROLES:
        errors[f"{field}.role"] = _("Choose the role from the list.")
        return None
    if found is None:
        return None
    return ContactEntry(str(role), found.name, found.phone, found.how)


def starts_at(
    raw: Any, field: str, errors: dict[str, str], now: datetime | None = None
) -> datetime | None:
    """An appointment's time from ISO 8601 (a time without an offset is in Norway)."""
    if not isinstance(raw, str):
        errors[field] = _("Give the time as YYYY-MM-DDTHH:MM, such as 2027-01-14T09:30.")
        return None
    try:
        when = datetime.fromisoformat(raw.strip())
    except ValueError:
        errors[field] = _("This date or time does not exist. Give it as YYYY-MM-DDTHH:MM.")
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=OSLO)
    return _in_range(when, field, errors, now)


def _in_range(
    when: datetime, field: str, errors: dict[str, str], now: datetime | None
) -> datetime | None:
    now = now or utcnow()
    if not now - APPOINTMENT_PAST <= when <= now + APPOINTMENT_AHEAD:
        errors[field] = _("Give a time from the last month up to two years ahead.")
        return None
    return when.astimezone(OSLO)


def day_and_clock(
    day: Any, clock: Any, errors: dict[str, str], now: datetime | None = None
) -> datetime | None:
    """An appointment's time from a form's date (YYYY-MM-DD) and clock (HH:MM) in Norway."""
    try:
        chosen = date.fromisoformat(str(day or "").strip())
    except ValueError:
        errors["day"] = _("This date does not exist. Give it as YYYY-MM-DD, such as 2027-01-14.")
        chosen = None
    match = _CLOCK.fullmatch(str(clock or "").strip())
    if match is None:
        errors["clock"] = _("Give the time as HH:MM, such as 09:30.")
    if chosen is None or match is None:
        return None
    when = datetime.combine(chosen, time(int(match[1]), int(match[2])), tzinfo=OSLO)
    return _in_range(when, "day", errors, now)


def appointment(
    raw: Any, field: str, errors: dict[str, str], now: datetime | None = None
) -> AppointmentEntry | None:
    """An appointment ``{what, with_whom, starts_at, where}``."""
    if not isinstance(raw, dict):
        errors[field] = _("Give each appointment as what, with whom, when and where.")
        return None
    prefix = f"{field}." if field else ""
    what = text(raw.get("what"), f"{prefix}what", MAX_WHAT_LENGTH, errors, required=True)
    with_whom = text(
        raw.get("with_whom"), f"{prefix}with_whom", MAX_WHAT_LENGTH, errors, required=False
    )
    where = text(raw.get("where"), f"{prefix}where", MAX_WHERE_LENGTH, errors, required=False)
    when = starts_at(raw.get("starts_at"), f"{prefix}starts_at", errors, now)
    if when is None:
        return None
    return AppointmentEntry(what, with_whom, when, where)


def saved_item(raw: Any, field: str, errors: dict[str, str]) -> SavedItem | None:
    """A meeting, place, peer or help service saved near home: ``{kind, id}``."""
    kind = raw.get("kind") if isinstance(raw, dict) else None
    item_id = raw.get("id") if isinstance(raw, dict) else None
    if kind not in SAVED_KINDS:
        errors[f"{field}.kind"] = _("Choose meeting, place, peer or service.")
        return None
    if isinstance(item_id, bool) or not isinstance(item_id, int) or not 0 < item_id < 2**31:
        errors[f"{field}.id"] = _("Give the id as a whole number.")
        return None
    return SavedItem(str(kind), item_id)


def changes(body: dict[str, Any], now: datetime | None = None) -> PlanChanges:
    """The parts of a plan a ``PUT`` sends; raises ``ValidationError`` naming each bad field."""
    errors: dict[str, str] = {}
    for key in body:
        if key not in ("crisis_plan", "appointments", "contacts", "saved", "version"):
            errors[key] = _("A plan has no part with this name.")
    crisis = crisis_plan(body.get("crisis_plan"), errors)
    appointments = contacts = saved = None
    if "appointments" in body:
        items = _list(body["appointments"], "appointments", MAX_APPOINTMENTS, errors) or []
        found = [
            appointment(item, f"appointments[{i}]", errors, now) for i, item in enumerate(items)
        ]
        appointments = [one for one in found if one is not None]
    if "contacts" in body:
        items = _list(body["contacts"], "contacts", MAX_CONTACTS, errors) or []
        people = [contact(item, f"contacts[{i}]", errors) for i, item in enumerate(items)]
        contacts = [one for one in people if one is not None]
    if "saved" in body:
        items = _list(body["saved"], "saved", MAX_SAVED, errors) or []
        picked = [saved_item(item, f"saved[{i}]", errors) for i, item in enumerate(items)]
        saved = list(dict.fromkeys(one for one in picked if one is not None))
    if errors:
        raise ValidationError(errors)
    return PlanChanges(crisis, appointments, contacts, saved)
