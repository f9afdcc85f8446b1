"""A client's plan: the crisis plan, appointments after discharge, my people and near home."""

from __future__ import annotations

from typing import Annotated

from pydantic import Field, SkipValidation

from peerapp.api.schemas.base import ApiModel, absent, one_of
from peerapp.api.schemas.meetings import DateTime, Url
from peerapp.services.plan.read import (
    CONTACT_ROLES,
    MAX_HOW_LENGTH,
    MAX_ITEM_LENGTH,
    MAX_ITEMS,
    MAX_NAME_LENGTH,
    MAX_PHONE_LENGTH,
    MAX_WHAT_LENGTH,
    MAX_WHERE_LENGTH,
    SAVED_KINDS,
)

Line = Annotated[str, Field(max_length=MAX_ITEM_LENGTH)]
Role = Annotated[str, one_of(CONTACT_ROLES)]
Kind = Annotated[str, one_of(SAVED_KINDS)]
PHONE = "A phone number one can call from Norway (such as 912 34 567, +46 70 123 45 67 or 113)."
TIME = (
    "With its UTC offset; a time sent without one is read on the clock in Norway "
    "(Europe/Oslo). From the last month up to two years ahead."
)


class PlanPerson(ApiModel):
    """Someone to ask for help."""

    name: str = Field(max_length=MAX_NAME_LENGTH)
    phone: str = Field(max_length=MAX_PHONE_LENGTH, description=PHONE)
    how: str = Field(max_length=MAX_HOW_LENGTH, description="How they help.")


class CrisisPlan(ApiModel):
    """The steps of the crisis plan, in order."""

    warning_signs: list[Line] = Field(max_length=MAX_ITEMS, description="Warning signs, triggers.")
    coping: list[Line] = Field(max_length=MAX_ITEMS, description="What I can do myself.")
    distractions: list[Line] = Field(
        max_length=MAX_ITEMS, description="Places and people that take my mind off it."
    )
    people: list[PlanPerson] = Field(max_length=MAX_ITEMS, description="People I can ask.")
    professionals: list[PlanPerson] = Field(
        max_length=MAX_ITEMS, description="Professionals and services."
    )
    safer: list[Line] = Field(max_length=MAX_ITEMS, description="Making it safer.")


class Appointment(ApiModel):
    """An appointment after discharge."""

    id: int
    what: str = Field(max_length=MAX_WHAT_LENGTH)
    with_whom: str = Field(max_length=MAX_WHAT_LENGTH)
    starts_at: DateTime = Field(description="With Norway's UTC offset that day.")
    where: str = Field(max_length=MAX_WHERE_LENGTH)
    ics: Url = Field(description="The appointment as a calendar file, with two alarms.")


class AppointmentList(ApiModel):
    """Soonest first."""

    appointments: list[Appointment]


class Contact(ApiModel):
    """A person in "my people"."""

    id: int
    role: Role
    name: str = Field(max_length=MAX_NAME_LENGTH)
    phone: str = Field(max_length=MAX_PHONE_LENGTH)
    how: str = Field(max_length=MAX_HOW_LENGTH)


class SavedItem(ApiModel):
    """A meeting, sober place, peer or help service saved near home, by its id in the API."""

    kind: Kind
    id: int


class Plan(ApiModel):
    """The whole plan; free text is sealed at rest."""

    crisis_plan: CrisisPlan
    appointments: list[Appointment]
    contacts: list[Contact]
    saved: list[SavedItem]
    version: int = Field(description="Raised by every change; send it back to detect others'.")
    updated_at: DateTime | None


class PersonUpdate(ApiModel):
    """Someone to ask for help, as sent."""

    name: SkipValidation[str] = absent(max_length=MAX_NAME_LENGTH)
    phone: SkipValidation[str] = absent(max_length=MAX_PHONE_LENGTH, description=PHONE)
    how: SkipValidation[str] = absent(max_length=MAX_HOW_LENGTH)
    documented_required = ("name",)


class CrisisPlanUpdate(ApiModel):
    """The steps sent, each replaced whole; steps left out stay as they are."""

    warning_signs: SkipValidation[list[Line]] = absent(max_length=MAX_ITEMS)
    coping: SkipValidation[list[Line]] = absent(max_length=MAX_ITEMS)
    distractions: SkipValidation[list[Line]] = absent(max_length=MAX_ITEMS)
    people: SkipValidation[list[PersonUpdate]] = absent(max_length=MAX_ITEMS)
    professionals: SkipValidation[list[PersonUpdate]] = absent(max_length=MAX_ITEMS)
    safer: SkipValidation[list[Line]] = absent(max_length=MAX_ITEMS)


class NewAppointment(ApiModel):
    """An appointment as sent. (The plan rules check each field and name each bad one.)"""

    what: SkipValidation[str] = absent(max_length=MAX_WHAT_LENGTH)
    with_whom: SkipValidation[str] = absent(max_length=MAX_WHAT_LENGTH)
    starts_at: SkipValidation[DateTime] = absent(description=TIME)
    where: SkipValidation[str] = absent(max_length=MAX_WHERE_LENGTH)
    documented_required = ("what", "starts_at")


class NewContact(ApiModel):
    """A person for "my people", as sent."""

    role: SkipValidation[Role] = absent()
    name: SkipValidation[str] = absent(max_length=MAX_NAME_LENGTH)
    phone: SkipValidation[str] = absent(max_length=MAX_PHONE_LENGTH, description=PHONE)
    how: SkipValidation[str] = absent(max_length=MAX_HOW_LENGTH)
    documented_required = ("role", "name")


class NewSavedItem(ApiModel):
    """A meeting, place, peer or help service to keep near home."""

    kind: SkipValidation[Kind] = absent()
    id: SkipValidation[int] = absent()
    documented_required = ("kind", "id")


class PlanUpdate(ApiModel):
    """The parts of the plan that change, each replaced whole; parts left out stay as they are.
    Appointments sent unchanged keep the reminders already sent."""

    crisis_plan: SkipValidation[CrisisPlanUpdate] = absent()
    appointments: SkipValidation[list[NewAppointment]] = absent()
    contacts: SkipValidation[list[NewContact]] = absent()
    saved: SkipValidation[list[NewSavedItem]] = absent()
    version: SkipValidation[int] = absent(
        description="The version the change was made on; when another change came first, 409."
    )
