"""Page objects for the municipality in the chain: the discharge the nurse records, the client's
consent, the coordinator's hand-overs, and a client with no code asking a clinic to enrol them.

Controls are found by id, name or address, so the same journey runs in every language.
"""

from __future__ import annotations

import itertools
from typing import Any

from tests.browser.account_pages import SUBMIT, follow
from tests.browser.conftest import Person
from tests.browser.pages import BasePage

_numbers = itertools.count(1101)


def add_coordinator(live_server: Any) -> tuple[Person, str, str]:
    """A municipality of its own and its coordinator: (the coordinator, its number, its name)."""
    from peerapp.extensions import db
    from tests.factories import make_municipality, make_user

    number = f"{next(_numbers):04d}"
    with live_server.app.app_context():
        municipality = make_municipality(number=number, name=f"Kommune {number}")
        user = make_user(role="municipal", municipality=municipality)
        db.session.commit()
        return Person(user.id, user.username, None, None), number, municipality.name


class DischargePage(BasePage):
    """The nurse's discharge page for one client."""

    def __init__(self, page: Any, client_id: int):
        super().__init__(page)
        self.path = f"/clinic/clients/{client_id}/discharge"

    def record(self, day: str, number: str) -> DischargePage:
        """Fill in the discharge date and the municipality's number, and save."""
        self.page.locator("#discharge_date").fill(day)
        self.page.locator("#municipality").fill(number)
        follow(self.page, SUBMIT)
        return self

    def state(self) -> str:
        """Where the hand-over stands, as the facts list says it."""
        return self.page.locator("main dl.facts").inner_text()


class SharingPage(BasePage):
    """The client's page: share the hand-over with the municipality, or stop."""

    path = "/plan/sharing"

    def share(self) -> SharingPage:
        """Press "Yes, share with ..."."""
        follow(self.page, "main form[action$='/consent'] button")
        return self

    def stop_sharing(self) -> SharingPage:
        """Press "Stop sharing with ..."."""
        follow(self.page, "main form[action$='/withdraw'] button")
        return self


class HandoversPage(BasePage):
    """The coordinator's list of hand-overs."""

    path = "/municipality"

    def names(self) -> list[str]:
        """The hand-overs listed, as their links read."""
        return self.page.locator("main ul.link-list a").all_inner_texts()

    def open_handover_of(self, username: str) -> HandoverPage:
        """Open the client's hand-over."""
        with self.page.expect_navigation():
            self.page.locator("main ul.link-list a", has_text=username).click()
        return HandoverPage(self.page)

    def overdue_badges(self) -> int:
        """How many hand-overs are marked as not confirmed in time."""
        return self.page.locator("main .badge-overdue").count()


class HandoverPage(BasePage):
    """One hand-over, with the form that confirms it."""

    def confirm(self, when: str, place: str) -> HandoverPage:
        """Fill in the first appointment and confirm."""
        self.page.locator("#appointment_at").fill(when)
        self.page.locator("#place").fill(place)
        follow(self.page, SUBMIT)
        return self

    def facts(self) -> str:
        """The hand-over's facts as shown."""
        return self.page.locator("main dl.facts").inner_text()


class ComeBackWithoutCode(BasePage):
    """The come-back page of a client enrolled nowhere."""

    path = "/readmission"

    def call_link_of(self, phone: str) -> Any:
        """The link that calls a clinic."""
        return self.page.locator(f"main a[href='tel:{phone.replace(' ', '')}']").first

    def ask(self, clinic_slug: str) -> ComeBackWithoutCode:
        """Choose the clinic and ask to be enrolled."""
        self.page.locator(f"main input[name=clinic][value='{clinic_slug}']").check()
        follow(self.page, "main form[action$='/enrolment-request'] button[type=submit]")
        return self

    def come_back_button(self) -> Any:
        """The one-tap button, once enrolled."""
        return self.page.locator("main .button-come-back")


class ClinicDashboard(BasePage):
    """The clinic's dashboard, with requests to be enrolled and unconfirmed hand-overs."""

    path = "/clinic"

    def accept(self, username: str, kind: str) -> ClinicDashboard:
        """Accept the request of ``username`` with the agreement ``kind``."""
        card = self.page.locator("main article.card", has_text=username)
        card.locator(f"input[name=kind][value={kind}]").check()
        with self.page.expect_navigation():
            card.locator("form[action$='/accept'] button").click()
        return self

    def overdue_handovers(self) -> list[str]:
        """The hand-overs the municipality has not confirmed in time."""
        section = self.page.locator("section[aria-labelledby=handovers-overdue-title]")
        return section.locator("a").all_inner_texts()
