"""Crisis help (journey 8) and what every page shares: crisis link, languages, hosts, PWA files."""

from __future__ import annotations

import gzip
import re
from urllib.parse import urlsplit

from peerapp.extensions import db, utcnow
from tests.integration.test_pages import Page, fetch, get_page, translated

#: the finder's budget for HTML, CSS and JavaScript together, gzip-compressed
FINDER_BUDGET_BYTES = 60 * 1024


# --- crisis help and what every page shares -----------------------------------------------------


def test_help_has_the_numbers_as_tel_links(client):
    page = get_page(client, "/help")
    hrefs = set(page.hrefs())
    for number in ("113", "116117", "116123", "22591300", "116111"):
        assert f"tel:{number}" in hrefs
    assert "https://rusinfo.no/" in hrefs


def test_help_is_cacheable_and_holds_nothing_personal(client):
    response = client.get("/help")
    assert response.headers["Cache-Control"].startswith("public")
    assert "Set-Cookie" not in response.headers
    assert "Cookie" in response.headers["Vary"]
    assert "<script" not in response.get_data(as_text=True).split("</head>")[1]


def test_language_switch_sets_and_remembers_the_cookie(client):
    response = fetch(client, "/?where=Bergen&lang=en")
    assert "lang=en" in response.headers["Set-Cookie"]
    assert get_page(client, "/").find("html", lang="en")
    assert get_page(client, "/help").find("html", lang="en")
    page = get_page(client, "/?where=Bergen")
    switch = [h for h in page.hrefs() if "lang=nn" in h]
    assert switch == ["/?where=Bergen&lang=nn"]
    assert "lang=nn" in fetch(client, "/?lang=nn").headers["Set-Cookie"]
    assert get_page(client, "/").find("html", lang="nn")


def test_bokmal_is_the_default(client):
    assert get_page(client, "/").find("html", lang="nb")


def _all_pages(meeting_factory) -> list[tuple[str, int]]:
    meeting = meeting_factory(town="bergen", name="Any")
    ended = meeting_factory(town="bergen", name="Ended")
    ended.archived_at = utcnow()
    db.session.commit()
    return [
        ("/", 200),
        ("/?where=Bergen", 200),
        ("/?where=Nowhere-at-all", 200),
        ("/?day=9", 400),
        (f"/meetings/{meeting.id}", 200),
        (f"/meetings/{ended.id}", 410),
        ("/meetings/424242", 404),
        ("/help", 200),
        ("/offline", 200),
        ("/no-such-page", 404),
    ]


def test_every_page_has_the_crisis_link_and_113(client, meeting_factory):
    for url, status in _all_pages(meeting_factory):
        page = get_page(client, url, status)
        assert page.find("a", class_="crisis-link", href="/help"), url
        assert "tel:113" in page.hrefs(), url
        assert page.find("a", class_="skip-link", href="#main"), url
        assert page.find("main", id="main"), url


def test_no_page_loads_anything_from_another_host(client, meeting_factory):
    loading = {
        "script": "src",
        "link": "href",
        "img": "src",
        "iframe": "src",
        "source": "src",
        "audio": "src",
        "video": "src",
        "embed": "src",
        "object": "data",
        "form": "action",
    }
    for url, status in _all_pages(meeting_factory):
        response = fetch(client, url)
        assert response.status_code == status
        page = Page(response.get_data(as_text=True))
        for tag, values in page.tags:
            target = values.get(loading.get(tag, ""), "")
            host = urlsplit(target).netloc
            assert not host or host == "localhost", f"{url}: <{tag}> loads {target}"
            assert "style" not in values, f"{url}: inline style on <{tag}>"
            assert not (tag == "script" and "src" not in values), f"{url}: inline script"
            assert not any(name.startswith("on") for name in values), f"{url}: inline handler"
        assert "<style" not in response.get_data(as_text=True)


# --- installable app ------------------------------------------------------------------------------


def test_manifest_is_named_in_the_users_language(app, client):
    response = fetch(client, "/manifest.webmanifest?lang=nn")
    assert response.mimetype == "application/manifest+json"
    manifest = response.get_json()
    assert manifest["start_url"] == "/"
    assert manifest["display"] == "standalone"
    assert manifest["lang"] == "nn"
    assert manifest["name"] == translated(app, "nn", "Peerapp – meetings and help after treatment")
    assert any(icon.get("purpose") == "maskable" for icon in manifest["icons"])
    for icon in manifest["icons"]:
        with client.get(icon["src"]) as image:
            assert image.status_code == 200


def test_service_worker_is_served_for_the_whole_site(client):
    response = client.get("/sw.js")
    assert response.mimetype == "application/javascript"
    assert response.headers["Service-Worker-Allowed"] == "/"
    script = response.get_data(as_text=True)
    assert '"/help"' in script and '"/offline"' in script
    for path in re.findall(r'"(/static/[^"]+)"', script):
        with client.get(path) as asset:
            assert asset.status_code == 200, path


def test_the_service_worker_imports_the_queue_and_the_check_in_body_and_nothing_else(client):
    script = client.get("/sw.js?lang=en").get_data(as_text=True)
    imports = re.findall(r"importScripts\(([^)]*)\)", script)
    assert len(imports) == 1, "one importScripts, at the top"
    urls = re.findall(r'"([^"]+)"', imports[0])
    assert [urlsplit(url).path for url in urls] == [
        "/static/js/checkin-body.js",  # before the queue, which builds a check-in's body with it
        "/static/js/queue-store.js",
    ]
    version = re.search(r'const VERSION = "([^"]+)"', script)
    assert version
    for url in urls:
        assert urlsplit(url).query == f"v={version[1]}", url
        with client.get(url) as module:
            assert module.status_code == 200, url
            assert "javascript" in module.mimetype, url


def test_the_scripts_every_page_loads_are_kept_for_offline_use(client):
    """A kept page opened with no signal finds its scripts (the queue's among them) in the shell."""
    script = client.get("/sw.js?lang=en").get_data(as_text=True)
    shell = set(
        re.findall(r'"(/static/js/[^"]+)"', script.split("const ASSETS =")[1].split("\n")[0])
    )
    page = get_page(client, "/help")
    scripts = {values["src"] for tag, values in page.tags if tag == "script" and "src" in values}
    assert scripts and scripts <= shell


def test_offline_page_points_to_help(client):
    page = get_page(client, "/offline")
    assert "/help" in page.hrefs() and "tel:113" in page.hrefs()


def test_healthz_is_unchanged(client):
    assert client.get("/healthz").get_json() == {"status": "ok"}


def test_finder_fits_the_budget_for_3g(client, meeting_factory):
    for n in range(20):
        meeting_factory(town="bergen", name=f"Group {n}", types=["O", "NO", "X"])
    response = client.get("/?where=Bergen")
    html = response.get_data()
    page = Page(html.decode())
    assets = [values["href"] for values in page.find("link", rel="stylesheet")]
    assets += [values["src"] for tag, values in page.tags if tag == "script" and "src" in values]
    total = len(gzip.compress(html))
    for url in assets:
        with client.get(url) as asset:
            assert asset.status_code == 200
            total += len(gzip.compress(asset.get_data()))
    print(f"finder page, gzip: {total} bytes")
    assert total <= FINDER_BUDGET_BYTES
