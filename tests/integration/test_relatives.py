"""A path for relatives: the role's rules (a relative asks a peer, nothing of a client's), the
peers who talk with relatives in the list and the API, and the page that gathers it all."""

from __future__ import annotations

import re

import pytest

from peerapp.services.peers import profiles
from tests.integration.openapi_validation import validate_response
from tests.support.auth import form_token, session_client


@pytest.fixture
def peers(user_factory):
    """Two peers shown: one talks with relatives, one does not."""
    talks = user_factory(role="peer")
    others = user_factory(role="peer")
    with_relatives = profiles.save_profile(
        talks,
        profiles.ProfileSpec("Ragnhild", visible=True, talks_with_relatives=True),
    )
    without = profiles.save_profile(others, profiles.ProfileSpec("Torstein", visible=True))
    return with_relatives, without


@pytest.fixture
def relative_phone(app, user_factory):
    user = user_factory(role="relative")
    browser, token = session_client(app, user)
    return browser, token, user


def test_the_api_keeps_peers_who_talk_with_relatives_when_asked(client, peers):
    spec = client.get("/api/openapi.json").get_json()

    everyone = client.get("/api/v1/peers").get_json()["peers"]
    relatives = client.get("/api/v1/peers?relatives=true")

    validate_response(spec, "/api/v1/peers", "get", 200, relatives.get_json())
    assert {p["display_name"]: p["talks_with_relatives"] for p in everyone} == {
        "Ragnhild": True,
        "Torstein": False,
    }
    assert [p["display_name"] for p in relatives.get_json()["peers"]] == ["Ragnhild"]
    assert len(client.get("/api/v1/peers?relatives=false").get_json()["peers"]) == 2
    refused = client.get("/api/v1/peers?relatives=maybe&lang=en")
    assert refused.status_code == 400
    assert refused.headers["Content-Type"].startswith("application/problem+json")
    assert refused.get_json()["errors"] == {"relatives": "Use true or false."}


def test_the_peer_list_filters_and_the_card_says_it(client, peers):
    with_relatives, _ = peers
    page = client.get("/peers?relatives=1").get_data(as_text=True)
    assert "Ragnhild" in page and "Torstein" not in page
    card = client.get(f"/peers/{with_relatives.id}?lang=en").get_data(as_text=True)
    assert "Talks with relatives" in card


def test_a_peer_ticks_and_unticks_talking_with_relatives_on_their_page(app, user_factory):
    peer = user_factory(role="peer")
    browser, token = session_client(app, peer)
    form = {"csrf_token": token, "display_name": "Ola", "languages": "nb", "visible": "1"}

    browser.post("/peer", data={**form, "talks_with_relatives": "1"})
    assert profiles.profile_of(peer).talks_with_relatives is True
    assert 'id="talks_with_relatives" name="talks_with_relatives" value="1" checked' in (
        browser.get("/peer").get_data(as_text=True)
    )
    browser.post("/peer", data=form)
    assert profiles.profile_of(peer).talks_with_relatives is False


def test_a_relative_registers_on_the_page_and_lands_on_the_relatives_page(client):
    token = form_token(client, "/register?role=relative")
    form = client.get("/register?role=relative").get_data(as_text=True)
    assert re.search(r'<input checked[^>]*value="relative"', form)
    answer = client.post(
        "/register",
        data={
            "csrf_token": token,
            "role": "relative",
            "username": "bekymret-mor",
            "password": "fire ord etter hverandre",
            "password_again": "fire ord etter hverandre",
        },
    )
    assert answer.status_code == 200
    assert 'href="/relatives"' in answer.get_data(as_text=True)
    me = client.get("/api/v1/session").get_json()["user"]
    assert me["role"] == "relative"
    assert client.get("/checkin/plan").status_code == 403
    assert client.get("/plan").status_code == 403


