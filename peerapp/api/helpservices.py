"""Help services over the API: the public search and one service, stewards' writes, and our
services published in Open Referral HSDS 3.0."""

from __future__ import annotations

from math import ceil
from typing import TYPE_CHECKING

from flask import jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import public, roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, OUTSIDE, json_object, me
from peerapp.api.document import documented
from peerapp.api.listing_answers import (
    CORRECT_ERRORS,
    CREATE_ERRORS,
    correction,
    refusals,
    tagged,
)
from peerapp.api.schemas.helpservices import HelpService as ServiceBody
from peerapp.api.schemas.helpservices import (
    HelpServiceChanges,
    HelpServiceList,
    HelpServiceSearch,
    HsdsPage,
    HsdsService,
    HsdsServiceList,
    NewHelpService,
)
from peerapp.errors import problem
from peerapp.extensions import utcnow
from peerapp.services.errors import ValidationError
from peerapp.services.helpservices import describe, hsds_out, operations
from peerapp.services.helpservices.operations import SERVICE_STEWARD_ROLES
from peerapp.services.helpservices.search import parse_service_args, search_services
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.meetings.query import _whole
from peerapp.services.stewardship.listings import version_of

if TYPE_CHECKING:
    from peerapp.models.helpservices import HelpService

SERVICE_ID = f"<int(max={MAX_ID}):service_id>"


def _link(service_id: int) -> str:
    return url_for("helpservices.service_page", service_id=service_id, _external=True)


def _not_found() -> ResponseReturnValue:
    return problem(404, _("We could not find that service."), kind="not-found")


def _answer(service: HelpService, status: int = 200) -> ResponseReturnValue:
    body = describe.service_to_api(service, link=_link)
    if service.archived_at is not None:
        body["archived_at"] = service.archived_at.isoformat()
    return tagged(jsonify(body), version_of(service)), status


@bp.get("/v1/services")
@public
@documented(
    operation_id="listHelpServices",
    ok={200: HelpServiceList},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=HelpServiceSearch,
)
def list_services() -> ResponseReturnValue:
    """Help services matching the query: nearest first around lat/lng, otherwise by name."""
    result = search_services(parse_service_args(request.args.to_dict(flat=False)))
    return jsonify(
        services=[
            describe.service_to_api(hit.service, result.now, hit.distance_km, link=_link)
            for hit in result.hits
        ],
        total=result.total,
    )


@bp.get(f"/v1/services/{SERVICE_ID}")
@public
@documented(
    operation_id="getHelpService", ok={200: ServiceBody}, errors={404: "Not Found"}, public=True
)
def get_service(service_id: int) -> ResponseReturnValue:
    """One listed service, with whether it is open now."""
    service = describe.find_service(service_id)
    if service is None or service.archived_at is not None:
        return _not_found()
    return _answer(service)


@bp.post("/v1/services")
@roles(*SERVICE_STEWARD_ROLES)
@documented(
    operation_id="createHelpService",
    ok={201: ServiceBody},
    errors=CREATE_ERRORS,
    json=NewHelpService,
)
@refusals
def create_service() -> ResponseReturnValue:
    """A steward adds a service: all of it is saved, or nothing and every bad field named."""
    return _answer(operations.add_service(me(), json_object()), 201)


@bp.patch(f"/v1/services/{SERVICE_ID}")
@roles(*SERVICE_STEWARD_ROLES)
@documented(
    operation_id="updateHelpService",
    ok={200: ServiceBody},
    errors=CORRECT_ERRORS,
    json=HelpServiceChanges,
)
@refusals
def update_service(service_id: int) -> ResponseReturnValue:
    """A steward corrects a service: only the fields sent change (lists are replaced whole).
    ``If-Match`` or ``"version"`` refuse it when someone saved meanwhile: 412 and 409."""
    return correction(
        lambda body, version: operations.correct_service(
            me(), service_id, body, expected_version=version
        ),
        _answer,
    )


@bp.post(f"/v1/services/{SERVICE_ID}/verify")
@roles(*SERVICE_STEWARD_ROLES)
@documented(
    operation_id="verifyHelpService",
    ok={200: ServiceBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
@refusals
def verify_service(service_id: int) -> ResponseReturnValue:
    """A steward checked the service: it is still true today."""
    return _answer(operations.verify_service(me(), service_id, utcnow()))


@bp.post(f"/v1/services/{SERVICE_ID}/archive")
@roles(*SERVICE_STEWARD_ROLES)
@documented(
    operation_id="archiveHelpService",
    ok={200: ServiceBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
@refusals
def archive_service(service_id: int) -> ResponseReturnValue:
    """A steward takes a service out of search (it closed, or moved)."""
    return _answer(operations.archive_service(me(), service_id, utcnow()))


@bp.get("/v1/hsds/services")
@public
@documented(
    operation_id="listHsdsServices",
    ok={200: HsdsServiceList},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=HsdsPage,
)
def list_hsds_services() -> ResponseReturnValue:
    """Our listed help services in Open Referral HSDS 3.0, a page at a time."""
    args = request.args.to_dict(flat=False)
    errors: dict[str, str] = {}
    page = _whole(args, "page", 1, 100_000, errors) or 1
    size = _whole(args, "per_page", 1, 100, errors) or 50
    if errors:
        raise ValidationError(errors)
    found = hsds_out.published_page(page, size)
    pages = ceil(found.total / size) if found.total else 0
    return jsonify(
        total_items=found.total,
        total_pages=pages,
        page_number=page,
        size=len(found.services),
        first_page=page == 1,
        last_page=page >= pages,
        empty=not found.services,
        contents=found.services,
    )


@bp.get("/v1/hsds/services/<string(maxlength=36):uid>")
@public
@documented(
    operation_id="getHsdsService", ok={200: HsdsService}, errors={404: "Not Found"}, public=True
)
def get_hsds_service(uid: str) -> ResponseReturnValue:
    """One of our listed help services in Open Referral HSDS 3.0, by its HSDS id."""
    found = hsds_out.published_service(uid)
    if found is None:
        return _not_found()
    return jsonify(found)
