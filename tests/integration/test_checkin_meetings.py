"""A particular meeting as an anchor of the day: chosen from today's meetings near a place typed on
the page (no JavaScript needed) or sent by id over the API, it brings its name and time, links to
its page in the plan, the evening check and the export, and only listed meetings are taken."""

from __future__ import annotations

import hashlib
import json
import re
import uuid

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.finder import today_in_norway
from peerapp.models import CheckIn, Meeting
from peerapp.services.checkins import anchors, consent, daily
from peerapp.services.meetings.search import MeetingQuery
from tests.integration.openapi_validation import validate_response, validate_schema
from tests.support.auth import form_token, session_client

API = "/api/v1/checkins"


@pytest.fixture
def meetings(meeting_factory):
    """Today's meetings in Bergen (two) and Oslo, one in Bergen tomorrow, and an archived one."""
    today = today_in_norway()
    made = {
        "sentrum": meeting_factory(name="NA Bergen sentrum", town="bergen", day=today),
        "nordnes": meeting_factory(
            name="AA Nordnes", town="bergen", day=today, start="12:30", latitude=60.399
        ),
        "oslo": meeting_factory(name="AA Oslo sentrum", town="oslo", day=today),
        "tomorrow": meeting_factory(name="NA Bergen i morgen", town="bergen", day=(today + 1) % 7),
        "ended": meeting_factory(name="Gammel gruppe", town="bergen", day=today),
    }
    made["ended"].archived_at = utcnow()
    db.session.commit()
    return {key: meeting.id for key, meeting in made.items()}


@pytest.fixture
def person(app, user_factory):
    """A client who has agreed to keeping check-ins, signed in on a phone."""
    user = user_factory(role="client")
    consent.give_consent(user)
    browser, token = session_client(app, user)
    return browser, token, user


def send(person, body, key: str | None = None):
    headers = {"X-CSRFToken": person[1], "Idempotency-Key": key or uuid.uuid4().hex}
    return person[0].post(API, json=body, headers=headers)


def today() -> str:
    return daily.today().isoformat()


def stored_plan() -> list[dict]:
    db.session.commit()
    row = db.session.scalars(sa.select(CheckIn)).first()
    return row.plan if row is not None else []


# --- the service ------------------------------------------------------------------------------


def test_a_meeting_brings_its_name_and_time_to_the_plan(person, meetings):
    user = person[2]
    plan = (
        daily.Anchor("Frokost", "08:00"),
        daily.Anchor(None, meeting_id=meetings["sentrum"]),
    )
    daily.save(user, daily.Entry(day=daily.today(), plan=plan))
    assert stored_plan() == [
        {"label": "Frokost", "time": "08:00"},
        {"label": "NA Bergen sentrum", "time": "19:00", "meeting_id": meetings["sentrum"]},
    ]


def test_the_same_meeting_twice_is_one_anchor(person, meetings):
    twice = [{"meeting_id": meetings["sentrum"]}, {"meeting_id": meetings["sentrum"]}]
    assert send(person, {"date": today(), "plan": twice}).status_code == 201
    assert [item.get("meeting_id") for item in stored_plan()] == [meetings["sentrum"]]


def test_a_meeting_elsewhere_keeps_its_start_on_the_clock_in_norway(person, meeting_factory):
    london = meeting_factory(name="AA London", timezone="Europe/London", start="18:00")
    plan = (daily.Anchor(None, meeting_id=london.id),)
    daily.save(person[2], daily.Entry(day=daily.today(), plan=plan))
    assert stored_plan()[0]["time"] == "19:00"  # London is an hour behind Norway all year


def test_a_long_meeting_name_is_shortened_to_fit_a_label(person, meeting_factory):
    long = meeting_factory(name="Anonyme Alkoholikere " * 10)
    plan = (daily.Anchor(None, meeting_id=long.id),)
    daily.save(person[2], daily.Entry(day=daily.today(), plan=plan))
    label = stored_plan()[0]["label"]
    assert len(label) == daily.MAX_LABEL_LENGTH and label.endswith("…")