def test_the_register_form_refuses_a_made_up_role_and_registers_a_client_without_one(app):
    def send(role: str | None, username: str):
        browser = app.test_client()
        data = {
            "csrf_token": form_token(browser, "/register"),
            "username": username,
            "password": "fire ord etter hverandre",
            "password_again": "fire ord etter hverandre",
        }
        if role is not None:
            data["role"] = role
        return browser, browser.post("/register", data=data)

    _, refused = send("admin", "vil-bli-admin")
    assert refused.status_code == 400
    said = re.findall(r'id="role-error">(.*?)</p>', refused.get_data(as_text=True))
    assert said and "Ikke et gyldig valg" in said[0]  # named at the choice, in Norwegian
    browser, made = send(None, "gammel-side")
    assert made.status_code == 200
    assert browser.get("/api/v1/session").get_json()["user"]["role"] == "client"


def test_a_relative_registers_over_the_api_and_a_made_up_role_is_refused(client):
    spec = client.get("/api/openapi.json").get_json()
    body = {"username": "en-bror", "password": "fire ord etter hverandre", "role": "relative"}

    answer = client.post("/api/v1/accounts", json=body)

    assert answer.status_code == 201
    validate_response(spec, "/api/v1/accounts", "post", 201, answer.get_json())
    assert answer.get_json()["user"]["role"] == "relative"
    other = client.application.test_client()
    refused = other.post("/api/v1/accounts", json={**body, "username": "x-admin", "role": "admin"})
    assert refused.status_code == 400


def test_a_relative_asks_a_peer_and_the_peer_sees_it_came_from_a_relative(
    app, relative_phone, peers
):
    browser, token, _ = relative_phone
    with_relatives, _ = peers

    answer = browser.post(
        "/api/v1/contact-requests",
        json={"peer_id": with_relatives.id, "channel": "in_app", "message": "Min sønn ruser seg"},
        headers={"X-CSRFToken": token},
    )

    assert answer.status_code == 201
    thread = browser.get(f"/contact-requests/{answer.get_json()['id']}")
    assert thread.status_code == 200
    peer_browser, _ = session_client(app, with_relatives.user)
    dashboard = peer_browser.get("/peer?lang=en").get_data(as_text=True)
    assert "from a relative" in dashboard
    assert "Min sønn ruser seg" in peer_browser.get(
        f"/contact-requests/{answer.get_json()['id']}"
    ).get_data(as_text=True)


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/checkin/plan"),
        ("GET", "/plan"),
        ("GET", "/readmission"),
        ("GET", "/enrol"),
        ("GET", "/company"),
        ("GET", "/plan/sharing"),
        ("GET", "/api/v1/me/plan"),
        ("GET", "/api/v1/checkins"),
        ("GET", "/api/v1/me/come-back-keys"),
    ],
)
def test_a_relative_has_nothing_of_a_clients(relative_phone, method, path):
    browser, token, _ = relative_phone
    answer = browser.open(path, method=method, headers={"X-CSRFToken": token})
    assert answer.status_code == 403


def test_the_relatives_page_gathers_meetings_services_helplines_and_peers(
    client, peers, meeting_factory
):
    meeting_factory(name="Al-Anon Fjellbyen familiegruppe", fellowship="al-anon")
    meeting_factory(name="AA Fjellbyen", fellowship="aa")

    page = client.get("/relatives?lang=en").get_data(as_text=True)

    assert "For relatives" in page
    assert "Ragnhild" in page and "Torstein" not in page
    assert "Al-Anon Fjellbyen familiegruppe" in page and "AA Fjellbyen" not in page
    assert 'href="tel:116123"' in page
    assert "/register?role=relative" in page
    assert "/relatives" in client.get("/?lang=en").get_data(as_text=True)


def test_a_relative_saves_meetings_on_the_phone_but_has_no_plan_to_save_them_in(
    relative_phone, meeting_factory
):
    browser, _, _ = relative_phone
    meeting = meeting_factory(name="Nar-Anon Fjellbyen", fellowship="nar-anon")

    page = browser.get(f"/meetings/{meeting.id}").get_data(as_text=True)

    assert 'id="save-meeting"' in page
    assert "plan-save" not in page
