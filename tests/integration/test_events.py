"""Events: a weekly walk added over the API is found this week, near its town and by words; its
calendar file repeats it; bad input is named; a correction over another's is 409; stale first."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from icalendar import Calendar

from peerapp.extensions import db
from peerapp.models import Event
from peerapp.services.checkins.daily import today
from peerapp.services.errors import ValidationError
from peerapp.services.events import operations, rules
from tests.support.auth import session_client


def _walk(day: date, **extra):
    start = datetime.combine(day, datetime.min.time()).replace(hour=18)
    return {
        "title": "Tur rundt Lille Lungegårdsvann",
        "starts_at": f"{start.isoformat()}+01:00",
        "ends_at": f"{(start + timedelta(hours=1)).isoformat()}+01:00",
        "recurrence": "FREQ=WEEKLY",
        "location": {"name": "Festplassen", "city": "Bergen", "latitude": 60.39, "longitude": 5.33},
        "for_whom": "Alle",
        "description": "Vi går en runde og tar en kaffe etterpå.",
        **extra,
    }


def test_a_weekly_walk_repeats_in_its_own_time_across_summer_time(user_factory):
    peer = user_factory(role="peer")
    # Tuesday 24 March 2026, 18:00 CET; summer time begins on 29 March
    event = operations.add_event(
        peer,
        _walk(date(2026, 3, 24))
        | {"starts_at": "2026-03-24T18:00+01:00", "ends_at": "2026-03-24T19:00+01:00"},
        now=datetime(2026, 3, 20, tzinfo=UTC),
    )
    starts = rules.occurrences(
        event, datetime(2026, 3, 20, tzinfo=UTC), datetime(2026, 4, 5, tzinfo=UTC)
    )
    assert [s.hour for s in starts] == [18, 18]
    assert [s.utcoffset() for s in starts] == [timedelta(hours=1), timedelta(hours=2)]


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"ends_at": "2026-03-24T17:00+01:00"}, "ends_at"),
        ({"recurrence": "FREQ=HOURLY"}, "recurrence"),
        ({"recurrence": "every tuesday"}, "recurrence"),
        ({"location": None}, "location"),
        ({"starts_at": "tomorrow"}, "starts_at"),
        ({"title": ""}, "title"),
    ],
)
def test_bad_input_is_named_and_nothing_is_written(user_factory, change, field):
    peer = user_factory(role="peer")
    body = _walk(date(2026, 3, 24)) | {
        "starts_at": "2026-03-24T18:00+01:00",
        "ends_at": "2026-03-24T19:00+01:00",
    }
    with pytest.raises(ValidationError) as refused:
        operations.add_event(peer, body | change)
    assert field in refused.value.errors
    assert db.session.query(Event).count() == 0


def test_the_api_finds_this_weeks_walk_near_bergen_and_refuses_a_stale_correction(
    app, user_factory
):
    peer = user_factory(role="peer")
    client = user_factory(role="client")
    http, token = session_client(app, peer)
    day = today() + timedelta(days=1)
    made = http.post("/api/v1/events", json=_walk(day), headers={"X-CSRFToken": token})
    assert made.status_code == 201, made.get_json()
    event = made.get_json()
    assert event["next_start"].startswith(day.isoformat())

    public = app.test_client()
    found = public.get("/api/v1/events?lat=60.39&lng=5.32&radius_km=10&q=tur").get_json()
    assert [e["id"] for e in found["events"]] == [event["id"]]
    far = public.get("/api/v1/events?lat=59.91&lng=10.75&radius_km=10").get_json()
    assert far["events"] == []
    later = (day + timedelta(days=7)).isoformat()
    weeks = public.get(f"/api/v1/events?from={day.isoformat()}&to={later}").get_json()
    assert weeks["events"][0]["next_start"].startswith(day.isoformat())
    bad = public.get("/api/v1/events?from=soon")
    assert bad.status_code == 400 and bad.mimetype == "application/problem+json"

    client_http, client_token = session_client(app, client)
    refused = client_http.post(
        "/api/v1/events", json=_walk(day), headers={"X-CSRFToken": client_token}
    )
    assert refused.status_code == 403

    old = event["updated_at"]
    changed = http.patch(
        f"/api/v1/events/{event['id']}",
        json={"for_whom": "Nye og gamle", "version": old},
        headers={"X-CSRFToken": token},
    )
    assert changed.status_code == 200 and changed.get_json()["for_whom"] == "Nye og gamle"
    stale = http.patch(
        f"/api/v1/events/{event['id']}",
        json={"for_whom": "Bare nye", "version": old},
        headers={"X-CSRFToken": token},
    )
    assert stale.status_code == 409

    ics = public.get(f"/events/{event['id']}.ics")
    assert ics.status_code == 200 and ics.mimetype == "text/calendar"
    [vevent] = Calendar.from_ical(ics.data).walk("VEVENT")
    assert vevent["RRULE"]["FREQ"] == ["WEEKLY"]
    search_ics = public.get("/events.ics")
    assert len(Calendar.from_ical(search_ics.data).walk("VEVENT")) == 1
    page = public.get("/events")
    assert "Tur rundt" in page.get_data(as_text=True)
    spec = public.get("/api/openapi.json").get_json()
    assert "/api/v1/events" in spec["paths"] and "/api/v1/events/{event_id}" in spec["paths"]


def test_the_look_after_list_puts_the_never_checked_first(app, user_factory):
    peer = user_factory(role="peer")
    day = today() + timedelta(days=1)
    checked = operations.add_event(peer, _walk(day, title="Checked"))
    never = operations.add_event(peer, _walk(day, title="Never"))
    never.verified_at = None
    db.session.commit()
    assert [e.title for e in operations.tended_events(peer)] == ["Never", "Checked"]
    operations.verify_event(peer, never.id)
    assert [e.title for e in operations.tended_events(peer)] == ["Checked", "Never"]
    assert checked.id


def test_a_client_asks_for_company_to_one_of_the_events_next_times(app, user_factory):
    from peerapp.services.companion import requests as companion

    peer = user_factory(role="peer")
    client = user_factory(role="client")
    day = today() + timedelta(days=1)
    event = operations.add_event(peer, _walk(day))
    asking = companion.asking_for("event_id", event.id)
    assert len(asking.choices) == 4
    body = {"event_id": event.id, "meeting_point": "Ved scenen"}
    wrong = body | {"starts_at": (asking.choices[0] + timedelta(hours=1)).isoformat()}
    with pytest.raises(ValidationError):
        companion.ask(client, "e-0", wrong)
    asked = companion.ask(client, "e-1", body | {"starts_at": asking.choices[1].isoformat()})
    assert asked.request.event_id == event.id and asked.request.city == "Bergen"
    assert [r.id for r in companion.listed_for(peer)] == [asked.request.id]
    http, token = session_client(app, client)
    page = http.get(f"/events/{event.id}")
    assert f"/events/{event.id}/company" in page.get_data(as_text=True)
    assert http.get(f"/events/{event.id}/company").status_code == 200


def test_the_next_few_events_this_week_are_on_a_clients_home(app, user_factory):
    peer = user_factory(role="peer")
    client = user_factory(role="client")
    operations.add_event(peer, _walk(today() + timedelta(days=1)))
    http, _token = session_client(app, client)
    home = http.get("/").get_data(as_text=True)
    assert 'id="coming-events"' in home and "Tur rundt" in home


def test_a_steward_corrects_an_event_on_its_page_and_another_change_meanwhile_is_shown(
    app, user_factory
):
    peer = user_factory(role="peer")
    event = operations.add_event(peer, _walk(today() + timedelta(days=1)))
    db.session.commit()
    browser, token = session_client(app, peer)
    page = browser.get(f"/events/{event.id}?lang=en").get_data(as_text=True)
    assert f'href="/events/{event.id}/edit"' in page
    form = browser.get(f"/events/{event.id}/edit?lang=en").get_data(as_text=True)
    assert 'value="Tur rundt Lille Lungegårdsvann"' in form
    assert 'name="weekly" value="1" checked' in form
    version = form.split('name="version" value="')[1].split('"')[0]
    fields = {
        "csrf_token": token,
        "version": version,
        "title": "Tur rundt Store Lungegårdsvann",
        "day": (today() + timedelta(days=1)).isoformat(),
        "start": "18:00",
        "end": "19:30",
        "weekly": "1",
        "place_name": "Festplassen",
        "city": "Bergen",
    }
    saved = browser.post(f"/events/{event.id}/edit?lang=en", data=fields)
    assert saved.status_code == 303
    db.session.expire_all()
    changed = db.session.get(Event, event.id)
    assert changed.title == "Tur rundt Store Lungegårdsvann"
    assert changed.ends_local.strftime("%H:%M") == "19:30"
    assert changed.recurrence == "FREQ=WEEKLY"

    # the same form again, from before that save: the peer sees the event as it is now
    stale = browser.post(f"/events/{event.id}/edit?lang=en", data=fields | {"title": "Noe annet"})
    assert stale.status_code == 409
    text = stale.get_data(as_text=True)
    assert "Someone saved this event while you were changing it" in text
    assert 'value="Tur rundt Store Lungegårdsvann"' in text
    db.session.expire_all()
    assert db.session.get(Event, event.id).title == "Tur rundt Store Lungegårdsvann"

    # a bad time keeps what was typed and says what is wrong
    bad = browser.post(
        f"/events/{event.id}/edit?lang=en",
        data=fields | {"version": changed.updated_at.isoformat(), "end": "17:00"},
    )
    assert bad.status_code == 400
    assert "The event must end after it starts." in bad.get_data(as_text=True)


def test_a_steward_archives_an_event_after_asking_once(app, user_factory):
    peer = user_factory(role="peer")
    event = operations.add_event(peer, _walk(today() + timedelta(days=1)))
    db.session.commit()
    browser, token = session_client(app, peer)
    asked = browser.get(f"/events/{event.id}/archive?lang=en")
    assert asked.status_code == 200
    assert "Yes, archive it" in asked.get_data(as_text=True)
    assert browser.get(f"/events/{event.id}").status_code == 200
    done = browser.post(f"/events/{event.id}/archive", data={"csrf_token": token})
    assert done.status_code == 303
    assert browser.get(f"/events/{event.id}").status_code == 404
    client, _token = session_client(app, user_factory(role="client"))
    assert client.get(f"/events/{event.id}/edit").status_code == 403
