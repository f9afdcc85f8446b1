"""Push endpoints and feed URLs reach the public internet only: checked when a browser subscribes,
checked again when the worker sends, connected to the address that was checked, no redirects."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import sqlalchemy as sa

from peerapp.extensions import db
from peerapp.models import OutboxMessage, PushSubscription
from peerapp.services import outbound
from peerapp.services.notify import worker
from tests.support.auth import session_client

SUBSCRIPTIONS = "/api/v1/push-subscriptions"


class Recorder:
    """A TCP listener on 127.0.0.1 that counts every connection made to it."""

    def __init__(self) -> None:
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.sock.settimeout(0.1)
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._accept, daemon=True)
        self._thread.start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            self.connections += 1
            conn.close()

    def close(self) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()


@pytest.fixture
def recorder() -> Iterator[Recorder]:
    listener = Recorder()
    yield listener
    listener.close()


def spellings(port: int) -> list[str]:
    """This machine's listener, written as an attacker might."""
    return [
        f"https://127.0.0.1:{port}/push/x",
        f"https://2130706433:{port}/push/x",
        f"https://0177.0.0.1:{port}/push/x",
        f"https://0x7f.0.0.1:{port}/push/x",
        f"https://127.1:{port}/push/x",
        f"https://[::ffff:127.0.0.1]:{port}/push/x",
        f"https://localhost.:{port}/push/x",
        f"https://ⓛocalhost:{port}/push/x",
        f"http://127.0.0.1:{port}/push/x",
    ]


@pytest.fixture
def peer_api(app, user_factory):
    user = user_factory(role="peer")
    client, token = session_client(app, user)

    def send(body: object) -> Any:
        return client.post(SUBSCRIPTIONS, json=body, headers={"X-CSRFToken": token})

    send.user = user  # type: ignore[attr-defined]
    return send


def test_subscribing_an_internal_address_is_refused_and_nothing_connects(
    peer_api, push_receiver, recorder, vapid, app
):
    app.config["PEERAPP_OUTBOUND_ALLOW"] = ""  # no operator allowed this machine
    keys = push_receiver.new_subscription()["keys"]
    for endpoint in spellings(recorder.port):
        response = peer_api({"endpoint": endpoint, "keys": keys})

        assert response.status_code == 400, endpoint
        assert response.mimetype == "application/problem+json"
        assert set(response.get_json()["errors"]) == {"endpoint"}, endpoint
    assert db.session.scalar(sa.select(sa.func.count(PushSubscription.id))) == 0
    worker.drain()
    assert recorder.connections == 0


def test_the_refusal_is_translated(app, user_factory, push_receiver, recorder):
    app.config["PEERAPP_OUTBOUND_ALLOW"] = ""
    client, token = session_client(app, user_factory(role="peer"))
    body = {"endpoint": f"https://127.1:{recorder.port}/push", "keys": {}}

    def message(language: str) -> str:
        headers = {"X-CSRFToken": token, "Accept-Language": language}
        return client.post(SUBSCRIPTIONS, json=body, headers=headers).get_json()["errors"][
            "endpoint"
        ]

    assert message("en") == "Must be a push service on the internet."
    assert message("nb") == "Må være en varseltjeneste på internett."


def test_a_name_that_resolves_inside_by_send_time_is_not_sent_to(
    peer_api, push_receiver, recorder, vapid, monkeypatch, caplog
):
    keys = push_receiver.new_subscription()["keys"]
    endpoint = f"https://push.example:{recorder.port}/push/rebinding"
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["93.184.216.34"])
    assert peer_api({"endpoint": endpoint, "keys": keys}).status_code == 201
    # the name now answers with this machine's address (DNS rebinding)
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])

    with caplog.at_level(logging.INFO):
        result = worker.drain()

    assert result.dead == 1 and result.retried == 0
    message = db.session.scalars(sa.select(OutboxMessage)).one()
    assert message.status == "dead"
    assert message.last_error == "push service address refused (internal)"
    assert recorder.connections == 0
    assert "push.example" not in caplog.text and "rebinding" not in caplog.text


