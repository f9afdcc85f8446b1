"""A canary text pushed through every form, every JSON field, query strings, usernames, passwords
and codes, by every role, never shows up in a log (any logger at DEBUG, stdout, stderr, the
development server's request log) nor in the audit table."""

from __future__ import annotations

import inspect
import json
import logging
import threading
import urllib.error
import urllib.request
import uuid
from typing import Any

import pytest
import sqlalchemy as sa
from flask_wtf import FlaskForm
from werkzeug.serving import make_server
from wtforms.fields.core import UnboundField

from peerapp.auth import forms
from peerapp.clinic import forms as clinic_forms
from peerapp.extensions import db
from peerapp.models.audit import AuditEvent
from peerapp.readmission import forms as readmission_forms
from tests.factories import PASSWORD
from tests.integration.test_access_table import ROLES, TABLE
from tests.support.auth import form_token, session_client

CANARY = "KANARI-" + uuid.uuid4().hex[:24]
QUERY = f"?q={CANARY}&where={CANARY}&next={CANARY}"
#: loggers whose level the app or its extensions may set themselves
NAMED_LOGGERS = ("peerapp", "werkzeug", "flask-limiter", "flask_wtf.csrf", "flask_login", "limits")


def _form_fields() -> set[str]:
    """The name of every field of every form the pages take."""
    return {
        name
        for module in (forms, readmission_forms, clinic_forms)
        for _, form in inspect.getmembers(module, inspect.isclass)
        if issubclass(form, FlaskForm)
        for name, field in vars(form).items()
        if isinstance(field, UnboundField)
    }


def _json_fields(spec: dict[str, Any]) -> set[str]:
    """The name of every property of every request body the OpenAPI document describes."""
    names: set[str] = set()

    def walk(schema: Any) -> None:
        if isinstance(schema, dict):
            if "$ref" in schema:
                walk(spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]])
            names.update(schema.get("properties", {}))
            for value in schema.values():
                walk(value)
        elif isinstance(schema, list):
            for value in schema:
                walk(value)

    for operations in spec["paths"].values():
        for operation in operations.values():
            if isinstance(operation, dict):
                walk(operation.get("requestBody"))
    return names


@pytest.fixture
def watched(caplog, capfd):
    """Capture every log record at DEBUG and everything written to stdout and stderr."""
    caplog.set_level(logging.DEBUG)
    for name in NAMED_LOGGERS:
        caplog.set_level(logging.DEBUG, logger=name)

    def everything() -> str:
        out, err = capfd.readouterr()
        records = [repr(vars(record)) + record.getMessage() for record in caplog.records]
        return "\n".join([caplog.text, out, err, *records])

    return everything


def _assert_canary_hidden(everything: str) -> None:
    assert everything, "nothing was captured at all: the capture is broken"
    assert CANARY.lower() not in everything.lower()
    db.session.expire_all()
    for event in db.session.scalars(sa.select(AuditEvent)):
        row = json.dumps({column: str(getattr(event, column)) for column in vars(event)})
        assert CANARY.lower() not in row.lower()


def test_no_route_logs_or_audits_the_canary_for_any_role(app, world, watched):
    spec = app.test_client().get("/api/openapi.json").get_json()
    form_body = dict.fromkeys(_form_fields(), CANARY)
    json_body = dict.fromkeys(_json_fields(spec), CANARY)
    assert {"username", "password", "code", "new_password"} <= set(form_body)
    assert {"username", "password", "otp", "new_password"} <= set(json_body)
    # erasing accounts last, so that every other route still has its people
    rows = sorted(TABLE.items(), key=lambda row: row[0] == "api.delete_me")
    for endpoint, (method, path, _body, expected) in rows:
        url = path.format(**world["ids"]) + QUERY
        for role in ROLES:
            client, token = session_client(app, world["users"][role])
            if url.startswith("/api/"):
                kwargs: dict[str, Any] = {"headers": {"X-CSRFToken": token}}
                if method != "GET":
                    kwargs["json"] = json_body
            else:
                kwargs = {} if method == "GET" else {"data": {**form_body, "csrf_token": token}}
            response = client.open(url, method=method, **kwargs)
            # a 5xx only where the table expects it (push key unset in tests: 503)
            ok = response.status_code < 500 or response.status_code == expected[role]
            assert ok, (endpoint, role, response.status_code)
            response.close()
    _assert_canary_hidden(watched())


