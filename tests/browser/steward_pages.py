"""Page objects of a peer keeping meetings true: the list they look after, a meeting's peer tools,
the confirmation before archiving, and the forms to add a meeting or settle a feed's change."""

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

    def notice(self) -> str:
        """The message shown after an action."""
        return self.page.locator("div.notice[role=status]").inner_text()

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


class MeetingFormPage(BasePage):
    """The form to add a meeting or correct one."""

    def fill(self, **fields: str) -> MeetingFormPage:
        """Type into the fields named by id (``name``, ``time``, ``postal_code`` ...)."""
        for control, value in fields.items():
            self.page.locator(f"#{control}").fill(value)
        return self

    def value(self, control: str) -> str:
        """What a field holds now."""
        return self.page.locator(f"#{control}").input_value()

    def save(self) -> PeerMeetingPage:
        """Press "Add the meeting" or "Save the meeting"; the meeting's page once saved."""
        follow(self.page, "#save-meeting")
        return PeerMeetingPage(self.page)

    def error_for(self, control: str) -> int:
        """How many links in the error summary lead to a field."""
        return self.page.locator(f".error-summary a[href='#{control}']").count()


class NewMeetingPage(MeetingFormPage):
    """Add a meeting."""

    path = "/meetings/new"

    def open(self, lang: str | None = None, query: str = "") -> NewMeetingPage:
        """Go to the empty form."""
        super().open(lang, query)
        return self


class EditMeetingPage(MeetingFormPage):
    """Correct a meeting; when its feed changed what a peer corrected, the two side by side."""

    def open_meeting(self, meeting_id: int) -> EditMeetingPage:
        """Go to a meeting's form."""
        self.path = f"/meetings/{meeting_id}/edit"
        self.open()
        return self

    def shows_conflict(self) -> bool:
        """Whether the page asks which of the feed's and the peer's values to keep."""
        heading = self.page.locator("#conflict-heading")
        return heading.count() > 0 and heading.is_visible()

    def comparison(self) -> str:
        """The table of the feed's and the peer's values."""
        return self.page.locator("table.compare").inner_text()

    def accept_feed_by_keyboard(self) -> EditMeetingPage:
        """Reach "Use the feed's version" and press Enter."""
        self.page.locator("#accept-feed").focus()
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        return self
