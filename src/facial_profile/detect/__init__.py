"""Find soft-tissue profile landmarks on a side-view photo (the outline method).

Pipeline: :func:`facial_profile.segment.segment` separates the person from the backdrop,
:func:`facial_profile.outline.trace_profile` decides the facing side and follows the front
outline at full resolution, :mod:`facial_profile.detect.reading` reads the landmarks off that
outline and :mod:`facial_profile.detect.confidence` says how sure each one is. Each landmark's
operational definition is in docs/facial_profile/landmarks.md; :mod:`facial_profile.checks`
refuses photos the method cannot measure honestly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import replace

import numpy as np

from facial_profile import checks, learned, stomion
from facial_profile.detect.confidence import confidences
from facial_profile.detect.reading import (
    F64,
    PLAUSIBLE_SPACING,
    Mode,
    Reading,
    compressed,
    crowded_points,
    facial_plane_tilt,
    read_landmarks,
    rotate,
    spacing_cost,
)
from facial_profile.outline import Profile, refined_bump, trace_profile
from facial_profile.segment import BUSY_MESSAGE, Segmentation, segment, segment_learned
from facial_profile.types import (
    LOW_CONFIDENCE,
    Detection,
    Doubt,
    Facing,
    ImageArray,
    InvalidInputError,
    L,
    Landmark,
    LandmarkSet,
    PhotoRefused,
)

#: Above this estimated tilt the result carries a warning.
TILT_WARN_DEG = 7.0
#: Confidence cap of a point that moved when the lower face was read a second time.
REREAD_CONFIDENCE = 0.3


def _validate(image: object) -> ImageArray:
    if not isinstance(image, np.ndarray):
        raise InvalidInputError(
            f"Expected an image array (numpy), got {type(image).__name__}. Use load_image() first."
        )
    if image.dtype != np.uint8:
        raise InvalidInputError(
            f"Expected an 8-bit image (uint8), got {image.dtype}. Use load_image() to convert it."
        )
    if image.ndim == 2:
        image = np.repeat(image[:, :, None], 3, axis=2)
    if image.ndim != 3 or image.shape[2] != 3:
        raise InvalidInputError(
            f"Expected an H x W x 3 RGB or H x W grey image, got shape {image.shape}."
        )
    if min(image.shape[:2]) < 64:
        raise InvalidInputError(
            f"The image is only {image.shape[1]} x {image.shape[0]} pixels; at least 64 are needed."
        )
    return np.ascontiguousarray(image)


def detect_landmarks(
    image: ImageArray,
    *,
    manual: Mapping[L, tuple[float, float]] | None = None,
    head_tilt_deg: float | None = None,
) -> Detection:
    """Find the profile landmarks on a side-view photo against a plain backdrop.

    On a cluttered background the person is found by the bundled model instead
    (:func:`facial_profile.segment.segment_learned`), and every point comes back flagged low
    confidence for the practitioner to check (ADR 0104).

    ``image`` is H x W x 3 RGB (or H x W grey) uint8, as :func:`facial_profile.io.load_image`
    returns. ``manual`` points replace detected ones (or add points the outline cannot give,
    such as tragus) at confidence 1.

    "Most anterior" and "deepest" are read against the photo's vertical, unless
    ``head_tilt_deg`` says how far the head is rotated nose-up (positive) or nose-down in the
    photo, from a true-vertical line or Frankfort horizontal; the outline is then read in the
    head's upright frame. The detector's own tilt estimate (``Detection.tilt_deg``, from the
    N'-Pog' line) is never used for this, because a retruded or prominent chin leans that line
    too.

    Raises :class:`PhotoRefused` with a specific ``code`` when the photo cannot be measured
    honestly, and :class:`InvalidInputError` for a bad array or argument.
    """
    img = _validate(image)
    if head_tilt_deg is not None and (
        not math.isfinite(head_tilt_deg) or abs(head_tilt_deg) > 45.0
    ):
        raise InvalidInputError("The head tilt must be a number of degrees between -45 and 45.")
    seg = segment(img)
    try:
        return _detect_on(img, seg, manual, head_tilt_deg)
    except PhotoRefused as exc:
        if seg.clean or exc.code not in _DOUBTFUL_ON_BUSY:
            raise
        # On a cluttered frame (stamps, writing, furniture) the person may have been separated
        # wrongly: try the learned segmentation; failing that, the honest reason is the
        # backdrop, not the face.
        if seg.method == "learned":
            raise PhotoRefused(BUSY_MESSAGE, code="backdrop_too_busy") from exc
        if learned.available():
            try:
                learned_seg = segment_learned(img, seg.work)
                return _detect_on(img, learned_seg, manual, head_tilt_deg)
            except PhotoRefused:
                pass
        # The backdrop itself was plain enough to model, but it fills little of the frame's edge:
        # a close-up, or clutter at the edges. Say so, what to do, and what was seen (which may
        # be right: lips apart on a close-up are still lips apart).
        raise PhotoRefused(
            UNSURE_SEPARATION_MESSAGE.format(seen=exc.message), code="backdrop_too_busy"
        ) from exc


def _detect_on(
    img: ImageArray,
    seg: Segmentation,
    manual: Mapping[L, tuple[float, float]] | None,
    head_tilt_deg: float | None,
) -> Detection:
    prof = _learned_profile(img, seg) if seg.method == "learned" else trace_profile(seg, img)
    return _detect(img, seg, prof, manual, head_tilt_deg)


#: A refusal on a frame whose edge is not mostly plain backdrop, when the learned segmentation
#: does no better; ``seen`` is what the backdrop's separation refused the photo for.
UNSURE_SEPARATION_MESSAGE = (
    "The face could not be told from the background with confidence: little of the photo's edge "
    "is plain background (the head fills the frame, or there is writing, a stamp or furniture "
    "at the edges). Please retake against a plain, evenly lit wall, with background showing all "
    "round the head. What the software saw, which may be wrong: {seen}"
)


#: Of the six lower-face points (Sn, the lips, B' and Pog'), this many read on top of the
#: point above, with no other reading doing better, means the lower face was not read at all:
#: the photo is refused rather than measured from points piled on one another.
UNREADABLE_CROWDED = 3
UNREADABLE_MESSAGE = (
    "The lips and chin could not be read from the outline of the face: several of them fell on "
    "the same point, as happens where the edge of the lower face is faint, in shadow or hidden. "
    "Please retake against a plain background that contrasts with the skin, with the lower face "
    "evenly lit, or place the points by hand."
)


#: Highest confidence of a point read too close below the one above, where no second or third
#: reading of the lower face did better.
CROWDED_CONFIDENCE = 0.3


#: Highest confidence of any point found on a learned mask: below LOW_CONFIDENCE, so each is
#: flagged for checking.
LEARNED_MAX_CONFIDENCE = 0.45
#: On a learned mask, the facing side's refined bump must be this many times the other's.
LEARNED_FACING_RATIO = 1.3


#: Stomion's confidence where the gap between the lips runs on past the notch.
STOMION_OPEN_CONFIDENCE = 0.3


def _stomion_at_apex(
    img: ImageArray, points: dict[L, Landmark], sign: float, head_tilt_deg: float | None
) -> str | None:
    """Move stomion to the apex of the backdrop's wedge between the lips, where the outline
    crosses in front of it (:mod:`facial_profile.stomion`). Where the gap runs on deeper than a
    closed-lip notch, flag stomion instead and return a warning."""
    ls, st, li = (np.array([points[k].x, points[k].y]) for k in (L.LS, L.STS, L.LI))
    apex = stomion.wedge_apex(img, ls, st, li, stomion.posterior_direction(sign, head_tilt_deg))
    if apex is None:
        return None
    for key in (L.STS, L.STI):
        p = points[key]
        if apex.open:
            points[key] = replace(
                p,
                confidence=min(p.confidence, STOMION_OPEN_CONFIDENCE),
                doubts=tuple(dict.fromkeys((*p.doubts, "lips_parted"))),
            )
        else:
            points[key] = replace(p, x=apex.x, y=apex.y)
    if apex.open:
        return (
            "The lips may be slightly apart: the gap between them runs deeper than where closed "
            "lips meet, so stomion is uncertain. For the lip measures, retake with the lips "
            "lightly together."
        )
    return None


def _learned_profile(img: ImageArray, seg: Segmentation) -> Profile:
    """The front outline on a learned mask: trace and refine both sides, and take the one whose
    refined outline has the clearly sharper bump (the nose). Refuses when neither does."""
    profs = {f: trace_profile(seg, img, f) for f in (Facing.LEFT, Facing.RIGHT)}
    bumps = {f: refined_bump(p)[0] for f, p in profs.items()}
    facing = max(bumps, key=lambda f: bumps[f])
    other = Facing.RIGHT if facing is Facing.LEFT else Facing.LEFT
    if bumps[facing] < LEARNED_FACING_RATIO * bumps[other]:
        raise PhotoRefused(
            "This does not look like a side view: no nose stands out on one side of the outline. "
            "Please photograph the face in full profile (ear towards the camera).",
            code="not_side_view",
        )
    return profs[facing]


#: Refusals that a wrong separation from a cluttered backdrop can cause.
_DOUBTFUL_ON_BUSY = frozenset(
    {
        "not_side_view",
        "face_too_small",
        "head_tilt",
        "lips_apart",
        "cropped",
        "lower_face_unreadable",
    }
)


REREAD_WARNING = (
    "The outline below the nose is uneven, so the lips and chin were read a second time, "
    "passing bumps too small to be features: check the lip and chin points."
)
CHAIN_WARNING = (
    "The lips and chin stand out too little from the outline to be read one by one, so they "
    "were placed together by their usual spacing below the nose: check the lip and chin points."
)


def _reading_in_frame(
    pts: F64, sign: float, prn_hint: int, head_tilt_deg: float | None, mode: Mode = "first"
) -> tuple[Reading, F64, float]:
    """(reading, the outline it was read on, estimated tilt). The outline is read in the frame
    the landmarks are defined in: the head's upright frame when the tilt is given, else the
    photo's."""
    reading = read_landmarks(pts, sign, prn_hint, mode)
    tilt = facial_plane_tilt(pts, sign, reading)
    if head_tilt_deg is None:
        return reading, pts, tilt
    # Re-read the outline with the head turned upright, so "most anterior" means the same
    # anatomical point as in a photo taken in natural head position.
    centre = pts[reading.idx[L.PRN]]
    read_pts = rotate(pts, centre, sign * head_tilt_deg)
    return read_landmarks(read_pts, sign, reading.idx[L.PRN], mode), read_pts, tilt


