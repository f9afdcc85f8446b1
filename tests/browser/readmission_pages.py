"""Page objects for the way back to the clinic: the button, the request page, and the clinic's side.

Like ``pages.py`` they find controls by id, address or role rather than by visible text, so the
same journey runs in every language, before and after the new strings are translated.
"""

from __future__ import annotations

import re
from typing import Any, Self
from urllib.parse import urlsplit

from playwright.sync_api import Locator

from tests.browser.account_pages import SUBMIT, follow, tab_to
from tests.browser.pages import BasePage, FinderPage

#: the one button, on the home screen and on /readmission: the form that posts to /readmission
COME_BACK_BUTTON = "main form[action='/readmission'] button[type=submit]"


def request_id_of(page: Any) -> int:
    """The id of the request whose page is open (``/readmission/<id>`` or ``/clinic/requests/``)."""
    match = re.fullmatch(r"/(?:readmission|clinic/requests)/(\d+)", urlsplit(page.url).path)
    assert match, f"not a request page: {page.url}"
    return int(match.group(1))


def facts(section: Locator) -> dict[str, str]:
    """A ``<dl class="facts">`` as a dict from each term to its description."""
    terms = section.locator("dl.facts dt").all_inner_texts()
    values = section.locator("dl.facts dd").all_inner_texts()
    return dict(zip(terms, values, strict=True))


def lines_of(locator: Locator) -> int:
    """On how many lines the text of an element is laid out (2 when a word or number breaks)."""
    return locator.evaluate(
        """(element) => {
          const range = document.createRange();
          range.selectNodeContents(element);
          return new Set([...range.getClientRects()].map((rect) => Math.round(rect.top))).size;
        }"""
    )


def facts_lines(section: Locator) -> dict[str, int]:
    """For each term of a ``<dl class="facts">``, on how many lines its description is laid out."""
    terms = section.locator("dl.facts dt").all_inner_texts()
    values = section.locator("dl.facts dd").all()
    return {term: lines_of(value) for term, value in zip(terms, values, strict=True)}


def focus_ring(page: Any) -> str:
    """The outline drawn around the element with the keyboard focus ("none" when there is none)."""
    return page.evaluate(
        "(() => { const style = getComputedStyle(document.activeElement);"
        " return style.outlineStyle === 'none' ? 'none'"
        " : `${style.outlineWidth} ${style.outlineStyle}`; })()"
    )


def height_of(locator: Locator) -> float:
    """How tall a control is, in CSS pixels: what a finger has to hit."""
    box = locator.bounding_box()
    assert box is not None, "not on screen"
    return box["height"]


class _Opened(BasePage):
    """A page that is opened by its address; ``open`` returns the page object itself."""

    def open(self, lang: str | None = None, query: str = "") -> Self:
        """Go to this page, optionally choosing a language with ``?lang=``."""
        super().open(lang, query)
        return self


class HomeScreen(FinderPage, _Opened):
    """The home screen (the meeting finder), with the way back to the clinic when enrolled."""

    def come_back(self) -> Locator:
        """The box with the one button, or with a link to the open request."""
        return self.page.locator("main section.come-back")

    def come_back_button(self) -> Locator:
        """The "I need to come back" button."""
        return self.page.locator(COME_BACK_BUTTON)

    def come_back_form(self) -> dict[str, str]:
        """What the button's form sends besides the press: its hidden fields, by name."""
        form = self.page.locator("main form[action='/readmission']")
        return {
            field.get_attribute("name"): field.get_attribute("value")
            for field in form.locator("input[type=hidden]").all()
        }

    def tap_come_back(self) -> None:
        """Press the button where no page follows (with no signal the tap waits on the phone)."""
        self.come_back_button().click()

    def tap_come_back_by_keyboard(self) -> None:
        """Focus the button and press Enter where no page follows (with no signal)."""
        self.come_back_button().focus()
        self.page.keyboard.press("Enter")

    def call_clinic_link(self) -> Locator:
        """The clinic's number beside the button."""
        return self.come_back().locator("[data-call] a[href^='tel:']")

    def tab_to_come_back(self) -> None:
        """Press Tab until the button has the keyboard focus."""
        tab_to(self.page, COME_BACK_BUTTON)

    def press_enter(self) -> RequestPage:
        """Press Enter on what has the focus (the button) and wait for the request page."""
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")
        return RequestPage(self.page)

    def press_come_back(self, by_keyboard: bool = False) -> RequestPage:
        """Press the button (by mouse, or by Tab and Enter) and wait for the request page."""
        follow(self.page, COME_BACK_BUTTON, by_keyboard)
        return RequestPage(self.page)

    def see_request(self, by_keyboard: bool = False) -> RequestPage:
        """While a request is open: follow the link to it, shown instead of the button."""
        follow(self.page, "main section.come-back a[href^='/readmission/']", by_keyboard)
        return RequestPage(self.page)


