"""Anyone reports a problem with a listing, without an account: on the page (no JavaScript) and
over the API; the listing says so, the peer workers see it on top of their list, and a steward
settles it (audited)."""

from __future__ import annotations

import itertools

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import AuditEvent, ListingReport
from peerapp.services.helpservices import operations
from tests.integration.test_pages import translated
from tests.support.auth import form_token, session_client
from tests.support.helpservices import make_service

_addresses = itertools.count(10)


def visitor(app):
    """A visitor from an address of their own (the limit counts per address)."""
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = f"198.51.100.{next(_addresses) % 250}"
    return client


def test_a_visitor_reports_a_meeting_on_the_page_and_it_shows_until_a_steward_settles_it(
    app, meeting_factory, user_factory
):
    meeting = meeting_factory(name="Torsdagsgruppa")
    stale_first = meeting_factory(name="Aldri sjekket")  # never verified: top of the list so far
    client = visitor(app)
    page = client.get(f"/meetings/{meeting.id}")
    assert f'href="/meetings/{meeting.id}/report"' in page.get_data(as_text=True)
    token = form_token(client, f"/meetings/{meeting.id}/report")
    sent = client.post(
        f"/meetings/{meeting.id}/report",
        data={"csrf_token": token, "reason": "time_changed", "text": "Nå kl. 18 <b>fra mars</b>"},
    )
    assert sent.status_code == 200
    assert translated(app, "nb", "Thank you, the peer workers will look at it") in sent.get_data(
        as_text=True
    )
    shown = client.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert translated(app, "nb", "A change has been reported.") in shown

    peer = user_factory(role="peer")
    browser, peer_token = session_client(app, peer)
    listed = browser.get("/peer/meetings").get_data(as_text=True)
    assert listed.index("Torsdagsgruppa") < listed.index(stale_first.name)
    tools = browser.get(f"/meetings/{meeting.id}").get_data(as_text=True)
    assert "Nå kl. 18 &lt;b&gt;fra mars&lt;/b&gt;" in tools  # the public's text, escaped
    report_id = db.session.scalar(
        sa.select(ListingReport.id).where(ListingReport.listing_id == meeting.id)
    )
    settled = browser.post(
        f"/peer/reports/{report_id}/settle",
        data={"csrf_token": peer_token, "outcome": "fixed", "next": f"/meetings/{meeting.id}"},
    )
    assert settled.status_code == 303
    assert translated(app, "nb", "A change has been reported.") not in client.get(
        f"/meetings/{meeting.id}"
    ).get_data(as_text=True)
    db.session.commit()
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "meeting.report.settle")
    )
    assert event is not None and event.actor_id == peer.id
    assert event.changes["outcome"] == [None, "fixed"]


def test_the_page_names_a_missing_reason_and_other_without_words(app, meeting_factory):
    meeting = meeting_factory()
    client = visitor(app)
    token = form_token(client, f"/meetings/{meeting.id}/report")
    nothing = client.post(f"/meetings/{meeting.id}/report", data={"csrf_token": token})
    assert nothing.status_code == 400
    other = client.post(
        f"/meetings/{meeting.id}/report", data={"csrf_token": token, "reason": "other"}
    )
    assert other.status_code == 400
    assert translated(app, "nb", "Tell us in a few words what is wrong.") in other.get_data(
        as_text=True
    )
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ListingReport)) == 0


def test_the_api_takes_a_report_of_a_meeting_and_of_a_place(app, meeting_factory, place_factory):
    meeting, place = meeting_factory(), place_factory()
    client = visitor(app)
    answer = client.post(f"/api/v1/meetings/{meeting.id}/reports", json={"reason": "moved"})
    assert answer.status_code == 202
    assert answer.get_json() == {"status": "received"}
    answer = client.post(
        f"/api/v1/places/{place.id}/reports",
        json={"reason": "other", "text": "Stengt for godt.\nSkilt på døra."},
    )
    assert answer.status_code == 202
    stored = db.session.scalar(
        sa.select(ListingReport).where(ListingReport.listing_kind == "place")
    )
    assert stored.text == "Stengt for godt.\nSkilt på døra."
    page = client.get(f"/places/{place.id}").get_data(as_text=True)
    assert translated(app, "nb", "A change has been reported.") in page