def _landmarks(
    prof: Profile,
    seg: Segmentation,
    reading: Reading,
    read_pts: F64,
    tilt: float,
    head_tilt_deg: float | None,
) -> tuple[dict[L, Landmark], list[str]]:
    """The reading's points with their confidences, and the warnings that go with them."""
    notes = []
    sign = 1.0 if prof.facing is Facing.RIGHT else -1.0
    if head_tilt_deg is None and abs(tilt) > TILT_WARN_DEG:
        notes.append(
            f"The head may be tilted about {abs(tilt):.0f} degrees "
            f"{'nose-up' if tilt > 0 else 'nose-down'} (estimated from the N'-Pog' line, which a "
            "retruded or prominent chin also leans). Landmarks were read against the photo's "
            "vertical; give a true vertical or Frankfort points if the head was not level."
        )
    # Relief and height bands are judged in the frame the points were read in.
    conf, why = confidences(prof, reading, read_pts, sign)
    if seg.method == "learned":
        # Measured on the archival scans: the outline follows the face, but lips and chin are
        # often read one feature off, and nothing found so far tells those points from good
        # ones. Every point is a suggestion to check.
        conf = {key: min(c, LEARNED_MAX_CONFIDENCE) for key, c in conf.items()}
        for doubts in why.values():
            doubts.append("learned")
    if head_tilt_deg is None and abs(tilt) > TILT_WARN_DEG:
        # On broad curves (brow, sulcus, chin) a tilt moves "most anterior" by millimetres along
        # the outline, so those points are flagged until a true vertical is given.
        for key in (L.G, L.N, L.B, L.POG, L.ME):
            conf[key] = round(conf[key] * 0.5, 3)
            why[key].append("tilt")
    pts = prof.points
    points = {
        key: Landmark(key, float(pts[i, 0]), float(pts[i, 1]), conf[key], doubts=tuple(why[key]))
        for key, i in reading.idx.items()
    }
    return points, notes


