"""Separate the person from a plain backdrop.

The backdrop is modelled from the image border: each colour channel is fitted as a plane in
(x, y) to the border pixels that look like backdrop (so gentle lighting gradients are allowed),
and the backdrop's own pixel noise sets the threshold. A pixel belongs to the person when its
colour differs from the modelled backdrop by many noise units. No global Otsu threshold is used:
Otsu tends to split skin from hair and lose the lower face when the skin is near the backdrop
colour, whereas a noise-based threshold keeps any surface that differs reliably from the wall.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

import cv2
import numpy as np
from numpy.typing import NDArray

from facial_profile.types import ImageArray, PhotoRefused

F32 = NDArray[np.float32]
F64 = NDArray[np.float64]
U8 = NDArray[np.uint8]

#: The search runs on a copy with at most this many pixels; edges are refined at full size.
WORK_PIXELS: Final = 300_000
#: Strong and weak thresholds, in backdrop-noise units (after light smoothing).
Z_STRONG: Final = 8.0
Z_WEAK: Final = 5.0
#: A backdrop whose noise (grey levels, after smoothing) exceeds this is too busy to separate.
BUSY_NOISE: Final = 14.0


@dataclass(frozen=True)
class BackdropModel:
    """Per-channel plane ``c(x, y) = k0 + k1 x + k2 y`` in working-image coordinates."""

    coef: F64  # 3 x 3: channel x (k0, k1, k2)
    sigma: F64  # per-channel noise of the smoothed backdrop
    inlier_share: float

    def colour_at(self, x: F64 | F32, y: F64 | F32) -> F64:
        """Backdrop colour (..., 3) at working-image coordinates."""
        xs = np.asarray(x, np.float64)
        ys = np.asarray(y, np.float64)
        return np.stack([c[0] + c[1] * xs + c[2] * ys for c in self.coef], axis=-1)


@dataclass(frozen=True)
class Segmentation:
    small: ImageArray  # smoothed working copy, RGB
    scale: float  # working pixels per original pixel
    z: F32  # colour difference from the backdrop, in noise units
    mask: U8  # the person, 0 or 255, working resolution
    backdrop: BackdropModel
    threshold: float
    warnings: tuple[str, ...]


def working_copy(image: ImageArray) -> tuple[ImageArray, float]:
    h, w = image.shape[:2]
    scale = min(1.0, float(np.sqrt(WORK_PIXELS / (h * w))))
    if scale < 1.0:
        small = cv2.resize(
            image,
            (max(1, round(w * scale)), max(1, round(h * scale))),
            interpolation=cv2.INTER_AREA,
        )
        scale = small.shape[1] / w
    else:
        small = image
    return np.ascontiguousarray(small), scale


def _border_samples(img: F32, width: int) -> tuple[F64, F64, F64]:
    """Colours and coordinates of a frame of ``width`` pixels around the image."""
    h, w = img.shape[:2]
    sel = np.zeros((h, w), bool)
    sel[:width, :] = True
    sel[-width:, :] = True
    sel[:, :width] = True
    sel[:, -width:] = True
    ys, xs = np.nonzero(sel)
    step = max(1, len(xs) // 20000)
    ys, xs = ys[::step], xs[::step]
    return img[ys, xs].astype(np.float64), xs.astype(np.float64), ys.astype(np.float64)


def fit_backdrop(img: F32) -> BackdropModel:
    """Fit the backdrop from border pixels, rejecting those that belong to the person."""
    h, w = img.shape[:2]
    width = max(2, round(0.025 * min(h, w)))
    cols, xs, ys = _border_samples(img, width)
    design = np.stack([np.ones_like(xs), xs, ys], axis=1)
    # Start from the colour most of the border shares, then refit a plane on the inliers.
    med = np.median(cols, axis=0)
    dist = np.linalg.norm(cols - med, axis=1)
    keep = dist <= max(np.percentile(dist, 50) * 2.5, 6.0)
    coef = np.zeros((3, 3))
    sigma = np.ones(3)
    for _ in range(4):
        if keep.sum() < 30:
            break
        coef = np.linalg.lstsq(design[keep], cols[keep], rcond=None)[0].T
        resid = cols - design @ coef.T
        mad = np.median(np.abs(resid[keep] - np.median(resid[keep], axis=0)), axis=0)
        sigma = np.maximum(mad * 1.4826, 1.5)
        znorm = np.sqrt(((resid / sigma) ** 2).sum(axis=1))
        keep = znorm < 4.0
    return BackdropModel(coef=coef, sigma=sigma, inlier_share=float(keep.mean()))


def difference(img: F32, model: BackdropModel, xs: F64 | None = None, ys: F64 | None = None) -> F32:
    """Colour difference from the backdrop in noise units, for an image or sampled pixels."""
    if xs is None or ys is None:
        h, w = img.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        out = np.zeros((h, w), np.float32)
        for c in range(3):
            k = model.coef[c]
            bg = np.float32(k[0]) + np.float32(k[1]) * xx + np.float32(k[2]) * yy
            out += ((img[:, :, c] - bg) / np.float32(model.sigma[c])) ** 2
        return np.sqrt(out)
    bg = model.colour_at(xs, ys)
    return np.sqrt((((img - bg) / model.sigma) ** 2).sum(axis=-1)).astype(np.float32)


def _fill_holes(mask: U8) -> U8:
    h, w = mask.shape
    flood = np.zeros((h + 4, w + 4), np.uint8)
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    inv = cv2.bitwise_not(padded)
    cv2.floodFill(inv, flood, (0, 0), 0)
    return cv2.bitwise_or(mask, inv[1:-1, 1:-1])


def segment(image: ImageArray) -> Segmentation:
    """Find the person. Raises PhotoRefused for an empty, busy or crowded picture."""
    small, scale = working_copy(image)
    img = cv2.GaussianBlur(small.astype(np.float32), (0, 0), 1.0)
    model = fit_backdrop(img)
    warnings: list[str] = []
    noise = float(np.mean(model.sigma))
    if noise > BUSY_NOISE or model.inlier_share < 0.35:
        raise PhotoRefused(
            "The background is too busy or uneven to separate the face from it. Please retake "
            "the photo against a plain, evenly lit wall or screen.",
            code="backdrop_too_busy",
        )
    z = difference(img, model)
    h, w = z.shape
    strong_t = Z_STRONG
    weak_t = Z_WEAK
    strong = (z > strong_t).astype(np.uint8)
    weak = (z > weak_t).astype(np.uint8) * 255
    weak = cv2.morphologyEx(weak, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8))
    n, labels, stats, _ = cv2.connectedComponentsWithStats(weak, connectivity=8)
    if n <= 1:
        raise PhotoRefused(
            "No person could be found in the photo. Please check that the face and neck are in "
            "the frame, in side view, against a plain background.",
            code="no_person",
        )
    # Keep weak regions that contain enough strong pixels (hysteresis).
    strong_count = np.bincount(labels.ravel(), weights=strong.ravel(), minlength=n)
    areas = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    valid = (strong_count > 0.2 * areas) & (np.arange(n) > 0)
    areas_valid = np.where(valid, areas, 0.0)
    order = np.argsort(areas_valid)[::-1]
    total = float(h * w)
    biggest = int(order[0])
    if areas_valid[biggest] < 0.03 * total:
        raise PhotoRefused(
            "No person could be found in the photo. Please check that the face and neck are in "
            "the frame, in side view, against a plain background.",
            code="no_person",
        )
    if areas_valid[biggest] > 0.9 * total:
        raise PhotoRefused(
            "The face could not be told apart from the background. Please retake the photo "
            "against a plain wall in a colour that contrasts with skin and hair.",
            code="backdrop_too_busy",
        )
    second = int(order[1]) if n > 2 else 0
    if (
        second
        and areas_valid[second] > 0.3 * areas_valid[biggest]
        and areas_valid[second] > 0.04 * total
    ):
        raise PhotoRefused(
            "There seem to be two people in the photo. Please photograph one person at a time.",
            code="several_people",
        )
    mask = np.where(labels == biggest, 255, 0).astype(np.uint8)
    mask = cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8))
    mask = _fill_holes(mask)
    # Noise specks stuck to the outline would make false bumps; a median removes them.
    mask = cv2.medianBlur(mask, 5)
    return Segmentation(
        small=small,
        scale=scale,
        z=z,
        mask=mask,
        backdrop=model,
        threshold=weak_t,
        warnings=tuple(warnings),
    )
