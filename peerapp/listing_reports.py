"""The "report a problem" page of a meeting, a place or a service, shared by their blueprints:
anyone, without an account, tells the stewards what is wrong; rate-limited per address."""

from __future__ import annotations

from typing import Any

from flask import render_template, request
from flask.typing import ResponseReturnValue
from flask_babel import lazy_gettext as _l
from flask_limiter.util import get_remote_address
from flask_wtf import FlaskForm

from peerapp.extensions import limiter
from peerapp.services.errors import ValidationError
from peerapp.services.stewardship import reports

#: one budget per address for every report, on the pages and the API alike
REPORT_LIMIT = "10 per hour"
#: what each reason is called, for a meeting, a place and a help service
REASON_LABELS = {
    "meeting": {
        "moved": _l("It no longer meets here"),
        "time_changed": _l("The time has changed"),
        "other": _l("Something else"),
    },
    "place": {
        "moved": _l("It is no longer here"),
        "time_changed": _l("The opening hours have changed"),
        "other": _l("Something else"),
    },
}
#: a help service keeps hours as a place does, and is wrong in the same ways
REASON_LABELS["service"] = REASON_LABELS["place"]
OUTCOME_LABELS = {"fixed": _l("Fixed"), "not_a_problem": _l("Not a problem")}


def report_limit() -> Any:
    """The rate limit every report shares, counted per address (signed in or not)."""
    return limiter.shared_limit(
        REPORT_LIMIT, scope="listing-report", key_func=get_remote_address, methods=["POST"]
    )


def reason_label(kind: str, reason: str) -> str:
    """A report's reason in the reader's language."""
    return str(REASON_LABELS.get(kind, REASON_LABELS["meeting"]).get(reason, reason))


def report_page(kind: str, listing: Any, listing_url: str) -> ResponseReturnValue:
    """The form (GET) and, once sent (POST), the same page saying it was received."""
    errors: dict[str, str] = {}
    values = {"reason": "", "text": ""}
    if request.method == "POST":
        form = FlaskForm()
        if not form.validate_on_submit():
            errors["form"] = str(_l("The form had expired. Please send it again."))
        values = {
            "reason": request.form.get("reason", ""),
            "text": request.form.get("text", ""),
        }
        if not errors:
            try:
                reports.report_problem(kind, listing.id, values["reason"], values["text"])
            except ValidationError as error:
                errors = error.errors
            else:
                return _render(kind, listing, listing_url, sent=True)
    return _render(kind, listing, listing_url, errors=errors, values=values), (
        400 if errors else 200
    )


def _render(
    kind: str,
    listing: Any,
    listing_url: str,
    *,
    sent: bool = False,
    errors: dict[str, str] | None = None,
    values: dict[str, str] | None = None,
) -> str:
    return render_template(
        "listings/report.html",
        kind=kind,
        listing=listing,
        listing_url=listing_url,
        reasons=REASON_LABELS[kind].items(),
        sent=sent,
        errors=errors or {},
        values=values or {"reason": "", "text": ""},
        text_max=reports.TEXT_MAX,
    )
