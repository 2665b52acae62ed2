"""Small plane-geometry helpers and the face frame.

Image coordinates are pixels with x to the right and y downwards. Every measure is computed in a
*face frame*: x points anterior (the way the face points), y points up along the true vertical.
Because the frame follows the face, a measure computed in it does not change when the photo is
rotated, moved, scaled or mirrored together with the reference it was oriented by.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from facial_profile.types import Facing, InvalidInputError

Point = tuple[float, float]

#: How the true vertical was found (see :class:`FaceFrame`).
VerticalBasis = Literal["frankfort", "user_line", "photo"]


def sub(a: Point, b: Point) -> Point:
    return (a[0] - b[0], a[1] - b[1])


def dot(a: Point, b: Point) -> float:
    return a[0] * b[0] + a[1] * b[1]


def cross(a: Point, b: Point) -> float:
    return a[0] * b[1] - a[1] * b[0]


def norm(a: Point) -> float:
    return math.hypot(a[0], a[1])


def distance(a: Point, b: Point) -> float:
    return math.hypot(a[0] - b[0], a[1] - b[1])


def unit(a: Point) -> Point:
    n = norm(a)
    if n == 0 or not math.isfinite(n):
        raise InvalidInputError("Two points that should define a direction are the same point.")
    return (a[0] / n, a[1] / n)


def angle_between(u: Point, v: Point) -> float:
    """Unsigned angle between two vectors, in degrees (0 to 180)."""
    return math.degrees(math.atan2(abs(cross(u, v)), dot(u, v)))


def angle_at(a: Point, vertex: Point, b: Point) -> float:
    """Angle a-vertex-b in degrees (0 to 180)."""
    return angle_between(sub(a, vertex), sub(b, vertex))


def project(p: Point, a: Point, b: Point) -> Point:
    """Foot of the perpendicular from ``p`` to the line through ``a`` and ``b``."""
    d = sub(b, a)
    dd = dot(d, d)
    if dd == 0:
        raise InvalidInputError("A line's two points are the same point.")
    t = dot(sub(p, a), d) / dd
    return (a[0] + t * d[0], a[1] + t * d[1])


def signed_distance(p: Point, a: Point, b: Point, anterior: Point) -> float:
    """Distance from ``p`` to the line a-b, positive when ``p`` lies ahead of it (anterior).

    ``anterior`` is the direction the face points, in the same coordinates as the points; in
    the face frame that is ``(1, 0)``. The sign is taken from which side of the line ``p`` is
    on relative to that direction, so it does not depend on the order of ``a`` and ``b`` nor on
    which way the face points in the photo. Meant for lines that are closer to vertical than
    horizontal (E-line, S-line, B-line, meridians).
    """
    d = unit(sub(b, a))
    n: Point = (-d[1], d[0])
    if dot(n, anterior) < 0:
        n = (-n[0], -n[1])
    return dot(sub(p, a), n)


def anterior_of(facing: Facing) -> Point:
    """The anterior direction in image coordinates for a face in its photo's upright pose."""
    return (1.0, 0.0) if facing is Facing.RIGHT else (-1.0, 0.0)


@dataclass(frozen=True)
class FaceFrame:
    """An orthonormal frame in image coordinates: ``anterior`` and ``up`` unit vectors.

    ``to_face`` maps an image point to (x anterior, y up), in pixels. The two vectors always
    form the frame that a face with the given facing has in an upright photo, turned as a whole:
    for a face pointing right, anterior = (1, 0) and up = (0, -1) in an upright photo.
    """

    anterior: Point
    up: Point
    facing: Facing
    basis: VerticalBasis

    @classmethod
    def from_photo(cls, facing: Facing) -> FaceFrame:
        """True vertical = the photo's vertical (the camera was level)."""
        return cls(anterior_of(facing), (0.0, -1.0), facing, "photo")

    @classmethod
    def from_vertical_line(cls, upper: Point, lower: Point, facing: Facing) -> FaceFrame:
        """True vertical given as a line through two points, the upper one first."""
        up = unit(sub(upper, lower))
        return cls(_anterior_from_up(up, facing), up, facing, "user_line")

    @classmethod
    def from_frankfort(cls, tragus: Point, orbitale: Point, facing: Facing) -> FaceFrame:
        """True horizontal = Frankfort horizontal, from tragus towards orbitale (anterior)."""
        ant = unit(sub(orbitale, tragus))
        return cls(ant, _up_from_anterior(ant, facing), facing, "frankfort")

    def to_face(self, p: Point) -> Point:
        return (dot(p, self.anterior), dot(p, self.up))

    def to_image(self, q: Point) -> Point:
        """Inverse of :meth:`to_face` (the frame is orthonormal)."""
        return (
            q[0] * self.anterior[0] + q[1] * self.up[0],
            q[0] * self.anterior[1] + q[1] * self.up[1],
        )

    @property
    def tilt_deg(self) -> float:
        """How far the true vertical is turned from the photo's vertical, in degrees.

        Positive means nose-up (the face's up direction leans backwards), as in
        :attr:`facial_profile.types.Detection.tilt_deg`.
        """
        photo_ant = anterior_of(self.facing)
        return math.degrees(math.atan2(-dot(self.up, photo_ant), -self.up[1]))


def _anterior_from_up(up: Point, facing: Facing) -> Point:
    # Upright, facing right: up (0,-1) -> anterior (1,0); facing left: anterior (-1,0).
    if facing is Facing.RIGHT:
        return (-up[1], up[0])
    return (up[1], -up[0])


def _up_from_anterior(ant: Point, facing: Facing) -> Point:
    if facing is Facing.RIGHT:
        return (ant[1], -ant[0])
    return (-ant[1], ant[0])