def test_an_address_saved_before_the_guard_is_refused_at_send_time(
    user_factory, push_receiver, recorder, vapid, subscribe, app
):
    browser = push_receiver.new_subscription()
    subscribe(user_factory(role="peer"), browser)  # allowed then (the receiver's 127.0.0.1)
    db.session.execute(
        sa.update(PushSubscription).values(endpoint=f"https://127.1:{recorder.port}/push/old")
    )
    db.session.commit()
    app.config["PEERAPP_OUTBOUND_ALLOW"] = ""

    assert worker.drain().dead == 1
    assert recorder.connections == 0 and push_receiver.received() == []


def test_the_connection_goes_to_the_address_that_was_checked(app, push_receiver, monkeypatch):
    """The host name is never looked up again: the request reaches the checked address, with
    the name in ``Host`` (and, over TLS, in SNI and the certificate check)."""
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            seen.append(self.headers["Host"])
            self.send_response(200)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"[]")

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        port = server.server_port
        app.config["PEERAPP_OUTBOUND_ALLOW"] = "feeds.intra.example"
        monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
        destination = outbound.check(f"http://feeds.intra.example:{port}/f.json", schemes=())
        # from now on the name resolves nowhere; the pinned session does not ask
        monkeypatch.setattr(socket, "getaddrinfo", _only_numeric(socket.getaddrinfo))
        with outbound.session_for(destination) as session:
            answer = session.get(destination.url, timeout=5)
            with pytest.raises(outbound.OutboundRefused):
                session.get(f"http://elsewhere.example:{port}/f.json", timeout=5)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

    assert answer.status_code == 200 and answer.json() == []
    assert seen == [f"feeds.intra.example:{port}"]


def _only_numeric(real: Any) -> Any:
    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if isinstance(host, str) and not host.replace(".", "").isdigit():
            raise socket.gaierror("names are not looked up again")
        return real(host, *args, **kwargs)

    return lookup


def test_a_feed_that_redirects_is_not_followed(runner, app):
    hits: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            hits.append(self.path)
            self.send_response(302)
            self.send_header("Location", "http://169.254.169.254/latest/meta-data")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        app.config["PEERAPP_OUTBOUND_ALLOW"] = f"127.0.0.1:{server.server_port}"
        url = f"http://127.0.0.1:{server.server_port}/feed.json"
        result = runner.invoke(args=["import-meetings", url])
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

    assert result.exit_code == 2
    assert "redirects are not followed" in result.stderr
    assert hits == ["/feed.json"]


def test_a_feed_on_an_internal_address_is_not_fetched(runner, recorder):
    result = runner.invoke(args=["import-meetings", f"http://0x7f.1:{recorder.port}/feed.json"])

    assert result.exit_code == 2
    assert "not on the public internet" in result.stderr
    assert json.dumps(result.stderr)  # a message, not a traceback
    assert "Traceback" not in result.output
    assert recorder.connections == 0


def _self_signed(tmp_path: Any, name: str) -> tuple[str, str]:
    """A certificate for ``name`` (and only it) with its key, as PEM files."""
    import datetime

    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / "cert.pem", tmp_path / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return str(cert_file), str(key_file)


def test_over_tls_the_pinned_address_is_checked_against_the_name(app, tmp_path, monkeypatch):
    """SNI and the certificate check use the host name, although the connection goes to the
    checked address: a certificate for another name is refused."""
    import ssl

    import requests

    cert, key = _self_signed(tmp_path, "push.intra.example")
    seen: list[str] = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            seen.append(self.headers["Host"])
            self.send_response(201)
            self.send_header("Content-Length", "0")
            self.end_headers()

        def log_message(self, *args: Any) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    server.socket = context.wrap_socket(server.socket, server_side=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    port = server.server_port
    app.config["PEERAPP_OUTBOUND_ALLOW"] = "push.intra.example,other.intra.example"
    monkeypatch.setattr(outbound, "resolve", lambda host, port: ["127.0.0.1"])
    try:
        right = outbound.check(f"https://push.intra.example:{port}/push/x")
        with outbound.session_for(right) as session:
            answer = session.post(right.url, data=b"x", timeout=5, verify=cert)
        wrong = outbound.check(f"https://other.intra.example:{port}/push/x")
        with outbound.session_for(wrong) as session, pytest.raises(requests.exceptions.SSLError):
            session.post(wrong.url, data=b"x", timeout=5, verify=cert)
    finally:
        server.shutdown()
        server.server_close()
        thread.join()

    assert answer.status_code == 201
    assert seen == [f"push.intra.example:{port}"]
