"""From a photo (or corrected landmarks) to an assessment: measures, norms and triage.

:func:`assess_landmarks` is pure geometry on a :class:`LandmarkSet` (the Django app calls it with
practitioner-corrected points). :func:`analyse` loads and detects first, then assesses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from numpy.typing import NDArray

from facial_profile.geometry import FaceFrame, Point, cross, distance, dot, sub
from facial_profile.measures import (
    MeasureContext,
    MeasureResult,
    Scale,
    measure_all,
)
from facial_profile.norms import NormTable, Sex, load_norms
from facial_profile.triage import TriageReport, triage
from facial_profile.types import (
    LOW_CONFIDENCE,
    Calibration,
    Detection,
    Facing,
    ImageArray,
    InvalidInputError,
    L,
    Landmark,
    LandmarkSet,
    PhotoRefused,
)

#: Version of the measuring and triage code; stored with every result.
ALGORITHM_VERSION = "facial_profile-measures 1.0.0"


@dataclass(frozen=True)
class TrueVertical:
    """A line in the photo that is truly vertical, given by two image points, upper one first."""

    upper: Point
    lower: Point


@dataclass(frozen=True)
class Assessment:
    """The full result for one profile."""

    algorithm_version: str
    norms_version: str
    landmarks: LandmarkSet
    frame: FaceFrame
    scale: Scale
    sex: Sex | None
    measures: tuple[MeasureResult, ...]
    triage: TriageReport
    warnings: tuple[str, ...] = ()
    #: Points derived from the outline (image coordinates), e.g. the neck point.
    derived: Mapping[str, Point] | None = None

    def measure(self, key: str) -> MeasureResult:
        for m in self.measures:
            if m.key == key:
                return m
        raise KeyError(key)

    def to_dict(self) -> dict[str, Any]:
        lm = self.landmarks
        return {
            "algorithm_version": self.algorithm_version,
            "norms_version": self.norms_version,
            "facing": lm.facing.value,
            "image_size": list(lm.image_size),
            "coordinates": "image pixels: x to the right, y downwards, origin at the top-left",
            "sex": self.sex,
            "orientation": {
                "true_vertical_from": self.frame.basis,
                "up": [round(v, 5) + 0.0 for v in self.frame.up],
                "anterior": [round(v, 5) + 0.0 for v in self.frame.anterior],
                "tilt_from_photo_vertical_deg": round(self.frame.tilt_deg, 2) + 0.0,
            },
            "scale": self.scale.to_dict(),
            "landmarks": {
                k.value: {
                    "x": round(p.x, 2),
                    "y": round(p.y, 2),
                    "confidence": round(p.confidence, 3),
                    "source": p.source,
                    "low_confidence": p.confidence < LOW_CONFIDENCE,
                    "doubts": list(p.doubts),
                }
                for k, p in lm.points.items()
            },
            "derived_points": {
                k: [round(v[0], 2), round(v[1], 2)] for k, v in (self.derived or {}).items()
            },
            "measures": [m.to_dict() for m in self.measures],
            "triage": self.triage.to_dict(),
            "warnings": list(self.warnings),
        }


def make_frame(landmarks: LandmarkSet, vertical: TrueVertical | None) -> FaceFrame:
    """Choose the true vertical: a given line, else Frankfort (Tr and Or), else the photo's."""
    facing = landmarks.facing
    if vertical is not None:
        return FaceFrame.from_vertical_line(vertical.upper, vertical.lower, facing)
    tr, orb = landmarks.get(L.TR), landmarks.get(L.OR)
    if (
        tr is not None
        and orb is not None
        and tr.confidence >= LOW_CONFIDENCE
        and orb.confidence >= LOW_CONFIDENCE
    ):
        prn = landmarks.get(L.PRN)
        if prn is not None and dot(sub(orb.xy, tr.xy), sub(prn.xy, tr.xy)) <= 0:
            # Checked against the face itself (not the photo) so that it holds at any rotation.
            raise InvalidInputError(
                "Orbitale (Or) lies behind the tragus (Tr) relative to the nose: check which "
                "point is which."
            )
        return FaceFrame.from_frankfort(tr.xy, orb.xy, facing)
    return FaceFrame.from_photo(facing)