def test_the_api_refuses_bad_reasons_control_characters_and_unknown_listings(app, meeting_factory):
    meeting = meeting_factory()
    client = visitor(app)
    url = f"/api/v1/meetings/{meeting.id}/reports"
    bad = client.post(url, json={"reason": "boring"})
    assert bad.status_code == 400
    assert bad.mimetype == "application/problem+json"
    assert "reason" in bad.get_json()["errors"]
    control = client.post(url, json={"reason": "other", "text": "hei\x07du"})
    assert control.status_code == 400 and "text" in control.get_json()["errors"]
    assert (
        client.post("/api/v1/meetings/999999/reports", json={"reason": "moved"}).status_code == 404
    )
    assert client.post("/api/v1/places/999999/reports", json={"reason": "moved"}).status_code == 404
    assert client.post(url, data="reason=moved").status_code == 415


def test_reports_are_limited_per_address(app, meeting_factory):
    meeting = meeting_factory()
    client = visitor(app)
    url = f"/api/v1/meetings/{meeting.id}/reports"
    answers = [client.post(url, json={"reason": "moved"}).status_code for _ in range(11)]
    assert answers[:10] == [202] * 10
    assert answers[10] == 429
    assert visitor(app).post(url, json={"reason": "moved"}).status_code == 202  # another address


def test_a_peer_settles_a_place_report_as_not_a_problem(app, place_factory, user_factory):
    place = place_factory(name="Kafé Kontakt")
    visitor(app).post(f"/api/v1/places/{place.id}/reports", json={"reason": "moved"})
    peer = user_factory(role="peer")
    browser, token = session_client(app, peer)
    care_list = browser.get("/places/look-after").get_data(as_text=True)
    assert translated(app, "nb", "Problem reported") in care_list
    page = browser.get(f"/places/{place.id}").get_data(as_text=True)
    assert translated(app, "nb", "It is no longer here") in page
    report_id = db.session.scalar(sa.select(ListingReport.id))
    settled = browser.post(
        f"/peer/reports/{report_id}/settle", data={"csrf_token": token, "outcome": "not_a_problem"}
    )
    assert settled.status_code == 303
    assert settled.headers["Location"].endswith(f"/places/{place.id}")
    shown = visitor(app).get(f"/places/{place.id}").get_data(as_text=True)
    assert translated(app, "nb", "A change has been reported.") not in shown
    db.session.commit()
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "place.report.settle")
    )
    assert event.changes["outcome"] == [None, "not_a_problem"]
    again = browser.post(
        f"/peer/reports/{report_id}/settle", data={"csrf_token": token, "outcome": "fixed"}
    )
    assert again.status_code == 303  # already settled: stays as it was
    assert db.session.scalar(sa.select(ListingReport.outcome)) == "not_a_problem"


def test_visitors_and_clients_cannot_settle_reports(app, meeting_factory, user_factory):
    meeting = meeting_factory()
    visitor(app).post(f"/api/v1/meetings/{meeting.id}/reports", json={"reason": "moved"})
    report_id = db.session.scalar(sa.select(ListingReport.id))
    client_browser, token = session_client(app, user_factory(role="client"))
    refused = client_browser.post(
        f"/peer/reports/{report_id}/settle", data={"csrf_token": token, "outcome": "fixed"}
    )
    assert refused.status_code in (302, 403)
    db.session.commit()
    assert db.session.scalar(sa.select(ListingReport.settled_at)) is None


