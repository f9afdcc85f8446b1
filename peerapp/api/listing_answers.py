"""How the API answers peers' writes to listings: a refusal of the listing services as the
problem it has always been, and which version of a listing a client edits.

The version is the ``ETag`` a read answers with (the listing's ``updated_at``); a correction
names it in ``If-Match`` or in a ``"version"`` field. A stale ``If-Match`` is answered 412
(HTTP's precondition), a stale ``"version"`` 409 (the same refusal as the page's "someone saved
meanwhile"); without either, a correction writes."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Response, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.api.common import NOT_JSON, OUTSIDE, json_object, outside_limits
from peerapp.errors import problem
from peerapp.services.errors import Conflict, NotFound, ValidationError
from peerapp.services.stewardship.limits import OutsideLimits
from peerapp.services.stewardship.listings import Version

#: how the document describes the refusals of a stale correction
STALE_BODY = (
    "Someone saved the listing after the `version` sent in the body (a problem `type` ending in "
    "`conflict`): read it again, then correct it deliberately."
)
STALE_IF_MATCH = (
    "Someone saved the listing after the `ETag` named in `If-Match` (a problem `type` ending in "
    "`precondition-failed`)."
)

#: how the document describes the refusals of adding a listing, and of correcting one
CREATE_ERRORS: dict[int, Any] = {
    400: "Bad Request",
    401: "Not signed in.",
    403: OUTSIDE,
    415: NOT_JSON,
}
CORRECT_ERRORS: dict[int, Any] = {
    400: "Bad Request",
    401: "Not signed in.",
    403: OUTSIDE,
    404: "Not Found",
    409: STALE_BODY,
    412: STALE_IF_MATCH,
    415: NOT_JSON,
}


def refusals(view: Callable[..., ResponseReturnValue]) -> Callable[..., ResponseReturnValue]:
    """Answer a peer outside their limits with 403 ``outside-limits``, and a listing that is not
    there with 404 ``not-found`` titled by what was looked for."""

    @wraps(view)
    def answered(*args: Any, **kwargs: Any) -> ResponseReturnValue:
        try:
            return view(*args, **kwargs)
        except OutsideLimits as error:
            return outside_limits(error)
        except NotFound as error:
            return problem(404, str(error.message), kind="not-found")

    return answered


def tagged(response: Response, version: str) -> Response:
    """``response`` with the listing's version as its (strong) ``ETag``."""
    response.set_etag(version)
    return response


def if_match() -> Version:
    """The versions ``If-Match`` names, or ``None`` without one (or with ``*``: any version)."""
    tags = request.if_match
    if not request.headers.get("If-Match") or tags.star_tag:
        return None
    return frozenset(tags.as_set())  # weak tags never match: an empty set fails the check


def body_version(body: dict[str, Any]) -> str | None:
    """The ``"version"`` a correction names (taken out of ``body``), or ``None``."""
    version = body.pop("version", None)
    if version is not None and not isinstance(version, str):
        raise ValidationError({"version": _("Must be text.")})
    return version


def precondition_failed(conflict: Conflict) -> Response:
    """The 412 answer for an ``If-Match`` that no longer matches."""
    return problem(
        412,
        _("The listing has changed since you read it."),
        str(conflict.message) or None,
        "precondition-failed",
    )


def corrected(
    body: dict[str, Any], correct: Callable[[dict[str, Any], Version | str | None], Any]
) -> Any:
    """Run ``correct(body, expected_version)`` with the version the client names: ``If-Match``
    first, else a ``"version"`` in the body. A stale ``If-Match`` is answered 412 (returned as a
    response); a stale ``"version"`` raises the 409 ``Conflict``, as on the page."""
    precondition = if_match()
    version = body_version(body)
    try:
        return correct(body, precondition if precondition is not None else version)
    except Conflict as conflict:
        if precondition is None:
            raise
        return precondition_failed(conflict)


def correction(
    correct: Callable[[dict[str, Any], Version | str | None], Any],
    answer: Callable[[Any], ResponseReturnValue],
) -> ResponseReturnValue:
    """A PATCH of a listing: ``correct(body, expected_version)`` with the JSON body sent (see
    ``corrected``), then ``answer`` of what it returns (or the 412, when it was refused)."""
    result = corrected(json_object(), correct)
    return result if isinstance(result, Response) else answer(result)