class ReadmissionHomePage(_Opened):
    """``/readmission``: the button and the agreement, or the way to enter the clinic's code."""

    path = "/readmission"

    def come_back_button(self) -> Locator:
        """The "I need to come back" button."""
        return self.page.locator(COME_BACK_BUTTON)

    def agreement(self) -> dict[str, str]:
        """The agreement with the clinic, term by term."""
        return facts(self.page.locator("main section[aria-labelledby='agreement-title']"))

    def agreement_lines(self) -> dict[str, int]:
        """On how many lines each part of the agreement is laid out."""
        return facts_lines(self.page.locator("main section[aria-labelledby='agreement-title']"))

    def clinic_phone_link(self) -> Locator:
        """The clinic's number in the agreement."""
        return self.page.locator("main dl.facts a[href^='tel:']")

    def go_to_enter_code(self) -> EnrolWithCodePage:
        """For a client not yet enrolled: follow the link to the page where the code is typed."""
        follow(self.page, "main a[href='/enrol']")
        return EnrolWithCodePage(self.page)

    def notice(self) -> str:
        """The message shown at the top after the last step."""
        return self.page.locator("main .notice[role=status]").inner_text()


class EnrolWithCodePage(_Opened):
    """``/enrol``: a client types the code the clinic gave at discharge."""

    path = "/enrol"

    def enter_code(self, code: str) -> None:
        """Type the code and press "Enrol"."""
        self.page.locator("#code").fill(code)
        follow(self.page, SUBMIT)

    def code_error(self) -> str:
        """The message tied to the code field."""
        return self.page.locator("#code-error").inner_text()

    def is_code_marked_invalid(self) -> bool:
        """Whether the code field tells assistive technology it holds a mistake."""
        return self.page.locator("#code").get_attribute("aria-invalid") == "true"


class RequestPage(BasePage):
    """A client's own request: the clinic's number, what happens next, the timeline, withdrawing."""

    @property
    def request_id(self) -> int:
        """The request's id, from the address."""
        return request_id_of(self.page)

    def call_clinic(self) -> Locator:
        """The big "call the clinic" link at the top."""
        return self.page.locator("main .come-back-call a[href^='tel:']")

    def next_steps(self) -> list[str]:
        """The numbered steps under "What happens next"."""
        return self.page.locator(
            "main section[aria-labelledby='next-title'] ol li"
        ).all_inner_texts()

    def crisis_numbers(self) -> list[str]:
        """The ``tel:`` links in the crisis box."""
        links = self.page.locator("main .emergency-box a[href^='tel:']").all()
        return [link.get_attribute("href") or "" for link in links]

    def details_fields(self) -> list[Locator]:
        """The two fields under "Add a message or a phone number"."""
        return [self.page.locator("#message"), self.page.locator("#callback_phone")]

    def withdraw_button(self) -> Locator:
        """The "Withdraw my request" link, which asks once before anything is withdrawn."""
        return self.page.locator("main a[href$='/withdraw']")

    def start_withdrawing(self, by_keyboard: bool = False) -> WithdrawPage:
        """Follow "Withdraw my request" to the page that asks to be sure."""
        follow(self.page, "main a[href$='/withdraw']", by_keyboard)
        return WithdrawPage(self.page)

    def withdraw(self, by_keyboard: bool = False) -> None:
        """Withdraw the request: "Withdraw my request", then "Yes" on the page that asks."""
        self.start_withdrawing(by_keyboard).confirm(by_keyboard)

    def status_now(self) -> Locator:
        """The current state in words, at the top of the page."""
        return self.page.locator("main [data-live-status]")

    def timeline(self) -> list[str]:
        """Each step of the timeline as the client reads it, oldest first."""
        return self.page.locator("main ol.timeline > li").all_inner_texts()

    def timeline_statuses(self) -> list[str]:
        """The status of each step of the timeline, oldest first."""
        return self.page.locator("main ol.timeline .timeline-status strong").all_inner_texts()


class WithdrawPage(BasePage):
    """Asking once before a request is withdrawn: yes, or keep it."""

    def confirm(self, by_keyboard: bool = False) -> RequestPage:
        """Press "Yes, withdraw my request" and wait for the request page."""
        follow(self.page, "main form[action$='/withdraw'] button[type=submit]", by_keyboard)
        return RequestPage(self.page)

    def keep(self) -> RequestPage:
        """Follow "No, keep my request" back to the request page."""
        follow(self.page, "main a[href^='/readmission/']:not([href$='/withdraw'])")
        return RequestPage(self.page)


