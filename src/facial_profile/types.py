"""Shared value types for the facial_profile library.

Coordinates are image pixels: x to the right, y downwards, origin at the top-left corner of the
top-left pixel, half-pixels allowed. "Anterior" means the direction the face points.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Literal

import numpy as np
from numpy.typing import NDArray

#: An 8-bit image: H x W x 3 (RGB order) or H x W (grey). Loaders always return RGB uint8.
ImageArray = NDArray[np.uint8]


class Facing(StrEnum):
    """Which way the face points in the image."""

    LEFT = "left"
    RIGHT = "right"


class L(StrEnum):
    """Landmark keys. Operational definitions live in docs/facial_profile/landmarks.md."""

    G = "G"  # glabella (G')
    N = "N"  # soft-tissue nasion (N')
    PRN = "Prn"  # pronasale
    CM = "Cm"  # columella
    SN = "Sn"  # subnasale
    LS = "Ls"  # labrale superius
    STS = "Sts"  # stomion superius
    STI = "Sti"  # stomion inferius (equal to Sts when the lips are together)
    LI = "Li"  # labrale inferius
    B = "B"  # mentolabial sulcus (B')
    POG = "Pog"  # soft-tissue pogonion (Pog')
    ME = "Me"  # soft-tissue menton (Me')
    C = "C"  # cervical point
    # Points the outline cannot give: placed by hand through the same API.
    TR = "Tr"  # tragus
    GO = "Go"  # gonion (jaw angle), soft tissue
    OR = "Or"  # orbitale, soft tissue


#: The points the outline method finds.
OUTLINE_LANDMARKS: tuple[L, ...] = (
    L.G,
    L.N,
    L.PRN,
    L.CM,
    L.SN,
    L.LS,
    L.STS,
    L.STI,
    L.LI,
    L.B,
    L.POG,
    L.ME,
    L.C,
)
#: The points accuracy goals are set on.
CORE_LANDMARKS: tuple[L, ...] = (L.G, L.N, L.PRN, L.SN, L.LS, L.STS, L.LI, L.B, L.POG)

Source = Literal["detected", "manual"]
#: Why a detected point is doubtful (the words are in DOUBTS).
Doubt = Literal[
    "no_turn",
    "flat",
    "faint_edge",
    "soft_edge",
    "unusual_height",
    "photo_edge",
    "two_bumps",
    "flat_sulcus",
    "crowded",
    "doubtful_ends",
    "learned",
    "tilt",
    "reread",
    "lips_parted",
]


@dataclass(frozen=True, slots=True)
class Landmark:
    """One point with how sure we are of it (0 to 1), where it came from, and why it is doubtful
    (codes of :data:`DOUBTS`; empty for a point placed by hand)."""

    key: L
    x: float
    y: float
    confidence: float
    source: Source = "detected"
    doubts: tuple[Doubt, ...] = ()

    @property
    def xy(self) -> tuple[float, float]:
        return (self.x, self.y)


#: Below this confidence a landmark is reported as "low confidence": shown, never silently used.
LOW_CONFIDENCE = 0.5

#: Why a detected point is doubtful, by code, in words a practitioner can act on. Every point
#: below LOW_CONFIDENCE carries at least one (docs/facial_profile/landmarks.md, "Why a point is
#: doubtful").
DOUBTS: Mapping[Doubt, str] = {
    "no_turn": "the outline has no clear turn here, so the point is where a gentle curve lies "
    "furthest out or in",
    "flat": "the outline is nearly flat here, so the point could sit a little higher or lower",
    "faint_edge": "the edge between face and background is faint here",
    "soft_edge": "the edge is soft here (a shadow, a glow or backlight in front of the skin), so "
    "where the skin ends is uncertain",
    "unusual_height": "it is not at the height this point usually has between nasion and chin, "
    "so it may be another feature",
    "photo_edge": "the outline here runs along the edge of the photo",
    "two_bumps": "the forehead has two bumps here, and annotators take either as glabella",
    "flat_sulcus": "the fold under the lower lip is flat-bottomed, so its deepest point is not "
    "well defined",
    "crowded": "the lip and chin points were read closer together than any face has them",
    "doubtful_ends": "menton is read against soft-tissue pogonion and the cervical point, and "
    "one of them is doubtful",
    "learned": "the background is not plain, so the outline comes from a learned segmentation, "
    "which can misplace it",
    "tilt": "the head may be tilted, and on a broad curve a tilt moves this point along the "
    "outline",
    "reread": "the lips and chin were read a second time, and this point moved",
    "lips_parted": "the lips may be slightly apart, so where they meet is uncertain",
}


@dataclass(frozen=True)
class LandmarkSet:
    """The landmarks of one photo, in that photo's pixel coordinates."""

    points: Mapping[L, Landmark]
    facing: Facing
    image_size: tuple[int, int]  # (width, height)

    def get(self, key: L) -> Landmark | None:
        return self.points.get(key)

    def with_manual(self, manual: Mapping[L, tuple[float, float]]) -> LandmarkSet:
        """Return a copy where each given point replaces (or adds) a landmark, at confidence 1."""
        pts = dict(self.points)
        for key, (x, y) in manual.items():
            pts[L(key)] = Landmark(L(key), float(x), float(y), 1.0, "manual")
        return LandmarkSet(pts, self.facing, self.image_size)


@dataclass(frozen=True)
class Calibration:
    """Two image points on a marker of known length, in the plane of the face."""

    p1: tuple[float, float]
    p2: tuple[float, float]
    length_mm: float

    @property
    def mm_per_px(self) -> float:
        d = float(np.hypot(self.p2[0] - self.p1[0], self.p2[1] - self.p1[1]))
        if d <= 0 or self.length_mm <= 0:
            raise InvalidInputError(
                "The calibration marker's two points must differ and its length be positive."
            )
        return self.length_mm / d


@dataclass(frozen=True)
class Detection:
    """What the detector found in one photo."""

    landmarks: LandmarkSet
    #: The traced profile outline, N x 2 float array (x, y) from forehead to neck.
    outline: NDArray[np.float64]
    #: Estimated head tilt in degrees (positive = face rotated nose-up); informational.
    tilt_deg: float
    #: Non-fatal observations (e.g. "hair may cover the glabella").
    warnings: tuple[str, ...] = field(default_factory=tuple)


# --- Errors: every failure is one of these, with a message a person can act on. ---


class ProfileError(Exception):
    """Base class. ``code`` is stable and machine-readable; the message is plain English."""

    code: str = "error"

    def __init__(self, message: str, *, code: str | None = None) -> None:
        super().__init__(message)
        if code is not None:
            self.code = code

    @property
    def message(self) -> str:
        return str(self.args[0])


class InvalidInputError(ProfileError):
    """Arguments that make no sense (wrong dtype, unknown landmark, bad calibration)."""

    code = "invalid_input"


class ImageLoadError(ProfileError):
    """The file is not a readable image: empty, truncated, unknown format, too large."""

    code = "image_unreadable"


class PhotoRefused(ProfileError):
    """The photo was read but cannot give a trustworthy assessment; ``code`` says why.

    Codes: not_side_view, face_too_small, backdrop_too_busy, lips_apart, cropped, head_tilt,
    lower_face_unreadable, no_person, several_people.
    """

    code = "photo_refused"


class ImageTooLargeError(ImageLoadError):
    """The image has more pixels than the loader accepts (a decompression-bomb guard)."""

    code = "image_too_large"
