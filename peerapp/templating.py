"""Every name templates may use besides Flask's own, registered in one place: labels in the
reader's language, dates and durations, links and versioned asset URLs."""

from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from flask import Flask, current_app, request, url_for
from flask_login import current_user

from peerapp import labels
from peerapp.i18n import LANGUAGES, current_language
from peerapp.services.meetings.vocabulary import FELLOWSHIPS
from peerapp.services.readmission import queue as readmission_queue
from peerapp.services.readmission.requests import new_tap_key
from peerapp.services.readmission.status import describe as describe_status


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
    app.context_processor(_languages)
    _init_shell_and_peers(app)
    _init_listings(app)
    _readmission_globals(app)


# --- listings: meetings, sober places, and the peers who keep them true (journeys 1, 2 and 7) ---


def _init_listings(app: Flask) -> None:
    """What the meeting and place pages, their cards and the peers' tools ask of a template."""
    # imported here, so that each journey's block stays one piece to read (and to merge)
    from peerapp import listing_pages as shown
    from peerapp.listing_forms import ATTENDANCE_CHOICES
    from peerapp.listing_reports import reason_label
    from peerapp.schedule_words import exception_words, schedule_words
    from peerapp.services import openhours as oh
    from peerapp.services.meetings import edits
    from peerapp.services.meetings.vocabulary import (
        ACCESSIBILITY_TYPES,
        FELLOWSHIPS,
        LANGUAGE_TYPES,
        NEWCOMER_TYPE,
        conference_provider,
    )
    from peerapp.services.places import care
    from peerapp.services.places.describe import is_stale, kind_label
    from peerapp.services.stewardship import limits, listings, reports
    from peerapp.subscribe import as_webcal, calendar_feed_url

    def may_tend(meeting: Any) -> bool:
        """Whether the signed-in peer or admin may change this meeting."""
        if not (current_user.is_authenticated and current_user.role in ("peer", "admin")):
            return False
        return limits.may_edit(current_user._get_current_object(), meeting)

    app.jinja_env.globals.update(
        # the meeting finder and meeting pages
        fellowships_by_code=FELLOWSHIPS,
        LANGUAGE_TYPES=LANGUAGE_TYPES,
        ACCESSIBILITY_TYPES=ACCESSIBILITY_TYPES,
        NEWCOMER_TYPE=NEWCOMER_TYPE,
        clock=shown.clock,
        distance=shown.distance,
        day_label=shown.day_label,
        schedule_words=schedule_words,
        exception_words=exception_words,
        relative_day=shown.relative_day,
        long_date=shown.long_date,
        next_date=shown.next_date,
        zone_name=shown.zone_name,
        iso=shown.iso,
        meeting_type=shown.meeting_type,
        finder_url=shown.finder_url,
        meeting_url=shown.meeting_url,
        safe_web_url=shown.safe_web_url,
        tel_href=shown.tel_href,
        # the place finder and place pages
        kind_label=kind_label,
        week_hours=shown.week_hours,
        coming_exceptions=shown.coming_exceptions,
        place_stale=is_stale,
        # peers looking after listings
        listing_stale=listings.is_stale,
        listing_checked_by=listings.checked_by,
        feed_conflict_of=edits.conflict_of,
        may_tend=may_tend,
        open_reports=reports.open_reports,
        listing_reported=reports.has_open_report,
        report_reason=reason_label,
        calendar_feed_url=calendar_feed_url,
        as_webcal=as_webcal,
        conference_provider=conference_provider,
        attendance_label=lambda option: str(dict(ATTENDANCE_CHOICES).get(option, option)),
        shown_value=shown.shown_value,
        place_checked_by=care.checked_by,
        places_needing_check=care.count_needing_check,
        local_day=oh.local_today,
    )


# --- The way back to the clinic (journeys 5 and 6) -----------------------------------------------


def come_back() -> dict[str, object] | None:
    """For the home screen of an enrolled client: their clinic, open request and a fresh key."""
    if not current_user.is_authenticated or current_user.role != "client":
        return None
    me = current_user._get_current_object()
    if me.clinic is None:
        return None
    open_request = readmission_queue.open_request_of(me)
    return {
        "clinic": me.clinic,
        "open": open_request,
        "status": describe_status(open_request) if open_request is not None else None,
        "key": new_tap_key(),
    }


def _readmission_globals(app: Flask) -> None:
    """The button back to one's clinic, on any page that shows it; each person's way home."""
    from peerapp.home import finder_start_url, home_url

    app.jinja_env.globals.update(
        come_back=come_back,
        home_url=lambda: home_url(current_user) if current_user.is_authenticated else None,
        finder_start_url=finder_start_url,
    )


def _languages() -> dict[str, object]:
    """The languages offered, and the page's own (per request)."""
    return {"LANGUAGES": LANGUAGES, "current_lang": current_language()}


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
