"""The first three months after discharge, when relapse is likeliest: from the discharge date the
clinic recorded, a client's home says which week they are in and offers one thing for the week,
turning in turn between a meeting that is good for a first time, a peer and a sober place. Never a
score. It ends after three months unless the client keeps it, and the client can hide it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from peerapp.extensions import db, utcnow
from peerapp.models.first_months import FIRST_MONTHS_CHOICES, FirstMonthsChoice
from peerapp.models.people import User
from peerapp.services.errors import NotAllowed
from peerapp.services.municipalities.handovers import latest_for
from peerapp.services.unit import unit_of_work

#: three months, in the weeks the home counts
WEEKS = 13
#: from this week on (the third month), the home offers to keep the line after the three months
OFFER_KEEP_FROM = 9
#: one suggestion a week, in turn
SUGGESTIONS = ("newcomer_meeting", "peer", "place")


class UnknownChoice(ValueError):
    """Not one of the choices a client can make."""


@dataclass(frozen=True)
class FirstWeeks:
    """What the home says about the weeks since discharge."""

    #: 1 in the first seven days after discharge
    week: int
    discharged_on: date
    #: one of :data:`SUGGESTIONS`
    suggestion: str
    #: the client chose to keep the line after the three months
    kept: bool

    @property
    def may_keep(self) -> bool:
        """Whether to offer keeping it: towards the end of the three months, or after them."""
        return not self.kept and self.week >= OFFER_KEEP_FROM

    @property
    def after_three_months(self) -> bool:
        return self.week > WEEKS


def _choice_of(client: User) -> FirstMonthsChoice | None:
    return db.session.get(FirstMonthsChoice, client.id)


def first_weeks(client: User, today: date) -> FirstWeeks | None:
    """The week since discharge for ``client`` on ``today``; ``None`` when the discharge date is
    not known or still ahead, after three months (unless kept), or when the client hid it."""
    if client.role != "client":
        return None
    handover = latest_for(client.id)
    if handover is None or handover.discharge_date > today:
        return None
    choice = _choice_of(client)
    if choice is not None and choice.choice == "hide":
        return None
    kept = choice is not None and choice.choice == "keep"
    week = (today - handover.discharge_date).days // 7 + 1
    if week > WEEKS and not kept:
        return None
    return FirstWeeks(
        week=week,
        discharged_on=handover.discharge_date,
        suggestion=SUGGESTIONS[(week - 1) % len(SUGGESTIONS)],
        kept=kept,
    )


def choose(client: User, choice: str) -> None:
    """A client keeps the weekly line after three months (``keep``), hides it (``hide``), or
    goes back to the usual three months (``usual``)."""
    if client.role != "client":
        raise NotAllowed
    if choice not in (*FIRST_MONTHS_CHOICES, "usual"):
        raise UnknownChoice(choice)
    with unit_of_work() as session:
        row = _choice_of(client)
        if choice == "usual":
            if row is not None:
                session.delete(row)
        elif row is None:
            session.add(FirstMonthsChoice(client_id=client.id, choice=choice))
        else:
            row.choice, row.changed_at = choice, utcnow()


def export_of(client: User) -> dict[str, str] | None:
    """The client's choice, for their data export."""
    row = _choice_of(client)
    return None if row is None else {"choice": row.choice, "changed_at": row.changed_at.isoformat()}
