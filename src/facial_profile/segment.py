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
#: More switches than this between backdrop and not-backdrop around the frame: too busy.
MAX_BORDER_CHANGES: Final = 16


@dataclass(frozen=True)
class BackdropModel:
    """Per-channel quadratic surface in (x, y), in working-image coordinates normalised by
    ``norm`` (so the coefficients stay well conditioned)."""

    coef: F64  # 3 x 6: channel x (1, x, y, x^2, xy, y^2)
    norm: float
    sigma: F64  # per-channel noise of the smoothed backdrop
    inlier_share: float

    def colour_at(self, x: F64 | F32, y: F64 | F32) -> F64:
        """Backdrop colour (..., 3) at working-image coordinates."""
        xs = np.asarray(x, np.float64) / self.norm
        ys = np.asarray(y, np.float64) / self.norm
        terms = (np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys)
        return np.stack([sum(c[j] * terms[j] for j in range(6)) for c in self.coef], axis=-1)


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


def _local_std(img: F32) -> F32:
    grey = img.mean(axis=2)
    m = cv2.blur(grey, (5, 5))
    m2 = cv2.blur(grey * grey, (5, 5))
    return np.asarray(np.sqrt(np.maximum(m2 - m * m, 0.0)), dtype=np.float32)


def _border_design(img: F32) -> tuple[F64, F64, F64, F64, F64, float, int]:
    h, w = img.shape[:2]
    width = max(2, round(0.025 * min(h, w)))
    cols, xs, ys = _border_samples(img, width)
    std = _local_std(img)[ys.astype(int), xs.astype(int)]
    wgt = np.where(std < max(3.0, 2.0 * float(np.percentile(std, 30))), 1.0, 0.25)
    norm = float(max(h, w))
    xn, yn = xs / norm, ys / norm
    design = np.stack([np.ones_like(xn), xn, yn, xn * xn, xn * yn, yn * yn], axis=1)
    return cols, xs, ys, wgt, design, norm, width


def backdrop_hypotheses(img: F32) -> list[F64]:
    """Candidate backdrop colours: the border's commonest coarse colour and each eighth's median."""
    h, w = img.shape[:2]
    cols, xs, ys, wgt, _, _, width = _border_design(img)
    bins = np.floor(cols / 24.0).astype(np.int64)
    keys = bins[:, 0] * 10000 + bins[:, 1] * 100 + bins[:, 2]
    uniq, counts = np.unique(keys, return_counts=True)
    hyps = [np.median(cols[keys == uniq[int(np.argmax(counts))]], axis=0)]
    # Position along the frame (0..1 clockwise from the top-left) to split it into eighths.
    pos = np.where(
        ys < width,
        xs / w * 0.25,
        np.where(
            xs >= w - width,
            0.25 + ys / h * 0.25,
            np.where(ys >= h - width, 0.5 + (1 - xs / w) * 0.25, 0.75 + (1 - ys / h) * 0.25),
        ),
    )
    for k in range(8):
        sel = (pos >= k / 8) & (pos < (k + 1) / 8) & (wgt == 1.0)
        if sel.sum() > 10:
            hyps.append(np.median(cols[sel], axis=0))
    # Most plausible first: the colour that explains most smooth border pixels.
    scores = [float(wgt[np.linalg.norm(cols - hyp, axis=1) < 25.0].sum()) for hyp in hyps]
    order = np.argsort(scores)[::-1]
    out: list[F64] = []
    for k in order:
        if scores[k] < 0.1 * len(cols):
            continue
        if all(np.linalg.norm(hyps[k] - o) > 25.0 for o in out):
            out.append(hyps[k])
    return out or [hyps[int(order[0])]]