class ClinicQueuePage(_Opened):
    """``/clinic``: the queue of requests to come back, longest waiting first."""

    path = "/clinic"

    def queue(self) -> Locator:
        """The queue table."""
        return self.page.locator("main table.queue")

    def rows(self) -> list[list[str]]:
        """The queue, one list of cell texts per request."""
        rows = self.queue().locator("tbody tr").all()
        return [row.locator("td").all_inner_texts() for row in rows]

    def open_request(self, client_label: str) -> ClinicRequestPage:
        """Open the request of the client with this pseudonym."""
        with self.page.expect_navigation():
            self.queue().get_by_role("link", name=client_label, exact=True).click()
        return ClinicRequestPage(self.page)

    def enrol_a_client(self) -> ClinicEnrolPage:
        """Follow "Enrol a client at discharge"."""
        follow(self.page, "main a[href='/clinic/enrol']")
        return ClinicEnrolPage(self.page)


class ClinicRequestPage(BasePage):
    """One request as staff see it, with the form that moves it a step."""

    def status(self) -> str:
        """The request's status now."""
        return self.page.locator("main dl.facts dd").first.inner_text()

    def choices(self) -> list[str]:
        """The statuses the form offers, as values."""
        radios = self.page.locator("main input[type=radio][name=status]").all()
        return [radio.get_attribute("value") or "" for radio in radios]

    def fields(self) -> list[Locator]:
        """The admission time and the note to the client."""
        return [self.page.locator("#admission_at"), self.page.locator("#note")]

    def move_to(self, status: str, admission_at: str | None = None, note: str = "") -> None:
        """Choose the next status, with an admission time (``YYYY-MM-DDTHH:MM``), and save."""
        self.page.locator(f"main input[name=status][value={status}]").check()
        if admission_at is not None:
            self.page.locator("#admission_at").fill(admission_at)
        if note:
            self.page.locator("#note").fill(note)
        follow(self.page, "main form[action$='/status'] button[type=submit]")

    def timeline_statuses(self) -> list[str]:
        """The status of each step of the timeline, oldest first."""
        return self.page.locator("main ol.timeline .timeline-status strong").all_inner_texts()

    def timeline(self) -> str:
        """Everything the timeline says, notes to the client included."""
        return self.page.locator("main ol.timeline").inner_text()

    def notice(self) -> str:
        """The message shown at the top after saving."""
        return self.page.locator("main .notice[role=status]").inner_text()


class ClinicEnrolPage(_Opened):
    """``/clinic/enrol``: staff record the agreement at discharge and make a one-time code."""

    path = "/clinic/enrol"

    def make_code(
        self,
        kind: str,
        max_stay_days: int | None = None,
        min_days_between: int | None = None,
        valid_until: str = "",
    ) -> EnrolmentCodePage:
        """Choose the kind of return, fill in its limits and press "Make the code"."""
        self.page.locator(f"main input[name=kind][value={kind}]").check()
        if max_stay_days is not None:
            self.page.locator("#max_stay_days").fill(str(max_stay_days))
        if min_days_between is not None:
            self.page.locator("#min_days_between").fill(str(min_days_between))
        if valid_until:
            self.page.locator("#valid_until").fill(valid_until)
        follow(self.page, SUBMIT)
        return EnrolmentCodePage(self.page)

    def fields(self) -> list[Locator]:
        """The limits of user-controlled admission."""
        return [
            self.page.locator(f"#{name}")
            for name in ("max_stay_days", "min_days_between", "valid_until")
        ]


class EnrolmentCodePage(BasePage):
    """The one-time code and its QR code, shown once to staff."""

    def code(self) -> str:
        """The code as shown, such as ``ABCD-EFGH-JKMN``."""
        return self.page.locator("main .enrolment-code").inner_text().strip()

    def qr_code(self) -> Locator:
        """The QR code that opens the enrolment page with the code."""
        return self.page.locator("main .qr svg")

    def agreement(self) -> dict[str, str]:
        """The agreement recorded, term by term."""
        return facts(self.page.locator("main"))

    def agreement_lines(self) -> dict[str, int]:
        """On how many lines each part of the agreement is laid out."""
        return facts_lines(self.page.locator("main"))

    def clinic_phone_link(self) -> Locator:
        """The clinic's number in the agreement."""
        return self.page.locator("main dl.facts a[href^='tel:']")
