"""Which language a page is served in: ``?lang=``, then the remembered choice, then the browser."""

from __future__ import annotations

from flask import Flask, Response, current_app, g, has_request_context, request
from flask_babel import get_locale, refresh

from peerapp.extensions import babel

LANGUAGES = {"nb": "Norsk bokmål", "nn": "Norsk nynorsk", "en": "English"}
LANG_COOKIE = "lang"


def select_locale() -> str | None:
    """Choose nb, nn or en for this request; outside a request (a command) the default."""
    if not has_request_context():
        return None
    asked = request.args.get("lang")
    if asked in LANGUAGES:
        g.lang_chosen = asked
        return asked
    remembered = request.cookies.get(LANG_COOKIE)
    if remembered in LANGUAGES:
        return remembered
    # "no" (plain Norwegian) in Accept-Language means Bokmål for nearly every reader
    best = request.accept_languages.best_match(["nb", "nn", "en", "no"])
    return "nb" if best in (None, "no") else best


def _remember_choice(response: Response) -> Response:
    """Keep a language chosen with ``?lang=`` for a year."""
    chosen = g.get("lang_chosen")
    if chosen:
        response.set_cookie(
            LANG_COOKIE,
            chosen,
            max_age=365 * 24 * 3600,
            samesite="Lax",
            httponly=True,
            # Secure whenever the session cookie is (everywhere outside a developer's or demo
            # machine), even when a proxy in front forwards plain HTTP
            secure=request.is_secure or bool(current_app.config.get("SESSION_COOKIE_SECURE")),
        )
    return response


def _fresh_choice() -> None:
    """Choose the language anew for each request, even inside a longer-lived app context."""
    g.pop("lang_chosen", None)
    refresh()


def init_app(app: Flask) -> None:
    """Wire the locale selector and the cookie that remembers the choice."""
    babel.init_app(app, locale_selector=select_locale)
    app.before_request(_fresh_choice)
    app.after_request(_remember_choice)


def current_language() -> str:
    """The language of the current request: ``nb``, ``nn`` or ``en``."""

    return str(get_locale() or "nb")