@pytest.mark.parametrize("which", ["ended", "missing"])
def test_a_meeting_not_listed_is_refused_and_nothing_is_saved(person, meetings, which):
    meeting_id = meetings["ended"] if which == "ended" else max(meetings.values()) + 1000
    entry = daily.Entry(
        day=daily.today(), mood=4, plan=(daily.Anchor(None, meeting_id=meeting_id),)
    )
    with pytest.raises(daily.UnknownMeeting) as refused:
        daily.save(person[2], entry)
    assert "plan" in refused.value.errors
    db.session.commit()
    assert db.session.scalars(sa.select(CheckIn)).first() is None


def test_a_day_stays_editable_after_its_meeting_has_ended(person, meetings):
    user, day = person[2], daily.today()
    plan = (daily.Anchor(None, meeting_id=meetings["sentrum"]),)
    daily.save(user, daily.Entry(day=day, plan=plan))
    meeting = db.session.get(Meeting, meetings["sentrum"])
    meeting.archived_at = utcnow()
    db.session.commit()

    daily.save(user, daily.Entry(day=day, mood=3, plan=plan, done=("NA Bergen sentrum",)))
    assert stored_plan()[0]["label"] == "NA Bergen sentrum"
    assert stored_plan()[0]["meeting_id"] == meetings["sentrum"]


def test_keys_sent_before_meetings_could_be_named_still_replay(person):
    """The idempotency digest of a plan without meetings is written as it always was."""
    entry = daily.Entry(day=daily.today(), mood=3, plan=(daily.Anchor("Tur", "10:00"),))
    layout = [today(), 3, None, None, [["Tur", "10:00"]], [], None]
    assert daily._digest(entry) == hashlib.sha256(json.dumps(layout).encode()).hexdigest()


def test_todays_meetings_near_a_place_nearest_first_without_those_planned(app, meetings):
    query = MeetingQuery(latitude=60.3913, longitude=5.3221, day=today_in_norway())
    found = anchors.meetings_near(query, daily.today())
    assert [choice.name for choice in found] == ["NA Bergen sentrum", "AA Nordnes"]
    assert found[1].time == "12:30" and found[0].distance_km is not None

    left = anchors.meetings_near(query, daily.today(), [meetings["sentrum"]])
    assert [choice.meeting_id for choice in left] == [meetings["nordnes"]]


# --- the API ----------------------------------------------------------------------------------


def test_the_api_takes_and_gives_a_meetings_id(person, meetings, client):
    spec = client.get("/api/openapi.json").get_json()
    body = {
        "date": today(),
        "plan": [{"label": "Frokost", "time": "08:00"}, {"meeting_id": meetings["nordnes"]}],
        "done": ["AA Nordnes"],
    }
    validate_schema(spec, "NewCheckIn", body)
    answer = send(person, body)
    assert answer.status_code == 201
    validate_response(spec, API, "post", 201, answer.get_json())
    plan = answer.get_json()["plan"]
    assert plan[0] == {"label": "Frokost", "time": "08:00"}  # as before, no meeting_id
    assert plan[1] == {"label": "AA Nordnes", "time": "12:30", "meeting_id": meetings["nordnes"]}

    listed = person[0].get(API)
    validate_response(spec, API, "get", 200, listed.get_json())
    assert listed.get_json()["checkins"][0]["plan"][1]["meeting_id"] == meetings["nordnes"]


def test_a_label_and_time_sent_with_a_meeting_are_kept(person, meetings):
    plan = [{"label": "Møte med Per", "time": "18:45", "meeting_id": meetings["sentrum"]}]
    answer = send(person, {"date": today(), "plan": plan})
    assert answer.status_code == 201
    assert answer.get_json()["plan"] == plan


