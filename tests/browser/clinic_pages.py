"""Page objects for the nurse's side: the clinic's own reference for a client, the queue that
keeps itself current, and a note to the client that is too long.

They build on the clinic's pages in ``readmission_pages.py`` and, like them, find controls by id,
address or role, so the same journey runs in every language.
"""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator

from tests.browser.account_pages import SUBMIT, CodePage, LoginPage, follow
from tests.browser.pages import path_of
from tests.browser.readmission_pages import (
    ClinicEnrolPage,
    ClinicQueuePage,
    ClinicRequestPage,
    EnrolmentCodePage,
)
from tests.factories import PASSWORD
from tests.support.auth import current_code


def sign_in(page: Any, username: str) -> None:
    """Log in (with the second step for staff), without checking the login pages again."""
    LoginPage(page).open().log_in(username, PASSWORD)
    if path_of(page) == "/login/code":
        CodePage(page).enter_code(current_code(username))


class EnrolWithReference(ClinicEnrolPage):
    """The enrolment form, with the clinic's own reference for the client."""

    def make_code_with_reference(self, reference: str) -> CodeWithReference:
        """Plain fast return, the reference typed in, and "Make the code"."""
        self.page.locator("main input[name=kind][value=fast_return]").check()
        self.page.locator("#reference").fill(reference)
        follow(self.page, SUBMIT)
        return CodeWithReference(self.page)


class CodeWithReference(EnrolmentCodePage):
    """The code page, which repeats the reference for the nurse."""

    def reference(self) -> str:
        """The reference as shown."""
        return self.page.locator("main .reference").inner_text()


class LiveQueue(ClinicQueuePage):
    """The queue as it keeps itself current while the page stays open."""

    def mark_this_load(self) -> None:
        """Leave a mark in the page's window: a reload would wipe it."""
        self.page.evaluate("window.sameLoad = true")

    def was_reloaded(self) -> bool:
        """Whether the page was loaded again since ``mark_this_load``."""
        return not self.page.evaluate("window.sameLoad === true")

    def row_locator(self) -> Locator:
        """The rows of the queue table."""
        return self.page.locator("main table.queue tbody tr")

    def updated_at(self) -> str:
        """The "updated at HH:MM" line with its refresh link."""
        return self.page.locator("main .queue-updated").inner_text()

    def refresh_link(self) -> Locator:
        """The link that loads the queue again (for a page without JavaScript)."""
        return self.page.locator("main .queue-updated a")

    def announcement(self) -> str:
        """What the polite live region said about the queue."""
        return self.page.locator("#queue-news").inner_text()

    def top_of(self, selector: str) -> float:
        """Where an element is in the window, in CSS pixels from the top."""
        return self.page.locator(selector).bounding_box()["y"]

    def open_request_of(self, client_label: str) -> NurseRequestPage:
        """Open the request of the client with this pseudonym."""
        self.open_request(client_label)
        return NurseRequestPage(self.page)


class NurseRequestPage(ClinicRequestPage):
    """One request, with the clinic's reference, and its note to the client."""

    def reference(self) -> str:
        """The clinic's reference for the client, as the request shows it."""
        return self.page.locator("main dd.reference").inner_text()

    def write_note(self, status: str, note: str) -> None:
        """Choose the next status, write the note and save."""
        self.page.locator(f"main input[name=status][value={status}]").check()
        self.page.locator("#note").fill(note)
        follow(self.page, "main form[action$='/status'] button[type=submit]")

    def note(self) -> str:
        """What the note field holds."""
        return self.page.locator("#note").input_value()

    def note_error(self) -> str:
        """The message at the note field."""
        return self.page.locator("#note-error").inner_text()

    def error_summary(self) -> Locator:
        """The box at the top that links to each field in error."""
        return self.page.locator("main .error-summary")