def _post_form(client, path: str, **fields: str):
    """Fill in the form on ``path`` and send it, as a browser does."""
    token = form_token(client, path.split("?")[0])
    return client.post(path, data={**fields, "csrf_token": token})


def test_usernames_passwords_and_codes_never_reach_a_log(app, world, user_factory, watched):
    known = world["users"]["client"].username
    for username in (CANARY, known):
        visitor = app.test_client()
        _post_form(visitor, "/login" + QUERY, username=username, password=CANARY)
        visitor.post("/api/v1/session", json={"username": username, "password": CANARY})

    staff = world["users"]["clinic"]
    at_the_code = app.test_client()
    _post_form(at_the_code, "/login" + QUERY, username=staff.username, password=PASSWORD)
    assert _post_form(at_the_code, "/login/code", code=CANARY).status_code == 401
    body = {"username": staff.username, "password": PASSWORD, "otp": CANARY + " 123456"}
    assert app.test_client().post("/api/v1/session", json=body).status_code == 401

    newcomer = user_factory(role="admin", totp=False)
    enrolling = app.test_client()
    _post_form(enrolling, "/login", username=newcomer.username, password=PASSWORD)
    assert _post_form(enrolling, "/login/enrol", code=CANARY).status_code == 400

    secret = CANARY + " is my password"
    registered = _post_form(
        app.test_client(),
        "/register",
        username=CANARY + "a",
        password=secret,
        password_again=secret,
    )
    # a new account shows its recovery codes once, on the page itself
    assert registered.status_code == 200
    assert "data-reset-codes" in registered.get_data(as_text=True)
    reset = {"username": CANARY + "a", "code": CANARY, "new_password": secret + " again"}
    assert app.test_client().post("/api/v1/password-reset", json=reset).status_code == 400
    api = {"username": CANARY + "b", "password": secret}
    assert app.test_client().post("/api/v1/accounts", json=api).status_code == 201
    signed_in = app.test_client()
    assert signed_in.post("/api/v1/session", json=api).status_code == 200
    assert signed_in.get("/account" + QUERY).status_code == 200

    peer_client, peer_token = session_client(app, world["users"]["peer"])
    peer_client.post(
        "/account/security/disable", data={"password": CANARY, "csrf_token": peer_token}
    )
    peer_client.post(
        "/api/v1/me/password",
        json={"current_password": CANARY, "new_password": CANARY + " new"},
        headers={"X-CSRFToken": peer_token},
    )
    _assert_canary_hidden(watched())


def test_the_development_servers_request_log_drops_the_canary(app, world, watched):
    server = make_server("127.0.0.1", 0, app)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_port}"
    requests = [
        urllib.request.Request(base + "/" + QUERY),
        urllib.request.Request(base + "/login" + QUERY),
        urllib.request.Request(base + "/api/v1/meetings" + QUERY),
        urllib.request.Request(
            base + "/api/v1/session" + QUERY,
            data=json.dumps({"username": CANARY, "password": CANARY}).encode(),
            headers={"Content-Type": "application/json"},
        ),
        urllib.request.Request(base + "/login", data=f"username={CANARY}".encode()),
    ]
    try:
        for request in requests:
            try:
                urllib.request.urlopen(request).close()  # noqa: S310 - loopback
            except urllib.error.HTTPError as error:
                error.close()
    finally:
        server.shutdown()
        thread.join()
        server.server_close()
    everything = watched()
    assert "/api/v1/session" in everything and '"POST /login' in everything  # it did log
    _assert_canary_hidden(everything)
