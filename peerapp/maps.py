"""The map beside the finders' result lists, drawn from tiles the operator chooses.

Nothing is fetched from another host unless ``PEERAPP_TILE_URL`` names one; then the page's
Content-Security-Policy allows images from that host alone. Leaflet and its marker clusters are
vendored under ``static/vendor/leaflet`` (``scripts/vendor_map.sh``) and load only when a person
chooses the map.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Flask

from peerapp.config import SettingsError

#: the placeholders Leaflet fills in; a template without them cannot draw a map
REQUIRED = ("{z}", "{x}", "{y}")


def tile_origin(template: str) -> str:
    """The CSP source for a tile URL template: its scheme and host, ``{s}`` subdomains as ``*``.

    >>> tile_origin("https://{s}.tile.example.org/{z}/{x}/{y}.png")
    'https://*.tile.example.org'
    """
    parts = urlsplit(template.replace("{s}.", "*.", 1))
    return f"{parts.scheme}://{parts.netloc}"


def check_tile_url(template: str | None) -> None:
    """Refuse a tile template that is not an http(s) address with ``{z}``, ``{x}`` and ``{y}``."""
    if not template:
        return
    parts = urlsplit(template.replace("{s}.", "a.", 1))
    if parts.scheme not in {"https", "http"} or not parts.hostname:
        raise SettingsError(
            "PEERAPP_TILE_URL must be a tile address such as https://tiles.example.org/{z}/{x}/{y}.png"
        )
    missing = [name for name in REQUIRED if name not in template]
    if missing:
        raise SettingsError(f"PEERAPP_TILE_URL lacks {', '.join(missing)}")


def image_sources(config: Any) -> str:
    """The ``img-src`` list: our own images, and the tile host when a map is configured."""
    template = config.get("PEERAPP_TILE_URL")
    return "'self' data:" + (f" {tile_origin(template)}" if template else "")


def init_app(app: Flask) -> None:
    """Check the tile setting at start, so a mistake stops the server rather than a page."""
    check_tile_url(app.config.get("PEERAPP_TILE_URL"))
