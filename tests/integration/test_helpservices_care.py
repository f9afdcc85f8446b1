"""Municipal staff, peer workers and admins add and correct help services on HTML pages, from the
phone: what it is, how to get in, phones, languages, where, the week and its dates. Bad input is a
400 with each message at its field in the page's language, what was typed kept, nothing saved;
two stewards editing at once get the 409 the places' form has."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import AuditEvent, HelpService
from peerapp.models.helpservices import HelpServiceException, HelpServiceHours, HelpServicePhone
from peerapp.services import openhours as oh
from tests.integration.test_pages import Page, get_page
from tests.support.auth import session_client
from tests.support.helpservices import make_service

TODAY = oh.local_today(utcnow())
CLOSED_ON = TODAY + timedelta(days=10)
NEW_SERVICE = {
    "name": "Lavterskel Molde",
    "category": "low_threshold_day_centre",
    "organisation": "Molde kommune",
    "description": "Dagsenter med mat og dusj.",
    "phone0-number": "+47 71 11 10 00",
    "phone0-description": "Resepsjon",
    "phone1-number": "",
    "phone1-description": "",
    "access": "drop_in",
    "cost": "free",
    "languages": ["nb", "en"],
    "eligibility": "Voksne over 18.",
    "cost_note": "",
    "accessibility": "Trinnfri inngang.",
    "url": "https://molde.example.org",
    "email": "",
    "venue": "Sentrum",
    "address": "Storgata 1",
    "postal_code": "6413",
    "city": "Molde",
    "municipality": "",
    "region": "Møre og Romsdal",
    "latitude": "62.7375",
    "longitude": "7.1591",
    "h1-0-opens": "09:00",
    "h1-0-closes": "15:00",
    "h5-0-opens": "20",
    "h5-0-closes": "02.00",
    "x0-date": CLOSED_ON.isoformat(),
}


@pytest.fixture(params=["municipal", "peer"])
def steward(request, app, user_factory):
    """A steward's browser, signed in: (test client, CSRF token, user)."""
    user = user_factory(role=request.param)
    browser, token = session_client(app, user)
    return browser, token, user


def post(who, path: str, data: dict):
    browser, token, _user = who
    with browser.application.app_context():
        return browser.post(path, data={**data, "csrf_token": token})


def post_page(who, path: str, data: dict, status: int) -> Page:
    answer = post(who, path, data)
    assert answer.status_code == status, answer.get_data(as_text=True)[:2000]
    return Page(answer.get_data(as_text=True))


def counts() -> tuple[int, ...]:
    db.session.commit()  # end this session's snapshot: the pages wrote in sessions of their own
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
        for model in (HelpService, HelpServiceHours, HelpServiceException, HelpServicePhone)
    ) + (
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.action.like("help_service.%"))
        )
        or 0,
    )


def audit_rows(action: str) -> list[AuditEvent]:
    db.session.commit()
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def stored(service_id: int) -> HelpService:
    db.session.commit()
    service = db.session.get(HelpService, service_id)
    assert service is not None
    return service


def form_sent(page: Page, **changes) -> dict:
    """What a browser sends from the page as it stands (inputs, ticked boxes), with ``changes``;
    selects and text areas are named in ``changes``."""
    sent: dict = {"languages": []}
    for tag in page.find("input"):
        if "name" not in tag or tag.get("type") == "submit":
            continue
        if tag.get("type") in ("checkbox", "radio"):
            if "checked" not in tag:
                continue
            if tag["name"] == "languages":
                sent["languages"].append(tag["value"])
                continue
        sent[tag["name"]] = tag.get("value", "")
    sent.pop("csrf_token", None)
    return {**sent, **changes}


def test_a_steward_adds_a_service_and_finds_it_in_the_finder(steward, client):
    page = get_page(steward[0], "/services/new?lang=en")
    assert "New help service" in page.text and "Kind of help" in page.text

    answer = post(steward, "/services/new", NEW_SERVICE)

    assert answer.status_code == 303
    db.session.commit()
    named = sa.select(HelpService).where(HelpService.name == "Lavterskel Molde")
    (service,) = db.session.scalars(named)
    assert answer.headers["Location"].endswith(f"/services/{service.id}")
    assert service.category == "low_threshold_day_centre" and service.access == "drop_in"
    assert service.languages == ["nb", "en"] and service.organisation.name == "Molde kommune"
    assert [p.number for p in service.phones] == ["+47 71 11 10 00"]
    assert len(service.hours) == 2 and [e.on_date for e in service.exceptions] == [CLOSED_ON]
    (created,) = audit_rows("help_service.create")
    assert created.actor_id == steward[2].id and created.object_id == str(service.id)
    found = get_page(client, "/services?q=Lavterskel+Molde&lang=en")
    assert found.card_titles == ["Lavterskel Molde"]


