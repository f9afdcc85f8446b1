"""A local Web Push service for tests: checks VAPID, decrypts aes128gcm, answers as scripted.

``receiver.new_subscription()`` hands out what a browser's ``PushSubscription.toJSON()`` would,
with real keys; every POST to its endpoint is checked the way a push service and a browser
would (the VAPID JWT's ES256 signature, audience and expiry; then RFC 8291 decryption with the
subscription's private key) and recorded as a :class:`Push`.
"""

from __future__ import annotations

import base64
import json
import secrets
import threading
import time
from collections import deque
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import http_ece
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.utils import encode_dss_signature


def b64url_decode(text: str) -> bytes:
    """Bytes from URL-safe base64 with or without padding."""
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def b64url(data: bytes) -> str:
    """URL-safe base64 without padding."""
    return base64.urlsafe_b64encode(data).decode().rstrip("=")


@dataclass
class Push:
    """One push message the service accepted or refused, decrypted."""

    path: str
    status: int
    headers: dict[str, str]
    claims: dict[str, Any]
    #: the VAPID public key that signed it (``k=``)
    vapid_key: str
    payload: dict[str, Any]


@dataclass
class _Subscription:
    private_key: ec.EllipticCurvePrivateKey
    auth: bytes
    answers: deque[tuple[int, dict[str, str]]] = field(default_factory=deque)


class VapidRejected(Exception):
    """The request's VAPID authorisation does not hold."""


def verify_vapid(authorization: str, origin: str) -> tuple[dict[str, Any], str]:
    """Check a ``vapid t=<jwt>, k=<key>`` header as RFC 8292 says; returns the claims and key."""
    scheme, _, params = authorization.partition(" ")
    if scheme.lower() != "vapid":
        raise VapidRejected(f"scheme {scheme!r}")
    fields = dict(part.strip().split("=", 1) for part in params.split(",") if "=" in part)
    token, key = fields.get("t", ""), fields.get("k", "")
    try:
        header_b64, claims_b64, signature_b64 = token.split(".")
        header = json.loads(b64url_decode(header_b64))
        claims = json.loads(b64url_decode(claims_b64))
        signature = b64url_decode(signature_b64)
        public = ec.EllipticCurvePublicKey.from_encoded_point(ec.SECP256R1(), b64url_decode(key))
    except ValueError as error:
        raise VapidRejected(f"malformed: {error}") from None
    if header.get("alg") != "ES256" or len(signature) != 64:
        raise VapidRejected("not ES256")
    r, s = int.from_bytes(signature[:32], "big"), int.from_bytes(signature[32:], "big")
    try:
        public.verify(
            encode_dss_signature(r, s),
            f"{header_b64}.{claims_b64}".encode(),
            ec.ECDSA(hashes.SHA256()),
        )
    except InvalidSignature:
        raise VapidRejected("bad signature") from None
    now = time.time()
    if claims.get("aud") != origin:
        raise VapidRejected(f"aud {claims.get('aud')!r} is not {origin!r}")
    if not isinstance(claims.get("exp"), int) or not now < claims["exp"] <= now + 24 * 3600:
        raise VapidRejected("exp not within the next 24 hours")
    if not claims.get("sub"):
        raise VapidRejected("no sub")
    return claims, key


class PushReceiver:
    """A threaded HTTP push service on 127.0.0.1 with a random port."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._subscriptions: dict[str, _Subscription] = {}
        self.pushes: list[Push] = []
        #: requests refused before decryption (bad VAPID, bad encryption), as reasons
        self.rejections: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), self._handler())
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def origin(self) -> str:
        """``http://127.0.0.1:<port>``, the VAPID audience."""
        host, port = self._server.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> PushReceiver:
        """Start answering."""
        self._thread.start()
        return self

    def stop(self) -> None:
        """Stop answering and close the socket."""
        self._server.shutdown()
        self._server.server_close()
        self._thread.join()

    def __enter__(self) -> PushReceiver:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def new_subscription(self) -> dict[str, Any]:
        """A new subscription as a browser would send it: endpoint and real keys."""
        private_key = ec.generate_private_key(ec.SECP256R1())
        auth = secrets.token_bytes(16)
        path = f"/push/{secrets.token_urlsafe(12)}"
        with self._lock:
            self._subscriptions[path] = _Subscription(private_key, auth)
        public = private_key.public_key().public_bytes(
            serialization.Encoding.X962, serialization.PublicFormat.UncompressedPoint
        )
        return {
            "endpoint": self.origin + path,
            "keys": {"p256dh": b64url(public), "auth": b64url(auth)},
        }

    def answer(self, subscription: dict[str, Any], *statuses: int, retry_after: str = "") -> None:
        """Answer the next pushes to ``subscription`` with these statuses (then 201 again)."""
        path = subscription["endpoint"].removeprefix(self.origin)
        headers = {"Retry-After": retry_after} if retry_after else {}
        with self._lock:
            self._subscriptions[path].answers.extend((status, headers) for status in statuses)

    def received(self, subscription: dict[str, Any] | None = None) -> list[Push]:
        """The pushes accepted (2xx), for one subscription or all."""
        with self._lock:
            pushes = [p for p in self.pushes if 200 <= p.status < 300]
        if subscription is None:
            return pushes
        path = subscription["endpoint"].removeprefix(self.origin)
        return [p for p in pushes if p.path == path]

    def _handle(
        self, path: str, headers: dict[str, str], body: bytes
    ) -> tuple[int, dict[str, str]]:
        """Check, decrypt and record one push; returns the status and headers to answer with."""
        with self._lock:
            subscription = self._subscriptions.get(path)
        if subscription is None:
            return 404, {}
        try:
            claims, key = verify_vapid(headers.get("authorization", ""), self.origin)
        except VapidRejected as error:
            self.rejections.append(f"vapid: {error}")
            return 401, {}
        if headers.get("content-encoding") != "aes128gcm" or "ttl" not in headers:
            self.rejections.append("not aes128gcm or no TTL")
            return 400, {}
        try:
            plain = http_ece.decrypt(
                body,
                version="aes128gcm",
                private_key=subscription.private_key,
                auth_secret=subscription.auth,
            )
            payload = json.loads(plain)
        except Exception as error:  # anything that does not decrypt is the sender's fault
            self.rejections.append(f"decrypt: {type(error).__name__}")
            return 400, {}
        with self._lock:
            status, extra = subscription.answers.popleft() if subscription.answers else (201, {})
            self.pushes.append(Push(path, status, headers, claims, key, payload))
        return status, extra

    def _handler(self) -> type[BaseHTTPRequestHandler]:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                body = self.rfile.read(length)
                headers = {k.lower(): v for k, v in self.headers.items()}
                status, extra = receiver._handle(self.path, headers, body)
                self.send_response(status)
                for name, value in extra.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                """Keep test output quiet."""

        return Handler