@pytest.mark.parametrize("which", ["ended", "missing", "zero"])
def test_a_meeting_not_listed_is_422_and_nothing_is_saved(person, meetings, client, which):
    meeting_id = {"ended": meetings["ended"], "missing": 2**31, "zero": 0}[which]
    answer = send(person, {"date": today(), "mood": 4, "plan": [{"meeting_id": meeting_id}]})
    assert answer.status_code == 422
    assert answer.mimetype == "application/problem+json"
    problem = answer.get_json()
    assert problem["type"].endswith("unknown-meeting")
    assert "plan" in problem["errors"]
    spec = client.get("/api/openapi.json").get_json()
    validate_response(spec, API, "post", 422, problem, "application/problem+json")
    assert stored_plan() == []


@pytest.mark.parametrize("meeting_id", ["12", 1.5, True, {"id": 1}])
def test_a_meeting_id_that_is_not_a_whole_number_is_400(person, meeting_id):
    answer = send(person, {"date": today(), "plan": [{"meeting_id": meeting_id}]})
    assert answer.status_code == 400
    assert "plan" in answer.get_json()["errors"]


def test_an_anchor_with_neither_label_nor_meeting_is_still_400(person):
    answer = send(person, {"date": today(), "plan": [{"time": "10:00"}]})
    assert answer.status_code == 400


def test_the_export_keeps_the_meeting_and_my_data_links_to_it(person, meetings):
    send(person, {"date": today(), "plan": [{"meeting_id": meetings["sentrum"]}]})
    exported = person[0].get("/api/v1/me/export").get_json()
    assert exported["checkins"][0]["plan"] == [
        {"label": "NA Bergen sentrum", "time": "19:00", "meeting_id": meetings["sentrum"]}
    ]
    page = person[0].get("/account/data?lang=en").get_data(as_text=True)
    assert f'<a href="/meetings/{meetings["sentrum"]}">NA Bergen sentrum</a> 19:00' in page


# --- the page, without JavaScript ----------------------------------------------------------------


def options(page: str) -> list[str]:
    """The meetings offered to tick, by id (not the empty one the script copies)."""
    page = re.sub(r"<template.*?</template>", "", page, flags=re.S)
    return re.findall(r'name="meeting" value="(\d+)"', page)


def test_a_town_typed_on_the_page_offers_todays_meetings_near_it(person, meetings):
    page = person[0].get("/checkin/plan?where=Bergen&lang=en")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "Today near Bergen" in text
    # today's in Bergen, nearest first; not tomorrow's, not Oslo's, not one that ended
    assert options(text) == [str(meetings["sentrum"]), str(meetings["nordnes"])]
    assert 'NA Bergen sentrum</span>, <span class="meeting-time">19:00' in text
    assert f'href="/meetings/{meetings["sentrum"]}"' in text
    # the place is shown back in the field, and nowhere kept
    assert 'name="where" type="text" value="Bergen"' in text


def test_a_postal_code_or_the_phones_position_works_as_well(person, meetings):
    by_code = person[0].get("/checkin/plan?where=5003&lang=en").get_data(as_text=True)
    assert str(meetings["sentrum"]) in options(by_code)
    by_position = person[0].get("/checkin/plan?lat=60.391&lng=5.322&lang=en").get_data(as_text=True)
    assert "Today near you" in by_position
    assert str(meetings["sentrum"]) in options(by_position)


def test_a_place_not_found_or_a_bad_position_is_said_clearly(person, meetings):
    unknown = person[0].get("/checkin/plan?where=Xyzzyvik&lang=en")
    assert unknown.status_code == 200
    text = unknown.get_data(as_text=True)
    assert 'id="where-error"' in text and "Xyzzyvik" in text
    (field,) = re.findall(r'<input id="where"[^>]*>', text)
    assert "autofocus" in field and 'aria-invalid="true"' in field  # read out as the page opens
    assert options(text) == []
    bad = person[0].get("/checkin/plan?lat=91&lng=5&lang=en")
    assert bad.status_code == 400
    assert 'id="where-error"' in bad.get_data(as_text=True)


def test_no_meetings_today_near_a_place_points_to_online_ones(person, meetings):
    text = person[0].get("/checkin/plan?where=Troms%C3%B8&lang=en").get_data(as_text=True)
    assert "No meetings today within 25 km." in text
    assert options(text) == []


