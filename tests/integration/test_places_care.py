"""Peers look after sober places on HTML pages (journey 7): add with weekly hours and dated
exceptions, correct, "still true today", archive after asking, and the list of places to check
first. Bad input is a 400 with each message at its field, what was typed kept, nothing saved."""

from __future__ import annotations

from datetime import timedelta

import pytest
import sqlalchemy as sa

from peerapp.extensions import db, utcnow
from peerapp.models import AuditEvent, Place, PlaceException, PlaceHours
from peerapp.services import openhours as oh
from peerapp.services.peers import profiles
from tests.integration.test_pages import Page, get_page
from tests.support.auth import session_client

#: a new café in Trondheim: two periods on Monday, Friday night past midnight, closed on a date
#: and special hours on another
TODAY = oh.local_today(utcnow())
CLOSED_ON = TODAY + timedelta(days=10)
SPECIAL_ON = TODAY + timedelta(days=11)
NEW_PLACE = {
    "name": "Kafé Ly",
    "kind": "cafe",
    "description": "Rusfri kafé med middag på torsdager.",
    "phone": "+47 73 00 00 00",
    "url": "https://kafely.example.org",
    "venue": "Ly-huset",
    "address": "Kongens gate 14",
    "postal_code": "7011",
    "city": "Trondheim",
    "region": "Trøndelag",
    "latitude": "",
    "longitude": "",
    "h1-0-opens": "09:00",
    "h1-0-closes": "12:00",
    "h1-1-opens": "17",
    "h1-1-closes": "21.30",
    "h5-0-opens": "20:00",
    "h5-0-closes": "02:00",
    "x0-date": CLOSED_ON.isoformat(),
    "x1-date": SPECIAL_ON.isoformat(),
    "x1-opens": "12:00",
    "x1-closes": "15:00",
}


@pytest.fixture
def peer(app, user_factory):
    """A peer worker's browser, signed in: (test client, CSRF token, user)."""
    user = user_factory(role="peer")
    browser, token = session_client(app, user)
    return browser, token, user


def post(who, path: str, data: dict[str, str]):
    """Send a form as the browser does (a fresh app context, as each request has in production)."""
    browser, token, _user = who
    with browser.application.app_context():
        return browser.post(path, data={**data, "csrf_token": token})


def post_page(who, path: str, data: dict[str, str], status: int) -> Page:
    """Send a form; check the status; the page that came back."""
    answer = post(who, path, data)
    assert answer.status_code == status, answer.get_data(as_text=True)[:2000]
    return Page(answer.get_data(as_text=True))


def audit_rows(action: str) -> list[AuditEvent]:
    db.session.commit()  # end this session's snapshot: the pages wrote in sessions of their own
    query = sa.select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)
    return list(db.session.scalars(query))


def counts() -> tuple[int, ...]:
    db.session.commit()
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(model)) or 0
        for model in (Place, PlaceHours, PlaceException, AuditEvent)
    )


def stored(place_id: int) -> Place:
    db.session.commit()
    place = db.session.get(Place, place_id)
    assert place is not None
    return place


def value_of(page: Page, control: str) -> str:
    (found,) = page.find("input", id=control)
    return found.get("value", "")


# --- adding a place -------------------------------------------------------------------------------


def test_a_peer_adds_a_place_with_hours_and_exceptions(peer):
    answer = post(peer, "/places/new?lang=en", NEW_PLACE)

    assert answer.status_code == 303
    db.session.commit()
    (place,) = db.session.scalars(sa.select(Place)).all()
    assert answer.headers["Location"].endswith(f"/places/{place.id}")
    assert (place.name, place.city, place.region) == ("Kafé Ly", "Trondheim", "Trøndelag")
    assert place.latitude == pytest.approx(63.43, abs=0.1)  # found from the postal code
    assert [(h.day, h.opens, h.closes) for h in place.hours] == [
        (1, 540, 720),
        (1, 1020, 1290),
        (5, 1200, 120),
    ]
    assert [(e.on_date, e.opens, e.closes) for e in place.exceptions] == [
        (CLOSED_ON, None, None),
        (SPECIAL_ON, 720, 900),
    ]
    (event,) = audit_rows("place.create")
    assert event.actor_id == peer[2].id and event.object_id == str(place.id)
    assert event.changes["name"] == [None, "Kafé Ly"]

    page = get_page(peer[0], f"/places/{place.id}?lang=en")
    assert "Monday" in page.text and "09:00–12:00, 17:00–21:30" in page.text
    assert "Friday" in page.text and "20:00–02:00" in page.text
    assert "open 12:00–15:00 only" in page.text
    assert "The place is added." in page.text


