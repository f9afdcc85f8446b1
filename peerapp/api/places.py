"""Sober places over the API: the public search and one place, and peers' writes."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from peerapp.access import public, roles
from peerapp.api import bp
from peerapp.api.common import NOT_JSON, OUTSIDE, json_object, me, outside_limits
from peerapp.api.document import documented
from peerapp.api.schemas.places import NewPlace, PlaceChanges, PlaceList, PlaceSearch
from peerapp.api.schemas.places import Place as PlaceBody
from peerapp.errors import problem
from peerapp.extensions import db, utcnow
from peerapp.services.meetings.describe import MAX_ID
from peerapp.services.places import describe, edits
from peerapp.services.places.search import parse_place_args, search_places
from peerapp.services.stewardship import limits

if TYPE_CHECKING:
    from peerapp.models.places import Place

PLACE_ID = f"<int(max={MAX_ID}):place_id>"


def _not_found() -> ResponseReturnValue:
    return problem(404, _("We could not find that place."), kind="not-found")


def _check(place: Place | None = None, location: dict[str, Any] | None = None) -> None:
    """Raise ``OutsideLimits`` unless the peer may change a place there (regions limit places)."""
    if place is not None:
        limits.check(me(), None, place.region, place.city)
    if location is not None:
        limits.check(me(), None, location.get("region"), location.get("city"))


def _listed(place_id: int) -> Place | None:
    place = describe.find_place(place_id)
    return place if place is not None and place.archived_at is None else None


@bp.get("/v1/places")
@public
@documented(
    operation_id="listPlaces",
    ok={200: PlaceList},
    errors={400: "Bad Request"},
    public=True,
    validate=False,
    query=PlaceSearch,
)
def list_places() -> ResponseReturnValue:
    """Places matching the query: nearest first around lat/lng, otherwise by name."""
    result = search_places(parse_place_args(request.args))
    return jsonify(
        places=[
            describe.place_to_api(hit.place, result.now, hit.distance_km) for hit in result.hits
        ],
        total=result.total,
    )


@bp.get(f"/v1/places/{PLACE_ID}")
@public
@documented(operation_id="getPlace", ok={200: PlaceBody}, errors={404: "Not Found"}, public=True)
def get_place(place_id: int) -> ResponseReturnValue:
    """One listed place, with whether it is open now."""
    place = _listed(place_id)
    if place is None:
        return _not_found()
    return jsonify(describe.place_to_api(place))


@bp.post("/v1/places")
@roles("peer", "admin")
@documented(
    operation_id="createPlace",
    ok={201: PlaceBody},
    errors={400: "Bad Request", 401: "Not signed in.", 403: OUTSIDE, 415: NOT_JSON},
    json=NewPlace,
)
def create_place() -> ResponseReturnValue:
    """A peer adds a place: all of it is saved, or nothing and every bad field named."""
    fields = edits.read_place(json_object())
    try:
        _check(location=fields.location)
    except limits.OutsideLimits as error:
        return outside_limits(error)
    place = edits.create_place(me(), fields)
    db.session.commit()
    return jsonify(describe.place_to_api(place)), 201


@bp.patch(f"/v1/places/{PLACE_ID}")
@roles("peer", "admin")
@documented(
    operation_id="updatePlace",
    ok={200: PlaceBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
    json=PlaceChanges,
)
def update_place(place_id: int) -> ResponseReturnValue:
    """A peer corrects a place: only the fields sent change (lists are replaced whole)."""
    body = json_object()
    place = _listed(place_id)
    if place is None:
        return _not_found()
    fields = edits.read_place(body, current=place)
    try:
        _check(place, fields.location)
    except limits.OutsideLimits as error:
        return outside_limits(error)
    edits.update_place(me(), place, fields)
    db.session.commit()
    return jsonify(describe.place_to_api(place))


@bp.post(f"/v1/places/{PLACE_ID}/verify")
@roles("peer", "admin")
@documented(
    operation_id="verifyPlace",
    ok={200: PlaceBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
def verify_place(place_id: int) -> ResponseReturnValue:
    """A peer checked the place: it is still true today."""
    place = _listed(place_id)
    if place is None:
        return _not_found()
    try:
        _check(place)
    except limits.OutsideLimits as error:
        return outside_limits(error)
    edits.verify_place(me(), place, utcnow())
    db.session.commit()
    return jsonify(describe.place_to_api(place))


@bp.post(f"/v1/places/{PLACE_ID}/archive")
@roles("peer", "admin")
@documented(
    operation_id="archivePlace",
    ok={200: PlaceBody},
    errors={401: "Not signed in.", 403: OUTSIDE, 404: "Not Found", 415: NOT_JSON},
)
def archive_place(place_id: int) -> ResponseReturnValue:
    """A peer takes a place out of search (it closed, or is no longer sober)."""
    place = describe.find_place(place_id)
    if place is None:
        return _not_found()
    try:
        _check(place)
    except limits.OutsideLimits as error:
        return outside_limits(error)
    edits.archive_place(me(), place, utcnow())
    db.session.commit()
    body = describe.place_to_api(place)
    body["archived_at"] = place.archived_at.isoformat() if place.archived_at else None
    return jsonify(body)