def neck_point(outline: NDArray[np.float64] | None, landmarks: LandmarkSet) -> Point | None:
    """A point on the front of the neck below C, from the traced outline (image coordinates).

    Taken at an arc length of 0.8 x |Me'-C| beyond C, away from the chin. None when the outline
    or the points are missing, or the outline stops too soon after C.
    """
    c, me = landmarks.get(L.C), landmarks.get(L.ME)
    if outline is None or c is None or me is None or len(outline) < 3:
        return None
    pts = np.asarray(outline, dtype=np.float64)
    i_c = int(np.argmin(np.hypot(pts[:, 0] - c.x, pts[:, 1] - c.y)))
    i_me = int(np.argmin(np.hypot(pts[:, 0] - me.x, pts[:, 1] - me.y)))
    step = 1 if i_c >= i_me else -1
    want = 0.8 * distance(c.xy, me.xy)
    if want <= 0:
        return None
    travelled = 0.0
    i = i_c
    while 0 <= i + step < len(pts):
        seg = float(np.hypot(*(pts[i + step] - pts[i])))
        if travelled + seg >= want:
            return (float(pts[i + step][0]), float(pts[i + step][1]))
        travelled += seg
        i += step
    return None


def assess_landmarks(
    landmarks: LandmarkSet,
    *,
    sex: Sex | None = None,
    calibration: Calibration | None = None,
    vertical: TrueVertical | None = None,
    outline: NDArray[np.float64] | None = None,
    norms: NormTable | None = None,
    warnings: tuple[str, ...] = (),
) -> Assessment:
    """Measure, compare with norms and triage one set of landmarks (pure geometry).

    ``outline`` (optional, image coordinates) lets the cervicomental angle find the neck line.
    """
    if sex not in (None, "female", "male"):
        raise InvalidInputError("Sex must be 'female', 'male' or not given.")
    table = norms if norms is not None else load_norms()
    frame = make_frame(landmarks, vertical)
    pts = {k: frame.to_face(p.xy) for k, p in landmarks.points.items()}
    conf = {k: p.confidence for k, p in landmarks.points.items()}
    derived_img: dict[str, Point] = {}
    neck = neck_point(outline, landmarks)
    if neck is not None:
        derived_img["neck"] = neck
    derived = {k: frame.to_face(v) for k, v in derived_img.items()}

    ref_mm, ref_src = table.reference_length_mm(sex)
    n, me = landmarks.get(L.N), landmarks.get(L.ME)
    ref_px = distance(n.xy, me.xy) if n is not None and me is not None else None
    if calibration is not None:
        scale = Scale("mm", calibration.mm_per_px, ref_px, ref_mm, ref_src)
    else:
        scale = Scale("relative", None, ref_px, ref_mm, ref_src)

    ctx = MeasureContext(
        points=pts,
        confidence=conf,
        scale=scale,
        basis=frame.basis,
        norms=table,
        sex=sex,
        derived=derived,
    )
    results = measure_all(ctx)
    notes = list(warnings)
    return Assessment(
        algorithm_version=ALGORITHM_VERSION,
        norms_version=table.version,
        landmarks=landmarks,
        frame=frame,
        scale=scale,
        sex=sex,
        measures=results,
        triage=triage(
            results, calibrated=calibration is not None, level_from_photo=frame.basis == "photo"
        ),
        warnings=tuple(notes),
        derived=derived_img,
    )


#: The detector's own low-confidence warning is written before manual points replace any
#: landmark; the assessment states low-confidence points from the final set instead.
_STALE_WARNING_PREFIX = "Low confidence (please check by eye)"


def detection_warnings(detection: Detection) -> tuple[str, ...]:
    """The detector's warnings that still hold once manual points are in."""
    return tuple(w for w in detection.warnings if not w.startswith(_STALE_WARNING_PREFIX))


#: The points that must be placed by hand to measure a photo the detector refused: the face's
#: direction comes from the nose tip against the line from nasion to chin.
HAND_MINIMUM = (L.N, L.PRN, L.POG)


