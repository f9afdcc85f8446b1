"""Every name templates may use besides Flask's own, registered in one place: labels in the
reader's language, dates and durations, links and versioned asset URLs."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for

from peerapp import labels
from peerapp.services.meetings.vocabulary import FELLOWSHIPS


def init_app(app: Flask) -> None:
    """Make the template globals available in every template."""
    app.jinja_env.globals.update(
        role_label=labels.role_label,
        audit_action=labels.audit_action,
        when=labels.when,
        day=labels.day,
        duration=labels.duration,
        month_name=labels.month_name,
        status_label=labels.status_label,
        agreement_label=labels.agreement_label,
        contact_status=lambda status: str(labels.CONTACT_STATUSES.get(status, status)),
        contact_channel=lambda channel: str(labels.CONTACT_CHANNELS.get(channel, channel)),
    )
    _init_shell_and_peers(app)


# --- the app shell (versioned asset URLs, the language switch) and the peers' vocabulary ------

#: the languages a peer may speak, each named in itself
LANGUAGE_NAMES = {
    "nb": "Norsk (bokmål)",
    "nn": "Norsk (nynorsk)",
    "en": "English",
    "se": "Davvisámegiella",
    "pl": "Polski",
    "ar": "العربية",
    "so": "Soomaali",
    "ti": "ትግርኛ",
    "uk": "Українська",
}


def _init_shell_and_peers(app: Flask) -> None:
    """``asset`` and ``lang_query`` for every page; the peers' languages and fellowships."""
    app.jinja_env.globals.update(
        asset=asset,
        lang_query=lang_query,
        language_names=LANGUAGE_NAMES,
        peer_fellowships=FELLOWSHIPS,
    )


@lru_cache(maxsize=8)
def static_version(static_folder: str) -> str:
    """A short hash of every static file: it changes whenever one of them changes."""
    digest = hashlib.sha256()
    for path in sorted(Path(static_folder).rglob("*")):
        if path.is_file():
            digest.update(path.relative_to(static_folder).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


def current_static_version() -> str:
    """The version of this app's static files."""
    return static_version(str(current_app.static_folder))


def asset(filename: str) -> str:
    """The URL of a static file, versioned so that a changed file is fetched anew."""
    return url_for("static", filename=filename, v=current_static_version())


def lang_query(code: str) -> str:
    """This page's query string with ``lang`` set to ``code`` (for the language switch)."""
    args: list[tuple[str, Any]] = [
        (key, value) for key, value in request.args.items(multi=True) if key != "lang"
    ]
    return urlencode([*args, ("lang", code)])