def test_a_service_is_reported_on_its_page_and_over_the_api_and_comes_first_on_the_list(
    app, user_factory
):
    service = make_service(name="NAV Rapportert")
    never_checked = make_service(name="Aaa aldri sjekket")
    client = visitor(app)
    assert f'href="/services/{service.id}/report"' in client.get(
        f"/services/{service.id}"
    ).get_data(as_text=True)
    token = form_token(client, f"/services/{service.id}/report")
    sent = client.post(
        f"/services/{service.id}/report",
        data={"csrf_token": token, "reason": "time_changed", "text": "Stenger 14 nå"},
    )
    assert sent.status_code == 200
    answer = client.post(f"/api/v1/services/{service.id}/reports", json={"reason": "moved"})
    assert answer.status_code == 202 and answer.get_json() == {"status": "received"}
    assert translated(app, "nb", "A change has been reported.") in client.get(
        f"/services/{service.id}"
    ).get_data(as_text=True)
    assert client.post("/api/v1/services/999999/reports", json={"reason": "moved"}).status_code == (
        404
    )

    peer = user_factory(role="peer")
    browser, peer_token = session_client(app, peer)
    listed = browser.get("/services/look-after").get_data(as_text=True)
    assert listed.index("NAV Rapportert") < listed.index(never_checked.name)
    assert translated(app, "nb", "Problem reported") in listed
    page = browser.get(f"/services/{service.id}").get_data(as_text=True)
    assert "Stenger 14 nå" in page
    for report_id in db.session.scalars(sa.select(ListingReport.id)):
        settled = browser.post(
            f"/peer/reports/{report_id}/settle", data={"csrf_token": peer_token, "outcome": "fixed"}
        )
        assert settled.status_code == 303
        assert settled.headers["Location"].endswith(f"/services/{service.id}")
    assert translated(app, "nb", "A change has been reported.") not in client.get(
        f"/services/{service.id}"
    ).get_data(as_text=True)
    db.session.commit()
    event = db.session.scalar(
        sa.select(AuditEvent).where(AuditEvent.action == "service.report.settle")
    )
    assert event is not None and event.actor_id == peer.id


def test_an_archived_service_cannot_be_reported(app, user_factory):
    service = make_service()
    operations.archive_service(user_factory(role="admin"), service.id)
    client = visitor(app)
    assert client.get(f"/services/{service.id}/report").status_code == 410
    answer = client.post(f"/api/v1/services/{service.id}/reports", json={"reason": "moved"})
    assert answer.status_code == 404


def test_the_openapi_document_names_the_service_report(client):
    spec = client.get("/api/openapi.json").get_json()
    operation = spec["paths"]["/api/v1/services/{service_id}/reports"]["post"]
    assert operation["operationId"] == "reportService"
    assert "202" in operation["responses"]


def test_municipal_staff_settle_a_service_report_but_not_a_meetings(
    app, meeting_factory, user_factory
):
    service = make_service(name="Lavterskel Kommunal")
    meeting = meeting_factory()
    visitor(app).post(f"/api/v1/services/{service.id}/reports", json={"reason": "moved"})
    visitor(app).post(f"/api/v1/meetings/{meeting.id}/reports", json={"reason": "moved"})
    reports = {r.listing_kind: r.id for r in db.session.scalars(sa.select(ListingReport))}
    coordinator = user_factory(role="municipal")
    browser, token = session_client(app, coordinator)
    page = browser.get(f"/services/{service.id}").get_data(as_text=True)
    assert f'action="/peer/reports/{reports["service"]}/settle"' in page
    settled = browser.post(
        f"/peer/reports/{reports['service']}/settle",
        data={"csrf_token": token, "outcome": "fixed"},
    )
    assert settled.status_code == 303
    assert settled.headers["Location"].endswith(f"/services/{service.id}")
    refused = browser.post(
        f"/peer/reports/{reports['meeting']}/settle",
        data={"csrf_token": token, "outcome": "fixed"},
    )
    assert refused.status_code == 403
    db.session.commit()
    outcomes = {r.listing_kind: r.outcome for r in db.session.scalars(sa.select(ListingReport))}
    assert outcomes == {"service": "fixed", "meeting": None}
