"""What any request may send, checked once before a view sees it: a 4xx, never a 500.

JSON bodies are limited in size and nesting before they are parsed (Python's parser recurses,
so a deeply nested body would otherwise end in a ``RecursionError``). Every text a form or JSON
body sends must be valid Unicode (JSON's ``\\ud800`` escapes can make a lone surrogate, which
no database can store) without invisible control characters; and every field but the few that
take several lines (notes, messages, descriptions) stays on one line, so that a name or title
cannot split a calendar file, a header or a CSV row later. Each refusal names the field.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask, render_template, request
from flask.json.provider import DefaultJSONProvider
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.errors import problem, validation_problem

#: the largest JSON body any endpoint takes (a check-in note of 5,000 characters, escaped, fits)
JSON_MAX_BYTES = 128 * 1024
#: the deepest nesting of objects and arrays any endpoint takes (the API uses four at most)
JSON_MAX_DEPTH = 32
#: the fields people write several lines in, in forms and JSON alike; all others are one line
MULTILINE_FIELDS = frozenset(
    {"about", "body", "description", "message", "note", "notes", "reason", "text"}
)

_SURROGATE = re.compile("[\ud800-\udfff]")
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_TAB = re.compile("\t")
_LINE_BREAK = re.compile("[\n\r\u2028\u2029]")
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKET = re.compile(r"[\[\]{}]")

UNICODE, CONTROL, ONE_LINE = "unicode", "control", "one-line"


def json_depth(text: str) -> int:
    """How deeply a JSON text nests objects and arrays, counted without parsing it."""
    depth = deepest = 0
    for bracket in _BRACKET.findall(_JSON_STRING.sub("", text)):
        depth += 1 if bracket in "[{" else -1
        deepest = max(deepest, depth)
    return deepest


def text_problem(field: str, value: str) -> str | None:
    """What is wrong with a text sent in ``field`` (``UNICODE``, ``CONTROL``, ``ONE_LINE``)."""
    if _SURROGATE.search(value):
        return UNICODE
    leaf = re.split(r"[.\[]", field)[-1] if field else field
    multiline = leaf in MULTILINE_FIELDS
    if _CONTROL.search(value) or (not multiline and _TAB.search(value)):
        return CONTROL
    if not multiline and _LINE_BREAK.search(value):
        return ONE_LINE
    return None


def json_problem(value: Any, path: str = "") -> tuple[str, str] | None:
    """The first field (as a path: ``location.city``, ``items[2]``) whose text is refused."""
    if isinstance(value, str):
        kind = text_problem(path, value)
        return (path or "body", kind) if kind else None
    if isinstance(value, dict):
        for key, item in value.items():
            if text_problem("", key):
                return (path or "body", CONTROL if not _SURROGATE.search(key) else UNICODE)
            if found := json_problem(item, f"{path}.{key}" if path else key):
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            if found := json_problem(item, f"{path or 'body'}[{index}]"):
                return found
    return None


def _messages() -> dict[str, str]:
    return {
        UNICODE: _("This text has a broken character (not valid Unicode). Type it again."),
        CONTROL: _("Remove the invisible control character from this text."),
        ONE_LINE: _("Keep this on one line."),
    }


def _page_titles() -> dict[str, str]:
    return {
        UNICODE: _(
            "The text you sent has a broken character. Type it again and send it once more."
        ),
        CONTROL: _(
            "The text you sent contains an invisible control character. Remove it and try again."
        ),
        ONE_LINE: _("A field that takes one line holds a line break. Remove it and try again."),
    }


def _check_json() -> ResponseReturnValue | None:
    """Refuse a JSON body that is too large, nested too deeply, or holds text we cannot take."""
    raw = request.get_data(cache=True)
    if len(raw) > JSON_MAX_BYTES:
        return problem(413, _("What you sent is too large."), kind="content-too-large")
    text = raw.decode("utf-8", errors="replace")
    if json_depth(text) > JSON_MAX_DEPTH:
        detail = _("The JSON is nested too deeply.")
        return problem(400, _("The request could not be understood."), detail, "bad-request")
    found = json_problem(request.get_json(silent=True))
    if found is None:
        return None
    field, kind = found
    return validation_problem({field: _messages()[kind]})


def _check_form() -> ResponseReturnValue | None:
    """Refuse a form whose text holds what no one types, naming the field on the API."""
    for field, value in request.form.items(multi=True):
        kind = CONTROL if text_problem("", field) else text_problem(field, value)
        if kind is None:
            continue
        if request.path.startswith("/api/"):
            return validation_problem({field or "body": _messages()[kind]})
        title = _page_titles()[kind]
        return render_template("errors/error.html", status=400, title=title), 400
    return None


def check_input() -> ResponseReturnValue | None:
    """The before-request hook: check what a request sends, whatever the endpoint."""
    if request.is_json:
        return _check_json()
    if request.method in ("POST", "PUT", "PATCH", "DELETE"):
        return _check_form()
    return None


class GuardedJSONProvider(DefaultJSONProvider):
    """Flask's JSON, but a body too deep for the parser is invalid JSON (a 400), not a crash."""

    def loads(self, s: str | bytes, **kwargs: Any) -> Any:
        """Parse, turning the parser's recursion limit into the ``ValueError`` Flask expects."""
        try:
            return json.loads(s, **kwargs)
        except RecursionError:
            raise ValueError("JSON nested too deeply") from None


def init_app(app: Flask) -> None:
    """Install the JSON provider and the check on every request."""
    app.json = GuardedJSONProvider(app)
    app.before_request(check_input)
