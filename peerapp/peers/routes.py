"""Find a peer and ask for contact; the conversation; and the peer worker's own page."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf import FlaskForm

from peerapp.access import public, roles
from peerapp.charts import trend_chart
from peerapp.errors import ValidationError
from peerapp.peers import bp
from peerapp.services.checkins import daily
from peerapp.services.companion import offering as companion_offering
from peerapp.services.companion import requests as companion_requests
from peerapp.services.errors import NotFound
from peerapp.services.peers import contact
from peerapp.services.peers import profiles as peers_profiles

if TYPE_CHECKING:
    from peerapp.models.peers import ContactRequest
    from peerapp.models.people import User


def _me() -> User:
    user: User = current_user._get_current_object()
    return user


def _viewer() -> User | None:
    return _me() if current_user.is_authenticated else None


@bp.get("/peers")
@public
def peer_list() -> ResponseReturnValue:
    """Peer workers switched on, to filter by region, language, fellowship and whether they talk
    with relatives."""
    region = (request.args.get("region") or "").strip()[:60]
    language = request.args.get("language") or None
    fellowship = request.args.get("fellowship") or None
    relatives = request.args.get("relatives") in ("1", "true")
    asking = _viewer() and current_user.role in contact.ASKING_ROLES
    mine = contact.requests_of(_me()) if asking else []
    return render_template(
        "peers/list.html",
        profiles=peers_profiles.shown_profiles(
            _viewer(), region, language, fellowship, relatives=relatives
        ),
        relatives=relatives,
        region=region,
        language=language,
        fellowship=fellowship,
        mine=mine,
    )


def _profile_page(profile_id: int, errors: dict[str, str] | None = None, values=None) -> str:
    profile = peers_profiles.shown_profile(profile_id, _viewer())
    if profile is None:
        abort(404)
    return render_template(
        "peers/profile.html",
        profile=profile,
        form=FlaskForm(),
        errors=errors or {},
        values=values or {},
    )


@bp.get("/peers/<int(max=2147483647):profile_id>")
@public
def profile(profile_id: int) -> ResponseReturnValue:
    """One peer's profile, with the contact form for clients."""
    return _profile_page(profile_id)


@bp.post("/peers/<int(max=2147483647):profile_id>/contact")
@roles(*contact.ASKING_ROLES)
def ask(profile_id: int) -> ResponseReturnValue:
    """Send a contact request to this peer."""
    if not FlaskForm().validate_on_submit():
        abort(400)
    body = {
        "peer_id": profile_id,
        "channel": request.form.get("channel"),
        "phone": request.form.get("phone") or None,
        "message": request.form.get("message") or "",
    }
    try:
        sent = contact.send_request(_me(), body)
    except ValidationError as error:
        return _profile_page(profile_id, error.errors, body), 400
    except contact.PeerUnavailable:
        flash(_("This peer cannot take requests now. Try another peer."), "error")
        return redirect(url_for("peers.peer_list")), 303
    flash(_("Sent. The peer has been told and will answer as soon as they can."))
    return redirect(url_for("peers.conversation", request_id=sent.id)), 303


def _visible(request_id: int, audited: bool = True) -> ContactRequest:
    found = contact.visible_request(_me(), request_id, audited)
    if found is None:
        abort(404)
    return found


@bp.get("/contact-requests/<int(max=2147483647):request_id>")
@roles(*contact.ASKING_ROLES, "peer")
def conversation(request_id: int) -> ResponseReturnValue:
    """The request and its thread, for its client and its peer."""
    found = _visible(request_id)
    shared = contact.shared_progress(_me(), found)
    return render_template(
        "peers/conversation.html",
        shared=shared,
        chart=trend_chart(shared.trend, daily.today()) if shared else None,
        item=found,
        form=FlaskForm(),
        message=contact.unseal(found.message),
        phone=contact.unseal(found.phone),
        replies=[(r, contact.unseal(r.body)) for r in found.replies],
        errors={},
    )


@bp.post("/contact-requests/<int(max=2147483647):request_id>/<action>")
@roles(*contact.ASKING_ROLES, "peer")
def act(request_id: int, action: str) -> ResponseReturnValue:
    """Reply, close (peer), block the peer (client) or report abuse (peer)."""
    found = _visible(request_id, audited=False)  # the page it leads back to records the look
    if not FlaskForm().validate_on_submit():
        abort(400)
    text = request.form.get("reason" if action == "report" else "body") or ""
    try:
        contact.act(_me(), found, action, text)
    except NotFound:
        abort(404)
    except ValidationError as error:
        flash(next(iter(error.errors.values())), "error")
    except contact.NotAllowed:
        flash(_("That cannot be done in this conversation now."), "error")
    else:
        if action == "close":
            flash(_("The conversation is closed."))
        elif action == "block":
            flash(_("Blocked. This peer will not be shown to you or reach you again."))
            return redirect(url_for("peers.peer_list")), 303
        elif action == "report":
            flash(_("Thank you. An administrator will look at it."))
    return redirect(url_for("peers.conversation", request_id=found.id)), 303


@bp.route("/peer", methods=["GET", "POST"])
@roles("peer")
def dashboard() -> ResponseReturnValue:
    """The peer worker's profile (shown or not, paused or not) and incoming requests."""
    errors: dict[str, str] = {}
    form = FlaskForm()
    if request.method == "POST" and form.validate_on_submit():
        spec = peers_profiles.ProfileSpec(
            display_name=request.form.get("display_name") or "",
            languages=tuple(request.form.getlist("languages")),
            regions=tuple((request.form.get("regions") or "").split(",")),
            fellowships=tuple(request.form.getlist("fellowships")),
            availability=request.form.get("availability") or "",
            about=request.form.get("about") or "",
            visible=request.form.get("visible") == "1",
            paused=request.form.get("paused") == "1",
            talks_with_relatives=request.form.get("talks_with_relatives") == "1",
        )
        try:
            peers_profiles.save_profile(_me(), spec)
        except ValidationError as error:
            errors = error.errors
        else:
            flash(_("Your profile is saved."))
            return redirect(url_for("peers.dashboard")), 303
    return render_template(
        "peers/dashboard.html",
        profile=peers_profiles.profile_of(_me()),
        values=request.form if errors else None,
        errors=errors,
        form=form,
        incoming=contact.requests_of(_me()),
        company=companion_requests.listed_for(_me()),
        paused=companion_offering.is_paused(_me()),
    ), (400 if errors else 200)
