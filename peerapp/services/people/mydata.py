"""My data: everything stored about a person, to read or download, and erasing the account.

Erasing deletes the account and everything that is only theirs (check-ins and notes, consents,
push subscriptions, queued notifications, sessions, recovery codes). A readmission request stays
with the clinic as its record, detached from the account. On SQLite, ``secure_delete`` zeroes the
freed bytes and a WAL checkpoint (TRUNCATE) takes them out of the write-ahead log as well, so
nothing of a deleted note is left in the database files.
"""

from __future__ import annotations

import logging
import time
from typing import Any

import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models.checkins import CheckIn, Consent, SoberPeriod
from peerapp.models.notify import PushSubscription
from peerapp.models.people import User
from peerapp.models.readmission import Enrolment, ReadmissionRequest
from peerapp.services import first_months
from peerapp.services.checkins import daily, reminders
from peerapp.services.companion import requests as companion_requests
from peerapp.services.errors import NotAllowed, ValidationError
from peerapp.services.municipalities.export import municipality_data
from peerapp.services.people import passwords, throttle
from peerapp.services.plan.store import load_plan
from peerapp.services.privacy import audit, crypto
from peerapp.services.unit import unit_of_work
from peerapp.words import _

log = logging.getLogger(__name__)

#: who may erase their own account (staff accounts are removed by an administrator)
SELF_ERASING = ("client", "peer", "relative")


def _iso(moment: Any) -> str | None:
    return moment.isoformat() if moment is not None else None


def _agreement(user: User) -> dict[str, Any] | None:
    from peerapp.services.readmission import agreements as readmission_requests

    agreement = readmission_requests.agreement_for(user)
    if agreement is None:
        return None
    return {
        "clinic": agreement.clinic.name,
        "kind": agreement.kind,
        "max_stay_days": agreement.max_stay_days,
        "min_days_between": agreement.min_days_between,
        "valid_until": _iso(agreement.valid_until),
    }


def _ways_back(user: User) -> dict[str, Any]:
    """One's passkeys, come-back keys and unused recovery codes (never a secret or its hash)."""
    from peerapp.services.people.ways_back import ways_back

    held = ways_back(user)
    return {
        "passkeys": [
            {"name": k.name, "created_at": _iso(k.created_at), "last_used_at": _iso(k.last_used_at)}
            for k in held.passkeys
        ],
        "come_back_keys": [
            {"name": k.name, "created_at": _iso(k.created_at), "last_used_at": _iso(k.last_used_at)}
            for k in held.come_back_keys
        ],
        "recovery_codes_unused": held.recovery_codes_left,
    }


def _plan(user: User) -> dict[str, Any] | None:
    """The person's plan with its text in clear, as the plan's API gives it."""
    plan = load_plan(user.id)
    if plan is None:
        return None
    return {
        "crisis_plan": plan.crisis_plan.as_dict(),
        "appointments": [
            {
                "what": item.what,
                "with_whom": item.with_whom,
                "starts_at": item.starts_at.isoformat(),
                "where": item.where,
            }
            for item in plan.appointments
        ],
        "contacts": [
            {"role": c.role, "name": c.name, "phone": c.phone, "how": c.how} for c in plan.contacts
        ],
        "saved": [{"kind": item.kind, "id": item.item_id} for item in plan.saved],
        "updated_at": _iso(plan.updated_at),
    }


