"""Logging out makes the browser forget what it keeps for the site, and stops push to it."""

from __future__ import annotations

import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import PushSubscription
from tests.support.auth import form_token, page_login, session_client

#: what a browser is told to forget at logout: never the cookies (language, the next login)
FORGET = '"cache", "storage"'


def subscriptions_of(user_id: int) -> list[str]:
    query = sa.select(PushSubscription.endpoint).where(PushSubscription.user_id == user_id)
    return list(db.session.scalars(query))


def test_logout_clears_the_site_data_and_logging_in_again_works(client, user_factory):
    user = user_factory()
    page_login(client, user)

    response = client.post("/logout", data={"csrf_token": form_token(client, "/account")})

    assert response.status_code == 302
    assert response.headers["Clear-Site-Data"] == FORGET
    assert "/login" in response.headers["Location"]
    assert client.get("/account").status_code == 302
    # the cookies are kept, so the login form's token and the next session work at once
    assert client.get(response.headers["Location"]).status_code == 200
    page_login(client, user)
    assert client.get("/account").status_code == 200


def test_the_page_sends_its_push_endpoint_and_the_server_forgets_that_browser(
    app, client, user_factory, push_receiver
):
    user = user_factory()
    phone, laptop = push_receiver.new_subscription(), push_receiver.new_subscription()
    api, token = session_client(app, user)
    for browser in (phone, laptop):
        saved = api.post("/api/v1/push-subscriptions", json=browser, headers={"X-CSRFToken": token})
        assert saved.status_code == 201
    page_login(client, user)

    response = client.post(
        "/logout",
        data={"csrf_token": form_token(client, "/account"), "push_endpoint": phone["endpoint"]},
    )

    assert response.status_code == 302
    assert subscriptions_of(user.id) == [laptop["endpoint"]]


def test_an_endpoint_of_someone_else_or_none_at_all_changes_nothing(
    app, client, user_factory, push_receiver
):
    owner, other = user_factory(), user_factory()
    browser = push_receiver.new_subscription()
    api, token = session_client(app, owner)
    api.post("/api/v1/push-subscriptions", json=browser, headers={"X-CSRFToken": token})
    page_login(client, other)

    response = client.post(
        "/logout",
        data={"csrf_token": form_token(client, "/account"), "push_endpoint": browser["endpoint"]},
    )

    assert response.status_code == 302
    assert subscriptions_of(owner.id) == [browser["endpoint"]]


def test_logging_out_over_the_api_clears_the_site_data_too(app, user_factory):
    api, token = session_client(app, user_factory())

    response = api.delete("/api/v1/session", headers={"X-CSRFToken": token})

    assert response.status_code == 204
    assert response.headers["Clear-Site-Data"] == FORGET


def test_the_service_worker_keeps_the_shell_and_the_start_pages_of_this_version(client):
    script = client.get("/sw.js?lang=en").get_data(as_text=True)
    for path in ("/", "/help", "/offline"):
        assert f'"{path}"' in script
    for name in ("css/app.css", "js/queue-store.js", "js/register-sw.js", "icons/icon.svg"):
        assert f"/static/{name}?v=" in script
    # the queue and the check-in's body are loaded by the worker too, at this version's address
    assert 'importScripts("/static/js/checkin-body.js?v=' in script
    assert '"/static/js/queue-store.js?v=' in script.split("importScripts(")[1].split(")")[0]
