"""The hand-placed annotations of the shared photographs, and comparing detected points with
them (used by the tests and by bench/profile_accuracy)."""

from __future__ import annotations

import json
import math
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import TypeVar

import numpy as np

from facial_profile.types import DOUBTS, LOW_CONFIDENCE, Detection, L

#: Two careful annotators of these photos differ by 1.5 % of N'-Me' on average, with 74 % of
#: points within 1.7 %: the limit for "where the annotator put it".
ANNOTATOR_SPREAD = 0.017

K = TypeVar("K")

DATA = Path(__file__).with_name("data")
#: Our own annotations of the photos the shared file leaves out, in the same format (2026-11-25).
EXTRA_ANNOTATIONS = DATA / "annotations-extra.json"
#: Two blind passes over all 22 photographs (2026-12-07), each by annotators who saw no detector
#: output and no other annotation (data/annotating/BRIEF.md): the second annotators against
#: which the others are judged.
BLIND_ANNOTATIONS = {
    "blind 1": DATA / "annotations-blind-1.json",
    "blind 2": DATA / "annotations-blind-2.json",
}
#: Core landmarks as the annotation files name them.
CORE_LABELS = ("G", "N", "Prn", "Sn", "Ls", "Stm", "Li", "B", "Pog")
#: Each core landmark with its name in the annotation files ("Stm" for stomion, which the
#: detector gives as Sts).
CORE_PAIRS = tuple((L.STS if k == "Stm" else L(k), k) for k in CORE_LABELS)

Annotation = dict[str, object]


def _read(path: Path) -> dict[str, Annotation]:
    """An annotation file (a list of ``{"image", "facing", "points", "notes"}``) by image name."""
    if not path.exists():
        return {}
    return {str(a["image"]): a for a in json.loads(path.read_text())}


def load_annotations(folder: Path, *, extra: bool = True) -> dict[str, Annotation]:
    """Hand-placed landmarks by image name: the shared file in ``folder`` and (with ``extra``)
    our own annotations of the photos it leaves out."""
    out = _read(folder / "annotations.json")
    if extra:
        out = {**_read(EXTRA_ANNOTATIONS), **out}
    return out


def annotation_sets(folder: Path) -> dict[str, dict[str, Annotation]]:
    """Every set of annotations by who made it: the shared file, ours of 2026-11-25 and the two
    blind passes."""
    return {
        "shared": _read(folder / "annotations.json"),
        "ours 11-25": _read(EXTRA_ANNOTATIONS),
        **{name: _read(path) for name, path in BLIND_ANNOTATIONS.items()},
    }


def consensus(sets: Mapping[str, Mapping[str, Annotation]]) -> dict[str, Annotation]:
    """The reference each photograph is measured against: the shared annotation where there is
    one (careful annotators, the issue's yardstick); elsewhere, per point, the mean of every one
    of our passes that placed it. Chosen before the detector was measured against the blind
    passes (docs/facial_profile/archival-photos.md, eighth session)."""
    shared = sets["shared"]
    ours = [s for name, s in sets.items() if name != "shared"]
    images = {img for s in ours for img in s} - set(shared)
    out: dict[str, Annotation] = dict(shared)
    for img in sorted(images):
        passes = [s[img] for s in ours if img in s]
        placed: dict[str, list[Sequence[float]]] = {}
        for a in passes:
            pts = a["points"]
            assert isinstance(pts, dict)
            for k, xy in pts.items():
                placed.setdefault(k, []).append(xy)
        out[img] = {
            "image": img,
            "facing": passes[0]["facing"],
            "points": {
                k: [float(np.mean([p[i] for p in v])) for i in (0, 1)] for k, v in placed.items()
            },
        }
    return out


def agreement(
    ref: Mapping[str, Annotation], other: Mapping[str, Annotation], images: set[str]
) -> list[float]:
    """Distances between two annotators' core points, as % of the first one's N'-Me', over the
    ``images`` both annotated (and the first gave N' and Me' on)."""
    out = []
    for img in sorted(images & set(ref) & set(other)):
        p, q = ref[img]["points"], other[img]["points"]
        assert isinstance(p, dict) and isinstance(q, dict)
        if "N" not in p or "Me" not in p:
            continue
        r = math.dist(p["N"], p["Me"])
        out += [100 * math.dist(p[k], q[k]) / r for k in CORE_LABELS if k in p and k in q]
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


def assert_flagged_points_say_why(det: Detection) -> None:
    """Every low-confidence point names at least one reason, each one the report can put in
    words; a point placed by hand names none."""
    for key, p in det.landmarks.points.items():
        assert set(p.doubts) <= set(DOUBTS), (key, p.doubts)
        if p.source == "manual":
            assert p.doubts == (), key
        elif p.confidence < LOW_CONFIDENCE:
            assert p.doubts, (key, p.confidence)
