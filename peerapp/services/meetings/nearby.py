"""The circle of a distance search, as SQL the meeting index answers and as exact checks.

Inside the database a distance is measured on a locally flat earth: north-south kilometres, and
east-west kilometres scaled by the cosine of the latitude (taken linearly from the centre, so the
expression is plain arithmetic on every backend). Within a few hundred kilometres that is within
a fraction of a percent of the great circle; the ring where it could be wrong is left to Python.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

import sqlalchemy as sa
from geographiclib.geodesic import Geodesic
from geopy.distance import ELLIPSOIDS

from peerapp.models import Meeting
from peerapp.models.meetings import GEOCELL_DEGREES, geocell
from peerapp.services.geo import EARTH_RADIUS_KM, haversine_km

KM_PER_DEGREE = 111.32
MAX_CELLS = 64
#: the share of the radius, each side of the edge, that Python measures exactly
EDGE_MARGIN = 0.006
WIDE_EDGE_MARGIN = 0.02
#: beyond this radius the wide margin applies
WIDE_RADIUS_KM = 100
#: geopy's WGS-84 geodesic (kilometres), called without its argument parsing
_MAJOR_KM, _MINOR_KM, _FLATTENING = ELLIPSOIDS["WGS-84"]
_WGS84 = Geodesic(_MAJOR_KM, _FLATTENING)
_E2 = _FLATTENING * (2 - _FLATTENING)
#: what the ellipsoid's curvature bounds leave out for a radius up to ``WIDE_RADIUS_KM``
#: (second order in the distance over the earth's radius; a test checks it)
CURVATURE_SLACK = 1e-4


def geodesic_km(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """geopy's ``geodesic(...).km``, the same figure, without building ``Point`` objects."""
    return float(_WGS84.Inverse(lat1, lng1, lat2, lng2, Geodesic.DISTANCE)["s12"])


def _curvatures(latitude: float) -> tuple[float, float]:
    """The ellipsoid's meridional and prime-vertical radii of curvature (km) at a latitude."""
    sin2 = math.sin(math.radians(latitude)) ** 2
    w = math.sqrt(1 - _E2 * sin2)
    return _MAJOR_KM * (1 - _E2) / w**3, _MAJOR_KM / w


