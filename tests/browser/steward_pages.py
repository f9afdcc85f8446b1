"""Page objects of a peer keeping meetings true: the list they look after, a meeting's peer tools,
and the confirmation before archiving."""

from __future__ import annotations

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage, MeetingPage


class TendedPage(BasePage):
    """The meetings a peer looks after."""

    path = "/peer/meetings"

    def find(self, words: str) -> TendedPage:
        """Narrow the list by name, venue or town."""
        self.page.locator("#q").fill(words)
        follow(self.page, "#find")
        return self

    def names(self) -> list[str]:
        """The meetings listed, in order."""
        return self.page.locator(".tended-title a").all_inner_texts()

    def not_checked(self) -> list[str]:
        """The meetings flagged as not checked for 90 days."""
        items = self.page.locator(".tended-item", has=self.page.locator(".badge-stale"))
        return items.locator(".tended-title a").all_inner_texts()

    def open(self, lang: str | None = None, query: str = "") -> TendedPage:
        """Go to the list."""
        super().open(lang, query)
        return self

    def open_meeting(self, name: str) -> PeerMeetingPage:
        """Open a meeting from the list."""
        follow(self.page, f".tended-title a:text-is('{name}')")
        return PeerMeetingPage(self.page)


class PeerMeetingPage(MeetingPage):
    """A meeting's page as a peer sees it, with "Still true today", "Edit" and "Archive"."""

    def still_true_today(self) -> PeerMeetingPage:
        """Press "Still true today" by keyboard; the page says thank you."""
        follow(self.page, "#verify-meeting", by_keyboard=True)
        return self

    def notice(self) -> str:
        """The message shown after an action."""
        return self.page.locator("div.notice[role=status]").inner_text()

    def last_checked(self) -> str:
        """What the page says about when it was last checked."""
        return self.page.locator("footer.verified").inner_text()

    def archive(self) -> ArchivePage:
        """Press "Archive": the page that asks first."""
        follow(self.page, "#archive-meeting", by_keyboard=True)
        return ArchivePage(self.page)


class ArchivePage(BasePage):
    """Archive this meeting?"""

    def confirm(self) -> TendedPage:
        """Yes, archive it: back to the list."""
        follow(self.page, "#confirm-archive", by_keyboard=True)
        return TendedPage(self.page)
