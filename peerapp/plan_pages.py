"""The plan's pages, shared by the client's own ``/plan`` and the clinic's hand-over at
``/clinic/clients/<id>/handover``: the same steps, the same operations, only the actor differs.

Editing is split into small steps that work without JavaScript: one page per crisis-plan step,
each line added or removed with its own button, appointments and people on pages of their own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from peerapp.services.errors import Conflict, ValidationError
from peerapp.services.plan import edits, read, readers
from peerapp.services.plan.store import PEOPLE_PARTS, Person

if TYPE_CHECKING:
    from peerapp.models.people import User


@dataclass(frozen=True)
class Step:
    """One step of the crisis plan: its part, its title, what goes in it and an example."""

    part: str
    title: Any
    about: Any
    example: Any

    @property
    def people(self) -> bool:
        """Whether each line is a person with a phone number."""
        return self.part in PEOPLE_PARTS


#: the steps in the order of Stanley and Brown's safety plan, turned toward relapse
STEPS = (
    Step(
        "warning_signs",
        _l("My warning signs"),
        _l("Thoughts, feelings, places or situations that tell me a relapse may be coming."),
        _l("Such as: payday, sleeping badly, meeting people I used with"),
    ),
    Step(
        "coping",
        _l("What I can do myself"),
        _l("Things I can do on my own to get through a craving."),
        _l("Such as: a walk, a cold shower, waiting 20 minutes"),
    ),
    Step(
        "distractions",
        _l("Places and people that take my mind off it"),
        _l("Where I can go and who I can be with, without talking about it."),
        _l("Such as: the library, the gym, a café"),
    ),
    Step(
        "people",
        _l("People I can ask for help"),
        _l("Someone I can call or text when it gets hard, and how they help."),
        _l("Such as: my sister, who comes over"),
    ),
    Step(
        "professionals",
        _l("Professionals and services"),
        _l("The clinic, the municipality, my GP. Legevakt 116 117 is always in the plan."),
        _l("Such as: my GP, the municipality's coordinator"),
    ),
    Step(
        "safer",
        _l("Making it safer"),
        _l("What makes an overdose or a relapse less dangerous."),
        _l("Such as: naloxone at hand, not being alone with substances, the come-back button"),
    ),
)
STEP_BY_PART = {step.part: step for step in STEPS}

#: "my people": the roles, in the order offered
CONTACT_ROLE_LABELS = {
    "coordinator": _l("The municipality's coordinator"),
    "gp": _l("GP (fastlege)"),
    "nav": _l("NAV adviser"),
    "responsibility_group": _l("Responsibility group member"),
    "peer": _l("Peer"),
    "family": _l("Family"),
    "other": _l("Other"),
}


@dataclass(frozen=True)
class PlanPlace:
    """Where one plan's pages live: the client's own (``plan.``) or a hand-over at the clinic
    (``clinic.handover_``, with the client's id)."""

    prefix: str
    args: dict[str, Any] = field(default_factory=dict)
    staff: bool = False

    def url(self, name: str, **more: Any) -> str:
        """The address of one of the plan's pages."""
        return url_for(self.prefix + name, **self.args, **more)


def me() -> User:
    """The person signed in."""
    user: User = current_user._get_current_object()
    return user


def _render(template: str, place: PlanPlace, client_id: int, **context: Any) -> str:
    plan = edits.view(me(), client_id)
    who = readers.readers_of(client_id)
    return render_template(
        template,
        plan=plan,
        readers=who,
        clinic=next((reader for reader in who if reader.kind == "clinic"), None),
        place=place,
        steps=STEPS,
        role_labels=CONTACT_ROLE_LABELS,
        errors=context.pop("errors", {}),
        values=context.pop("values", {}),
        **context,
    )


def _version() -> int | None:
    value = request.form.get("version", "")
    return int(value) if value.isdigit() and len(value) < 10 else None


def step_page(place: PlanPlace, client_id: int, part: str) -> ResponseReturnValue:
    """One step of the crisis plan with its lines, a remove button each and a line to add."""
    step = STEP_BY_PART.get(part)
    if step is None:
        return render_template(
            "errors/error.html", status=404, title=_("We could not find that page.")
        ), 404
    return _render("plan/step.html", place, client_id, step=step, number=STEPS.index(step) + 1)


def add_to_step(place: PlanPlace, client_id: int, part: str) -> ResponseReturnValue:
    """Add what was written to the step; a problem keeps every character on the page."""
    step = STEP_BY_PART.get(part)
    if step is None:
        return step_page(place, client_id, part)
    errors: dict[str, str] = {}
    values = {key: request.form.get(key, "") for key in ("line", "name", "phone", "how")}
    item: str | Person | None
    if step.people:
        item = read.person(values, "", errors)
        errors = {key.lstrip("."): message for key, message in errors.items()}
    else:
        item = read.text(values["line"], "line", read.MAX_ITEM_LENGTH, errors, required=True)
    if not errors and item is not None:
        try:
            edits.add_to_step(me(), client_id, part, item)
        except ValidationError as error:
            errors = error.errors
        else:
            flash(_("Added to your crisis plan.") if not place.staff else _("Added to the plan."))
            return redirect(place.url("step", part=part)), 303
    return _render(
        "plan/step.html",
        place,
        client_id,
        step=step,
        number=STEPS.index(step) + 1,
        errors=errors,
        values=values,
    ), 400


def remove_from_step(
    place: PlanPlace, client_id: int, part: str, index: int
) -> ResponseReturnValue:
    """Take one line out of a step, if the plan is still the one the person saw."""
    try:
        edits.remove_from_step(me(), client_id, part, index, expected_version=_version())
    except Conflict:
        flash(_("Someone changed the plan meanwhile. Here it is as it is now: look again."))
    else:
        flash(_("Removed."))
    return redirect(place.url("step", part=part)), 303


def appointments_page(place: PlanPlace, client_id: int) -> ResponseReturnValue:
    """The appointments with a remove button each, and the form to add one."""
    return _render("plan/appointments.html", place, client_id)


def add_appointment(place: PlanPlace, client_id: int) -> ResponseReturnValue:
    """Add an appointment from the form (date and time on the clock in Norway)."""
    fields = ("what", "with_whom", "day", "clock", "where")
    values = {key: request.form.get(key, "") for key in fields}
    errors: dict[str, str] = {}
    what = read.text(values["what"], "what", read.MAX_WHAT_LENGTH, errors, required=True)
    with_whom = read.text(
        values["with_whom"], "with_whom", read.MAX_WHAT_LENGTH, errors, required=False
    )
    where = read.text(values["where"], "where", read.MAX_WHERE_LENGTH, errors, required=False)
    when = read.day_and_clock(values["day"], values["clock"], errors)
    if not errors and when is not None:
        entry = read.AppointmentEntry(what, with_whom, when, where)
        edits.add_appointment(me(), client_id, entry)
        flash(_("The appointment is in the plan."))
        return redirect(place.url("appointments")), 303
    return _render("plan/appointments.html", place, client_id, errors=errors, values=values), 400


def remove_appointment(
    place: PlanPlace, client_id: int, appointment_id: int
) -> ResponseReturnValue:
    """Take an appointment out of the plan."""
    edits.remove_appointment(me(), client_id, appointment_id)
    flash(_("Removed."))
    return redirect(place.url("appointments")), 303


def people_page(place: PlanPlace, client_id: int) -> ResponseReturnValue:
    """My people, with a remove button each, and the form to add one."""
    return _render("plan/people.html", place, client_id)


def add_person(place: PlanPlace, client_id: int) -> ResponseReturnValue:
    """Add a person to "my people"."""
    values = {key: request.form.get(key, "") for key in ("role", "name", "phone", "how")}
    errors: dict[str, str] = {}
    entry = read.contact(values, "", errors)
    errors = {key.lstrip("."): message for key, message in errors.items()}
    if not errors and entry is not None:
        edits.add_contact(me(), client_id, entry)
        flash(_("Added to your people.") if not place.staff else _("Added to the plan."))
        return redirect(place.url("people")), 303
    return _render("plan/people.html", place, client_id, errors=errors, values=values), 400


def remove_person(place: PlanPlace, client_id: int, contact_id: int) -> ResponseReturnValue:
    """Take a person out of "my people"."""
    edits.remove_contact(me(), client_id, contact_id)
    flash(_("Removed."))
    return redirect(place.url("people")), 303


def show_page(
    place: PlanPlace, client_id: int, template: str, **context: Any
) -> ResponseReturnValue:
    """The whole plan, crisis plan first."""
    return _render(template, place, client_id, **context)