def test_plan_a_nearby_meeting_then_see_it_linked_in_the_evening(person, meetings):
    browser = person[0]
    token = form_token(browser, "/checkin/plan?where=Bergen")
    saved = browser.post(
        "/checkin",
        data={
            "csrf_token": token,
            "date": today(),
            "plan-breakfast": "1",
            "time-breakfast": "08:00",
            "meeting": str(meetings["sentrum"]),
        },
    )
    assert saved.status_code == 303
    breakfast, meeting = stored_plan()
    assert breakfast["time"] == "08:00" and "meeting_id" not in breakfast
    assert meeting == {
        "label": "NA Bergen sentrum",
        "time": "19:00",
        "meeting_id": meetings["sentrum"],
    }

    plan = browser.get("/checkin/plan?lang=en").get_data(as_text=True)
    # in the plan: ticked, and not offered again as a plain anchor of one's own
    ticked = f'name="meeting" value="{meetings["sentrum"]}" checked'
    assert ticked in plan
    assert 'id="own-label-0" name="own-label-0" maxlength="80" value=""' in plan
    evening = browser.get("/checkin/evening?lang=en").get_data(as_text=True)
    assert 'value="NA Bergen sentrum"' in evening  # the evening's "what got done"
    done = evening[evening.index('id="done"') :]
    assert f'href="/meetings/{meetings["sentrum"]}"' in done[: done.index("</fieldset>")]
    # the plan goes along unseen, so that the evening's save keeps it
    assert f'type="hidden" name="meeting" value="{meetings["sentrum"]}"' in evening

    # the evening check keeps the meeting, and ticking it done works as for any anchor
    token = form_token(browser, "/checkin/evening")
    browser.post(
        "/checkin",
        data={
            "csrf_token": token,
            "date": today(),
            "plan-breakfast": "1",
            "time-breakfast": "08:00",
            "meeting": str(meetings["sentrum"]),
            "done": "NA Bergen sentrum",
            "mood": "4",
        },
    )
    db.session.commit()
    row = db.session.scalars(sa.select(CheckIn)).one()
    assert row.done == ["NA Bergen sentrum"] and row.plan[1]["meeting_id"] == meetings["sentrum"]


def test_unticking_a_planned_meeting_takes_it_out(person, meetings):
    send(person, {"date": today(), "plan": [{"meeting_id": meetings["sentrum"]}]})
    token = form_token(person[0], "/checkin/evening")
    person[0].post("/checkin", data={"csrf_token": token, "date": today(), "mood": "3"})
    assert stored_plan() == []


@pytest.mark.parametrize(
    ("value", "message"),
    [("møte", "Choose the meeting from the list"), ("ended", "That meeting is not listed")],
)
def test_a_bad_meeting_from_the_form_is_said_and_nothing_is_saved(person, meetings, value, message):
    token = form_token(person[0], "/checkin/evening")
    chosen = str(meetings["ended"]) if value == "ended" else value
    answer = person[0].post(
        "/checkin?lang=en",
        data={"csrf_token": token, "date": today(), "meeting": chosen, "mood": "4"},
    )
    assert answer.status_code == 400
    text = answer.get_data(as_text=True)
    assert message in text and 'href="#plan"' in text
    assert stored_plan() == []
    db.session.commit()
    assert db.session.scalars(sa.select(CheckIn)).first() is None


def test_visitors_and_people_who_have_not_agreed_get_no_search(client, app, user_factory, meetings):
    visitor = client.get("/checkin?where=Bergen&lang=en", follow_redirects=True)
    visitor = visitor.get_data(as_text=True)
    assert options(visitor) == [] and "Today near" not in visitor
    newcomer, _ = session_client(app, user_factory(role="client"))
    text = newcomer.get("/checkin?where=Bergen&lang=en", follow_redirects=True).get_data(
        as_text=True
    )
    assert 'action="/checkin/consent"' in text and options(text) == []  # asked to agree first


