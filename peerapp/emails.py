"""E-mails as the web writes them: the templates in ``templates/email/`` turned into text and HTML.

The outbox's delivery rules know no templates; ``peerapp worker`` hands :func:`render_email` to
them (:mod:`peerapp.services.notify.worker`).
"""

from __future__ import annotations

from typing import Any

from flask import render_template


def render_email(kind: str, context: dict[str, Any]) -> tuple[str, str]:
    """The plain text and HTML of an e-mail of this kind; a kind with words of its own has its own
    templates, the others say title and body."""
    plain = render_template([f"email/{kind}.txt", "email/notice.txt"], **context)
    html = render_template([f"email/{kind}.html", "email/notice.html"], **context)
    return plain, html
