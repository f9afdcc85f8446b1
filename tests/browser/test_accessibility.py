"""axe-core finds nothing, and the pages reflow at 360 px, at 200 % zoom and with large text."""

from __future__ import annotations

import pytest

from tests.browser.conftest import open_visit
from tests.browser.pages import FinderPage, axe_violations, horizontal_overflow

PAGES = {
    "finder": "/",
    "results": "/?where=Bergen",
    "errors": "/?where=Atlantis&day=9&from=25:00",
    "meeting": "/meetings/{NA Nordnes}",
    "online meeting": "/meetings/{AA på nett}",
    "places": "/places?where=Trondheim",
    "place errors": "/places?where=Atlantis&kind=pub",
    "place": "/places/{Kafé Døgnåpen Trondheim}",
    "help": "/help",
    "peers": "/peers",
    "relatives": "/relatives",
    "check-in": "/checkin",
    "offline": "/offline",
    "not found": "/no-such-page",
}


def page_url(live_server, name: str, lang: str) -> str:
    """The path of one of ``PAGES`` in a language."""
    path = PAGES[name].format_map({**live_server.meetings, **live_server.places})
    return path + ("&" if "?" in path else "?") + f"lang={lang}"


@pytest.mark.parametrize("lang", ["nb", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_axe_finds_no_violations(visit, live_server, name, lang):
    visit.page.goto(page_url(live_server, name, lang))
    if name == "finder":
        FinderPage(visit.page).open_filters()  # check the folded controls too
    violations = axe_violations(visit.page)
    assert not violations, "\n".join(violations)


@pytest.mark.parametrize("name", list(PAGES))
def test_no_horizontal_scroll_on_a_360_px_phone(visit, live_server, name):
    visit.page.goto(page_url(live_server, name, "nn"))
    FinderPage(visit.page).open_filters() if name == "finder" else None
    assert horizontal_overflow(visit.page) == 0


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("name", list(PAGES))
def test_reflows_at_200_percent_zoom(browser, live_server, name, lang):
    # Browser zoom at 200 % halves the CSS viewport and doubles the device pixel ratio: a window
    # 640 device pixels wide becomes 320 CSS pixels, the width WCAG 1.4.10 (reflow) asks for.
    visit = open_visit(
        browser, live_server, viewport={"width": 320, "height": 640}, device_scale_factor=2
    )
    try:
        visit.page.goto(page_url(live_server, name, lang))
        assert visit.page.evaluate("window.innerWidth") == 320
        assert horizontal_overflow(visit.page) == 0
        visit.assert_only_local()
    finally:
        visit.context.close()


@pytest.mark.parametrize("lang", ["nb", "nn", "en"])
@pytest.mark.parametrize("name", ["finder", "results", "errors", "meeting", "help"])
def test_text_at_200_percent_still_fits_a_phone(browser, live_server, name, lang):
    # A phone's "large text" setting: every rem doubles while the viewport stays 360 px wide.
    # The stylesheet is added through the DevTools protocol, so the page's CSP is left alone.
    visit = open_visit(browser, live_server)
    try:
        visit.page.goto(page_url(live_server, name, lang))
        if name == "finder":
            FinderPage(visit.page).open_filters()
        session = visit.context.new_cdp_session(visit.page)
        session.send("DOM.enable")
        session.send("CSS.enable")
        frame = visit.page.evaluate("1") and session.send("Page.getFrameTree")
        sheet = session.send("CSS.createStyleSheet", {"frameId": frame["frameTree"]["frame"]["id"]})
        session.send(
            "CSS.setStyleSheetText",
            {"styleSheetId": sheet["styleSheetId"], "text": "html { font-size: 200% !important; }"},
        )
        assert visit.page.evaluate("getComputedStyle(document.body).fontSize") == "34px"
        assert horizontal_overflow(visit.page) == 0
        session.detach()
    finally:
        visit.context.close()
