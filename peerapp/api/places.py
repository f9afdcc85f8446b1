"""Sober places over the API: the public search and one place, and peers' writes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from flask import jsonify, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp import links
from peerapp.access import public, roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, OUTSIDE, json_object, me
from peerapp.api.document import documented
from peerapp.api.listing_answers import (
    CREATE_ERRORS,
    STALE_BODY,
    STALE_IF_MATCH,
    correction,
    refusals,
    tagged,
)
from peerapp.api.schemas.places import NewPlace, PlaceChanges, PlaceList, PlaceSearch
from peerapp.api.schemas.places import Place as PlaceBody
from peerapp.errors import problem
from peerapp.extensions import utcnow
from peerapp.services.helpservices.describe import moved_from_place, naloxone_search
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.places import describe, operations
from peerapp.services.places.search import parse_place_args, search_places
from peerapp.services.stewardship.listings import version_of

if TYPE_CHECKING:
    from peerapp.models.places import Place

PLACE_ID = f"<int(max={MAX_ID}):place_id>"


def _not_found() -> ResponseReturnValue:
    return problem(404, _("We could not find that place."), kind="not-found")


def _listed(place_id: int) -> Place | None:
    place = describe.find_place(place_id)
    return place if place is not None and place.archived_at is None else None


def _answer(place: Place, status: int = 200) -> ResponseReturnValue:
    body = describe.place_to_api(place, link=links.place_page)
    return tagged(jsonify(body), version_of(place)), status


@bp.get("/v1/places")
@public
@documented(
    operation_id="listPlaces",
    ok={200: PlaceList},
    errors={
        308: "`kind=naloxone` alone: naloxone points moved to `/api/v1/services`.",
        400: "Bad Request",
    },
    public=True,
    validate=False,
    query=PlaceSearch,
)
def list_places() -> ResponseReturnValue:
    """Places matching the query: nearest first around lat/lng, otherwise by name."""
    moved = naloxone_search(request.args.to_dict(flat=False))
    if moved is not None:  # naloxone points moved to help services: old links follow
        return redirect(url_for("api.list_services", **moved), 308)
    result = search_places(parse_place_args(request.args.to_dict(flat=False)))
    return jsonify(
        places=[
            describe.place_to_api(hit.place, result.now, hit.distance_km, link=links.place_page)
            for hit in result.hits
        ],
        total=result.total,
    )


@bp.get(f"/v1/places/{PLACE_ID}")
@public
@documented(
    operation_id="getPlace",
    ok={200: PlaceBody},
    errors={
        308: "A naloxone point that moved to help services: `Location` is the service.",
        404: "Not Found",
    },
    public=True,
)
def get_place(place_id: int) -> ResponseReturnValue:
    """One listed place, with whether it is open now."""
    place = _listed(place_id)
    if place is None:
        moved = moved_from_place(place_id)
        if moved is not None:  # naloxone points moved to help services: old links follow
            return redirect(url_for("api.get_service", service_id=moved), 308)
        return _not_found()
    return _answer(place)


@bp.post("/v1/places")
@roles("peer", "admin")
@documented(
    operation_id="createPlace",
    ok={201: PlaceBody},
    errors=CREATE_ERRORS,
    json=NewPlace,
)
@refusals
def create_place() -> ResponseReturnValue:
    """A peer adds a place: all of it is saved, or nothing and every bad field named."""
    return _answer(operations.add_place(me(), json_object()), 201)


@bp.patch(f"/v1/places/{PLACE_ID}")
@roles("peer", "admin")
@documented(
    operation_id="updatePlace",
    ok={200: PlaceBody},
    errors={
        401: "Not signed in.",
        403: OUTSIDE,
        404: "Not Found",
        409: STALE_BODY,
        412: STALE_IF_MATCH,
        415: NOT_JSON,
    },
    json=PlaceChanges,
)
@refusals
def update_place(place_id: int) -> ResponseReturnValue:
    """A peer corrects a place: only the fields sent change (lists are replaced whole).

    ``If-Match`` (the ``ETag`` of a read) or ``"version"`` in the body refuses the change when
    someone saved the place meanwhile: 412 and 409.
    """
    return correction(
        lambda body, version: operations.correct_place(
            me(), place_id, body, expected_version=version
        ),
        _answer,
    )


@bp.post(f"/v1/places/{PLACE_ID}/verify")
@roles("peer", "admin")
@documented(
    operation_id="verifyPlace",
    ok={200: PlaceBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
@refusals
def verify_place(place_id: int) -> ResponseReturnValue:
    """A peer checked the place: it is still true today."""
    return _answer(operations.verify_place(me(), place_id, utcnow()))


@bp.post(f"/v1/places/{PLACE_ID}/archive")
@roles("peer", "admin")
@documented(
    operation_id="archivePlace",
    ok={200: PlaceBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
@refusals
def archive_place(place_id: int) -> ResponseReturnValue:
    """A peer takes a place out of search (it closed, or is no longer sober)."""
    place = operations.archive_place(me(), place_id, utcnow())
    body = describe.place_to_api(place, link=links.place_page)
    body["archived_at"] = place.archived_at.isoformat() if place.archived_at else None
    return tagged(jsonify(body), version_of(place))
