"""Where each person starts: a client's home at ``/`` (the finder for everyone else, and for a
client who asks for it), and each role's own start page, where signing in lands and the header's
"Home" link goes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from peerapp.extensions import utcnow
from peerapp.services.checkins.support import SOON_MINUTES
from peerapp.services.events.operations import coming_this_week
from peerapp.services.home import home_of

if TYPE_CHECKING:
    from peerapp.models.people import User

#: arguments that keep ``/`` a client's home (the language switch)
HOME_ARGS = frozenset({"lang"})


def home_url(user: User) -> str:
    """Each role's own start page: a client's home, a peer's page, the clinic's queue, the
    municipality's hand-overs, admin, and the relatives' page."""
    if user.role == "clinic":
        return url_for("clinic.dashboard")
    if user.role == "admin":
        return url_for("admin.home")
    if user.role == "municipal":
        return url_for("municipality.home")
    if user.role == "relative":
        return url_for("relatives.page")
    if user.role == "peer":
        # people waiting for an answer come first there, then the meetings the peer looks after
        return url_for("peers.dashboard")
    return url_for("meetings.finder")


def wants_home() -> bool:
    """Whether ``/`` is asked for by a signed-in client as their home (not a search)."""
    return (
        current_user.is_authenticated
        and current_user.role == "client"
        and set(request.args) <= HOME_ARGS
    )


def finder_start_url() -> str:
    """The empty meeting finder: ``/``, or ``/?find=1`` for a client whose ``/`` is home (any
    argument but the language makes ``/`` the finder)."""
    if current_user.is_authenticated and current_user.role == "client":
        return url_for("meetings.finder", find=1)
    return url_for("meetings.finder")


def home_page() -> ResponseReturnValue:
    """A client's home: the way back to the clinic first, then today."""
    me: User = current_user._get_current_object()
    home = home_of(me, utcnow())
    return render_template(
        "home.html", home=home, soon_minutes=SOON_MINUTES, coming_events=coming_this_week()
    )
