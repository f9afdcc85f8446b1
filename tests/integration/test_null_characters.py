"""Text with a NUL character (no one types it; PostgreSQL cannot store it) is refused with a 400
naming the field, on forms and JSON alike, and nothing is saved; searches simply drop it."""

from __future__ import annotations

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.places import Place
from tests.support.auth import form_token, session_client


def test_json_with_a_null_character_is_a_400_naming_the_field(app, user_factory):
    peer = user_factory(role="peer")
    phone, token = session_client(app, peer)
    body = {
        "name": "Kafé\x00Lys",
        "kind": "cafe",
        "location": {"city": "Bodø", "latitude": 67.28, "longitude": 14.4},
    }
    answer = phone.post("/api/v1/places", json=body, headers={"X-CSRFToken": token})
    assert answer.status_code == 400
    assert answer.mimetype == "application/problem+json"
    assert list(answer.get_json()["errors"]) == ["name"]
    nested = {**body, "name": "Kafé Lys", "location": {**body["location"], "city": "Bo\x00dø"}}
    answer = phone.post("/api/v1/places", json=nested, headers={"X-CSRFToken": token})
    assert list(answer.get_json()["errors"]) == ["location.city"]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Place)) == 0


def test_a_form_with_a_null_character_is_a_400_page_in_the_persons_language(app, user_factory):
    peer = user_factory(role="peer")
    phone, _token = session_client(app, peer)
    token = form_token(phone, "/places/new?lang=en")
    answer = phone.post(
        "/places/new?lang=en",
        data={"csrf_token": token, "name": "Kafé\x00Lys", "kind": "cafe", "city": "Bodø"},
    )
    assert answer.status_code == 400
    page = answer.get_data(as_text=True)
    assert "invisible control character" in page and "Traceback" not in page
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Place)) == 0


def test_a_search_drops_the_null_character_and_answers(app, user_factory, place_factory):
    place_factory(name="Kafé Ørsta")
    peer = user_factory(role="peer")
    phone, _token = session_client(app, peer)
    for text in ("ør\x00sta", "ØRSTA", "orsta"):
        page = phone.get("/places/look-after", query_string={"q": text, "lang": "en"})
        assert page.status_code == 200, text
        assert "Kafé Ørsta" in page.get_data(as_text=True), text
    assert phone.get("/api/v1/meetings", query_string={"q": "a\x00b"}).status_code == 200
