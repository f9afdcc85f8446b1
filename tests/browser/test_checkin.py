"""The daily check-in on a 360 px phone: agree once, plan the morning, check in at night and see
the trend, by keyboard where it matters, with axe-core finding nothing on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.account_pages import log_in
from tests.browser.pages import assert_accessible, path_of

SAVE = {"nb": "Lagre dagens innsjekking", "en": "Save today's check-in"}
AGREE = {"nb": "Jeg samtykker, start innsjekking", "en": "I agree, start checking in"}
TREND = {
    "nb": "Humør, sug og søvn de siste 30 dagene",
    "en": "Mood, craving and sleep over the last 30 days",
}


def open_checkin(page: Any, lang: str) -> None:
    page.goto(f"/checkin?lang={lang}")
    assert path_of(page) == "/checkin"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_plan_the_morning_check_in_at_night_and_see_the_trend(open_phone, add_person, lang):
    person = add_person("client")
    page = open_phone(lang).page
    log_in(page, person)
    open_checkin(page, lang)
    assert_accessible(page)

    page.get_by_role("button", name=AGREE[lang]).click()
    assert_accessible(page)

    # morning: two anchors with times
    page.locator("#plan-meeting").check()
    page.locator("#time-meeting").fill("19:00")
    page.locator("#plan-call").check()
    page.get_by_role("button", name=SAVE[lang]).click()
    # sent through the offline queue, then the page is loaded again
    expect(page.locator("#done input")).to_have_count(2)
    assert_accessible(page)

    # evening, by keyboard: tick what got done, mood and craving, a note, save
    page.locator("#done input").first.focus()
    page.keyboard.press("Space")
    page.locator("#mood-4").focus()
    page.keyboard.press("Space")
    page.locator("#craving-2").focus()
    page.keyboard.press("Space")
    page.locator("#sleep_hours").fill("7,5")
    page.locator("#note").fill("En rolig kveld")
    page.get_by_role("button", name=SAVE[lang]).focus()
    page.keyboard.press("Enter")
    expect(page.locator("svg.trend circle")).to_have_count(3)  # mood, craving and sleep today

    assert page.locator("#mood-4").is_checked()
    assert page.locator("#craving-2").is_checked()
    assert page.locator("#note").input_value() == "En rolig kveld"
    chart = page.get_by_role("img", name=TREND[lang])
    assert chart.is_visible()
    assert page.locator("svg.trend circle").count() == 3  # mood, craving and sleep today
    page.locator("details.trend-table summary").click()
    assert page.locator("details.trend-table tbody tr").count() == 1
    assert_accessible(page)


def test_a_visitor_sees_what_it_is_and_how_to_start(open_phone):
    page = open_phone("en").page
    open_checkin(page, "en")
    assert "A bad day is information, never a reset." in page.locator("main").inner_text()
    assert page.locator("main a[href='/register']").is_visible()
    assert_accessible(page)


def test_a_bad_figure_is_announced_and_leads_to_the_field(open_phone, add_person):
    person = add_person("client")
    page = open_phone("en").page
    log_in(page, person)
    open_checkin(page, "en")
    page.get_by_role("button", name=AGREE["en"]).click()
    page.locator("#sleep_hours").fill("lots")
    page.get_by_role("button", name=SAVE["en"]).click()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()  # refused by the API, the form itself shows each error
    summary.locator("a[href='#sleep_hours']").click()
    assert page.evaluate("document.activeElement.id") == "sleep_hours"
    assert_accessible(page)


def test_plan_a_meeting_near_a_town_then_find_it_linked_in_the_evening(
    open_phone, add_person, live_server
):
    sentrum = live_server.meetings["NA Bergen sentrum"]
    oslo = live_server.meetings["NA Oslo"]
    person = add_person("client")
    page = open_phone("en").page
    log_in(page, person)
    open_checkin(page, "en")
    page.get_by_role("button", name=AGREE["en"]).click()
    # a meeting saved on this phone earlier, held today (in Oslo, so not among those near Bergen)
    page.evaluate(
        "([id]) => localStorage.setItem('peerapp.favourites', JSON.stringify("
        "[{id: String(id), name: 'NA Oslo', url: `/meetings/${id}`}]))",
        [oslo],
    )

    # morning: today's meetings near a town typed in the plan
    page.get_by_label("Find today's meetings near").fill("Bergen")
    page.get_by_role("button", name="Find meetings").click()
    nearby = page.get_by_role("list", name="Today near Bergen")
    assert nearby.get_by_text("NA Bergen sentrum, 19:00").is_visible()
    saved = page.get_by_role("list", name="Saved on this phone, held today")
    saved.get_by_role("checkbox", name="NA Oslo, 19:00").wait_for()
    assert_accessible(page)
    page.locator(f"#meeting-{sentrum}").check()
    page.get_by_role("button", name=SAVE["en"]).click()
    expect(page.locator("#done")).to_contain_text("NA Bergen sentrum")  # saved, page reloaded

    # evening: the meeting is in "what got done", with a link to its page
    done = page.locator("#done")
    assert done.get_by_text("NA Bergen sentrum, 19:00").is_visible()
    link = done.get_by_role("link", name=re.compile(r"^About the meeting\W+NA Bergen sentrum$"))
    assert page.locator(f"#meeting-{sentrum}").is_checked()
    assert_accessible(page)
    link.click()
    assert path_of(page) == f"/meetings/{sentrum}"


def test_a_hard_evening_brings_up_help_calmly(open_phone, add_person):
    person = add_person("client")
    page = open_phone("en").page
    log_in(page, person)
    open_checkin(page, "en")
    page.get_by_role("button", name=AGREE["en"]).click()
    assert page.locator("#support-title").count() == 0  # nothing before anything is said

    page.locator("#craving-8").check()
    page.get_by_role("button", name=SAVE["en"]).click()
    support = page.get_by_role("region", name="It sounds like a hard time")
    expect(support).to_be_visible()  # sent through the offline queue, then the page is loaded again
    assert_accessible(page)
    # no alarm: no alert role, no focus grabbed; help is a link away, by keyboard
    assert support.get_attribute("role") is None
    assert page.evaluate("document.activeElement === document.body")
    help_link = support.get_by_role("link", name="Helplines and crisis help")
    help_link.focus()
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert path_of(page) == "/help"
