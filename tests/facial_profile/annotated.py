"""The hand-placed annotations of the shared photographs, and comparing detected points with
them (used by the tests and by bench/profile_accuracy)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from facial_profile.types import LOW_CONFIDENCE, Detection, L

#: Two careful annotators of these photos differ by 1.5 % of N'-Me' on average, with 74 % of
#: points within 1.7 %: the limit for "where the annotator put it".
ANNOTATOR_SPREAD = 0.017

K = TypeVar("K")

#: Our own annotations of the photos the shared file leaves out, in the same format.
EXTRA_ANNOTATIONS = Path(__file__).with_name("data") / "annotations-extra.json"


def load_annotations(folder: Path, *, extra: bool = True) -> dict[str, dict[str, object]]:
    """Hand-placed landmarks by image name: the shared file in ``folder`` and (with ``extra``)
    our own annotations of the photos it leaves out."""
    out: dict[str, dict[str, object]] = {}
    for f in (folder / "annotations.json", *([EXTRA_ANNOTATIONS] if extra else [])):
        if f.exists():
            for a in json.loads(f.read_text()):
                out[str(a["image"])] = a
    return out


def moved(points: Mapping[K, Sequence[float]], m: np.ndarray) -> dict[K, tuple[float, float]]:
    """Annotated points carried by the 2 x 3 affine map ``m`` (a photo resized, turned, cut)."""
    out: dict[K, tuple[float, float]] = {}
    for k, (x, y) in points.items():
        px, py = m @ np.array([x, y, 1.0])
        out[k] = (float(px), float(py))
    return out


def assert_near_annotation(
    det: Detection,
    points: Mapping[str, Sequence[float]],
    pairs: tuple[tuple[L, str], ...],
    *,
    or_flagged: bool = False,
) -> None:
    """Each detected point in ``pairs`` (landmark, annotation label) lies within the spread
    between two careful annotators of the annotated one, as a share of annotated N'-Me'; with
    ``or_flagged``, a point further off must be flagged low confidence instead."""
    ref = math.dist(points["N"], points["Me"])
    for key, label in pairs:
        p = det.landmarks.get(key)
        assert p is not None, key
        err = math.dist((p.x, p.y), points[label]) / ref
        flagged = or_flagged and p.confidence < LOW_CONFIDENCE
        assert err <= ANNOTATOR_SPREAD or flagged, (key, err, p.confidence)
