"""Comparing detected points with the hand-placed annotations of the shared photographs."""

from __future__ import annotations

import math

from facial_profile.types import Detection, L

#: Two careful annotators of these photos differ by 1.5 % of N'-Me' on average, with 74 % of
#: points within 1.7 %: the limit for "where the annotator put it".
ANNOTATOR_SPREAD = 0.017


def assert_near_annotation(
    det: Detection, annotation: dict[str, object], pairs: tuple[tuple[L, str], ...]
) -> None:
    """Each detected point in ``pairs`` (landmark, annotation label) lies within the spread
    between two careful annotators of the annotated one, as a share of annotated N'-Me'."""
    points = annotation["points"]
    assert isinstance(points, dict)
    ref = math.dist(points["N"], points["Me"])
    for key, label in pairs:
        p = det.landmarks.get(key)
        assert p is not None, key
        assert math.dist((p.x, p.y), points[label]) / ref <= ANNOTATOR_SPREAD, key