def fit_backdrop(img: F32, start: F64 | None = None) -> BackdropModel:
    """Fit the backdrop from border pixels near a starting colour, rejecting the person's.

    A quadratic colour surface is refitted on a growing set of border inliers, so vignetting
    and a lit gradient are part of the backdrop, not of the person. ``start`` defaults to the
    most plausible of :func:`backdrop_hypotheses`.
    """
    cols, _, _, _, design, norm, _ = _border_design(img)
    best = backdrop_hypotheses(img)[0] if start is None else start
    keep = np.linalg.norm(cols - best, axis=1) < 25.0
    coef = np.zeros((3, 6))
    coef[:, 0] = best
    sigma = np.full(3, 1.5)
    limit = 0.0
    for it in range(6):
        if keep.sum() < 30:
            break
        sel_design = design[keep] if keep.sum() > 200 else design[keep][:, :3]
        sol = np.linalg.lstsq(sel_design, cols[keep], rcond=None)[0].T
        coef = np.zeros((3, 6))
        coef[:, : sol.shape[1]] = sol
        resid = cols - design @ coef.T
        mad = np.median(np.abs(resid[keep] - np.median(resid[keep], axis=0)), axis=0)
        sigma = np.maximum(mad * 1.4826, 1.5)
        if it == 0:
            # The noise of the first, purest set fixes the tolerance: letting it grow with the
            # set would let the person's own pixels in, a few at a time.
            limit = max(4.0 * float(np.linalg.norm(sigma)), 12.0)
        dist = np.linalg.norm(resid, axis=1)
        keep = dist < limit
    return BackdropModel(coef=coef, norm=norm, sigma=sigma, inlier_share=float(keep.mean()))


def flood_backdrop(img: F32, z: F32, noise: float) -> U8:
    """The backdrop as the smooth regions connected to the frame where it matches the model.

    Colour edges (gradient well above the backdrop's own noise) are barriers; every barrier-free
    region that touches the frame at a pixel matching the backdrop model is backdrop. A vignette
    or a lit gradient changes too slowly to be a barrier, so it stays backdrop even where the
    fitted model drifts, while the edge of the face stops the region.
    """
    h, w = z.shape
    grad = np.zeros((h, w), np.float32)
    for c in range(3):
        gx = cv2.Sobel(img[:, :, c], cv2.CV_32F, 1, 0, ksize=3)
        gy = cv2.Sobel(img[:, :, c], cv2.CV_32F, 0, 1, ksize=3)
        grad = np.maximum(grad, cv2.magnitude(gx, gy) / 8.0)
    barrier = ((grad > max(2.5, 1.5 * noise)) | (z > Z_STRONG)).astype(np.uint8)
    barrier = np.asarray(cv2.dilate(barrier, np.ones((3, 3), np.uint8)), np.uint8)
    free = (1 - barrier).astype(np.uint8)
    n, labels = cv2.connectedComponents(free, connectivity=4)
    ring = np.zeros((h, w), bool)
    ring[:2, :] = ring[-2:, :] = True
    ring[:, :2] = ring[:, -2:] = True
    seeds = ring & (z < Z_WEAK) & (free > 0)
    ids = np.unique(labels[seeds])
    ids = ids[ids > 0]
    return np.where(np.isin(labels, ids), 255, 0).astype(np.uint8)


