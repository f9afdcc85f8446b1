"""The audit log: every look at a client's data by someone else is one row, refused looks too,
and the client can see them on their account page and through the API."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models.audit import AuditEvent
from tests.integration.test_pages import Page, fetch
from tests.support.auth import session_client


def _table_rows(html: str) -> list[str]:
    """The text of each row in the body of the page's table."""
    body = html.split("<tbody>")[1].split("</tbody>")[0]
    return [Page(row).text.strip() for row in body.split("</tr>") if "<td" in row]


def _events() -> list[AuditEvent]:
    db.session.expire_all()
    return list(db.session.scalars(sa.select(AuditEvent).order_by(AuditEvent.id)))


@pytest.fixture
def world(clinic_factory, user_factory):
    """Two clinics, each with a client and a member of staff, and an admin."""
    north = clinic_factory(name="Nordlys klinikk")
    south = clinic_factory(name="Sørbyen klinikk")
    return {
        "client": user_factory(role="client", username="Morgenfugl", clinic=north),
        "staff": user_factory(role="clinic", username="Siri Sykepleier", clinic=north),
        "other_client": user_factory(role="client", clinic=south),
        "other_staff": user_factory(role="clinic", username="Per Portvakt", clinic=south),
        "admin": user_factory(role="admin", username="Ada Admin"),
    }


def test_staff_opening_their_own_clinics_client_writes_one_row(app, world):
    staff, client = world["staff"], world["client"]
    browser, _token = session_client(app, staff)
    assert browser.get(f"/clinic/clients/{client.id}").status_code == 200
    (event,) = _events()
    assert (event.actor_id, event.actor_username, event.actor_role) == (
        staff.id,
        "Siri Sykepleier",
        "clinic",
    )
    assert event.actor_clinic_id == staff.clinic_id
    assert event.subject_id == client.id
    assert event.action == "clinic.client.view"
    assert event.allowed is True
    assert event.at is not None


def test_staff_of_another_clinic_get_404_and_a_refused_row(app, world):
    other_staff, client = world["other_staff"], world["client"]
    browser, _token = session_client(app, other_staff)
    assert browser.get(f"/clinic/clients/{client.id}").status_code == 404
    (event,) = _events()
    assert (event.actor_id, event.actor_role) == (other_staff.id, "clinic")
    assert event.actor_clinic_id == other_staff.clinic_id
    assert event.subject_id == client.id
    assert event.allowed is False


def test_another_clinics_client_looks_exactly_like_no_client_at_all(app, world):
    browser, _token = session_client(app, world["other_staff"])
    theirs_path, missing_path = (
        f"/clinic/clients/{world['client'].id}",
        "/clinic/clients/2147483000",
    )
    theirs, missing = browser.get(theirs_path), browser.get(missing_path)
    assert theirs.status_code == missing.status_code == 404
    # the same page, but for its own address in the language links
    same = missing.get_data(as_text=True).replace(missing_path, theirs_path)
    assert theirs.get_data(as_text=True) == same
    assert [event.allowed for event in _events()] == [False]  # nobody to audit for the missing one


def test_an_admin_opening_an_account_writes_a_row(app, world):
    admin, client = world["admin"], world["client"]
    browser, _token = session_client(app, admin)
    assert browser.get(f"/admin/users/{client.id}").status_code == 200
    (event,) = _events()
    assert (event.actor_id, event.actor_role, event.actor_clinic_id) == (admin.id, "admin", None)
    assert event.subject_id == client.id
    assert event.allowed is True


def test_looking_at_ones_own_data_writes_nothing(app, world):
    client_browser, _token = session_client(app, world["client"])
    for path in ("/account", "/account/access-log", "/api/v1/me/access-log", "/api/v1/session"):
        assert client_browser.get(path).status_code == 200, path
    admin = world["admin"]
    admin_browser, _token = session_client(app, admin)
    assert admin_browser.get(f"/admin/users/{admin.id}").status_code == 200
    assert _events() == []


def test_the_client_sees_who_looked_and_who_was_refused(app, world):
    client = world["client"]
    session_client(app, world["staff"])[0].get(f"/clinic/clients/{client.id}")
    session_client(app, world["other_staff"])[0].get(f"/clinic/clients/{client.id}")
    session_client(app, world["admin"])[0].get(f"/admin/users/{client.id}")
    browser, _token = session_client(app, client)

    rows = _table_rows(fetch(browser, "/account/access-log?lang=en").get_data(as_text=True))
    assert len(rows) == 3, rows
    admin_row, refused_row, staff_row = rows  # newest first
    assert "Ada Admin" in admin_row and "refused" not in admin_row
    assert "Per Portvakt" in refused_row and "Sørbyen klinikk" in refused_row
    assert "refused" in refused_row
    assert "Siri Sykepleier" in staff_row and "Nordlys klinikk" in staff_row
    assert "refused" not in staff_row

    log = browser.get("/api/v1/me/access-log").get_json()["access_log"]
    assert [(e["actor"], e["role"], e["clinic"], e["allowed"]) for e in log] == [
        ("Ada Admin", "admin", None, True),
        ("Per Portvakt", "clinic", "Sørbyen klinikk", False),
        ("Siri Sykepleier", "clinic", "Nordlys klinikk", True),
    ]
    assert all(entry["at"] and entry["action"] for entry in log)


def test_a_client_sees_only_their_own_access_log(app, world):
    session_client(app, world["staff"])[0].get(f"/clinic/clients/{world['client'].id}")
    browser, _token = session_client(app, world["other_client"])
    assert browser.get("/api/v1/me/access-log").get_json() == {"access_log": []}
    assert "Siri Sykepleier" not in fetch(browser, "/account/access-log").get_data(as_text=True)
