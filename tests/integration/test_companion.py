"""Come with me: a client asks for company, the first peer to accept gets it, either cancels,
a reminder two hours before, how it went; home addresses, past times and outside limits refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import AuditEvent, OutboxMessage
from peerapp.models.companion import CompanionRequest
from peerapp.services.companion import offering, reminders, requests, rules
from peerapp.services.errors import NotAllowed, NotFound, ValidationError
from peerapp.services.people import mydata
from peerapp.services.stewardship import limits
from tests.support.auth import session_client


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


# Monday 4 January 2027, noon in Oslo; the meeting is on Tuesdays at 20:00 (19:00 UTC)
NOW = utc(2027, 1, 4, 11)
TUESDAY = utc(2027, 1, 5, 19)


@pytest.fixture
def world(user_factory, meeting_factory):
    """A client, two peers in Bergen and one limited to Oslo, and a Tuesday NA meeting in Bergen."""
    client = user_factory(role="client", email="klient@example.org")
    first = user_factory(role="peer", email="first@example.org")
    second = user_factory(role="peer")
    oslo = user_factory(role="peer")
    limits.set_limits(None, oslo, ["Oslo"], [])
    db.session.commit()
    meeting = meeting_factory(town="bergen", fellowship="na", day=2, start="20:00")
    return client, first, second, oslo, meeting


def _ask(client, meeting, key="k1", **extra):
    body = {
        "meeting_id": meeting.id,
        "starts_at": TUESDAY.isoformat(),
        "meeting_point": "At the door",
    }
    return requests.ask(client, key, body | extra, now=NOW)


def test_the_occurrences_are_the_next_four_starts_in_utc(world):
    *_, meeting = world
    starts = rules.occurrences(meeting, NOW)
    assert starts == [TUESDAY + timedelta(days=7 * n) for n in range(4)]


@pytest.mark.parametrize(
    "point",
    [
        "Storgata 12",
        "Kongens gate 5 B",
        "Nygårdsgaten 3",
        "Hjemme hos meg",
        "leiligheten min",
        "min adresse",
        "5003 Bergen",
        "Main Street 4",
        "H0203",
    ],
)
def test_a_meeting_point_like_a_home_address_is_refused(world, point):
    client, *_, meeting = world
    with pytest.raises(ValidationError) as refused:
        _ask(client, meeting, meeting_point=point)
    assert "meeting_point" in refused.value.errors
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompanionRequest)) == 0


@pytest.mark.parametrize("point", ["At the door", "By the bus stop at Festplassen", "Café Opera"])
def test_a_door_or_a_named_spot_is_fine(world, point):
    client, *_, meeting = world
    assert _ask(client, meeting, meeting_point=point).request.meeting_point == point


def test_a_time_in_the_past_or_not_an_occurrence_is_refused(world):
    client, *_, meeting = world
    with pytest.raises(ValidationError) as past:
        _ask(client, meeting, starts_at=(NOW - timedelta(hours=1)).isoformat())
    assert "starts_at" in past.value.errors
    with pytest.raises(ValidationError) as other:
        _ask(client, meeting, starts_at=(TUESDAY + timedelta(hours=1)).isoformat())
    assert "starts_at" in other.value.errors
    with pytest.raises(ValidationError):
        _ask(client, meeting, starts_at="next tuesday")


def test_peers_in_the_region_are_told_and_the_first_to_accept_gets_it(world):
    client, first, second, oslo, meeting = world
    asked = _ask(client, meeting, note="Jeg er nervøs")
    assert asked.created and asked.request.status == "open"
    told = db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.kind == "companion_new")
    ).all()
    # e-mail to the one peer with an address; none to the peer limited to Oslo
    assert {(m.channel, m.email) for m in told} == {("email", "first@example.org")}
    assert told[0].payload["path"] == f"/company/{asked.request.id}"
    assert "nervøs" not in str(told[0].payload)
    # the note is sealed
    assert b"nerv" not in asked.request.note

    assert [r.id for r in requests.listed_for(first, now=NOW)] == [asked.request.id]
    assert requests.listed_for(oslo, now=NOW) == []
    with pytest.raises(NotAllowed):
        requests.accept(oslo, asked.request.id, now=NOW)

    accepted = requests.accept(first, asked.request.id, now=NOW)
    assert accepted.status == "accepted" and accepted.peer_id == first.id
    with pytest.raises(requests.Taken):
        requests.accept(second, asked.request.id, now=NOW)
    with pytest.raises(requests.Taken):  # the push link, opened late
        requests.visible(second, asked.request.id, now=NOW)
    assert requests.listed_for(second, now=NOW) == []
    assert requests.other_side(client, accepted) == first.username
    assert requests.other_side(first, accepted) == client.username
    assert requests.note_of(first, accepted) == "Jeg er nervøs"
    assert requests.note_of(second, accepted) is None
    actions = db.session.scalars(
        sa.select(AuditEvent.action).where(AuditEvent.object_type == "companion_request")
    ).all()
    assert {"companion.view", "companion.accept"} <= set(actions)


def test_the_same_key_answers_with_the_same_request_and_a_second_is_refused(world):
    client, *_, meeting = world
    first = _ask(client, meeting)
    again = _ask(client, meeting)
    assert again.request.id == first.request.id and not again.created
    with pytest.raises(requests.KeyReused):
        _ask(client, meeting, meeting_point="Café Opera")
    with pytest.raises(requests.AlreadyAsked):
        _ask(client, meeting, key="k2")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompanionRequest)) == 1


def test_either_side_cancels_with_a_reason_and_the_client_can_ask_again(world):
    client, first, _second, _oslo, meeting = world
    asked = _ask(client, meeting)
    requests.accept(first, asked.request.id, now=NOW)
    with pytest.raises(ValidationError):
        requests.cancel(first, asked.request.id, "  ", now=NOW)
    cancelled = requests.cancel(first, asked.request.id, "Jeg ble syk", now=NOW)
    assert cancelled.status == "cancelled" and cancelled.cancelled_by == "peer"
    assert requests.reason_of(client, cancelled) == "Jeg ble syk"
    assert (
        db.session.scalar(
            sa.select(OutboxMessage.email).where(OutboxMessage.kind == "companion_cancelled")
        )
        == "klient@example.org"
    )
    again = _ask(client, meeting, key="k2")
    assert again.created and again.request.status == "open"


def test_another_clients_request_is_not_found(world, user_factory):
    client, *_, meeting = world
    other = user_factory(role="client")
    asked = _ask(client, meeting)
    with pytest.raises(NotFound):
        requests.visible(other, asked.request.id, now=NOW)
    with pytest.raises(NotFound):
        requests.cancel(other, asked.request.id, "x", now=NOW)


def test_a_paused_peer_is_not_told_and_sees_no_open_requests(world):
    client, first, second, _oslo, meeting = world
    offering.set_paused(first, True)
    asked = _ask(client, meeting)
    assert requests.listed_for(first, now=NOW) == []
    assert [r.id for r in requests.listed_for(second, now=NOW)] == [asked.request.id]
    assert not db.session.scalars(
        sa.select(OutboxMessage).where(OutboxMessage.email == "first@example.org")
    ).all()
    offering.set_paused(first, False)
    assert not offering.is_paused(first)


def test_a_request_expires_at_the_start_on_read_and_in_the_round(world):
    client, first, *_, meeting = world
    asked = _ask(client, meeting)
    assert requests.status_of(asked.request, TUESDAY) == "expired"
    with pytest.raises(requests.Taken):
        requests.accept(first, asked.request.id, now=TUESDAY)
    reminders.expire_past(TUESDAY)
    db.session.refresh(asked.request)
    assert asked.request.status == "expired"


def test_both_are_reminded_two_hours_before_and_the_client_says_how_it_went(world):
    client, first, *_, meeting = world
    asked = _ask(client, meeting)
    requests.accept(first, asked.request.id, now=NOW)
    assert reminders.send_due_companion_reminders(TUESDAY - timedelta(hours=2, minutes=1)) == 0
    assert reminders.send_due_companion_reminders(TUESDAY - timedelta(hours=2)) == 1
    assert reminders.send_due_companion_reminders(TUESDAY - timedelta(hours=1)) == 0
    sent = db.session.scalars(
        sa.select(OutboxMessage.email).where(OutboxMessage.kind == "companion_soon")
    ).all()
    assert sorted(sent) == []  # a reminder is pushed only; neither has a push subscription
    assert db.session.get(CompanionRequest, asked.request.id).reminded_at is not None
    with pytest.raises(requests.Finished):
        requests.say_how_it_went(client, asked.request.id, "good", now=NOW)
    with pytest.raises(ValidationError):
        requests.say_how_it_went(client, asked.request.id, "fantastic", now=TUESDAY)
    told = requests.say_how_it_went(client, asked.request.id, "good", now=TUESDAY)
    assert told.outcome == "good"


def test_the_note_is_in_the_export_and_goes_with_the_account(world):
    client, *_, meeting = world
    _ask(client, meeting, note="Hold av en plass til meg")
    exported = mydata.export(client)
    assert exported["companion_requests"][0]["note"] == "Hold av en plass til meg"
    mydata.erase(client)
    assert db.session.scalar(sa.select(sa.func.count()).select_from(CompanionRequest)) == 0


def test_the_api_follows_the_contract(app, world):
    client, first, second, oslo, meeting = world
    starts = rules.occurrences(meeting, datetime.now(UTC))[0]
    http, token = session_client(app, client)
    headers = {"X-CSRFToken": token, "Idempotency-Key": "abc-1"}
    body = {"meeting_id": meeting.id, "starts_at": starts.isoformat(), "meeting_point": "Ved døra"}

    home = http.post(
        "/api/v1/companion-requests", json=body | {"meeting_point": "Storgata 3"}, headers=headers
    )
    assert home.status_code == 400 and home.mimetype == "application/problem+json"
    assert "meeting_point" in home.get_json()["errors"]
    past = http.post(
        "/api/v1/companion-requests",
        json=body | {"starts_at": "2020-01-01T19:00:00+01:00"},
        headers=headers,
    )
    assert past.status_code == 400 and "starts_at" in past.get_json()["errors"]

    made = http.post("/api/v1/companion-requests", json=body, headers=headers)
    assert made.status_code == 201, made.get_json()
    item = made.get_json()
    assert item["status"] == "open" and item["meeting_point"] == "Ved døra"
    assert item["other_display_name"] is None
    replay = http.post("/api/v1/companion-requests", json=body, headers=headers)
    assert replay.status_code == 201 and replay.get_json()["id"] == item["id"]
    second_ask = http.post(
        "/api/v1/companion-requests", json=body, headers=headers | {"Idempotency-Key": "abc-2"}
    )
    assert second_ask.status_code == 409
    assert second_ask.mimetype == "application/problem+json"

    peer_http, peer_token = session_client(app, first)
    listed = peer_http.get("/api/v1/companion-requests").get_json()["companion_requests"]
    assert [r["id"] for r in listed] == [item["id"]]
    oslo_http, oslo_token = session_client(app, oslo)
    outside = oslo_http.post(
        f"/api/v1/companion-requests/{item['id']}/accept", headers={"X-CSRFToken": oslo_token}
    )
    assert outside.status_code == 403 and outside.mimetype == "application/problem+json"
    yes = peer_http.post(
        f"/api/v1/companion-requests/{item['id']}/accept", headers={"X-CSRFToken": peer_token}
    )
    assert yes.status_code == 200 and yes.get_json()["status"] == "accepted"
    assert yes.get_json()["other_display_name"] == client.username
    second_http, second_token = session_client(app, second)
    late = second_http.post(
        f"/api/v1/companion-requests/{item['id']}/accept", headers={"X-CSRFToken": second_token}
    )
    assert late.status_code == 409 and late.mimetype == "application/problem+json"

    mine = http.get("/api/v1/companion-requests").get_json()["companion_requests"]
    assert mine[0]["other_display_name"] == first.username
    assert mine[0]["meeting_point"] == "Ved døra"

    other_client, _token = session_client(app, _other_client(app))
    assert other_client.get(f"/api/v1/companion-requests/{item['id']}").status_code == 404

    no_reason = http.post(
        f"/api/v1/companion-requests/{item['id']}/cancel", json={}, headers={"X-CSRFToken": token}
    )
    assert no_reason.status_code == 400
    cancelled = http.post(
        f"/api/v1/companion-requests/{item['id']}/cancel",
        json={"reason": "Jeg går med en venn"},
        headers={"X-CSRFToken": token},
    )
    assert cancelled.status_code == 200 and cancelled.get_json()["status"] == "cancelled"
    early = http.post(
        f"/api/v1/companion-requests/{item['id']}/outcome",
        json={"outcome": "good"},
        headers={"X-CSRFToken": token},
    )
    assert early.status_code == 409

    spec = app.test_client().get("/api/openapi.json").get_json()
    for path in (
        "/api/v1/companion-requests",
        "/api/v1/companion-requests/{request_id}/accept",
        "/api/v1/companion-requests/{request_id}/cancel",
        "/api/v1/companion-requests/{request_id}/outcome",
    ):
        assert path in spec["paths"], path


def _other_client(app):
    from tests.factories import make_user

    user = make_user(role="client")
    db.session.commit()
    return user


def test_the_pages_ask_accept_and_tell_how_it_went(app, world):
    client, first, _second, _oslo, meeting = world
    http, token = session_client(app, client)
    page = http.get(f"/meetings/{meeting.id}")
    assert f"/meetings/{meeting.id}/company" in page.get_data(as_text=True)
    form = http.get(f"/meetings/{meeting.id}/company")
    assert form.status_code == 200
    starts = rules.occurrences(meeting, datetime.now(UTC))[1]
    data = {"csrf_token": token, "key": "form-1", "starts_at": starts.isoformat()}
    home = http.post(
        f"/meetings/{meeting.id}/company",
        data=data | {"where": "spot", "meeting_point": "Hjemme hos meg"},
    )
    assert home.status_code == 400 and 'id="meeting_point-error"' in home.get_data(as_text=True)
    made = http.post(f"/meetings/{meeting.id}/company", data=data | {"where": "door"})
    assert made.status_code == 303
    path = made.headers["Location"]
    assert "Ved døra" in http.get(path).get_data(as_text=True) or "At the door" in http.get(
        path
    ).get_data(as_text=True)

    peer_http, peer_token = session_client(app, first)
    dashboard = peer_http.get("/peer").get_data(as_text=True)
    assert path in dashboard
    seen = peer_http.get(path)
    assert seen.status_code == 200 and "accept-company" in seen.get_data(as_text=True)
    yes = peer_http.post(f"{path}/accept", data={"csrf_token": peer_token})
    assert yes.status_code == 303
    shown = peer_http.get(path).get_data(as_text=True)
    assert client.username in shown
    assert first.username in http.get(path).get_data(as_text=True)

    paused = peer_http.post("/company/offer", data={"csrf_token": peer_token, "paused": "1"})
    assert paused.status_code == 303 and offering.is_paused(first)


def test_at_the_door_reads_in_the_readers_language(app):
    from peerapp.words import force_locale

    with app.test_request_context("/"), force_locale("en"):
        assert rules.shown_meeting_point("Ved døra") == "At the door"
        assert rules.shown_meeting_point("Kiosken ved Festplassen") == "Kiosken ved Festplassen"
