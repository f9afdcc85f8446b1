"""gunicorn settings for serving Peerapp: ``gunicorn -c python:peerapp.gunicorn_conf ...``.

A request's query can hold a place (``?lat=59.9&lng=10.7``), and the logs must hold no
location: gunicorn writes the whole request line when it refuses a malformed one, and the
access log's default format has the query too. ``QueryFreeLogger`` drops every query string
from both logs before anything is written; the access log keeps the path only.
"""

from __future__ import annotations

import logging
import re
from typing import Any

from gunicorn.glogging import Logger

#: a ``?`` and what follows it up to a space or a quote: the query of a URL in a log line
_QUERY = re.compile(r"\?[^\s'\"]*")
DROPPED = "?[query dropped]"


def without_queries(text: str) -> str:
    """``text`` with the query of every URL in it replaced by a marker."""
    return _QUERY.sub(DROPPED, text)


class _DropQueries(logging.Filter):
    """Rewrites each record's message, arguments filled in, without query strings."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Scrub the message (and a traceback already formatted); always keep the record."""
        record.msg = without_queries(record.getMessage())
        record.args = None
        if record.exc_text:
            record.exc_text = without_queries(record.exc_text)
        return True


class QueryFreeLogger(Logger):  # type: ignore[misc]
    """gunicorn's logger, but no query string reaches the error log or the access log."""

    def setup(self, cfg: Any) -> None:
        """Set up the logs as gunicorn does, then filter both."""
        super().setup(cfg)
        for log in (self.error_log, self.access_log):
            log.addFilter(_DropQueries())


# --- the settings gunicorn reads from this module ------------------------------------------------

logger_class = "peerapp.gunicorn_conf.QueryFreeLogger"
#: the path without its query, and no user agent or referrer (who sent the request is not kept)
access_log_format = '%(h)s %(t)s "%(m)s %(U)s" %(s)s %(b)s'
#: load the app once and fork the workers from it (see README, Deploying)
preload_app = True


def when_ready(server: Any) -> None:
    """In the master, before any worker is forked: read the meetings' search copy once, so each
    worker starts with it (shared until written) instead of reading it at its first search."""
    from peerapp.services.meetings import snapshot

    app = server.app.wsgi()
    with app.app_context():
        snapshot.warm()
