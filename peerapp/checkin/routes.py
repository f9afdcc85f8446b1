"""The check-in, one thing at a time: a short hub at ``/checkin``, the morning plan, the evening
check, and saving either (the same day's one check-in, edited)."""

from __future__ import annotations

from datetime import timedelta
from typing import TYPE_CHECKING, Any
from urllib.parse import urlencode

from flask import flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict

from peerapp.access import public, roles
from peerapp.checkin import bp
from peerapp.checkin.forms import (
    ANCHORS,
    MAX_OWN_ANCHORS,
    PLACE_FIELDS,
    MeetingSearch,
    body_from_form,
    meeting_search,
    split_plan,
)
from peerapp.errors import ValidationError
from peerapp.finder import today_in_norway
from peerapp.services.checkins import anchors as checkins_anchors
from peerapp.services.checkins import consent as checkins_consent
from peerapp.services.checkins import daily, sober_days
from peerapp.services.checkins import steps as checkin_steps
from peerapp.services.checkins.support import SOON_MINUTES, support_for

if TYPE_CHECKING:
    from peerapp.models.people import User

CHECKIN_ROLES = checkins_consent.CHECKIN_ROLES
#: the two forms of the day, by the ``step`` they send
STEPS = {"plan": "checkin/plan.html", "evening": "checkin/evening.html"}


def me() -> User:
    """The person signed in."""
    user: User = current_user._get_current_object()
    return user


def may_check_in() -> bool:
    """Whether the person signed in keeps check-ins (a client or a peer)."""
    return bool(current_user.is_authenticated and current_user.role in CHECKIN_ROLES)


def checking_in() -> bool:
    """Whether the person signed in keeps check-ins and has agreed to it."""
    return may_check_in() and checkins_consent.has_consent(me())


def to_hub() -> ResponseReturnValue:
    """Back to ``/checkin``, which says what the check-in is or asks for consent first."""
    return redirect(url_for("checkin.checkin_page"))


@bp.get("/checkin")
@public
def checkin_page() -> ResponseReturnValue:
    """The hub: help first on a hard day, today's plan and evening check a tap away, then
    progress and settings; what it is, for everyone else. A search for today's meetings (an old
    link to ``/checkin?where=...``) opens the morning plan."""
    if any(request.args.get(name, "").strip() for name in PLACE_FIELDS):
        kept = urlencode(
            [(name, request.args[name]) for name in PLACE_FIELDS if name in request.args]
        )
        return redirect(f"{url_for('checkin.plan_page')}?{kept}#meetings", 301)
    person = me() if may_check_in() else None
    consented = person is not None and checkins_consent.has_consent(person)
    day = daily.today()
    existing = daily.day_of(person, day) if consented and person else None
    return render_template(
        "checkin/hub.html",
        me=person,
        consented=consented,
        today=day,
        existing=existing,
        support=support_for(person) if consented and person else None,
        soon_minutes=SOON_MINUTES,
        sober=sober_days.sober_days(person) if consented and person else None,
        # after 15:00 the evening check is the one to do
        evening_now=checkin_steps.evening_now(),
        checked=checkin_steps.evening_checked(existing),
        form=FlaskForm(),
    )


@bp.post("/checkin/consent")
@roles(*CHECKIN_ROLES)
def consent() -> ResponseReturnValue:
    """Agree to keeping check-ins, after reading what is kept and who sees it."""
    if FlaskForm().validate_on_submit():
        checkins_consent.give_consent(me())
        flash(_("Thank you. Your check-ins are kept for you, and only you see them."))
    return redirect(url_for("checkin.checkin_page")), 303