def _read_again(
    prof: Profile,
    seg: Segmentation,
    reading: Reading,
    points: dict[L, Landmark],
    sign: float,
    head_tilt_deg: float | None,
    size: tuple[int, int],
) -> tuple[dict[L, Landmark], float, list[str]] | None:
    """A crowded first reading read again: (points, tilt, warnings) of the first other reading
    that does better, or None.

    The walk stopped at a wiggle of the outline (scan grain, JPEG blocks, a hair): the lower
    face is read again, passing turns closer than any face has its features. If that reading is
    crowded too, or fails the checks, the lips and chin are chosen together by their usual
    spacing (_chain). Another reading is used only if it passes the same checks (the second,
    also only if it is spaced as a face can be); the points it moved are flagged for checking,
    and none is surer than it was."""
    pts = prof.points
    modes: tuple[Mode, ...] = ("gaps", "chain")
    for mode in modes:
        again, again_pts, again_tilt = _reading_in_frame(
            pts, sign, prof.prn_index, head_tilt_deg, mode
        )
        # A second reading that passed real features for wiggles leaves the lips and chin
        # spaced as no face has them (Li on the chin, Pog' under it): not taken either.
        if mode == "gaps" and (
            compressed(again, again_pts) or spacing_cost(again, again_pts) > PLAUSIBLE_SPACING
        ):
            continue
        # Where no chain has relief at every point, the third reading is the first again:
        # nothing was chosen by spacing, so it is not said to be.
        if mode == "chain" and not again.chained:
            continue
        alt, alt_notes = _landmarks(prof, seg, again, again_pts, again_tilt, head_tilt_deg)
        for key, lm in alt.items():
            # Another reading never makes a point surer than the first did. A point it left
            # where it was keeps the first reading's doubts too; one it moved is doubtful for
            # that.
            c = min(lm.confidence, points[key].confidence)
            if again.idx[key] != reading.idx[key]:
                c = min(c, REREAD_CONFIDENCE)
                doubts: tuple[Doubt, ...] = (*lm.doubts, "reread")
            else:
                doubts = (*lm.doubts, *points[key].doubts)
            alt[key] = replace(lm, confidence=c, doubts=tuple(dict.fromkeys(doubts)))
        try:
            checks.check_photo(prof, alt, again_tilt, size)
        except PhotoRefused:
            continue
        return alt, again_tilt, [*alt_notes, REREAD_WARNING if mode == "gaps" else CHAIN_WARNING]
    return None