def test_the_new_place_form_works_without_javascript_and_by_label(peer):
    page = get_page(peer[0], "/places/new?lang=en")
    assert page.find("form", method="post", action="/places/new")
    assert page.find("input", name="csrf_token", type="hidden")
    labelled = {tag["for"] for tag in page.find("label")}
    controls = [
        tag["id"]
        for name in ("input", "select", "textarea")
        for tag in page.find(name)
        if tag.get("type") != "hidden"
    ]
    unlabelled = [c for c in controls if c not in labelled]
    assert unlabelled == []
    # two periods a day, Monday first, and two dates
    assert [tag["id"] for tag in page.find("input") if tag.get("id", "").endswith("-opens")][
        :3
    ] == ["h1-0-opens", "h1-1-opens", "h2-0-opens"]
    assert page.find("input", id="x1-date", type="date")
    # the first button is the one Enter presses: saving, not adding rows
    buttons = page.find("button")
    assert buttons[0]["id"] == "save"


@pytest.mark.parametrize(
    ("changes", "control", "message"),
    [
        (
            {"h1-1-opens": "11:00"},
            "h1-1-opens",
            "Monday 11:00–21:30 overlaps Monday 09:00–12:00. Join them into one range",
        ),
        ({"h5-0-closes": "25:00"}, "h5-0-closes", "Closing time must be HH:MM"),
        ({"h1-0-closes": "09:00"}, "h1-0-closes", "Opening and closing time are the same"),
        ({"h1-0-closes": ""}, "h1-0-closes", "Closing time must be HH:MM"),
        ({"x0-date": "2026-02-30"}, "x0-date", "Give the date as YYYY-MM-DD."),
        ({"x1-date": CLOSED_ON.isoformat()}, "x1-date", "is given more than once"),
        ({"x1-closes": "kl. 3"}, "x1-closes", "Closing time must be HH:MM"),
        ({"name": "  "}, "name", "This field is required."),
        ({"kind": "pub"}, "kind", "Unknown kind of place: pub."),
        ({"url": "kafely.example.org"}, "url", "Give a web address starting with https://."),
        ({"latitude": "north"}, "latitude", "Must be a number between -90 and 90."),
        ({"postal_code": "", "city": "Atlantis"}, "postal_code", "Give latitude and longitude, or"),
    ],
)
def test_bad_input_is_named_at_its_field_kept_as_typed_and_nothing_saved(
    peer, changes, control, message
):
    before = counts()

    page = post_page(peer, "/places/new?lang=en", {**NEW_PLACE, **changes}, 400)

    assert counts() == before
    assert message in page.text
    assert f"#{control}" in page.error_links()
    assert page.find("p", class_="field-error", id=f"{control}-error")
    described = page.find("input", id=control) or page.find("select", id=control)
    assert described[0]["aria-invalid"] == "true"
    assert f"{control}-error" in described[0]["aria-describedby"]
    assert "Nothing was saved." in page.text
    # everything typed is still there
    assert value_of(page, "address") == "Kongens gate 14"
    assert value_of(page, "h1-1-closes") == "21.30"
    assert value_of(page, "x1-opens") == "12:00"


def test_messages_are_in_the_pages_language(peer):
    page = post_page(peer, "/places/new?lang=nb", {**NEW_PLACE, "name": ""}, 400)
    assert "Dette feltet må fylles ut." in page.text
    assert "This field is required." not in page.text


def test_more_rows_keeps_what_was_typed_and_saves_nothing(peer):
    before = counts()
    page = post_page(peer, "/places/new?lang=en", {**NEW_PLACE, "more_rows": "1"}, 200)
    assert counts() == before
    assert value_of(page, "h1-1-opens") == "17"
    assert value_of(page, "h1-2-opens") == ""  # a third row on Monday
    assert page.find("input", id="h1-2-opens", autofocus="")
    assert value_of(page, "x2-date") == ""
    assert page.error_links() == []


def test_a_form_without_its_token_is_refused(peer):
    browser, _token, _user = peer
    assert browser.post("/places/new", data=NEW_PLACE).status_code == 400
    assert counts()[0] == 0