def export(user: User) -> dict[str, Any]:
    """Everything stored about ``user``, readable by a person and by a program."""
    clinic = user.clinic
    rows = db.session.scalars(
        sa.select(CheckIn).where(CheckIn.user_id == user.id).order_by(CheckIn.day)
    )
    requests = db.session.scalars(
        sa.select(ReadmissionRequest)
        .where(ReadmissionRequest.client_id == user.id)
        .order_by(ReadmissionRequest.id)
    )
    return {
        "exported_at": utcnow().isoformat(),
        "account": {
            "id": user.id,
            "username": user.username,
            "role": user.role,
            "language": user.language,
            "email": user.email,
            "clinic": {"slug": clinic.slug, "name": clinic.name} if clinic else None,
            "second_factor": user.has_totp,
            "created_at": _iso(user.created_at),
            "last_login_at": _iso(user.last_login_at),
            "password_changed_at": _iso(user.password_changed_at),
        },
        "agreement": _agreement(user),
        "consents": [
            {
                "scope": consent.scope,
                "given_at": _iso(consent.given_at),
                "withdrawn_at": _iso(consent.withdrawn_at),
            }
            for consent in db.session.scalars(sa.select(Consent).where(Consent.user_id == user.id))
        ],
        "checkins": [
            {
                "date": row.day.isoformat(),
                "mood": row.mood,
                "craving": row.craving,
                "sleep_hours": row.sleep_hours,
                "plan": row.plan,
                "done": row.done,
                "note": daily.note_of(row),
                "updated_at": _iso(row.updated_at),
            }
            for row in rows
        ],
        "reminders": reminders.reminders_of(user),
        "sober_periods": [
            {"started_on": p.started_on.isoformat(), "ended_on": _iso(p.ended_on)}
            for p in db.session.scalars(
                sa.select(SoberPeriod).where(SoberPeriod.user_id == user.id)
            )
        ],
        "readmission_requests": [
            {
                "id": item.id,
                "clinic": item.clinic.name,
                "status": item.status,
                "created_at": _iso(item.created_at),
                "message": crypto.decrypt(item.message) if item.message else None,
                "callback_phone": (
                    crypto.decrypt(item.callback_phone) if item.callback_phone else None
                ),
                "events": [{"status": event.status, "at": _iso(event.at)} for event in item.events],
            }
            for item in requests
        ],
        "push_subscriptions": [
            {"endpoint": sub.endpoint, "created_at": _iso(sub.created_at)}
            for sub in db.session.scalars(
                sa.select(PushSubscription).where(PushSubscription.user_id == user.id)
            )
        ],
        **_ways_back(user),
        "companion_requests": companion_requests.export_of(user),
        "plan": _plan(user),
        **municipality_data(user),
        "first_months": first_months.export_of(user),
        "access_log": [
            {
                "at": _iso(event.at),
                "who": event.actor_username,
                "role": event.actor_role,
                "action": event.action,
                "allowed": event.allowed,
            }
            for event in audit.access_log_for(user, limit=None)
        ],
    }


def erase_account(
    user: User, password: str | None, address: str = "", device_cookie: str | None = None
) -> None:
    """Delete one's own account for good, after the password once more (throttled as signing
    in is; raises ``Throttled`` or ``ValidationError``)."""
    if user.role not in SELF_ERASING:
        raise NotAllowed
    who = throttle.attempt(user.username_key, address, device_cookie)
    throttle.check(who)
    if not passwords.verify_password(user.password_hash, password or ""):
        throttle.record_failure(who)
        raise ValidationError({"password": _("That password is not right.")})
    erase(user)


def erase(user: User) -> None:
    """Delete the account and all that is only the person's; the clinic keeps its records."""
    if user.role not in SELF_ERASING:
        raise NotAllowed
    with unit_of_work():
        _delete_account(user.id)
    _scrub_sqlite()


def _delete_account(user_id: int) -> None:
    """Detach what the clinic keeps, then delete the account with all that goes with it."""
    # the request stays with the clinic: detached, and no longer blocking anything
    db.session.execute(
        sa.update(ReadmissionRequest)
        .where(ReadmissionRequest.client_id == user_id)
        .values(client_id=None, open_client_id=None)
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        sa.update(Enrolment)
        .where(Enrolment.client_id == user_id)
        .values(client_id=None)
        .execution_options(synchronize_session=False)
    )
    # the rest goes with the account (ON DELETE CASCADE), on every database alike
    db.session.execute(sa.delete(User).where(User.id == user_id))


#: how long erasure waits for readers to finish so that the write-ahead log can be emptied
CHECKPOINT_WAIT = 10.0


def _scrub_sqlite() -> None:
    """Move every freed (zeroed) page out of SQLite's write-ahead log into the database file.

    A reader still inside an older snapshot keeps the checkpoint from finishing; try again until
    it reports done (busy = 0), and warn (with no personal data) if readers outlast the wait.
    """
    if db.engine.dialect.name != "sqlite":
        return
    deadline = time.monotonic() + CHECKPOINT_WAIT
    with db.engine.connect() as connection:
        while True:
            busy = connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").scalar()
            if not busy:
                return
            if time.monotonic() > deadline:
                log.warning("erasure: the write-ahead log could not be emptied yet")
                return
            time.sleep(0.05)