def border_changes(z: F32) -> int:
    """How many times the frame's edge switches between backdrop and something else.

    A plain backdrop with one person crossing the frame gives a handful (hair, neck, shoulders);
    a room, a bookcase or a patterned wall gives dozens.
    """
    h, w = z.shape
    r = max(1, round(0.0125 * min(h, w)))
    loop = np.concatenate(
        [
            z[r, r : w - r],
            z[r : h - r, w - 1 - r],
            z[h - 1 - r, r : w - r][::-1],
            z[r : h - r, r][::-1],
        ]
    )
    label = (loop > Z_WEAK).astype(np.float64)
    k = max(3, len(loop) // 200) | 1
    padded = np.concatenate([label[-k:], label, label[:k]])
    smooth = np.convolve(padded, np.ones(k) / k, mode="same")[k:-k] > 0.5
    return int(np.count_nonzero(smooth != np.roll(smooth, 1)))


def difference(img: F32, model: BackdropModel, xs: F64 | None = None, ys: F64 | None = None) -> F32:
    """Colour difference from the backdrop in noise units, for an image or sampled pixels."""
    if xs is None or ys is None:
        h, w = img.shape[:2]
        yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
        bgi = model.colour_at(xx, yy).astype(np.float32)
        d = (img - bgi) / model.sigma.astype(np.float32)
        return np.asarray(np.sqrt((d * d).sum(axis=-1)), dtype=np.float32)
    bg = model.colour_at(xs, ys)
    return np.asarray(np.sqrt((((img - bg) / model.sigma) ** 2).sum(axis=-1)), dtype=np.float32)


def _fill_holes(mask: U8) -> U8:
    h, w = mask.shape
    flood = np.zeros((h + 4, w + 4), np.uint8)
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    inv = cv2.bitwise_not(padded)
    cv2.floodFill(inv, flood, (0, 0), 0)
    return np.asarray(cv2.bitwise_or(mask, inv[1:-1, 1:-1]), dtype=np.uint8)


def _person_candidate(
    img: F32, img8: U8, start: F64
) -> tuple[BackdropModel, F32, U8, int, NDArray[np.int32], NDArray[np.int32]]:
    model = fit_backdrop(img, start)
    z = difference(img, model)
    noise = float(np.linalg.norm(model.sigma))
    backdrop = flood_backdrop(img, z, noise)
    fg = np.where((backdrop == 0) & (z > Z_WEAK), 255, 0).astype(np.uint8)
    fg = np.asarray(cv2.morphologyEx(fg, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)), np.uint8)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fg, connectivity=8)
    return model, z, fg, n, labels, stats


def _profile_score(labels: NDArray[np.int32], comp: int) -> float:
    """How much the component's outline looks like a profile (its sharpest bump, the nose)."""
    from facial_profile.outline import find_facing

    try:
        _, _, front, back, extent = find_facing(np.where(labels == comp, 255, 0).astype(np.uint8))
    except PhotoRefused:
        return -1.0
    return (front - back) / max(extent, 1.0)


def segment(image: ImageArray) -> Segmentation:
    """Find the person. Raises PhotoRefused for an empty, busy or crowded picture."""
    small, scale = working_copy(image)
    img = np.asarray(cv2.GaussianBlur(small.astype(np.float32), (0, 0), 1.0), dtype=np.float32)
    img8 = np.clip(np.rint(img), 0, 255).astype(np.uint8)
    warnings: list[str] = []
    h, w = img.shape[:2]
    total = float(h * w)
    # Try each plausible backdrop colour; keep the one whose largest remaining region looks
    # most like a side profile.
    best: tuple[float, BackdropModel, F32, U8, int, NDArray[np.int32], NDArray[np.int32]] | None
    best = None
    for start in backdrop_hypotheses(img)[:4]:
        model, z, fg, n, labels, stats = _person_candidate(img, img8, start)
        if n <= 1:
            continue
        areas = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
        areas[0] = 0
        big = int(np.argmax(areas))
        score = _profile_score(labels, big) if areas[big] > 0.03 * total else -2.0
        if best is None or score > best[0]:
            best = (score, model, z, fg, n, labels, stats)
    if best is None:
        raise PhotoRefused(
            "No person could be found in the photo. Please check that the face and neck are in "
            "the frame, in side view, against a plain background.",
            code="no_person",
        )
    _, model, z, fg, n, labels, stats = best
    noise = float(np.mean(model.sigma))
    if noise > BUSY_NOISE or model.inlier_share < 0.3 or border_changes(z) > MAX_BORDER_CHANGES:
        raise PhotoRefused(
            "The background is too busy or uneven to separate the face from it. Please retake "
            "the photo against a plain, evenly lit wall or screen.",
            code="backdrop_too_busy",
        )
    areas_valid = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    areas_valid[0] = 0.0
    order = np.argsort(areas_valid)[::-1]
    biggest = int(order[0])
    weak_t = Z_WEAK
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
    mask = np.asarray(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)), np.uint8)
    mask = _fill_holes(mask)
    # Noise specks stuck to the outline would make false bumps; a median removes them.
    mask = np.asarray(cv2.medianBlur(mask, 5), dtype=np.uint8)
    return Segmentation(
        small=small,
        scale=scale,
        z=z,
        mask=mask,
        backdrop=model,
        threshold=weak_t,
        warnings=tuple(warnings),
    )