def checked_manual(
    manual: Mapping[L, tuple[float, float]], size: tuple[int, int]
) -> dict[L, tuple[float, float]]:
    """Hand-placed points as landmarks and floats; :class:`InvalidInputError` for an unknown
    landmark or a point that is not a finite position on the photo (``size`` is width, height)."""
    w, h = size
    out: dict[L, tuple[float, float]] = {}
    for key, xy in manual.items():
        if not isinstance(key, L) and key not in {m.value for m in L}:
            raise InvalidInputError(f"Unknown landmark {key!r} in the manual points.")
        try:
            x, y = (float(v) for v in xy)
        except (TypeError, ValueError):
            raise InvalidInputError(
                f"The point {L(key).value} needs two numbers, x and y."
            ) from None
        if not (np.isfinite(x) and np.isfinite(y) and 0 <= x <= w and 0 <= y <= h):
            raise InvalidInputError(
                f"The point {L(key).value}=({x:g}, {y:g}) lies outside the photo ({w} x {h} "
                "pixels)."
            )
        out[L(key)] = (x, y)
    return out


def placed_by_hand(
    manual: Mapping[L, tuple[float, float]], size: tuple[int, int], refusal: PhotoRefused
) -> LandmarkSet:
    """The landmarks of a refused photo, all placed by hand (confidence 1).

    Raises ``refusal`` again, with what to place added to its message, unless at least N′, Prn
    and Pog′ are given; :class:`InvalidInputError` for an unknown landmark, a point outside the
    photo, or a nose tip that is not in front of the line from nasion to chin.
    """
    w, h = size
    points = {
        key: Landmark(key, x, y, 1.0, "manual")
        for key, (x, y) in checked_manual(manual, size).items()
    }
    lacking = [k.value for k in HAND_MINIMUM if k not in points]
    if lacking:
        raise PhotoRefused(
            f"{refusal.message} To measure it anyway, place the points by hand: at least "
            f"{', '.join(k.value for k in HAND_MINIMUM)} (missing: {', '.join(lacking)}).",
            code=refusal.code,
        ) from refusal
    n, prn, pog = (points[k].xy for k in HAND_MINIMUM)
    if distance(n, pog) <= 0:
        raise InvalidInputError("Nasion (N) and pogonion (Pog) must be different points.")
    # Which side of the line N'->Pog' (downwards along the face) the nose tip lies on: with y
    # pointing down, a nose to the right gives a negative cross product.
    side = cross(sub(pog, n), sub(prn, n)) / distance(n, pog)
    if abs(side) < 1.0:
        raise InvalidInputError(
            "The nose tip (Prn) must lie in front of the line from nasion (N) to pogonion (Pog)."
        )
    facing = Facing.RIGHT if side < 0 else Facing.LEFT
    return LandmarkSet(points, facing, (w, h))


def analyse(
    image: ImageArray | str | Path | bytes,
    *,
    sex: Sex | None = None,
    calibration: Calibration | None = None,
    manual: Mapping[L, tuple[float, float]] | None = None,
    vertical: TrueVertical | None = None,
) -> Assessment:
    """Detect landmarks on a lateral photo and assess them.

    ``image`` is a decoded RGB array, or a path or the bytes of a file. Raises a
    :class:`~facial_profile.types.ProfileError` subclass when the photo cannot give a
    trustworthy result. When the detector refuses the photo, it is measured from the ``manual``
    points alone if they include at least N′, Prn and Pog′ (:func:`placed_by_hand`), with a
    warning that says so; otherwise the refusal stands and says which points to place.
    """
    from facial_profile.detect import detect_landmarks
    from facial_profile.io import load_image

    arr = image if isinstance(image, np.ndarray) else load_image(image)
    if manual:
        manual = checked_manual(manual, (arr.shape[1], arr.shape[0]))
    try:
        detection: Detection = detect_landmarks(arr, manual=manual)
    except PhotoRefused as exc:
        # The practitioner may still measure the photo from points placed by hand.
        placed = placed_by_hand(manual or {}, (arr.shape[1], arr.shape[0]), exc)
        note = (
            f"The photo could not be measured automatically: {exc.message} Every point was "
            "placed by hand, so each measure is only as good as those placements."
        )
        return assess_landmarks(
            placed, sex=sex, calibration=calibration, vertical=vertical, warnings=(note,)
        )
    frame = make_frame(detection.landmarks, vertical)
    if frame.basis != "photo":
        # A true vertical is known (a given line, or Frankfort from manual tragus and orbitale):
        # read "most anterior" and "deepest" in the head's upright frame, not the photo's.
        detection = detect_landmarks(arr, manual=manual, head_tilt_deg=frame.tilt_deg)
    return assess_landmarks(
        detection.landmarks,
        sex=sex,
        calibration=calibration,
        vertical=vertical,
        outline=detection.outline,
        warnings=detection_warnings(detection),
    )
