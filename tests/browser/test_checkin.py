"""The daily check-in on a 360 px phone, one thing at a time: agree once on the hub, plan the
morning, check in at night in a few taps, see help first after a hard evening, and see the trend
as one chart per measure; by keyboard where it matters, with axe-core finding nothing on the way."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.account_pages import LoginPage, log_in
from tests.browser.checkin_pages import CheckInPage, EveningPage, PlanPage, ProgressPage
from tests.browser.pages import assert_accessible, path_of
from tests.factories import PASSWORD

SCREEN = 740
#: taps from home to the check-in hub (home's check-in link)
FROM_HOME = 1


def open_checkin(page: Any, lang: str) -> CheckInPage:
    checkin = CheckInPage(page).open(lang)
    assert path_of(page) == "/checkin"
    return checkin


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_plan_the_morning_check_in_at_night_and_see_the_trend(open_phone, add_person, lang):
    person = add_person("client")
    page = open_phone(lang).page
    log_in(page, person)
    hub = open_checkin(page, lang)
    assert_accessible(page)
    hub.agree()
    assert_accessible(page)

    # morning: the plan is a page of its own; two anchors with times
    hub.tap_plan()
    assert path_of(page) == "/checkin/plan"
    assert_accessible(page)
    hub.plan("meeting", at="19:00").plan("call").save_plan()
    expect(page.locator("#evening-link")).to_be_visible()  # sent, then back on the hub
    assert path_of(page) == "/checkin"

    # evening, counted in taps from home, by keyboard where it can be
    taps = FROM_HOME
    evening = hub.tap_evening_check()
    taps += 1
    assert path_of(page) == "/checkin/evening"
    expect(evening.planned_anchors()).to_have_count(2)
    assert_accessible(page)
    assert evening.top_of(evening.save_button()) < 2 * SCREEN  # within two screens
    evening.tick_done_by_keyboard()
    evening.choose_by_keyboard("mood", 4).choose_by_keyboard("craving", 2)
    taps += 3
    page.locator("#sleep_hours").click()
    evening.slept("7,5")
    taps += 1
    evening.write_note("En rolig kveld").save()  # the note is optional: typed, no extra tap
    taps += 1
    assert taps <= 8
    expect(page.locator("#evening-link")).to_be_visible()
    assert path_of(page) == "/checkin"

    evening = EveningPage(page).open(lang)
    assert evening.chosen("mood", 4) and evening.chosen("craving", 2)
    assert evening.note() == "En rolig kveld"

    # progress: one chart per measure, each its own scale, text readable, and a table
    progress = ProgressPage(page).open(lang)
    expect(progress.trend_charts()).to_have_count(3)
    for measure in range(3):
        assert progress.trend_chart(measure).is_visible()
    assert progress.trend_points().count() == 3  # mood, craving and sleep today, one each
    assert progress.smallest_chart_text() >= 12
    assert progress.trend_table_rows() == 1
    assert_accessible(page)


def test_a_visitor_sees_what_it_is_and_how_to_start(open_phone):
    page = open_phone("en").page
    checkin = open_checkin(page, "en")
    assert "A bad day is information, never a reset." in checkin.main_text()
    assert checkin.link_to("/register").is_visible()
    assert_accessible(page)


def test_a_bad_figure_is_announced_and_leads_to_the_field(open_phone, add_person):
    person = add_person("client")
    page = open_phone("en").page
    log_in(page, person)
    open_checkin(page, "en").agree()
    evening = EveningPage(page).open("en")
    evening.slept("lots").save()
    expect(evening.error_summary()).to_be_visible()  # refused by the API, the form shows each
    assert path_of(page) == "/checkin"  # the form's own answer, the evening check again
    assert evening.go_to_error("sleep_hours") == "sleep_hours"
    assert_accessible(page)


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_finding_a_meeting_for_the_plan_keeps_everything_ticked(
    open_phone, add_person, live_server, lang
):
    sentrum = live_server.meetings["NA Bergen sentrum"]
    oslo = live_server.meetings["NA Oslo"]
    person = add_person("client")
    page = open_phone(lang).page
    log_in(page, person)
    open_checkin(page, lang).agree()
    plan = PlanPage(page).open(lang)
    # a meeting saved on this phone earlier, held today (in Oslo, so not among those near Bergen)
    plan.remember_saved_meeting(oslo, "NA Oslo")

    # morning: two anchors ticked, then today's meetings near a town typed in the plan
    plan.plan("breakfast", at="08:00").plan("call")
    page.locator("#own-label-0").fill("Walk the dog")
    plan.find_meetings_near("Bergen")
    assert plan.is_planned("breakfast") and plan.is_planned("call")
    assert page.locator("#time-breakfast").input_value() == "08:00"
    assert page.locator("#own-label-0").input_value() == "Walk the dog"
    near = "I dag nær Bergen" if lang == "nb" else "Today near Bergen"
    nearby = plan.meeting_list(near)
    assert nearby.get_by_text("NA Bergen sentrum, 19:00").is_visible()
    saved = (
        "Lagret på denne telefonen, holdes i dag"
        if lang == "nb"
        else "Saved on this phone, held today"
    )
    plan.meeting_list(saved).get_by_role("checkbox", name="NA Oslo, 19:00").wait_for()
    assert_accessible(page)

    # a meeting picked, then another search: still all ticked, nothing saved yet
    plan.plan_meeting(sentrum)
    plan.find_meetings_near("Bergen")
    assert plan.is_meeting_planned(sentrum)
    assert plan.is_planned("breakfast") and plan.is_planned("call")
    plan.save_plan()
    expect(page.locator("#evening-link")).to_be_visible()

    # evening: the meeting is in "what got done", with a link to its page
    evening = EveningPage(page).open(lang)
    done = evening.what_got_done()
    assert done.get_by_text("NA Bergen sentrum, 19:00").is_visible()
    about = "Om møtet" if lang == "nb" else "About the meeting"
    link = done.get_by_role("link", name=re.compile(rf"^{about}\W+NA Bergen sentrum$"))
    assert_accessible(page)
    link.click()
    assert path_of(page) == f"/meetings/{sentrum}"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_a_hard_evening_brings_up_help_calmly_in_the_first_screen(open_phone, add_person, lang):
    person = add_person("client")
    page = open_phone(lang).page
    log_in(page, person)
    hub = open_checkin(page, lang).agree()
    assert not hub.has_support()  # nothing before anything is said

    evening = hub.tap_evening_check()
    evening.choose("craving", 8).save()
    support = evening.support()
    expect(support).to_be_visible()  # sent through the offline queue, then the hub
    assert path_of(page) == "/checkin"
    assert hub.in_first_screen(page.locator("#support-title"))
    assert_accessible(page)
    # no alarm: no alert role, no focus grabbed; help is a link away, by keyboard
    assert support.get_attribute("role") is None
    assert hub.nothing_has_focus()
    crisis = "Hjelpetelefoner og krisehjelp" if lang == "nb" else "Helplines and crisis help"
    hub.follow_by_keyboard(support.get_by_role("link", name=crisis))
    assert path_of(page) == "/help"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_the_month_fits_a_small_phone_and_200_percent_zoom(open_phone, add_person, lang):
    person = add_person("client")
    page = open_phone(lang).page
    log_in(page, person)
    open_checkin(page, lang).agree()
    EveningPage(page).open(lang).choose("mood", 3).save()
    expect(page.locator("#evening-link")).to_be_visible()
    progress = ProgressPage(page).open(lang)
    assert progress.calendar_overflow() == 0
    assert_accessible(page)
    # 320 px (WCAG reflow), and 200 % zoom of a 360 px phone (180 CSS pixels)
    for width, height in ((320, 640), (180, 370)):
        page.set_viewport_size({"width": width, "height": height})
        assert progress.calendar_overflow() == 0, width
        sunday = page.locator("table.month thead th").last
        assert sunday.is_visible()
        box = sunday.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width


def test_without_javascript_finding_meetings_keeps_the_ticks_and_saving_works(
    open_phone, add_person, live_server
):
    sentrum = live_server.meetings["NA Bergen sentrum"]
    person = add_person("client")
    page = open_phone("en", java_script_enabled=False).page
    # no axe-core here: it is a script (the journeys above run it on the same pages)
    LoginPage(page).open("en").log_in(person.username, PASSWORD)
    open_checkin(page, "en").agree()
    plan = PlanPage(page).open("en")
    plan.plan("breakfast", at="08:00").plan("call")
    plan.find_meetings_near("Bergen")  # the form itself, sent to come back unsaved
    assert plan.is_planned("breakfast") and plan.is_planned("call")
    assert page.locator("#time-breakfast").input_value() == "08:00"
    plan.plan_meeting(sentrum)
    plan.find_meetings_near("Bergen")
    assert plan.is_meeting_planned(sentrum) and plan.is_planned("call")
    with page.expect_navigation():
        plan.save_plan()
    assert path_of(page) == "/checkin"
    evening = EveningPage(page).open("en")
    expect(evening.planned_anchors()).to_have_count(3)  # breakfast, the meeting, a call
