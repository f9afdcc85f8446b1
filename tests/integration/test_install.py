"""Installing the app: the manifest in each language, its icons and shortcuts, and static files
a phone may keep (issue 7, part 1)."""

from __future__ import annotations

import struct
from urllib.parse import parse_qs, urlsplit

import pytest

from peerapp.extensions import db
from peerapp.templating import static_version
from tests.factories import make_clinic, make_user
from tests.integration.test_pages import fetch, get_page, translated
from tests.support.auth import session_client

LANGS = ("nb", "nn", "en")
SHORTCUTS = {
    "Find a meeting": "/",
    "Check in": "/checkin",
    "My clinic": "/readmission",
    "Crisis help": "/help",
}


def manifest_of(client, url: str = "/manifest.webmanifest", **headers: str) -> dict:
    """The manifest at ``url``, checked to be served as one."""
    with client.application.app_context():
        response = client.get(url, headers=headers)
    assert response.status_code == 200
    assert response.mimetype == "application/manifest+json"
    return response.get_json()


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.mark.parametrize("lang", LANGS)
def test_manifest_speaks_the_language_of_the_page_that_links_it(app, client, lang):
    page = get_page(client, f"/help?lang={lang}")
    (link,) = page.find("link", rel="manifest")
    assert parse_qs(urlsplit(link["href"]).query)["lang"] == [lang]

    manifest = manifest_of(client, link["href"])
    assert manifest["lang"] == lang
    assert manifest["name"] == translated(app, lang, "Peerapp – meetings and help after treatment")
    assert manifest["description"] == translated(
        app, lang, "Find a self-help meeting near you now, and crisis help in one tap."
    )
    names = [shortcut["name"] for shortcut in manifest["shortcuts"]]
    assert names == [translated(app, lang, name) for name in SHORTCUTS]
    for shortcut in manifest["shortcuts"]:
        assert shortcut["description"], shortcut


@pytest.mark.parametrize(
    ("accept", "lang"), [("nb-NO,nb;q=0.9", "nb"), ("nn-NO", "nn"), ("en-GB,en", "en")]
)
def test_manifest_without_a_language_follows_the_browser(app, client, accept, lang):
    manifest = manifest_of(client, **{"Accept-Language": accept})
    assert manifest["lang"] == lang
    assert manifest["shortcuts"][1]["name"] == translated(app, lang, "Check in")


def test_manifest_is_the_same_app_in_every_language(client):
    manifests = [manifest_of(client, f"/manifest.webmanifest?lang={lang}") for lang in LANGS]
    for manifest in manifests:
        assert manifest["id"] == "/"
        assert manifest["start_url"] == "/"
        assert manifest["scope"] == "/"
        assert manifest["display"] == "standalone"
        assert manifest["short_name"] == "Peerapp"
        assert [s["url"] for s in manifest["shortcuts"]] == list(SHORTCUTS.values())
        assert manifest["icons"] == manifests[0]["icons"]


def test_theme_colours_match_the_pages(client):
    manifest = manifest_of(client)
    page = get_page(client, "/help")
    (meta,) = page.find("meta", name="theme-color")
    assert manifest["theme_color"] == meta["content"]
    with client.get("/static/css/app.css") as css:
        assert f"--bg: {manifest['background_color']};" in css.get_data(as_text=True)


def test_icons_are_the_size_they_claim_with_one_to_mask(client):
    manifest = manifest_of(client)
    icons = manifest["icons"]
    for icon in icons + [i for s in manifest["shortcuts"] for i in s["icons"]]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200, icon["src"]
            assert image.mimetype == icon["type"]
            if icon["type"] == "image/png":
                width, height = png_size(image.data)
                assert icon["sizes"] == f"{width}x{height}"
    purposes = {(icon["sizes"], icon.get("purpose", "any")) for icon in icons}
    assert {("192x192", "any"), ("512x512", "any"), ("512x512", "maskable")} <= purposes
    assert any(icon["type"] == "image/svg+xml" for icon in icons)


def test_every_shortcut_opens_for_an_enrolled_client(app):
    client_user = make_user(role="client", clinic=make_clinic(name="Klinikken i fjorden"))
    db.session.commit()
    phone, _token = session_client(app, client_user)
    for url in SHORTCUTS.values():
        with app.app_context():
            response = phone.get(url + "?lang=en")
        assert response.status_code == 200, url
    with app.app_context():
        clinic_page = phone.get("/readmission?lang=en").get_data(as_text=True)
    assert "Klinikken i fjorden" in clinic_page


def test_my_clinic_asks_a_visitor_to_log_in_first(client):
    response = fetch(client, "/readmission")
    assert response.status_code == 302
    assert urlsplit(response.headers["Location"]).path == "/login"


def test_manifest_is_cacheable_and_sets_no_cookie(client):
    with client.application.app_context():
        response = client.get("/manifest.webmanifest?lang=nn")
    assert response.headers["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in response.headers
    assert {"Accept-Language", "Cookie"} <= set(response.vary)


def test_versioned_static_files_are_kept_a_year_and_others_revalidated(app):
    visitor = app.test_client()
    version = static_version(str(app.static_folder))
    for name in ("css/app.css", "js/register-sw.js", "icons/icon.svg"):
        with visitor.get(f"/static/{name}?v={version}") as current:
            assert current.status_code == 200
            assert current.headers["Cache-Control"] == "public, max-age=31536000, immutable"
        for url in (f"/static/{name}", f"/static/{name}?v=older"):
            with visitor.get(url) as other:
                assert "immutable" not in other.headers.get("Cache-Control", ""), url


def test_static_files_leave_a_signed_in_session_alone(app):
    client_user = make_user(role="client")
    db.session.commit()
    phone, _token = session_client(app, client_user)
    with phone.session_transaction() as session:
        session.permanent = True  # a client's phone stays signed in: pages refresh the cookie
    version = static_version(str(app.static_folder))
    with app.app_context():
        page = phone.get("/help")
    assert "Set-Cookie" in page.headers  # the page still keeps the session alive
    with phone.get(f"/static/css/app.css?v={version}") as css:
        assert "Set-Cookie" not in css.headers
        assert "Cookie" not in css.vary