def test_a_bad_figure_in_the_evening_keeps_a_meeting_that_has_since_ended(person, meetings):
    send(person, {"date": today(), "plan": [{"meeting_id": meetings["sentrum"]}]})
    db.session.get(Meeting, meetings["sentrum"]).archived_at = utcnow()
    db.session.commit()
    token = form_token(person[0], "/checkin/evening")
    form = {"csrf_token": token, "date": today(), "meeting": str(meetings["sentrum"])}
    again = person[0].post("/checkin?lang=en", data={**form, "sleep_hours": "lots"})
    assert again.status_code == 400
    # the evening check carries the plan's meeting, unseen, into the page shown again
    kept = f'type="hidden" name="meeting" value="{meetings["sentrum"]}"'
    assert kept in again.get_data(as_text=True)
    assert person[0].post("/checkin", data={**form, "sleep_hours": "7"}).status_code == 303
    assert stored_plan()[0]["meeting_id"] == meetings["sentrum"]


def test_an_old_link_to_a_search_on_the_check_in_opens_the_plan(person, meetings):
    old = person[0].get("/checkin?where=Bergen&lang=en")
    assert old.status_code == 301
    assert old.headers["Location"].endswith("/checkin/plan?where=Bergen#meetings")


def test_finding_meetings_keeps_what_was_ticked_and_typed_without_saving(person, meetings):
    browser = person[0]
    token = form_token(browser, "/checkin/plan")
    found = browser.post(
        "/checkin/plan?lang=en",
        data={
            "csrf_token": token,
            "date": today(),
            "step": "plan",
            "plan-breakfast": "1",
            "time-breakfast": "08:00",
            "plan-call": "1",
            "own-label-0": "Walk the dog",
            "where": "Bergen",
        },
    )
    assert found.status_code == 200
    text = found.get_data(as_text=True)
    assert 'id="plan-breakfast" name="plan-breakfast" value="1" checked' in text
    assert 'id="time-breakfast" name="time-breakfast" value="08:00"' in text
    assert 'id="plan-call" name="plan-call" value="1" checked' in text
    assert 'value="Walk the dog"' in text
    assert options(text) == [str(meetings["sentrum"]), str(meetings["nordnes"])]
    db.session.commit()
    assert db.session.scalars(sa.select(CheckIn)).first() is None  # nothing saved yet

    # a meeting ticked, then another search: the meeting stays ticked, in the plan
    again = browser.post(
        "/checkin/plan?lang=en",
        data={
            "csrf_token": token,
            "plan-call": "1",
            "meeting": str(meetings["sentrum"]),
            "where": "5003",
        },
    ).get_data(as_text=True)
    assert f'name="meeting" value="{meetings["sentrum"]}" checked' in again
    assert 'id="plan-call" name="plan-call" value="1" checked' in again
    # with no place typed it says so, and still keeps the ticks
    empty = browser.post("/checkin/plan?lang=en", data={"csrf_token": token, "plan-call": "1"})
    assert 'id="where-error"' in empty.get_data(as_text=True)
    assert 'id="plan-call" name="plan-call" value="1" checked' in empty.get_data(as_text=True)


def test_enter_in_the_place_without_javascript_searches_and_save_saves(person, meetings):
    browser = person[0]
    token = form_token(browser, "/checkin/plan")
    form = {"csrf_token": token, "date": today(), "step": "plan", "plan-call": "1"}
    # Enter in a field sends the form with its first button, which sends no "save"
    entered = browser.post("/checkin?lang=en", data={**form, "where": "Bergen"})
    assert entered.status_code == 200
    assert options(entered.get_data(as_text=True)) == [
        str(meetings["sentrum"]),
        str(meetings["nordnes"]),
    ]
    db.session.commit()
    assert db.session.scalars(sa.select(CheckIn)).first() is None
    # "Save the plan" saves, whatever is typed in the place
    saved = browser.post("/checkin", data={**form, "where": "Bergen", "save": "1"})
    assert saved.status_code == 303
    assert [item["label"] for item in stored_plan()] == ["Call someone"]
