"""Flask-Login wired to server-side sessions, and signing a person in and out of this browser.

The pages and the API both sign people in here; the rules (checking the password, opening and
ending the server-side session) are the service operations in ``peerapp.services.people``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import Flask, Response, after_this_request, current_app, g, request, session
from flask.sessions import SecureCookieSessionInterface, SessionMixin
from flask_login import AnonymousUserMixin, current_user, login_user, logout_user
from werkzeug.wrappers import Response as AnyResponse

from peerapp.extensions import login_manager
from peerapp.services.errors import NotAllowed
from peerapp.services.people import accounts, devices, sessions
from peerapp.services.people.mydata import SELF_ERASING

if TYPE_CHECKING:
    from peerapp.models.people import User

__all__ = [
    "CLEAR_SITE_DATA",
    "client_address",
    "device_cookie",
    "LOGOUT_CLEAR_SITE_DATA",
    "SELF_ERASING",
    "forget_sign_in",
    "forget_this_browser",
    "init_app",
    "sign_in",
    "sign_out",
]

#: what a browser forgets at logout; not the cookies, which hold the language and the new session
LOGOUT_CLEAR_SITE_DATA = '"cache", "storage"'
#: what a browser should forget when an account is erased (its cookies too)
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


class Visitor(AnonymousUserMixin):
    """Someone not signed in."""

    role = "visitor"
    username = None
    clinic_id = None
    session_token = None


@login_manager.user_loader
def _load_user(token: str) -> User | None:
    """The signed-in user for the session token in the cookie, while that session lives."""
    row = sessions.load_session(token)
    if row is None or not accounts.may_sign_in(row.user):  # e.g. a demo session, demo over
        return None
    user = row.user
    user.session_token = token
    return user


def sign_in(user: User) -> None:
    """Start a new session for ``user`` in this browser, dropping whatever came before."""
    if not accounts.may_sign_in(user):  # every way in passes here, not only the password
        raise NotAllowed()
    session.clear()  # a fresh session: nothing from before signing in carries over (fixation)
    token = accounts.open_session(user)
    user.session_token = token
    login_user(user)
    # Flask-Login also stores a hash of the address and browser; we keep no such thing
    session.pop("_id", None)
    # a client's (or relative's) own phone stays signed in
    session.permanent = user.role in ("client", "relative")
    _remember_device(user)


def _device_cookie_name() -> str:
    secure = bool(current_app.config.get("SESSION_COOKIE_SECURE"))
    return "__Host-peerapp-device" if secure else "peerapp-device"


def device_cookie() -> str | None:
    """This browser's device cookie (OWASP device cookies: see ``services.people.devices``)."""
    return request.cookies.get(_device_cookie_name())


def client_address() -> str:
    """The address a request came from, as the throttle counts it."""
    return request.remote_addr or "unknown"


def _remember_device(user: User) -> None:
    """Give this browser a fresh device cookie for ``user``: guesses at the account from
    elsewhere will not lock it out."""
    value = accounts.remember_device(device_cookie(), user)

    @after_this_request
    def _set_cookie(response: AnyResponse) -> AnyResponse:
        response.set_cookie(
            _device_cookie_name(),
            value,
            max_age=int(devices.MAX_AGE.total_seconds()),
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
        return response


def sign_out(push_endpoint: str | None = None) -> None:
    """End the session on the server and forget it in this browser.

    ``push_endpoint`` is this browser's push subscription, which the page stopped before
    logging out: the server forgets it in the same step.
    """
    token = getattr(current_user, "session_token", None)
    if token:
        accounts.close_session(current_user._get_current_object(), token, push_endpoint)
    forget_sign_in()


def forget_sign_in() -> None:
    """Forget the signed-in person in this browser only (the server side is already gone)."""
    logout_user()
    session.clear()


def forget_this_browser(response: AnyResponse) -> AnyResponse:
    """Ask the browser to drop what it keeps for this site: the service worker's pages, the
    offline queue and saved meetings. Cookies stay, so logging in again works at once."""
    response.headers["Clear-Site-Data"] = LOGOUT_CLEAR_SITE_DATA
    return response


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed cookie sessions, except that answers for static files leave them alone.

    A static file is the same for everyone and changes nobody's session; without a
    ``Set-Cookie`` or ``Vary: Cookie`` on it, browsers and proxies may keep it as long as its
    ``Cache-Control`` says, and a shared cache can never hand one person's cookie to another.
    """

    def save_session(self, app: Any, session: SessionMixin, response: Response) -> None:
        """Write the cookie as Flask does, but not on a static file's answer."""
        if request.endpoint == "static":
            return
        super().save_session(app, session, response)


def _forget_cached_user() -> None:
    """Look the user and CSRF token up afresh for each request.

    ``g`` belongs to the application context, which outlives a request when one was pushed
    around it (a worker job, a test): what it cached for someone else must not carry over.
    """
    g.pop("_login_user", None)
    g.pop("csrf_token", None)


def init_app(app: Flask) -> None:
    """Bind Flask-Login to the app."""
    app.session_interface = CookieSessions()
    app.before_request(_forget_cached_user)
    login_manager.init_app(app)
    login_manager.anonymous_user = Visitor
    login_manager.session_protection = None  # the server-side session is the protection
