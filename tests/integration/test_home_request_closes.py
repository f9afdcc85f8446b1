"""What tells an open home that its request has closed: the status JSON's ``is_open`` turns
false, and only the home with an open request asks to be loaded again then (the card and the
button swap places on the next load)."""

from __future__ import annotations

import pytest

from tests.integration.test_home import move, tap
from tests.support.auth import session_client

RELOAD_MARK = "data-reload-when-closed"


@pytest.fixture
def clinic(clinic_factory):
    return clinic_factory(name="Klinikk Nord")


@pytest.mark.parametrize(
    ("steps", "note"), [(("declined",), "Ingen plass"), (("withdrawn",), None)]
)
def test_the_status_answer_says_closed_and_the_home_shows_the_button_again(
    app, user_factory, clinic, steps, note
):
    client = user_factory(role="client", clinic=clinic)
    phone = session_client(app, client)[0]
    staff = user_factory(role="clinic", clinic=clinic)
    request_id = tap(phone)
    status_url = f"/readmission/{request_id}/status?level=2"
    assert phone.get(status_url).get_json()["is_open"] is True
    home = phone.get("/?lang=en").get_data(as_text=True)
    assert RELOAD_MARK in home and "I need to come back" not in home

    for status in steps:
        move(client if status == "withdrawn" else staff, request_id, status, note)

    answer = phone.get(status_url).get_json()
    assert answer["is_open"] is False and answer["status"] == steps[-1]
    home = phone.get("/?lang=en").get_data(as_text=True)
    assert "I need to come back" in home and RELOAD_MARK not in home