def _form_page(
    step: str,
    errors: dict[str, str] | None = None,
    values: dict[str, Any] | None = None,
    search: MeetingSearch | None = None,
) -> str:
    """The plan or the evening check of today, filled in from today's check-in or from
    ``values`` (what was sent), carrying the other form's fields hidden."""
    person = me()
    day = daily.today()
    existing = daily.day_of(person, day)
    earlier = existing.plan if existing is not None else []
    plan = checkins_anchors.described(
        (values or {}).get("plan") or earlier, day, daily.MAX_LABEL_LENGTH, earlier
    )
    offered, own_anchors, planned_meetings = split_plan(plan)
    return render_template(
        STEPS[step],
        me=person,
        step=step,
        today=day,
        anchors=ANCHORS,
        existing=existing,
        plan=plan,
        offered=offered,
        own_anchors=own_anchors,
        planned_meetings=planned_meetings,
        search=search,
        today_number=today_in_norway(),
        max_own=MAX_OWN_ANCHORS,
        # what the fields show: what was sent, or else today's check-in
        done=values["done"] if values else (existing.done if existing else []),
        mood=values["mood"] if values else (existing.mood if existing else None),
        craving=values["craving"] if values else (existing.craving if existing else None),
        sleep=values["sleep_hours"] if values else (existing.sleep_hours if existing else None),
        note=values["note"] if values else (daily.note_of(existing) if existing else None),
        errors=errors or {},
        form=FlaskForm(),
    )


@bp.get("/checkin/plan")
@roles(*CHECKIN_ROLES)
def plan_page() -> ResponseReturnValue:
    """The morning plan: today's anchors. With a place (``where``, or ``lat`` and ``lng``) it
    offers today's meetings near it."""
    if not checking_in():
        return to_hub()
    existing = daily.day_of(me(), daily.today())
    planned = existing.plan if existing is not None else []
    search = meeting_search(request.args, daily.today(), planned)
    bad = search is not None and search.form.bad_request
    return _form_page("plan", search=search), 400 if bad else 200


@bp.post("/checkin/plan")
@roles(*CHECKIN_ROLES)
def plan_meetings() -> ResponseReturnValue:
    """Find today's meetings near a place from inside the plan, keeping everything ticked and
    typed there (nothing is saved until "Save")."""
    if not checkins_consent.has_consent(me()):
        return to_hub()
    if not FlaskForm().validate_on_submit():
        return _form_page("plan", {"form": _("The form had expired. Please try again.")}), 400
    body = body_from_form(request.form, daily.today().isoformat())
    chosen = [item for item in body["plan"] if isinstance(item.get("meeting_id"), int)]
    fields = MultiDict({name: request.form.get(name, "") for name in PLACE_FIELDS})
    search = meeting_search(fields, daily.today(), chosen, asked=True)
    bad = search is not None and search.form.bad_request
    return _form_page("plan", values=body, search=search), 400 if bad else 200


@bp.get("/checkin/evening")
@roles(*CHECKIN_ROLES)
def evening_page() -> ResponseReturnValue:
    """The evening check: what got done, mood, craving, sleep and a note."""
    if not checking_in():
        return to_hub()
    return _form_page("evening")


@bp.post("/checkin")
@roles(*CHECKIN_ROLES)
def save() -> ResponseReturnValue:
    """Save today's plan or evening check (the same day again is an edit, never a second
    check-in), then show what matters now at the top of ``/checkin``."""
    sent = request.form.get("step", "")
    step = sent if sent in STEPS else "evening"
    if step == "plan" and "save" not in request.form and request.form.get("where", "").strip():
        # Enter in the place typed, without JavaScript: a search, as "Find meetings" is
        return plan_meetings()
    if not FlaskForm().validate_on_submit():
        return _form_page(step, {"form": _("The form had expired. Please try again.")}), 400
    # the day the form was shown for: an evening check sent just after midnight stays on its day
    today = daily.today()
    shown = request.form.get("date")
    day = shown if shown in (today.isoformat(), (today - timedelta(days=1)).isoformat()) else None
    body = body_from_form(request.form, day or today.isoformat())
    try:
        daily.save(me(), daily.read_entry(body))
    except ValidationError as error:
        return _form_page(step, error.errors, body), 400
    except checkins_consent.ConsentRequired:
        return _form_page(step, {"form": _("Agree to keeping your check-ins first.")}), 409
    flash(_("Saved. Thank you for checking in."))
    return redirect(url_for("checkin.checkin_page")), 303


from peerapp.checkin import settings  # noqa: E402,F401