def test_bad_input_is_named_at_its_field_in_the_pages_language_and_nothing_saved(steward):
    before = counts()
    bad = {**NEW_SERVICE, "name": "", "url": "ftp://x", "h1-0-closes": "25:99"}

    page = post_page(steward, "/services/new?lang=nb", bad, 400)

    assert "Ingenting ble lagret" in page.text
    for control in ("name", "url", "h1-0-closes"):
        (field,) = page.find("input", id=control)
        assert field.get("aria-invalid") == "true"
    assert page.find("a", href="#h1-0-closes")
    (kept,) = page.find("input", id="organisation")
    assert kept["value"] == "Molde kommune"  # what was typed is still there
    assert counts() == before


def test_impossible_hours_leave_nothing_half_written(steward):
    service = make_service(name="NAV Molde test")
    before, hours_before = counts(), len(stored(service.id).hours)
    page = get_page(steward[0], f"/services/{service.id}/edit?lang=en")
    sent = form_sent(
        page,
        category="nav_office",
        description="Ny tekst",
        **{"h2-0-opens": "10:00", "h2-0-closes": "nonsense"},
    )

    answer = post_page(steward, f"/services/{service.id}/edit?lang=en", sent, 400)

    assert "Nothing was saved" in answer.text
    assert counts() == before
    again = stored(service.id)
    assert again.description == "Hjelp med arbeid og penger." and len(again.hours) == hours_before


def test_a_correction_is_saved_and_audited_with_before_and_after(steward):
    service = make_service(name="NAV Molde retting")
    page = get_page(steward[0], f"/services/{service.id}/edit?lang=en")
    (version,) = page.find("input", name="version")
    sent = form_sent(page, category="nav_office", description="Hjelp med arbeid og penger.")
    sent.update({"access": "appointment", "referral_required": "1", "languages": ["nb", "pl"]})

    answer = post(steward, f"/services/{service.id}/edit", sent)

    assert answer.status_code == 303
    again = stored(service.id)
    assert again.access == "appointment" and again.referral_required is True
    assert again.languages == ["nb", "pl"]
    (update,) = audit_rows("help_service.update")
    assert update.changes["access"] == ["both", "appointment"]
    assert "description" not in update.changes  # untouched fields are not written as changes
    assert version["value"]


def test_two_stewards_editing_at_once_never_silently_replace_each_other(steward, app, user_factory):
    service = make_service(name="NAV Kristiansund")
    other_browser, other_token = session_client(app, user_factory(role="admin"))
    other = (other_browser, other_token, None)

    def opened(who):
        page = get_page(who[0], f"/services/{service.id}/edit?lang=en")
        return form_sent(page, category="nav_office", description="Hjelp med arbeid og penger.")

    mine, theirs = opened(steward), opened(other)
    assert (
        post(other, f"/services/{service.id}/edit", {**theirs, "name": "NAV Kr.sund"}).status_code
        == 303
    )

    page = post_page(
        steward, f"/services/{service.id}/edit?lang=en", {**mine, "name": "NAV K-sund"}, 409
    )
    assert "someone else changed this service meanwhile" in page.text
    (name,) = page.find("input", id="name")
    assert name["value"] == "NAV K-sund"  # what I wrote is still there
    assert stored(service.id).name == "NAV Kr.sund"  # theirs stands
    assert len(audit_rows("help_service.update")) == 1

    # having seen it, saving again replaces theirs with mine, on purpose
    again = form_sent(page, category="nav_office", description="Hjelp med arbeid og penger.")
    assert post(steward, f"/services/{service.id}/edit", again).status_code == 303
    assert stored(service.id).name == "NAV K-sund"


def test_more_rows_keeps_what_was_typed_and_saves_nothing(steward):
    before = counts()
    page = post_page(steward, "/services/new?lang=en", {**NEW_SERVICE, "more_rows": "1"}, 200)
    (kept,) = page.find("input", id="h1-0-opens")
    assert kept["value"] == "09:00"
    assert page.find("input", id="h1-1-opens") and page.find("input", id="phone2-number")
    assert counts() == before


@pytest.mark.parametrize("role", ["client", "clinic", None])
def test_others_may_not_add_or_edit_services(app, user_factory, role):
    service = make_service(name="NAV Ålesund")
    browser, token = session_client(app, user_factory(role=role) if role else None)
    before = counts()
    for path in ("/services/new", f"/services/{service.id}/edit"):
        assert browser.get(path).status_code in (302, 403)
        answer = browser.post(path, data={**NEW_SERVICE, "csrf_token": token})
        assert answer.status_code in (302, 403)
    assert counts() == before


def test_an_archived_service_cannot_be_edited(steward, user_factory):
    from peerapp.services.helpservices import operations

    service = make_service(name="NAV Nedlagt")
    operations.archive_service(user_factory(role="admin"), service.id)
    assert steward[0].get(f"/services/{service.id}/edit").status_code == 410
