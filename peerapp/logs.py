"""Logging that never records where a person is: request lines lose their query strings."""

from __future__ import annotations

import logging
import re

from flask import Flask

_QUERY = re.compile(r"\?[^\s\"]*")


class DropQueryStrings(logging.Filter):
    """Remove ``?...`` from request lines (they carry lat/lng, typed places and search text)."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Rewrite the record in place; never drop it."""
        if isinstance(record.args, tuple):
            record.args = tuple(
                _QUERY.sub("", arg) if isinstance(arg, str) else arg for arg in record.args
            )
        if isinstance(record.msg, str):
            record.msg = _QUERY.sub("", record.msg)
        return True


def init_app(app: Flask) -> None:
    """Attach the filter to the development server's request log."""
    werkzeug_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, DropQueryStrings) for f in werkzeug_log.filters):
        werkzeug_log.addFilter(DropQueryStrings())
