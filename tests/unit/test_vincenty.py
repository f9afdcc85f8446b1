"""The edge ring of a search circle is measured with Vincenty's formula over arrays: it must agree
with geopy's geodesic to well under a millimetre wherever a circle can be drawn."""

from __future__ import annotations

import random

import numpy as np
import pytest

from peerapp.services.meetings.nearby import geodesic_km
from peerapp.services.meetings.snapshot import _vincenty


@pytest.mark.parametrize("centre", [(59.91, 10.75), (0.01, -0.02), (-33.9, 151.2), (78.2, 15.6)])
def test_vincenty_agrees_with_geopys_geodesic(centre):
    rng = random.Random(str(centre))
    lats = np.array([min(89.9, max(-89.9, centre[0] + rng.uniform(-4, 4))) for _ in range(500)])
    lngs = np.array([centre[1] + rng.uniform(-6, 6) for _ in range(500)])
    found = _vincenty(centre[0], centre[1], lats, lngs)
    expected = np.array(
        [geodesic_km(centre[0], centre[1], a, b) for a, b in zip(lats, lngs, strict=True)]
    )
    settled = ~np.isnan(found)
    assert settled.sum() >= 495
    assert np.max(np.abs(found[settled] - expected[settled])) < 1e-7
