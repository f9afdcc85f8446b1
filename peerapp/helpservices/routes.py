"""The services finder and service pages: help in my municipality, with hours and "open now"."""

from __future__ import annotations

from babel import Locale
from flask import abort, render_template, request, url_for
from flask.typing import ResponseReturnValue

from peerapp.access import public
from peerapp.extensions import utcnow
from peerapp.helpservices import bp
from peerapp.helpservices.forms import read_service_form
from peerapp.i18n import current_language
from peerapp.listing_pages import finder_page
from peerapp.listing_reports import report_limit, report_page
from peerapp.services import openhours as oh
from peerapp.services.helpservices.describe import (
    access_label,
    category_choices,
    category_label,
    find_service,
    hours_of,
    is_stale,
)
from peerapp.services.helpservices.search import search_services


@bp.get("/services")
@public
def finder() -> ResponseReturnValue:
    """Find help near me, open now: the form, and the services it finds."""
    form = read_service_form(request.args)
    return finder_page(
        "helpservices/finder.html", form, search_services, categories=category_choices()
    )


@bp.get("/services/<int:service_id>")
@public
def service_page(service_id: int) -> ResponseReturnValue:
    """One service: what it is, who may use it, how to get in, its week, where, how to call."""
    service = find_service(service_id)
    if service is None:
        abort(404)
    if service.archived_at is not None:
        return render_template("helpservices/gone.html", service=service), 410
    now = utcnow()
    hours = hours_of(service)
    return render_template(
        "helpservices/service.html",
        service=service,
        hours=hours,
        state=oh.open_state(hours, now),
        stale=is_stale(service, now),
        now=now,
        back_url=url_for("helpservices.finder"),
    )


# what service templates (and macros imported without context) call categories, ways in and
# languages, in the page's language
bp.add_app_template_global(category_label, "category_label")
bp.add_app_template_global(access_label, "access_label")


@bp.app_template_global()
def language_name(code: str) -> str:
    """A language's name in the page's language (``nb`` is "norsk bokmål" in Norwegian)."""
    lang = current_language()
    names = Locale.parse("en_GB" if lang == "en" else lang).languages
    return str(names.get(code, code))


@bp.route("/services/<int:service_id>/report", methods=["GET", "POST"])
@public
@report_limit()
def report_service(service_id: int) -> ResponseReturnValue:
    """Anyone tells the peer workers that this service is wrong."""
    service = find_service(service_id)
    if service is None:
        abort(404)
    if service.archived_at is not None:
        abort(410)
    page_url = url_for("helpservices.service_page", service_id=service.id)
    return report_page("service", service, page_url)
