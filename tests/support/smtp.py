"""A local SMTP server for tests (aiosmtpd) that keeps every message it is handed, parsed."""

from __future__ import annotations

import asyncio
import email
import email.policy
import socket
import threading
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class _Keep:
    """The aiosmtpd handler: parse and keep each message, then answer 250 (or as scripted)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.messages: list[EmailMessage] = []
        self.envelopes: list[tuple[str, list[str]]] = []
        self.answers: list[str] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        with self.lock:
            if self.answers:
                return self.answers.pop(0)
            message = email.message_from_bytes(envelope.content, policy=email.policy.default)
            assert isinstance(message, EmailMessage)
            self.messages.append(message)
            self.envelopes.append((envelope.mail_from, list(envelope.rcpt_tos)))
        return "250 Message accepted for delivery"


class _AnyPortController(Controller):
    """A controller that listens on a port the system picks, so parallel runs never collide."""

    def _trigger_server(self) -> None:
        assert isinstance(self.server, asyncio.Server)
        self.port = self.server.sockets[0].getsockname()[1]
        super()._trigger_server()


class SmtpServer:
    """``with SmtpServer() as smtp: ... smtp.url ... smtp.messages``."""

    def __init__(self) -> None:
        self._handler = _Keep()
        self._controller = _AnyPortController(self._handler, hostname="127.0.0.1", port=0)

    @property
    def url(self) -> str:
        """The ``PEERAPP_SMTP_URL`` that reaches this server."""
        return f"smtp://127.0.0.1:{self._controller.port}"

    @property
    def messages(self) -> list[EmailMessage]:
        """The messages received so far."""
        with self._handler.lock:
            return list(self._handler.messages)

    @property
    def envelopes(self) -> list[tuple[str, list[str]]]:
        """``(MAIL FROM, RCPT TO list)`` of each message received."""
        with self._handler.lock:
            return list(self._handler.envelopes)

    def answer_next(self, *replies: str) -> None:
        """Answer the next messages' DATA with these replies (``"451 try later"``), then 250."""
        with self._handler.lock:
            self._handler.answers.extend(replies)

    def start(self) -> SmtpServer:
        """Start listening."""
        self._controller.start()
        return self

    def stop(self) -> None:
        """Stop listening and close the socket."""
        self._controller.stop()

    def __enter__(self) -> SmtpServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def refusing_port() -> socket.socket:
    """A bound socket that does not listen: connecting to its port is refused. Close it after."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    return sock