def _detect(
    img: ImageArray,
    seg: Segmentation,
    prof: Profile,
    manual: Mapping[L, tuple[float, float]] | None,
    head_tilt_deg: float | None,
) -> Detection:
    h, w = img.shape[:2]
    checks.check_outline(prof, (w, h))
    sign = 1.0 if prof.facing is Facing.RIGHT else -1.0
    pts = prof.points
    reading, read_pts, tilt = _reading_in_frame(pts, sign, prof.prn_index, head_tilt_deg)
    points, notes = _landmarks(prof, seg, reading, read_pts, tilt, head_tilt_deg)
    checks.check_photo(prof, points, tilt, (w, h))
    crowded = crowded_points(reading, read_pts)
    if crowded:
        better = _read_again(prof, seg, reading, points, sign, head_tilt_deg, (w, h))
        if better is not None:
            points, tilt, notes = better
        elif len(crowded) >= UNREADABLE_CROWDED:
            raise PhotoRefused(UNREADABLE_MESSAGE, code="lower_face_unreadable")
        else:
            # No other reading did better: the first stands, and each point read too close
            # below the one above says so.
            for key in crowded:
                p = points[key]
                points[key] = replace(
                    p,
                    confidence=min(p.confidence, CROWDED_CONFIDENCE),
                    doubts=tuple(dict.fromkeys((*p.doubts, "crowded"))),
                )
    warnings = [*seg.warnings, *notes]
    parted = _stomion_at_apex(img, points, sign, head_tilt_deg)
    if parted:
        warnings.append(parted)
    low = [k.value for k, p in points.items() if p.confidence < LOW_CONFIDENCE]
    if low:
        warnings.append("Low confidence (please check by eye): " + ", ".join(sorted(low)) + ".")
    lms = LandmarkSet(points, prof.facing, (w, h))
    if manual:
        for key in manual:
            if not isinstance(key, L) and key not in {m.value for m in L}:
                raise InvalidInputError(f"Unknown landmark {key!r} in the manual points.")
        lms = lms.with_manual(manual)
    return Detection(landmarks=lms, outline=pts, tilt_deg=tilt, warnings=tuple(warnings))
