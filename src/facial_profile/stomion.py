"""Stomion at the apex of the backdrop's wedge between the lips.

With the lips together, the backdrop reaches between them as a narrow wedge whose apex is where
the lips meet: the deepest point of the notch, where annotators put stomion. The traced outline
smooths that wedge away (its contour is opened and median-filtered against specks and hairs, and
the wedge is often only two or three pixels wide), so it crosses the notch in front of the apex:
on the modern photograph img3 by 2.6 % of N'-Me', and on the archival scan 7461686-1 by 2.0 %,
unflagged. This module follows the wedge itself, in the photo at full resolution.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray

from facial_profile.types import ImageArray

F64 = NDArray[np.float64]
F32 = NDArray[np.float32]

#: The wedge is followed at most this share of the Ls-Li distance behind the outline's stomion;
#: a gap that runs further in is the mouth itself (lips parted), not the notch.
MAX_DEPTH_SHARE: Final = 0.2
#: Only a wedge at least this share of the Ls-Li distance deeper than the outline moves stomion;
#: a broad notch that the outline already follows is left exactly where the outline reads it.
MIN_GAIN_SHARE: Final = 0.03
#: Lips and backdrop must differ by at least this many grey levels (colour distance) for the
#: wedge to be told from the lips at all.
MIN_CONTRAST: Final = 20.0
#: A colour step of this share of the lips' contrast within two sampling steps (one pixel, or
#: 1/75 of Ls-Li on a large photo) is a border.
EDGE_STEP: Final = 0.25


@dataclass(frozen=True)
class Apex:
    """Where the wedge ends (full-resolution pixels), and how it ended."""

    x: float
    y: float
    #: The wedge ran to the depth limit: the lips may be parted, so stomion is doubtful.
    open: bool


def wedge_apex(image: ImageArray, ls: F64, st: F64, li: F64, posterior: F64) -> Apex | None:
    """The apex of the backdrop's wedge between the lips, or None where there is no clear wedge
    deeper than the outline's stomion ``st``.

    ``ls``, ``st`` and ``li`` are the outline's Ls, stomion and Li (x, y); ``posterior`` is a
    unit vector pointing into the face in the frame the landmarks are read in, so that "deepest"
    means what it means for the other points. The backdrop's colour is sampled in front of the
    notch, the lips' just inside Ls and Li; the wedge ends at half that contrast or at the first
    sharp step, the half-contrast rule an annotator's eye applies to an edge.
    """
    chord = float(np.hypot(*(li - ls)))
    if chord < 6.0:
        return None
    d = posterior / max(float(np.hypot(*posterior)), 1e-9)
    across = np.array([-d[1], d[0]])
    h, w = image.shape[:2]
    reach = MAX_DEPTH_SHARE * chord
    # Where the colours are sampled: the backdrop in front of the notch, the lips just inside Ls
    # and Li, and lines parallel to ``posterior`` between the lips (within 60 % of the way from
    # the notch to Ls and to Li, so that none runs above Ls or below Li, where the face falls
    # back further than the notch), in half-pixel steps, coarser on a large photo (about 150
    # steps along Ls-Li: 0.1 mm).
    ts = np.linspace(0.12, 0.2, 5) * chord
    mid = 0.5 * (ls + li)
    front = min(float((st - mid) @ d), 0.0) - 0.15 * chord
    bg_pts = mid + (front - 0.3 * ts)[:, None] * d
    ls_pts, li_pts = ls + ts[:, None] * d, li + ts[:, None] * d
    step = max(0.5, chord / 150.0)
    lo_off, hi_off = sorted((0.6 * float((ls - st) @ across), 0.6 * float((li - st) @ across)))
    offs = np.arange(lo_off, hi_off + 1e-9, step)
    depths = np.arange(-0.3 * chord, reach + 1e-9, step)
    if not offs.size:
        return None
    grid = st + offs[:, None, None] * across + depths[None, :, None] * d
    # A patch of the photo holding all of them, lightly smoothed against noise and JPEG.
    every = np.vstack([bg_pts, ls_pts, li_pts, grid[[0, 0, -1, -1], [0, -1, 0, -1]]])
    x0, y0 = np.floor(every.min(axis=0)).astype(int) - 2
    x1, y1 = np.ceil(every.max(axis=0)).astype(int) + 3
    x0, y0, x1, y1 = max(x0, 0), max(y0, 0), min(x1, w), min(y1, h)
    if x1 - x0 < 5 or y1 - y0 < 5:
        return None
    patch = np.asarray(image[y0:y1, x0:x1], np.float32)
    if patch.ndim == 2:
        patch = np.repeat(patch[:, :, None], 3, axis=2)
    patch = np.asarray(cv2.GaussianBlur(patch, (0, 0), max(0.7, chord / 150.0)), np.float32)
    origin = np.array([x0, y0], np.float32)

    def sample(points: F64) -> F32:
        xy = (points - origin).astype(np.float32)
        return np.asarray(
            cv2.remap(
                patch, xy[..., 0], xy[..., 1], cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
            ),
            np.float32,
        )

    bg = np.median(sample(bg_pts[None]), axis=1)[0].astype(np.float64)
    lips = 0.5 * (
        np.median(sample(ls_pts[None]), axis=1)[0] + np.median(sample(li_pts[None]), axis=1)[0]
    ).astype(np.float64)
    span = lips - bg
    contrast = float(np.hypot.reduce(span)) if span.size else 0.0
    if contrast < MIN_CONTRAST:
        return None
    # A sample is in the wedge while it is within half the lips' contrast of the backdrop's
    # colour, and the line has not yet crossed a sharp colour step (a quarter of that contrast
    # within two steps): a lit lip can be as pale as the backdrop, but its border is a step. Each
    # line is followed from the backdrop in front of the notch until it leaves the wedge; a flood
    # fill would leak past the lips' border into a highlight.
    samples = sample(grid)
    off = samples - bg.astype(np.float32)
    near_bg = np.sqrt((off * off).sum(axis=2)) < 0.5 * contrast
    jump = samples[:, 2:] - samples[:, :-2]
    sharp = np.sqrt((jump * jump).sum(axis=2)) >= EDGE_STEP * contrast
    # A step ends the wedge at its middle sample.
    wedge = near_bg.copy()
    wedge[:, 1:-1] &= np.logical_not(np.maximum.accumulate(sharp, axis=1))
    starts = wedge[:, 0]
    if not starts.any():
        return None
    # First sample outside the wedge on each line (the whole line: past the depth limit).
    ends = np.where(wedge.all(axis=1), len(depths), np.argmin(wedge, axis=1))
    depth = np.where(starts, depths[np.minimum(ends, len(depths) - 1)] - 0.5 * step, -np.inf)
    if (ends == len(depths)).any():
        return Apex(float(st[0]), float(st[1]), open=True)
    deepest = float(depth.max())
    if deepest < MIN_GAIN_SHARE * chord + 0.5:
        return None
    at = np.nonzero(depth >= deepest - step)[0]
    tip = st + float(offs[at].mean()) * across + float(depth[at].mean()) * d
    return Apex(float(tip[0]), float(tip[1]), open=False)


def posterior_direction(sign: float, head_tilt_deg: float | None) -> F64:
    """Unit vector into the face, in photo coordinates, for the frame the points are read in:
    the photo's horizontal, or the head's when its tilt is given (nose-up positive)."""
    v = np.array([-sign, 0.0])
    if head_tilt_deg is None:
        return v
    t = math.radians(-sign * head_tilt_deg)
    r = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    return np.asarray(r @ v, np.float64)
