"""Crisis help, the offline page, the web app manifest, the service worker and the health check."""

from __future__ import annotations

from flask import Response, g, jsonify, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import get_locale
from flask_babel import gettext as _

from peerapp import templating
from peerapp.access import public
from peerapp.pwa import bp
from peerapp.services.health import database_answers
from peerapp.templating import asset

#: the app shell: files the service worker keeps so that the kept pages open without a network
OFFLINE_ASSETS = (
    "css/app.css",
    "js/checkin-body.js",
    "js/come-back.js",
    "js/favourites.js",
    "js/locate.js",
    "js/logout.js",
    "js/plan-offline.js",
    "js/push.js",
    "js/queue-forms.js",
    "js/queue-status.js",
    "js/queue-store.js",
    "js/register-sw.js",
    "js/saved-copy.js",
    "js/share.js",
    "icons/icon.svg",
    "icons/icon-192.png",
)
#: public pages kept from the start, in the language the phone uses: the finder, crisis help and
#: the page shown when another page cannot be fetched
OFFLINE_PAGES = ("meetings.finder", "pwa.help_page", "pwa.offline")
THEME_COLOUR = "#0b5566"
BACKGROUND_COLOUR = "#f6f4ef"
#: how long a browser or proxy may keep the pages that carry no personal data
PUBLIC_MAX_AGE = 600
#: how long a browser may keep a static file named with its version (a year)
ASSET_MAX_AGE = 365 * 24 * 3600


def _public(response: Response) -> Response:
    """Let browsers and the service worker keep a page that holds nothing personal."""
    if "lang" not in request.args:  # that answer sets the language cookie: keep it private
        response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.get("/healthz")
@public
def healthz() -> ResponseReturnValue:
    """Answer ok after a round trip to the database."""
    database_answers()
    return jsonify(status="ok")


@bp.get("/help")
@public
def help_page() -> ResponseReturnValue:
    """Crisis numbers and overdose advice; works without JavaScript and offline."""
    return _public(Response(render_template("pwa/help.html")))


@bp.get("/offline")
@public
def offline() -> ResponseReturnValue:
    """What the service worker shows when a page cannot be fetched."""
    return _public(Response(render_template("pwa/offline.html")))


def _shortcut(name: str, description: str, url: str) -> dict[str, object]:
    """One entry of the menu a long press on the installed app's icon opens."""
    icon = {"src": asset("icons/icon-192.png"), "sizes": "192x192", "type": "image/png"}
    return {"name": name, "description": description, "url": url, "icons": [icon]}


@bp.get("/manifest.webmanifest")
@public
def manifest() -> ResponseReturnValue:
    """The web app manifest, named in the visitor's language (pages link it with ``?lang=``)."""
    body = {
        "name": _("Peerapp – meetings and help after treatment"),
        "short_name": "Peerapp",
        "description": _("Find a self-help meeting near you now, and crisis help in one tap."),
        "lang": str(get_locale() or "nb"),
        "dir": "ltr",
        "id": "/",
        "start_url": url_for("meetings.finder"),
        "scope": "/",
        "display": "standalone",
        "background_color": BACKGROUND_COLOUR,
        "theme_color": THEME_COLOUR,
        "categories": ["health", "lifestyle", "social"],
        "prefer_related_applications": False,
        "icons": [
            {"src": asset("icons/icon.svg"), "sizes": "any", "type": "image/svg+xml"},
            *(
                {
                    "src": asset(f"icons/icon-{size}.png"),
                    "sizes": f"{size}x{size}",
                    "type": "image/png",
                    "purpose": "any",
                }
                for size in (192, 512)
            ),
            {
                "src": asset("icons/maskable-512.png"),
                "sizes": "512x512",
                "type": "image/png",
                "purpose": "maskable",
            },
        ],
        "shortcuts": [
            _shortcut(
                _("Find a meeting"),
                _("Meetings near you that start soon"),
                url_for("meetings.finder"),
            ),
            _shortcut(
                _("Check in"),
                _("Today's plan and how the day went"),
                url_for("checkin.checkin_page"),
            ),
            _shortcut(
                _("My clinic"),
                _("Ask your clinic to take you back, or see your request"),
                url_for("readmission.home"),
            ),
            _shortcut(
                _("Crisis help"),
                _("Emergency numbers and overdose advice"),
                url_for("pwa.help_page"),
            ),
        ],
    }
    # Browsers fetch the manifest without cookies, so the language is in its URL, and there is
    # no choice to remember: the answer holds nothing personal and any cache may keep it.
    g.pop("lang_chosen", None)
    response = jsonify(body)
    response.mimetype = "application/manifest+json"
    response.headers["Cache-Control"] = f"public, max-age={PUBLIC_MAX_AGE}"
    response.vary.update(("Accept-Language", "Cookie"))
    return response


@bp.after_app_request
def _keep_versioned_assets(response: Response) -> Response:
    """A static file asked for with the current version never changes: browsers keep it a year.

    So a repeat visit, and the service worker's own fetches, take CSS, JavaScript and icons from
    the phone instead of the network; a new version has a new URL.
    """
    if request.endpoint == "static" and response.status_code in (200, 304):
        if request.args.get("v") == templating.current_static_version():
            response.headers["Cache-Control"] = f"public, max-age={ASSET_MAX_AGE}, immutable"
    return response


@bp.get("/sw.js")
@public
def service_worker() -> ResponseReturnValue:
    """The service worker, at the root so that its scope is the whole site.

    Its version is that of the static files, so a changed file makes a new worker with new
    caches. Pages register it as ``/sw.js?lang=xx``: the pages it keeps are in that language.
    """
    script = render_template(
        "pwa/sw.js",
        version=templating.current_static_version(),
        assets=[asset(name) for name in OFFLINE_ASSETS],
        pages=[url_for(endpoint) for endpoint in OFFLINE_PAGES],
    )
    response = Response(script, mimetype="application/javascript")
    response.headers["Service-Worker-Allowed"] = "/"
    response.headers["Cache-Control"] = "no-cache"
    return response