# --- correcting a place ---------------------------------------------------------------------------


def test_the_edit_form_holds_the_place_as_it_is(peer, place_factory):
    place = place_factory(
        name="Kafé Ly",
        opening_hours=[
            {"day": 1, "opens": "09:00", "closes": "12:00"},
            {"day": 1, "opens": "17:00", "closes": "21:00"},
        ],
        exceptions=[{"date": CLOSED_ON.isoformat(), "closed": True}],
    )
    page = get_page(peer[0], f"/places/{place.id}/edit?lang=en")
    assert value_of(page, "name") == "Kafé Ly"
    assert (value_of(page, "h1-0-opens"), value_of(page, "h1-1-closes")) == ("09:00", "21:00")
    assert value_of(page, "h1-2-opens") == ""  # room for one more
    assert value_of(page, "x0-date") == CLOSED_ON.isoformat()
    assert value_of(page, "latitude") == "59.9139"


def test_a_peer_corrects_the_hours_audited_with_before_and_after(peer, place_factory):
    earlier = (TODAY - timedelta(days=30)).isoformat()
    place = place_factory(
        name="Kafé Ly",
        opening_hours=[{"day": 1, "opens": "10:00", "closes": "14:00"}],
        exceptions=[{"date": earlier, "closed": True}],
    )
    page = get_page(peer[0], f"/places/{place.id}/edit?lang=en")
    form = {tag["name"]: tag.get("value", "") for tag in page.find("input") if "name" in tag}
    form.update({"description": "", "kind": "cafe", "h1-0-closes": "16:00", "h0-0-opens": "12:00"})
    form["h0-0-closes"] = "15:00"

    answer = post(peer, f"/places/{place.id}/edit?lang=en", form)

    assert answer.status_code == 303
    again = stored(place.id)
    assert [(h.day, h.opens, h.closes) for h in again.hours] == [(0, 720, 900), (1, 600, 960)]
    assert [e.on_date.isoformat() for e in again.exceptions] == [earlier]  # kept as it was
    (event,) = audit_rows("place.update")
    assert event.actor_id == peer[2].id
    assert event.changes == {
        "opening_hours": [
            [{"day": 1, "opens": "10:00", "closes": "14:00"}],
            [
                {"day": 0, "opens": "12:00", "closes": "15:00"},
                {"day": 1, "opens": "10:00", "closes": "16:00"},
            ],
        ]
    }


def test_a_bad_correction_changes_nothing(peer, place_factory):
    place = place_factory(
        name="Kafé Ly", opening_hours=[{"day": 1, "opens": "10:00", "closes": "14:00"}]
    )
    page = get_page(peer[0], f"/places/{place.id}/edit?lang=en")
    form = {tag["name"]: tag.get("value", "") for tag in page.find("input") if "name" in tag}
    form.update(
        {"kind": "cafe", "name": "Nytt navn", "h1-1-opens": "13:00", "h1-1-closes": "18:00"}
    )

    page = post_page(peer, f"/places/{place.id}/edit?lang=en", form, 400)

    assert "overlaps" in page.text and value_of(page, "name") == "Nytt navn"
    again = stored(place.id)
    assert again.name == "Kafé Ly" and [(h.opens, h.closes) for h in again.hours] == [(600, 840)]
    assert audit_rows("place.update") == []


def test_an_archived_place_cannot_be_edited(peer, place_factory):
    place = place_factory()
    place.archived_at = utcnow()
    db.session.commit()
    assert peer[0].get(f"/places/{place.id}/edit").status_code == 410
    assert post(peer, f"/places/{place.id}/edit", {"name": "X"}).status_code == 410
    assert post(peer, f"/places/{place.id}/verify", {}).status_code == 410
    assert peer[0].get("/places/99999/edit").status_code == 404


# --- still true today, archive ------------------------------------------------------------------


def test_the_place_page_offers_peers_verify_edit_and_archive(
    app, peer, place_factory, user_factory
):
    place = place_factory()
    page = get_page(peer[0], f"/places/{place.id}?lang=en")
    assert page.find("form", method="post", action=f"/places/{place.id}/verify")
    assert page.find("a", href=f"/places/{place.id}/edit")
    assert page.find("a", href=f"/places/{place.id}/archive")
    assert "Never checked." in page.text
    for role in (None, "client"):
        other, _ = session_client(app, user_factory(role=role) if role else None)
        public = get_page(other, f"/places/{place.id}?lang=en")
        assert not public.find("a", href=f"/places/{place.id}/edit")
        assert "Not yet checked by a peer worker." in public.text


