"""A balanced adult profile for the measure, triage and report tests.

Points in millimetres in a face frame: x anterior, y up, origin at subnasale. Lips closed.
"""

from __future__ import annotations

from facial_profile.analyse import Assessment, assess_landmarks
from facial_profile.types import Calibration, Doubt, Facing, L, Landmark, LandmarkSet

#: The photo the sample assessment is drawn on: size in pixels, and its scale.
W, H = 640, 800
PX_PER_MM = 3.0

BALANCED_FACE: dict[L, tuple[float, float]] = {
    L.G: (-6.0, 60.0),
    L.N: (-9.0, 48.0),
    L.PRN: (16.0, 10.0),
    L.CM: (8.0, 3.0),
    L.SN: (0.0, 0.0),
    L.LS: (3.0, -12.0),
    L.STS: (0.0, -20.0),
    L.STI: (0.0, -20.0),
    L.LI: (1.0, -29.0),
    L.B: (-6.0, -40.0),
    L.POG: (-3.0, -52.0),
    L.ME: (-10.0, -62.0),
    L.C: (-45.0, -58.0),
}


def sample_assessment(
    facing: Facing,
    *,
    low: tuple[L, ...] = (),
    calibrated: bool = False,
    why: tuple[Doubt, ...] = ("faint_edge",),
) -> Assessment:
    """An assessment of BALANCED_FACE on a W x H photo; the points in ``low`` come with low
    confidence, for ``why``."""
    sx = 1.0 if facing is Facing.RIGHT else -1.0
    cx = 380.0 if facing is Facing.RIGHT else 260.0
    points = {
        k: Landmark(
            k,
            cx + sx * x * PX_PER_MM,
            400 - y * PX_PER_MM,
            0.2 if k in low else 0.9,
            doubts=why if k in low else (),
        )
        for k, (x, y) in BALANCED_FACE.items()
    }
    cal = Calibration((10.0, 10.0), (70.0, 10.0), 20.0) if calibrated else None
    return assess_landmarks(LandmarkSet(points, facing, (W, H)), sex="female", calibration=cal)
