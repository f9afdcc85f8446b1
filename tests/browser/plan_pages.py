"""The plan's pages as a person uses them: the client's own plan and its steps, and the same
steps on the clinic's hand-over. Found by id, name and role, so they read before translation."""

from __future__ import annotations

from typing import Any

from playwright.sync_api import Locator

from tests.browser.account_pages import follow
from tests.browser.pages import BasePage

ADD = "main form.plan-add button[type=submit]"


class PlanPage(BasePage):
    """``/plan``: the crisis plan first, then appointments, my people and near home."""

    path = "/plan"

    def section_text(self, section_id: str) -> str:
        """What one part of the plan says (``crisis``, ``appointments``, ``people``, ...)."""
        return self.page.locator(f"#{section_id}").inner_text()

    def call_link(self, number: str) -> Locator:
        """The one-tap call to a person in the plan, by the number it dials (``+4791234567``)."""
        return self.page.locator(f"#crisis a[href='tel:{number}']")

    def text_link(self, number: str) -> Locator:
        """The one-tap text message to a person in the plan."""
        return self.page.locator(f"#crisis a[href='sms:{number}']")

    def top_of(self, selector: str) -> float:
        """Where an element starts, from the top of the first screen, in CSS pixels."""
        box = self.page.locator(selector).first.bounding_box()
        assert box is not None
        return float(box["y"])


class HandoverPage(PlanPage):
    """The clinic's hand-over of one client: the same plan, filled in by staff."""

    def open_for(self, client_id: int) -> HandoverPage:
        """Open the hand-over of this client."""
        self.page.goto(f"/clinic/clients/{client_id}/handover")
        return self


class StepPage(BasePage):
    """One step of the crisis plan (or the appointments or people): a list and a form to add."""

    def open_at(self, path: str) -> StepPage:
        """Open the step at ``path``."""
        self.page.goto(path)
        return self

    def add_line(self, text: str) -> StepPage:
        """Write a line and press Add (no JavaScript needed: the page reloads)."""
        self.page.locator("#line").fill(text)
        follow(self.page, ADD)
        return self

    def add_person(self, name: str, phone: str, how: str = "") -> StepPage:
        """Write a person's name, number and how they help, and press Add."""
        self.page.locator("#name").fill(name)
        self.page.locator("#phone").fill(phone)
        self.page.locator("#how").fill(how)
        follow(self.page, ADD)
        return self

    def add_appointment(self, what: str, day: str, clock: str, with_whom: str = "") -> StepPage:
        """Fill in an appointment and press Add."""
        self.page.locator("#what").fill(what)
        self.page.locator("#with_whom").fill(with_whom)
        self.page.locator("#day").fill(day)
        self.page.locator("#clock").fill(clock)
        follow(self.page, ADD)
        return self

    def lines(self) -> list[str]:
        """What the step holds now."""
        return self.page.locator("main .plan-edit-list > li").all_inner_texts()

    def error_summary(self) -> Locator:
        """The summary of what to fix, at the top of the form."""
        return self.page.locator(".error-summary")

    def value_of(self, field_id: str) -> Any:
        """What a field holds."""
        return self.page.locator(f"#{field_id}").input_value()

    def next_step(self) -> StepPage:
        """Follow the link to the next step."""
        follow(self.page, "main .plan-step-nav a.button")
        return self
