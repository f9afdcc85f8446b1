"""My data: the export holds everything, and erasing leaves nothing of a note anywhere in the
database files, while the clinic keeps its request record detached from the account."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import CheckIn, ReadmissionRequest, User
from peerapp.services.checkins import consent, daily
from peerapp.services.readmission import requests
from tests.support.auth import form_token, session_client


@pytest.fixture
def person(app, user_factory, clinic_factory):
    """A client with consent, a check-in with a canary note and a request to their clinic."""
    user = user_factory(role="client", clinic=clinic_factory())
    consent.give_consent(user)
    canary = "KANARI-" + uuid.uuid4().hex
    daily.save(user, daily.Entry(day=daily.today(), mood=3, note=canary))
    requests.submit(user, "before-erasure")
    browser, token = session_client(app, user)
    return browser, token, user, canary


def _database_files(app) -> list[Path]:
    path = Path(db.engine.url.database or "")
    return [p for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")) if p.exists()]


def test_the_export_has_everything_in_clear(person):
    browser, _, user, canary = person
    data = browser.get("/api/v1/me/export").get_json()
    assert data["account"]["username"] == user.username
    assert data["checkins"][0]["note"] == canary
    assert data["consents"][0]["scope"] == "checkins"
    assert data["readmission_requests"][0]["status"] == "sent"

    page = browser.get("/account/data?lang=en").get_data(as_text=True)
    assert canary in page and "Download all of it (JSON)" in page
    download = browser.get("/account/data.json")
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert canary in download.get_data(as_text=True)


def test_erasing_leaves_no_trace_of_the_note_and_keeps_the_clinic_record(app, person):
    browser, token, user, canary = person
    user_id = user.id
    stored_note = bytes(db.session.scalars(sa.select(CheckIn.note)).one())
    db.session.commit()
    sqlite = db.engine.dialect.name == "sqlite"
    if sqlite:
        before = b"".join(path.read_bytes() for path in _database_files(app))
        assert canary.encode() not in before  # never stored in clear
        assert stored_note in before  # the search can find what is there

    answer = browser.delete("/api/v1/me", headers={"X-CSRFToken": token})

    assert answer.status_code == 204
    assert "storage" in answer.headers["Clear-Site-Data"]
    assert browser.get("/api/v1/session").status_code == 401
    db.session.expire_all()
    assert db.session.get(User, user_id) is None
    assert db.session.scalars(sa.select(CheckIn).where(CheckIn.user_id == user_id)).all() == []
    (kept,) = db.session.scalars(sa.select(ReadmissionRequest)).all()
    assert kept.client_id is None and kept.open_client_id is None
    if sqlite:
        db.session.commit()
        after = b"".join(path.read_bytes() for path in _database_files(app))
        assert stored_note not in after
        assert canary.encode() not in after


def test_the_page_asks_for_the_password_before_deleting(app, person):
    browser, _, user, _ = person
    token = form_token(browser, "/account/delete")
    wrong = browser.post("/account/delete", data={"password": "feil passord", "csrf_token": token})
    assert wrong.status_code == 400
    assert db.session.get(User, user.id) is not None

    from tests.factories import PASSWORD

    right = browser.post("/account/delete", data={"password": PASSWORD, "csrf_token": token})
    assert right.status_code == 303
    assert "storage" in right.headers["Clear-Site-Data"]
    db.session.expire_all()
    assert db.session.get(User, user.id) is None


def test_staff_cannot_erase_themselves_here(app, user_factory):
    staff = user_factory(role="clinic")
    browser, token = session_client(app, staff)
    assert browser.delete("/api/v1/me", headers={"X-CSRFToken": token}).status_code == 403
    assert db.session.get(User, staff.id) is not None
