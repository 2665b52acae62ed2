"""A balanced adult profile for the measure, triage and report tests.

Points in millimetres in a face frame: x anterior, y up, origin at subnasale. Lips closed.
"""

from __future__ import annotations

from facial_profile.types import L

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
