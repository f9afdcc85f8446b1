"""The offline gazetteer: Norwegian place names and postal codes without the network."""

from __future__ import annotations

import pytest
from geopy.distance import geodesic

from peerapp.services.geo import haversine_km, resolve_place


@pytest.mark.parametrize(
    ("typed", "near", "within_km"),
    [
        ("Bergen", (60.3913, 5.3221), 5),
        ("5003", (60.3913, 5.3221), 5),
        ("0150 Oslo", (59.9139, 10.7522), 5),
        ("tromso", (69.6492, 18.9553), 5),
        ("Ålesund", (62.4722, 6.1495), 5),
        ("BODØ", (67.2804, 14.4049), 5),
        ("Nordnes, Bergen", (60.3913, 5.3221), 5),
        # a post town too small for the place list borrows its postal neighbour's point
        ("9990", (70.6345, 29.7185), 60),
    ],
)
def test_places_and_postal_codes_resolve_offline(app, typed, near, within_km):
    place = resolve_place(typed)
    assert place is not None
    assert geodesic(near, (place.latitude, place.longitude)).km < within_km


def test_unknown_place_is_none(app):
    assert resolve_place("Xyzzyville") is None
    assert resolve_place("   ") is None
    assert resolve_place("0000") is None


def test_haversine_agrees_with_geodesic_within_half_a_percent():
    a, b = (59.9139, 10.7522), (60.3913, 5.3221)
    assert haversine_km(*a, *b) == pytest.approx(geodesic(a, b).km, rel=0.005)
