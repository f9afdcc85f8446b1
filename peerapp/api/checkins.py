"""Check-ins over the API: consent, writing a day (replayable with a key), reading a range."""

from __future__ import annotations

from datetime import date, timedelta
from typing import TYPE_CHECKING, Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, json_object, me
from peerapp.api.document import documented
from peerapp.api.schemas.checkins import CheckIn as CheckInBody
from peerapp.api.schemas.checkins import (
    CheckInList,
    CheckInRange,
    Consent,
    ConsentScope,
    IdempotencyKey,
    NewCheckIn,
)
from peerapp.errors import ValidationError, problem
from peerapp.services.checkins import consent as checkins_consent
from peerapp.services.checkins import daily, trend
from peerapp.services.readmission.requests import key_problem
from peerapp.services.vocabularies import CONSENT_SCOPES

if TYPE_CHECKING:
    from peerapp.models.checkins import CheckIn

FORBIDDEN = "Not a client or peer worker, or X-CSRFToken is wrong."

#: the longest range one GET returns
MAX_RANGE_DAYS = 400


def checkin_to_api(checkin: CheckIn) -> dict[str, Any]:
    """A check-in as its owner sees it, with the note in clear; an anchor that is a meeting
    carries its ``meeting_id``."""
    return {
        "date": checkin.day.isoformat(),
        "mood": checkin.mood,
        "craving": checkin.craving,
        "sleep_hours": checkin.sleep_hours,
        "plan": checkin.plan,
        "done": checkin.done,
        "note": daily.note_of(checkin),
        "updated_at": checkin.updated_at.isoformat(),
    }


def _scope() -> str:
    """The scope sent; with no body at all, consent to keeping check-ins."""
    if not request.get_data():
        return "checkins"
    scope = json_object().get("scope")
    if scope not in CONSENT_SCOPES:
        raise ValidationError({"scope": _("Unknown consent scope.")})
    return str(scope)


@bp.post("/v1/me/consent")
@roles("client", "peer")
@documented(
    operation_id="giveConsent",
    ok={201: Consent},
    errors={400: "Bad Request", 401: "Not signed in.", 403: FORBIDDEN},
    json=ConsentScope,
)
def give_consent() -> ResponseReturnValue:
    """Consent to keeping check-ins."""
    consent = checkins_consent.give_consent(me(), _scope())
    return jsonify(scope=consent.scope, given_at=consent.given_at.isoformat()), 201


@bp.delete("/v1/me/consent")
@roles("client", "peer")
@documented(
    operation_id="withdrawConsent",
    ok={204: None},
    errors={
        400: "Bad Request",
        401: "Not signed in.",
        403: FORBIDDEN,
        404: "No consent was given.",
    },
    json=ConsentScope,
)
def withdraw_consent() -> ResponseReturnValue:
    """Withdraw consent; no new check-ins are kept until it is given again."""
    if not checkins_consent.withdraw_consent(me(), _scope()):
        return problem(404, _("There is no consent to withdraw."), kind="not-found")
    return "", 204


@bp.post("/v1/checkins")
@roles("client", "peer")
@documented(
    operation_id="saveCheckIn",
    ok={201: (CheckInBody, "A new day."), 200: (CheckInBody, "The day edited, or a replay.")},
    errors={
        400: "Bad Request",
        401: "Not signed in.",
        403: FORBIDDEN,
        409: "Consent is needed first (type ends in consent-required).",
        415: NOT_JSON,
        422: (
            "The Idempotency-Key was used for a different check-in (type ends in"
            " idempotency-key-reused), or the plan names a meeting that is not listed"
            " (type ends in unknown-meeting, with `errors.plan`)."
        ),
    },
    json=NewCheckIn,
    headers=IdempotencyKey,
)
def save_checkin() -> ResponseReturnValue:
    """Write the day's check-in: 201 for a new day, 200 for an edit or a replayed key."""
    key = request.headers.get("Idempotency-Key", "")
    if problem_text := key_problem(key):
        raise ValidationError({"Idempotency-Key": problem_text})
    entry = daily.read_entry(json_object())
    try:
        saved = daily.save(me(), entry, key)
    except checkins_consent.ConsentRequired:
        return problem(
            409,
            _("Consent is needed before check-ins are kept."),
            _("Agree to keeping your check-ins first (POST /api/v1/me/consent)."),
            kind="consent-required",
        )
    except daily.UnknownMeeting as error:
        return problem(
            422,
            _("The plan names a meeting that is not listed."),
            "; ".join(error.errors.values()),
            kind="unknown-meeting",
            errors=error.errors,
        )
    except daily.KeyReused:
        return problem(
            422,
            _("This Idempotency-Key was used for a different check-in."),
            kind="idempotency-key-reused",
        )
    # a new key is a new write (201), a new day or an edit alike; a replayed key is 200
    return jsonify(checkin_to_api(saved.checkin)), 200 if saved.replayed else 201


def _day(name: str, default: date) -> date:
    value = request.args.get(name)
    if not value:
        return default
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not date(2000, 1, 1) <= day <= date(2100, 12, 31):
        raise ValidationError({name: _("Give a date as YYYY-MM-DD.")})
    return day


@bp.get("/v1/checkins")
@roles("client", "peer")
@documented(
    operation_id="listCheckIns",
    ok={200: CheckInList},
    errors={400: "Bad Request", 401: "Not signed in.", 403: FORBIDDEN},
    validate=False,
    query=CheckInRange,
)
def list_checkins() -> ResponseReturnValue:
    """One's check-ins from ``from`` to ``to`` (default: the last 30 days)."""
    last = _day("to", daily.today())
    first = _day("from", last - timedelta(days=trend.TREND_DAYS - 1))
    if first > last or (last - first).days > MAX_RANGE_DAYS:
        raise ValidationError(
            {"from": _("Give a range of at most %(num)d days.", num=MAX_RANGE_DAYS)}
        )
    rows = daily.between(me(), first, last)
    return jsonify(checkins=[checkin_to_api(row) for row in rows])
