"""The meeting page's share and remind parts, in the product's words."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import expect

from tests.browser.pages import MeetingPage


class ShareAndRemind(MeetingPage):
    """Share a meeting (the share sheet, else the link and QR code) and be reminded before it."""

    def share(self) -> None:
        """Press "Share this meeting"."""
        self.page.locator("#share-meeting").click()

    def link_and_qr_shown(self) -> bool:
        """Whether the link and the QR code are open on the page."""
        return self.page.locator("#share-other").evaluate("details => details.open") and (
            self.page.locator("#share-other .qr svg").is_visible()
        )

    def copy_link(self) -> str:
        """Press "Copy link"; what the page then says."""
        self.page.locator("#copy-link").click()
        status = self.page.locator("#share-status")
        # (expect, not wait_for_function: our CSP forbids the eval that would need)
        expect(status).not_to_be_empty()
        return status.inner_text()

    def clipboard(self) -> str:
        """What the clipboard holds."""
        return self.page.evaluate("navigator.clipboard.readText()")

    def remind_me(self, minutes: int) -> None:
        """Choose how long before, and press "Remind me"; wait for the page again."""
        self.page.locator(f"#lead-{minutes}").check()
        with self.page.expect_navigation():
            self.page.locator(f"form:has(#lead-{minutes}) button[type=submit]").click()

    def my_reminders(self) -> list[str]:
        """The reminders the page lists as mine."""
        return self.page.locator(".my-reminders li span").all_inner_texts()

    def cancel_first_reminder(self) -> None:
        """Press "Cancel reminder" on the first listed reminder."""
        with self.page.expect_navigation():
            self.page.locator(".my-reminders li button").first.click()

    def download_calendar_with_reminder(self, minutes: int) -> str:
        """Choose a calendar alarm and download the .ics; its text."""
        self.page.locator("#calendar-remind").select_option(str(minutes))
        with self.page.expect_download() as info:
            self.page.locator("form:has(#calendar-remind) button[type=submit]").click()
        return Path(info.value.path()).read_text(encoding="utf-8")

    def shared_with_share_sheet(self, times: int = 1) -> list[dict[str, Any]]:
        """What the (stubbed) share sheet was handed, once it has been handed ``times`` things."""
        expect(self.page.locator("html")).to_have_attribute("data-shared", str(times))
        return self.page.evaluate("window.__shared || []")


#: a share sheet, as a phone has: records what it is handed
SHARE_SHEET = (
    "navigator.share = async (data) => { (window.__shared ||= []).push(data);"
    " document.documentElement.dataset.shared = String(window.__shared.length); };"
)
