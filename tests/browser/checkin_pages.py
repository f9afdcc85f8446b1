"""Page objects of the daily check-in: the hub at /checkin (agreeing once, the calm help after a
hard evening, the day's two steps), the morning plan, the evening check and progress.

Controls are found by id where the page gives one. The two buttons without one are found by
their role and name in the page's language, so a journey also checks what a screen reader says.
"""

from __future__ import annotations

from playwright.sync_api import Locator

from tests.browser.pages import BasePage

AGREE = {"nb": "Jeg samtykker, start innsjekking", "en": "I agree, start checking in"}
SAVE = {"nb": "Lagre dagens innsjekking", "en": "Save today's check-in"}
SAVE_PLAN = {"nb": "Lagre planen", "en": "Save the plan"}
CHARTS = {
    "nb": ("Humør (1–5)", "Sug (0–10)", "Søvn (timer)"),
    "en": ("Mood (1–5)", "Craving (0–10)", "Sleep (hours)"),
}
HARD_TIME = {"nb": "Det høres ut som en tung tid", "en": "It sounds like a hard time"}


class CheckInPage(BasePage):
    """The check-in's pages: the hub, the plan, the evening check and progress (each subclass
    opens its own; the controls are found on whichever is open)."""

    path = "/checkin"

    def open(self, lang: str | None = None, query: str = "") -> CheckInPage:
        """Go to the check-in."""
        super().open(lang, query)
        return self

    # --- the hub ---

    def tap_evening_check(self) -> CheckInPage:
        """On the hub, tap "Evening check"."""
        with self.page.expect_navigation():
            self.page.locator("#evening-link").click()
        return self

    def tap_plan(self) -> CheckInPage:
        """On the hub, tap "Plan the day"."""
        with self.page.expect_navigation():
            self.page.locator("#plan-link").click()
        return self

    def top_of(self, locator: Locator) -> float:
        """Where an element starts, in CSS pixels from the top of the page."""
        return self.page.evaluate(
            "(e) => e.getBoundingClientRect().top + window.scrollY", locator.element_handle()
        )

    def in_first_screen(self, locator: Locator) -> bool:
        """Whether an element starts within the screen as it is now (740 px on a phone)."""
        top = self.page.evaluate("(e) => e.getBoundingClientRect().top", locator.element_handle())
        return 0 <= top < self.page.viewport_size["height"]

    def page_height(self) -> int:
        """The page's whole height in CSS pixels."""
        return self.page.evaluate("document.documentElement.scrollHeight")

    def agree(self) -> CheckInPage:
        """Press "I agree, start checking in"."""
        self.page.get_by_role("button", name=AGREE[self.language]).click()
        return self

    def has_support(self) -> bool:
        """Whether the page offers help after a hard evening."""
        return self.page.locator("#support-title").count() > 0

    # --- the morning plan ---

    def plan(self, anchor: str, at: str | None = None) -> CheckInPage:
        """Tick an anchor of the day (``meeting``, ``call``, ...), at a time if given."""
        self.page.locator(f"#plan-{anchor}").check()
        if at is not None:
            self.page.locator(f"#time-{anchor}").fill(at)
        return self

    def find_meetings_near(self, where: str) -> CheckInPage:
        """Type a town in the plan and press "Find meetings" (the plan comes back unsaved)."""
        self.page.locator("#where").fill(where)
        with self.page.expect_navigation():
            self.page.locator("#find-meetings").click()
        return self

    def is_planned(self, anchor: str) -> bool:
        """Whether an anchor of the day is ticked in the plan."""
        return self.page.locator(f"#plan-{anchor}").is_checked()

    def save_plan(self) -> None:
        """Press "Save the plan"."""
        self.page.get_by_role("button", name=SAVE_PLAN[self.language]).click()

    def meeting_list(self, name: str) -> Locator:
        """A list of meetings to plan, by its name ("Today near Bergen", ...)."""
        return self.page.get_by_role("list", name=name)

    def plan_meeting(self, meeting_id: int) -> CheckInPage:
        """Tick a meeting to plan it."""
        self.page.locator(f"#meeting-{meeting_id}").check()
        return self

    def is_meeting_planned(self, meeting_id: int) -> bool:
        """Whether a meeting is ticked in the plan."""
        return self.page.locator(f"#meeting-{meeting_id}").is_checked()

    # --- the evening ---

    def what_got_done(self) -> Locator:
        """The "what got done" part: the plan's anchors, to tick."""
        return self.page.locator("#done")

    def planned_anchors(self) -> Locator:
        """The tick boxes of the plan's anchors in "what got done"."""
        return self.page.locator("#done input")

    def tick_done_by_keyboard(self) -> CheckInPage:
        """Tick the first anchor of the plan with the space bar."""
        self.planned_anchors().first.focus()
        self.page.keyboard.press("Space")
        return self

    def choose(self, scale: str, value: int) -> CheckInPage:
        """Choose a figure on a scale (``mood`` or ``craving``)."""
        self.page.locator(f"#{scale}-{value}").check()
        return self

    def choose_by_keyboard(self, scale: str, value: int) -> CheckInPage:
        """Choose a figure on a scale with the space bar."""
        self.page.locator(f"#{scale}-{value}").focus()
        self.page.keyboard.press("Space")
        return self

    def chosen(self, scale: str, value: int) -> bool:
        """Whether a figure on a scale is chosen."""
        return self.page.locator(f"#{scale}-{value}").is_checked()

    def figure(self, scale: str, value: int) -> Locator:
        """A figure on a scale, to expect things of."""
        return self.page.locator(f"#{scale}-{value}")

    def slept(self, hours: str) -> CheckInPage:
        """Type the hours slept, as typed on a phone (``7,5``)."""
        self.page.locator("#sleep_hours").fill(hours)
        return self

    def write_note(self, text: str) -> CheckInPage:
        """Write the note."""
        self.page.locator("#note").fill(text)
        return self

    def note(self) -> str:
        """The note as the form shows it."""
        return self.page.locator("#note").input_value()

    def save(self) -> None:
        """Press "Save today's check-in"."""
        self.page.get_by_role("button", name=SAVE[self.language]).click()

    def save_by_keyboard(self) -> None:
        """Reach "Save today's check-in" and press Enter."""
        self.page.get_by_role("button", name=SAVE[self.language]).focus()
        self.page.keyboard.press("Enter")

    # --- what the page says back ---

    def error_summary(self) -> Locator:
        """The box that lists what to correct."""
        return self.page.locator(".error-summary")

    def go_to_error(self, field_id: str) -> str:
        """Follow the summary's link to a field; the id of the element then focused."""
        self.error_summary().locator(f"a[href='#{field_id}']").click()
        return self.page.evaluate("document.activeElement.id")

    def save_button(self) -> Locator:
        """The evening check's "Save today's check-in"."""
        return self.page.get_by_role("button", name=SAVE[self.language])

    def trend_chart(self, measure: int) -> Locator:
        """One measure's chart (0 mood, 1 craving, 2 sleep), found by its name."""
        return self.page.get_by_role("img", name=CHARTS[self.language][measure], exact=False)

    def trend_charts(self) -> Locator:
        """The charts of the trend, one per measure."""
        return self.page.locator("svg.trend")

    def trend_points(self) -> Locator:
        """The points drawn on the charts."""
        return self.page.locator("svg.trend circle")

    def smallest_chart_text(self) -> float:
        """The smallest text in the charts as drawn, in CSS pixels."""
        return self.page.evaluate(
            """() => Math.min(...[...document.querySelectorAll("svg.trend")].flatMap((svg) => {
                const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                return [...svg.querySelectorAll("text")].map(
                    (t) => parseFloat(t.getAttribute("font-size")) * scale);
            }))"""
        )

    def calendar_overflow(self) -> int:
        """How much wider than its box the month calendar is, in CSS pixels (0: it fits)."""
        return self.page.evaluate(
            """() => { const table = document.querySelector("table.month");
                const page = document.documentElement;
                return Math.max(table.scrollWidth - table.parentElement.clientWidth,
                    page.scrollWidth - page.clientWidth); }"""
        )

    def trend_table_rows(self) -> int:
        """Unfold the table beside the chart; how many days it lists."""
        self.page.locator("details.trend-table summary").click()
        return self.page.locator("details.trend-table tbody tr").count()

    def support(self) -> Locator:
        """The help offered after a hard evening, found by its name."""
        return self.page.get_by_role("region", name=HARD_TIME[self.language])

    def remember_saved_meeting(self, meeting_id: int, name: str) -> CheckInPage:
        """Have this phone remember a meeting as saved earlier from the meeting's page."""
        self.page.evaluate(
            "([id, name]) => localStorage.setItem('peerapp.favourites', JSON.stringify("
            "[{id: String(id), name, url: `/meetings/${id}`}]))",
            [meeting_id, name],
        )
        return self

    def nothing_has_focus(self) -> bool:
        """Whether the page left the keyboard focus where it starts (nothing grabbed it)."""
        return self.page.evaluate("document.activeElement === document.body")

    def follow_by_keyboard(self, link: Locator) -> None:
        """Focus a link and press Enter; wait for the next page."""
        link.focus()
        with self.page.expect_navigation():
            self.page.keyboard.press("Enter")


class PlanPage(CheckInPage):
    """The morning plan: today's anchors and meetings."""

    path = "/checkin/plan"


class EveningPage(CheckInPage):
    """The evening check: what got done, mood, craving, sleep and a note."""

    path = "/checkin/evening"


class ProgressPage(CheckInPage):
    """Progress: the counter, one chart per measure with a table, and the month."""

    path = "/checkin/progress"
