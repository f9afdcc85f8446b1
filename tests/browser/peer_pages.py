"""Page objects for talking to a peer: the list of peers, a profile with the contact form, the
conversation, and the peer worker's own page."""

from __future__ import annotations

from typing import Any

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage


class PeerListPage(BasePage):
    """Peer workers to talk to."""

    path = "/peers"

    def names(self) -> list[str]:
        """The display names of the peers listed."""
        return self.page.locator(".cards .card h3 a").all_inner_texts()

    def open_peer(self, name: str) -> PeerProfilePage:
        """Open a peer's profile from the list."""
        follow(self.page, f".cards .card h3 a:text-is('{name}')")
        return PeerProfilePage(self.page)

    def my_requests(self) -> list[str]:
        """My own contact requests as listed (when sent · status)."""
        return self.page.locator("section[aria-labelledby='mine-title'] li").all_inner_texts()


class PeerProfilePage(BasePage):
    """One peer, and the form to ask them to get in touch."""

    def ask_in_the_app(self, message: str) -> ConversationPage:
        """Choose "here in the app", write a short message and send it."""
        self.page.locator("#channel-in_app").check()
        self.page.locator("#message").fill(message)
        follow(self.page, "form[action$='/contact'] button[type=submit]")
        return ConversationPage(self.page)


class ConversationPage(BasePage):
    """A contact request and its thread, as its client or its peer sees it."""

    def status(self) -> str:
        """The request's status as the page says it."""
        return self.page.locator("dl.facts dd").first.inner_text()

    def thread(self) -> list[str]:
        """The messages in the thread, first first (each with its time, when it has one)."""
        return self.page.locator("ol.thread li > p:first-child").all_inner_texts()

    def reply(self, text: str) -> ConversationPage:
        """Write a reply and send it."""
        self.page.locator("#body").fill(text)
        follow(self.page, "form[action$='/reply'] button[type=submit]")
        return self

    def close(self) -> ConversationPage:
        """Close the conversation (the peer)."""
        follow(self.page, "form[action$='/close'] button[type=submit]")
        return self

    def can_reply(self) -> bool:
        """Whether the page offers a reply form."""
        return self.page.locator("#body").count() == 1


class PeerDashboardPage(BasePage):
    """The peer worker's own page: incoming requests, places to look after, the profile."""

    path = "/peer"

    def requests(self) -> Any:
        """The links to incoming contact requests."""
        return self.page.locator("section[aria-labelledby='incoming-title'] li a")

    def open_newest_request(self) -> ConversationPage:
        """Open the newest incoming request."""
        with self.page.expect_navigation():
            self.requests().first.click()
        return ConversationPage(self.page)

    def open_meetings_to_look_after(self) -> Any:
        """Reach the link to the meetings to look after and press Enter."""
        from tests.browser.steward_pages import TendedPage

        self.page.locator("#tended-meetings").focus()
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        return TendedPage(self.page)

    def open_places_to_look_after(self) -> Any:
        """Follow the link to the places to look after."""
        from tests.browser.place_pages import LookAfterPage

        follow(self.page, "#places-to-look-after")
        return LookAfterPage(self.page)