def test_still_true_today_records_when_and_who(peer, client, place_factory):
    place = place_factory()
    place.verified_at = utcnow() - timedelta(days=120)
    db.session.commit()
    assert "May be out of date" in get_page(client, f"/places/{place.id}?lang=en").text

    answer = post(peer, f"/places/{place.id}/verify?lang=en", {})

    assert answer.status_code == 303
    assert answer.headers["Location"].endswith(f"/places/{place.id}")
    again = stored(place.id)
    assert again.verified_by_id == peer[2].id
    assert utcnow() - again.verified_at < timedelta(minutes=1)
    (event,) = audit_rows("place.verify")
    assert event.changes["verified_by"] == [None, peer[2].id]
    page = get_page(peer[0], f"/places/{place.id}?lang=en")
    assert "Last checked" in page.text and peer[2].username not in page.text  # no login names
    profiles.save_profile(peer[2], profiles.ProfileSpec("Kari Likeperson"))
    db.session.commit()
    assert "by Kari Likeperson." in get_page(peer[0], f"/places/{place.id}?lang=en").text
    assert "May be out of date" not in get_page(client, f"/places/{place.id}?lang=en").text


def test_still_true_today_returns_only_to_a_page_of_this_site(peer, place_factory):
    place = place_factory()
    back = post(peer, f"/places/{place.id}/verify", {"next": "/places/look-after?q=Oslo"})
    assert back.headers["Location"].endswith("/places/look-after?q=Oslo")
    away = post(peer, f"/places/{place.id}/verify", {"next": "https://evil.example/"})
    assert away.headers["Location"].endswith(f"/places/{place.id}")


def test_archive_asks_first_then_takes_the_place_out(peer, client, place_factory):
    place = place_factory(name="Kafé Ly", town="trondheim")
    page = get_page(peer[0], f"/places/{place.id}/archive?lang=en")
    assert "Archive Kafé Ly?" in page.text
    assert page.find("form", method="post", action=f"/places/{place.id}/archive")
    assert page.find("a", href=f"/places/{place.id}", id="keep")
    assert stored(place.id).archived_at is None  # asking archives nothing

    answer = post(peer, f"/places/{place.id}/archive?lang=en", {})

    assert answer.status_code == 303 and answer.headers["Location"].endswith("/places/look-after")
    assert stored(place.id).archived_at is not None
    (event,) = audit_rows("place.archive")
    assert event.actor_id == peer[2].id
    assert client.get(f"/places/{place.id}").status_code == 410
    assert "Kafé Ly" not in get_page(client, "/places?where=Trondheim&lang=en").card_titles
    assert post(peer, f"/places/{place.id}/archive", {}).status_code == 303  # twice is once
    assert len(audit_rows("place.archive")) == 1


# --- the list of places to look after -------------------------------------------------------------


def test_places_not_checked_for_90_days_come_first(peer, place_factory):
    fresh = place_factory(name="Nylig sjekket")
    old = place_factory(name="Sjekket for lenge siden")
    never = place_factory(name="Aldri sjekket")
    fresh.verified_at = utcnow() - timedelta(days=3)
    old.verified_at = utcnow() - timedelta(days=95)
    archived = place_factory(name="Arkivert")
    archived.archived_at = utcnow()
    db.session.commit()

    page = get_page(peer[0], "/places/look-after?lang=en")

    order = [page.text.index(n) for n in (never.name, old.name, fresh.name)]
    assert order == sorted(order)
    assert "Arkivert" not in page.text
    assert "2 places have not been checked for 90 days, or never." in page.text
    assert page.text.count("Needs a check") == 2
    assert len(page.find("form", method="post", action=f"/places/{old.id}/verify")) == 1


def test_the_list_can_be_narrowed_to_a_town(peer, place_factory):
    place_factory(name="Kafé i Bergen", town="bergen")
    place_factory(name="Kafé i Oslo", town="oslo")
    page = get_page(peer[0], "/places/look-after?q=berg&lang=en")
    assert "Kafé i Bergen" in page.text and "Kafé i Oslo" not in page.text
    assert "1 place" in page.text
    assert get_page(peer[0], "/places/look-after?q=%25&page=x&lang=en").text


