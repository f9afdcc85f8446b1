"""The sober-days counter: the current stretch, and every earlier one kept."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from peerapp.extensions import db
from peerapp.models.checkins import SoberPeriod
from peerapp.models.people import User
from peerapp.services.checkins.consent import CHECKIN_ROLES
from peerapp.services.checkins.daily import today
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.unit import unit_of_work
from peerapp.words import _


@dataclass(frozen=True)
class SoberDays:
    """The counter as the person sees it: the current stretch, and every earlier one kept."""

    current: SoberPeriod | None
    days: int
    earlier: list[SoberPeriod]
    total_days: int


def _length(period: SoberPeriod, until: date) -> int:
    return ((period.ended_on or until) - period.started_on).days + 1


def sober_days(user: User, on: date | None = None) -> SoberDays:
    """The counter on ``on`` (today): days in the current stretch, earlier ones, and in all."""
    on = on or today()
    periods = list(
        db.session.scalars(
            sa.select(SoberPeriod)
            .where(SoberPeriod.user_id == user.id)
            .order_by(SoberPeriod.started_on.desc(), SoberPeriod.id.desc())
        )
    )
    current = next((p for p in periods if p.ended_on is None), None)
    return SoberDays(
        current=current,
        days=_length(current, on) if current else 0,
        earlier=[p for p in periods if p.ended_on is not None],
        total_days=sum(_length(p, on) for p in periods),
    )


def start_counting(user: User, started_on: date, on: date | None = None) -> SoberPeriod:
    """Start (or start again) counting sober days from ``started_on``."""
    on = on or today()
    if started_on > on or started_on < on - timedelta(days=365 * 50):
        raise ValidationError({"started_on": _("Choose a day that is not in the future.")})
    if user.role not in CHECKIN_ROLES:
        raise NotAllowed
    try:
        with unit_of_work(keep_loaded=True) as session:
            if _counting(user) is not None:
                raise ValidationError({"started_on": _("The counter is already counting.")})
            last_end = session.scalar(
                sa.select(sa.func.max(SoberPeriod.ended_on)).where(SoberPeriod.user_id == user.id)
            )
            if last_end is not None and started_on <= last_end:
                raise ValidationError(
                    {"started_on": _("Choose a day after the last stretch you counted.")}
                )
            period = SoberPeriod(user_id=user.id, started_on=started_on)
            session.add(period)
            session.flush()
    except IntegrityError:
        # started in a parallel request a moment ago
        raise ValidationError({"started_on": _("The counter is already counting.")}) from None
    return period


def _counting(user: User) -> SoberPeriod | None:
    """The stretch being counted now, if any."""
    return db.session.scalars(
        sa.select(SoberPeriod).where(SoberPeriod.user_id == user.id, SoberPeriod.ended_on.is_(None))
    ).first()


def pause_counting(user: User, on: date | None = None) -> bool:
    """Pause the counter; the stretch is kept in the history. False when it was not counting."""
    on = on or today()
    with unit_of_work():
        period = _counting(user)
        if period is None:
            return False
        period.ended_on = max(period.started_on, on - timedelta(days=1))
    return True