@dataclass(frozen=True)
class Circle:
    """A search circle: centre, radius, and the SQL that finds what is in it."""

    latitude: float
    longitude: float
    radius_km: float

    @property
    def wraps(self) -> bool:
        """Whether the circle crosses the antimeridian (flat distances are then not used)."""
        dlng = self._dlng(self.radius_km)
        return not (self.longitude - dlng > -180 and self.longitude + dlng < 180)

    def _dlat(self, radius: float) -> float:
        return radius / KM_PER_DEGREE

    def _dlng(self, radius: float) -> float:
        dlat = self._dlat(radius)
        far = min(89.0, max(abs(self.latitude - dlat), abs(self.latitude + dlat)))
        return radius / (KM_PER_DEGREE * math.cos(math.radians(far)))

    def box(self, radius: float | None = None) -> list[sa.ColumnElement[bool]]:
        """Index-backed conditions: the grid cells and the bounding box of the circle."""
        if radius is None:
            return list(self._box)
        return self._box_of(radius)

    @cached_property
    def _box(self) -> list[sa.ColumnElement[bool]]:
        # built once per search: SQL expressions are immutable, so one search reuses them
        return self._box_of(self.radius_km)

    def _box_of(self, radius: float) -> list[sa.ColumnElement[bool]]:
        lat, lng = self.latitude, self.longitude
        dlat, dlng = self._dlat(radius), self._dlng(radius)
        lat_min, lat_max = max(-90.0, lat - dlat), min(90.0, lat + dlat)
        conditions: list[sa.ColumnElement[bool]] = [Meeting.latitude.between(lat_min, lat_max)]
        if lng - dlng > -180 and lng + dlng < 180:
            conditions.append(Meeting.longitude.between(lng - dlng, lng + dlng))
            rows = range(
                int((lat_min + 90) // GEOCELL_DEGREES), int((lat_max + 90) // GEOCELL_DEGREES) + 1
            )
            first = geocell(lat_min, lng - dlng) % 10_000
            last = geocell(lat_min, lng + dlng) % 10_000
            cols = range(first, last + 1)
            if len(rows) * len(cols) <= MAX_CELLS:
                cells = [r * 10_000 + c for r in rows for c in cols]
                conditions.append(Meeting.geocell.in_(cells))
        return conditions

    def flat_km2(self) -> sa.ColumnElement[float | None]:
        """SQL: the squared flat-earth distance in km² from the centre to the meeting."""
        return self._flat

    @cached_property
    def _flat(self) -> sa.ColumnElement[float | None]:
        lat, lng = self.latitude, self.longitude
        cos0, sin0 = math.cos(math.radians(lat)), math.sin(math.radians(lat))
        north = (Meeting.latitude - lat) * KM_PER_DEGREE
        # the cosine at the middle latitude, to first order: cos(a + d/2) ~ cos a - sin a * d/2
        scale = cos0 - (Meeting.latitude - lat) * (sin0 * math.pi / 360)
        east = (Meeting.longitude - lng) * (KM_PER_DEGREE * scale)
        return north * north + east * east

    @property
    def margin(self) -> float:
        """The share of the radius each side of the edge that is measured exactly."""
        return WIDE_EDGE_MARGIN if self.radius_km > WIDE_RADIUS_KM else EDGE_MARGIN

    def square(self, radius: float) -> sa.ColumnElement[bool]:
        """SQL: inside the square inscribed in a circle of ``radius`` (plain comparisons, so
        most meetings of a crowded circle are settled before any arithmetic)."""
        half = radius / math.sqrt(2) * 0.999
        dlat = half / KM_PER_DEGREE
        far = min(89.0, abs(self.latitude) + dlat)
        dlng = half / (KM_PER_DEGREE * math.cos(math.radians(far)))
        return sa.and_(
            Meeting.latitude.between(self.latitude - dlat, self.latitude + dlat),
            Meeting.longitude.between(self.longitude - dlng, self.longitude + dlng),
        )

    def within(self, radius: float) -> sa.ColumnElement[bool]:
        """SQL: within ``radius`` km on the flat earth (the inscribed square first)."""
        return sa.or_(self.square(radius), self.flat_km2() <= radius * radius)

    def surely_inside(self) -> sa.ColumnElement[bool]:
        """SQL: well inside the circle (the count needs no exact check)."""
        return self._surely_inside

    @cached_property
    def _surely_inside(self) -> sa.ColumnElement[bool]:
        if self.wraps:
            return sa.false()
        return self.within(self.radius_km * (1 - self.margin))

    def maybe_inside(self) -> sa.ColumnElement[bool]:
        """SQL: inside, or in the edge ring where the exact check decides."""
        return self._maybe_inside

    @cached_property
    def _maybe_inside(self) -> sa.ColumnElement[bool]:
        if self.wraps:
            return sa.true()
        return self.within(self.radius_km * (1 + self.margin))

    def at_edge(self) -> sa.ColumnElement[bool]:
        """SQL: in the ring at the edge where only an exact measure can tell."""
        if self.wraps:
            return sa.true()
        inner = self.radius_km * (1 - self.margin)
        return sa.and_(
            sa.not_(self.square(inner)),
            self.flat_km2() > inner * inner,
            self.maybe_inside(),
        )

    @cached_property
    def _band(self) -> tuple[float, float]:
        """Haversine distances below the first are surely inside, above the second surely
        outside; between them the geodesic decides.

        Over a short way the geodesic is the haversine distance scaled by the ellipsoid's radius
        of curvature along the way over the sphere's, and that radius lies between the
        meridional and the prime-vertical one at the latitudes the circle spans. Wider circles
        keep the fixed band of ``EDGE_MARGIN``.
        """
        if self.radius_km > WIDE_RADIUS_KM:
            return self.radius_km * (1 - EDGE_MARGIN), self.radius_km * (1 + EDGE_MARGIN)
        dlat = self._dlat(self.radius_km) * 1.01
        lats = [
            max(-90.0, min(90.0, lat))
            for lat in (self.latitude - dlat, self.latitude, self.latitude + dlat)
        ]
        if (self.latitude - dlat) < 0 < (self.latitude + dlat):
            lats.append(0.0)
        radii = [r for lat in lats for r in _curvatures(lat)]
        low = min(radii) / EARTH_RADIUS_KM * (1 - CURVATURE_SLACK)
        high = max(radii) / EARTH_RADIUS_KM * (1 + CURVATURE_SLACK)
        # geodesic = haversine * ratio with low <= ratio <= high
        inner = self.radius_km / high
        outer = self.radius_km / low
        return (
            max(inner, self.radius_km * (1 - EDGE_MARGIN)),
            min(outer, self.radius_km * (1 + EDGE_MARGIN)),
        )

    def distance(self, latitude: float, longitude: float) -> float | None:
        """The haversine distance when the point is in the circle (geodesic at the edge)."""
        km = haversine_km(self.latitude, self.longitude, latitude, longitude)
        inner, outer = self._band
        if km > outer:
            return None
        if km > inner:
            exact = geodesic_km(self.latitude, self.longitude, latitude, longitude)
            if exact > self.radius_km:
                return None
        return km