def test_the_peer_page_links_to_the_places_to_look_after(peer, place_factory):
    place_factory()
    page = get_page(peer[0], "/peer?lang=en")
    assert page.find("a", href="/places/look-after")
    assert page.find("a", href="/places/new")
    assert "1 place needs a check" in page.text


@pytest.mark.parametrize("role", [None, "client", "clinic"])
def test_only_peers_and_admins_may_change_places(app, role, user_factory, place_factory):
    place = place_factory(name="Kafé Ly")
    user = user_factory(role=role) if role else None
    browser, token = session_client(app, user)
    writes = [
        ("/places/new", NEW_PLACE),
        (f"/places/{place.id}/edit", NEW_PLACE),
        (f"/places/{place.id}/verify", {}),
        (f"/places/{place.id}/archive", {}),
    ]
    before = counts()
    for path, data in writes:
        answer = browser.post(path, data={**data, "csrf_token": token})
        assert answer.status_code == (302 if role is None else 403), path
    assert counts() == before
    again = stored(place.id)
    assert (again.name, again.verified_at, again.archived_at) == ("Kafé Ly", None, None)


def test_an_admin_may_look_after_places_too(app, user_factory, place_factory):
    place = place_factory()
    admin = user_factory(role="admin")
    browser, token = session_client(app, admin)
    answer = browser.post(f"/places/{place.id}/verify", data={"csrf_token": token})
    assert answer.status_code == 303
    assert stored(place.id).verified_by_id == admin.id
    assert "Still true today" in get_page(browser, "/places/look-after?lang=en").text


def test_a_place_with_many_dates_keeps_them_all_when_corrected(peer, place_factory):
    dates = [(TODAY + timedelta(days=day)).isoformat() for day in range(1, 91)]
    place = place_factory(exceptions=[{"date": on, "closed": True} for on in dates])
    page = get_page(peer[0], f"/places/{place.id}/edit?lang=en")
    form = {tag["name"]: tag.get("value", "") for tag in page.find("input") if "name" in tag}
    form.update({"kind": "cafe", "name": "Nytt navn"})

    assert post(peer, f"/places/{place.id}/edit", form).status_code == 303

    again = stored(place.id)
    assert again.name == "Nytt navn"
    assert [e.on_date.isoformat() for e in again.exceptions] == dates


def test_the_coordinates_hint_is_read_with_both_fields(peer):
    page = get_page(peer[0], "/places/new?lang=en")
    assert "Leave latitude and longitude empty" in page.text
    for name in ("latitude", "longitude"):
        (field,) = page.find("input", id=name)
        assert field["aria-describedby"] == "coordinates-hint"


def test_two_peers_editing_at_once_never_silently_replace_each_other(
    peer, app, user_factory, place_factory
):
    place = place_factory(name="Kafé Ly")
    other_browser, other_token = session_client(app, user_factory(role="peer"))
    other = (other_browser, other_token, None)

    def opened(who):
        page = get_page(who[0], f"/places/{place.id}/edit?lang=en")
        form = {tag["name"]: tag.get("value", "") for tag in page.find("input") if "name" in tag}
        return {**form, "kind": "cafe", "description": ""}

    mine, theirs = opened(peer), opened(other)
    assert (
        post(other, f"/places/{place.id}/edit", {**theirs, "name": "Kafé Lys"}).status_code == 303
    )

    page = post_page(
        peer, f"/places/{place.id}/edit?lang=en", {**mine, "name": "Kafé Ly og Lys"}, 409
    )
    assert "someone else changed this place meanwhile" in page.text
    assert value_of(page, "name") == "Kafé Ly og Lys"  # what I wrote is still there
    assert stored(place.id).name == "Kafé Lys"  # theirs stands, nothing of mine saved
    assert len(audit_rows("place.update")) == 1

    # having seen it, saving again replaces their version with mine, on purpose
    again = {tag["name"]: tag.get("value", "") for tag in page.find("input") if "name" in tag}
    answer = post(peer, f"/places/{place.id}/edit", {**again, "kind": "cafe", "description": ""})
    assert answer.status_code == 303
    assert stored(place.id).name == "Kafé Ly og Lys"
