"""Stomion at the apex of the backdrop's wedge between the lips, on drawn lips."""

from __future__ import annotations

import math

import cv2
import numpy as np
import pytest

from facial_profile.stomion import posterior_direction, wedge_apex

pytestmark = pytest.mark.unit

BACKDROP = (70, 110, 150)
LIPS = (190, 120, 110)


def _lips(slit_end: float | None, slit_height: float = 0.0) -> np.ndarray:
    """Lips facing right on a plain backdrop: Ls at (158, 70), Li at (153, 130), their fronts
    meeting at (150, 100). The backdrop reaches in between them to x = ``slit_end`` as a wedge
    (``slit_height`` 0) or as a slit of that height (lips apart)."""
    img = np.zeros((200, 200, 3), np.uint8)
    img[:] = BACKDROP
    face = np.array([[60, 30], [158, 70], [150, 100], [153, 130], [60, 170]], np.int32)
    cv2.fillPoly(img, [face], LIPS)
    if slit_end is not None and slit_height:
        top, bottom = round(100 - slit_height / 2), round(100 + slit_height / 2)
        cv2.rectangle(img, (round(slit_end), top), (170, bottom), BACKDROP, -1)
    elif slit_end is not None:
        wedge = np.array([[170, 94], [round(slit_end), 100], [170, 106]], np.int32)
        cv2.fillPoly(img, [wedge], BACKDROP)
    return img


LS, LI = np.array([158.0, 70.0]), np.array([153.0, 130.0])
#: Where a smoothed outline would cross the wedge's mouth.
ST = np.array([150.0, 100.0])
INTO_FACE = np.array([-1.0, 0.0])


def test_the_apex_of_a_wedge_is_found() -> None:
    apex = wedge_apex(_lips(slit_end=142), LS, ST, LI, INTO_FACE)
    assert apex is not None and not apex.open
    assert math.hypot(apex.x - 142, apex.y - 100) <= 1.5


def test_a_gap_that_runs_on_into_the_mouth_is_open() -> None:
    apex = wedge_apex(_lips(slit_end=100, slit_height=3), LS, ST, LI, INTO_FACE)
    assert apex is not None and apex.open
    # Stomion is left where the outline read it, to be flagged.
    assert (apex.x, apex.y) == (150.0, 100.0)


def test_lips_meeting_at_their_fronts_move_nothing() -> None:
    assert wedge_apex(_lips(slit_end=None), LS, ST, LI, INTO_FACE) is None


def test_lips_the_colour_of_the_backdrop_are_left_alone() -> None:
    img = _lips(slit_end=142)
    img[:] = BACKDROP
    assert wedge_apex(img, LS, ST, LI, INTO_FACE) is None


@pytest.mark.parametrize(
    ("sign", "tilt", "expected"),
    [
        (1.0, None, (-1.0, 0.0)),
        (-1.0, None, (1.0, 0.0)),
        # Facing right, nose up 10 degrees: the back of the head drops, so "into the face" in the
        # head's frame points back and down in the photo (y down); mirrored for facing left.
        (1.0, 10.0, (-math.cos(math.radians(10)), math.sin(math.radians(10)))),
        (-1.0, 10.0, (math.cos(math.radians(10)), math.sin(math.radians(10)))),
    ],
)
def test_into_the_face_follows_the_frame_the_points_are_read_in(
    sign: float, tilt: float | None, expected: tuple[float, float]
) -> None:
    assert posterior_direction(sign, tilt) == pytest.approx(expected)
