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
from typing import Final, Literal

import cv2
import numpy as np
from numpy.typing import NDArray

from facial_profile import learned
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
#: At least this share of the frame's edge must look like the backdrop.
MIN_INLIER_SHARE: Final = 0.2
#: A second separate region at least this share of the largest one is taken as a second person.
SECOND_PERSON_SHARE: Final = 0.3
#: A frame edge at least this much backdrop, switching at most this often, counts as clean.
CLEAN_SHARE: Final = 0.5
CLEAN_CHANGES: Final = 8
BUSY_MESSAGE: Final = (
    "The background is too busy or uneven to separate the face from it. Please retake the "
    "photo against a plain, evenly lit wall or screen."
)


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
        terms = np.stack((np.ones_like(xs), xs, ys, xs * xs, xs * ys, ys * ys), axis=-1)
        return np.asarray(terms @ self.coef.T, np.float64)


@dataclass(frozen=True)
class Working:
    """The photo at working resolution (about WORK_PIXELS), made once per photo."""

    small: ImageArray  # RGB uint8, as resized
    scale: float  # working pixels per original pixel
    smooth: F32  # float32, lightly smoothed (Gaussian, sigma 1 working pixel)


@dataclass(frozen=True)
class Segmentation:
    work: Working
    mask: U8  # the person, 0 or 255, working resolution
    backdrop: BackdropModel
    warnings: tuple[str, ...]
    #: The frame's edge is mostly backdrop with few interruptions: a studio-like photo whose
    #: separation can be trusted. When False, later refusals are reported as a busy backdrop.
    clean: bool = True
    #: "backdrop": separated from a modelled plain backdrop. "learned": the backdrop could not
    #: be modelled, and the person was found by the bundled model (:mod:`facial_profile.learned`).
    method: Literal["backdrop", "learned"] = "backdrop"

    @property
    def scale(self) -> float:
        """Working pixels per original pixel."""
        return self.work.scale


def colour_norm(d: NDArray[np.floating]) -> F32:
    """Length of the colour vector in the last axis (3 channels), as float32.

    Written out per channel: numpy's ``sum(axis=-1)`` over three values is about ten times
    slower, and this runs on every working pixel (bench/profile_speed)."""
    d = np.asarray(d, np.float32)
    return np.asarray(
        np.sqrt(d[..., 0] * d[..., 0] + d[..., 1] * d[..., 1] + d[..., 2] * d[..., 2]), np.float32
    )


def median(x: NDArray[np.floating], axis: int) -> NDArray[np.floating]:
    """Exactly ``np.median(x, axis=axis)`` for arrays without NaN, several times faster.

    For an even count numpy partitions around both middle elements; one partition at the upper
    middle and the largest value below it give the same two elements (bench/profile_speed)."""
    v = np.moveaxis(np.asarray(x), axis, -1)
    n = v.shape[-1]
    m = n // 2
    part = np.partition(v, m, axis=-1)
    if n % 2:
        return np.asarray(part[..., m])
    return np.asarray((part[..., :m].max(axis=-1) + part[..., m]) * 0.5)


def mask_u8(on: NDArray[np.bool_]) -> U8:
    """A boolean array as an OpenCV mask (0 or 255). Same as ``np.where(on, 255, 0)`` as uint8,
    about ten times faster (bench/profile_speed)."""
    return np.asarray(np.ascontiguousarray(on).view(np.uint8) * np.uint8(255), np.uint8)


def working_copy(image: ImageArray) -> Working:
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
    work: ImageArray = np.ascontiguousarray(small, dtype=np.uint8)
    # Blurred in place: a second full-size buffer costs more in page faults than the blur.
    smooth = work.astype(np.float32)
    cv2.GaussianBlur(smooth, (0, 0), 1.0, dst=smooth)
    return Working(work, scale, smooth)


def _gradient(img: F32) -> F32:
    """Largest per-channel colour gradient, in grey levels per pixel.

    Channel by channel. One pass over all three channels at once was faster on its own but no
    faster within a whole detection (its temporaries are three times larger)."""
    grad = np.zeros(img.shape[:2], np.float32)
    gx, gy = np.empty_like(grad), np.empty_like(grad)
    # Into the same three buffers for every channel; dividing by 8 (a power of two) once at the
    # end gives the same values as dividing each channel's magnitude.
    for c in range(3):
        channel = np.ascontiguousarray(img[:, :, c])
        cv2.Sobel(channel, cv2.CV_32F, 1, 0, dst=gx, ksize=3)
        cv2.Sobel(channel, cv2.CV_32F, 0, 1, dst=gy, ksize=3)
        cv2.magnitude(gx, gy, magnitude=gx)
        np.maximum(grad, gx, out=grad)
    grad *= np.float32(0.125)
    return grad


def _ring(h: int, w: int, width: int = 2) -> NDArray[np.bool_]:
    ring = np.zeros((h, w), bool)
    ring[:width, :] = True
    ring[-width:, :] = True
    ring[:, :width] = True
    ring[:, -width:] = True
    return ring


def fit_backdrop(img: F32, region: NDArray[np.bool_]) -> BackdropModel:
    """Fit a quadratic colour surface to the pixels of ``region``, rejecting outliers.

    Fitting the whole backdrop region (not only the frame) lets vignetting and a lit gradient
    be modelled right up to the face.
    """
    h, w = img.shape[:2]
    # Flat indices, then rows and columns of the samples only: the same samples in the same
    # order as np.nonzero(region), several times faster.
    flat = np.flatnonzero(region)
    if flat.size > 6000:
        flat = flat[np.linspace(0, flat.size - 1, 6000).astype(int)]
    ys, xs = np.divmod(flat, w)
    cols = img[ys, xs].astype(np.float64)
    norm = float(max(h, w))
    xn, yn = xs / norm, ys / norm
    design = np.stack([np.ones_like(xn), xn, yn, xn * xn, xn * yn, yn * yn], axis=1)
    keep = np.ones(len(cols), bool)
    coef = np.zeros((3, 6))
    sigma = np.full(3, 1.5)
    if len(cols) >= 30:
        for _ in range(4):
            # Least squares by the normal equations, several times faster than an SVD of the
            # samples; a region too thin to fix the surface (a strip) falls back to the SVD.
            a = design[keep]
            ata = a.T @ a
            if np.linalg.cond(ata) < 1e10:
                coef = np.asarray(np.linalg.solve(ata, a.T @ cols[keep]).T, np.float64)
            else:
                coef = np.asarray(np.linalg.lstsq(a, cols[keep], rcond=None)[0].T, np.float64)
            resid = cols - design @ coef.T
            # Channels in rows, so each median runs over contiguous memory.
            rk = resid[keep].T.copy()
            rk = np.abs(rk - median(rk, axis=1)[:, None])
            sigma = np.maximum(median(rk, axis=1) * 1.4826, 1.5)
            # Within 4 noise units (squared, per channel written out: faster than sum(axis=1)).
            r = resid / sigma
            kept = keep
            keep = r[:, 0] * r[:, 0] + r[:, 1] * r[:, 1] + r[:, 2] * r[:, 2] < 16.0
            # The same samples kept again: every further round would give this same fit.
            if keep.sum() < 30 or np.array_equal(keep, kept):
                break
    elif len(cols):
        coef[:, 0] = cols.mean(axis=0)
    return BackdropModel(coef=coef, norm=norm, sigma=sigma, inlier_share=float(keep.mean()))


def _regions(barrier: NDArray[np.bool_]) -> tuple[int, NDArray[np.int32]]:
    free = (~barrier).astype(np.uint8)
    n, labels = cv2.connectedComponents(free, connectivity=4)
    return int(n), np.asarray(labels, np.int32)


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
        # The surface is smooth: evaluate it on a coarse grid and interpolate.
        gh, gw = h // 8 + 2, w // 8 + 2
        gy, gx = np.mgrid[0:gh, 0:gw].astype(np.float64)
        coarse = model.colour_at(gx * (w - 1) / (gw - 1), gy * (h - 1) / (gh - 1)).astype(
            np.float32
        )
        # Squares, weighted by each channel's noise and summed, all through OpenCV: numpy
        # broadcasting over 3 channels is slow. In place, in one full-size buffer: fresh
        # full-size temporaries cost more in page faults than the arithmetic (bench/profile_speed).
        d = cv2.resize(coarse, (w, h), interpolation=cv2.INTER_LINEAR)
        cv2.subtract(img, d, dst=d)
        cv2.multiply(d, d, dst=d)
        weights = (1.0 / model.sigma**2).astype(np.float32)[None, :]
        z = cv2.transform(d, weights)
        return np.asarray(cv2.sqrt(z, dst=z), np.float32)
    bg = model.colour_at(xs, ys)
    return colour_norm((img - bg) / model.sigma)


def _fill_holes(mask: U8) -> U8:
    h, w = mask.shape
    flood = np.zeros((h + 4, w + 4), np.uint8)
    padded = cv2.copyMakeBorder(mask, 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    inv = cv2.bitwise_not(padded)
    cv2.floodFill(inv, flood, (0, 0), 0)
    return np.asarray(cv2.bitwise_or(mask, inv[1:-1, 1:-1]), dtype=np.uint8)


def _separate(
    img: F32, barrier: NDArray[np.bool_], core: NDArray[np.bool_], ring: NDArray[np.bool_]
) -> tuple[BackdropModel, F32, NDArray[np.bool_], U8]:
    """Backdrop model, difference map, backdrop region and person mask from a backdrop core."""
    model = fit_backdrop(img, core)
    z = difference(img, model)
    # Pixels clearly unlike the backdrop are barriers too (low-contrast edges).
    barrier2 = barrier | (z > Z_STRONG)
    _, labels2 = _regions(barrier2)
    seeds = ring & (z < Z_WEAK) & ~barrier2
    ids = np.unique(labels2[seeds])
    is_backdrop = np.zeros(int(labels2.max()) + 1, bool)
    is_backdrop[ids[ids > 0]] = True
    backdrop = np.take(is_backdrop, labels2)
    fg = mask_u8(~backdrop & (z > Z_WEAK))
    fg = np.asarray(cv2.morphologyEx(fg, cv2.MORPH_OPEN, np.ones((3, 3), np.uint8)), np.uint8)
    return model, z, backdrop, fg


#: Connected regions of a mask: (count, labels, stats) from cv2.connectedComponentsWithStats.
Components = tuple[int, NDArray[np.int32], NDArray[np.int32]]


def _components(fg: U8) -> Components:
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fg, connectivity=8)
    return int(n), np.asarray(labels, np.int32), np.asarray(stats, np.int32)


def _profile_score(comps: Components) -> float:
    """How much the largest region's outline looks like a profile (its sharpest bump)."""
    from facial_profile.outline import find_facing

    n, labels, stats = comps
    if n <= 1:
        return -1.0
    areas = stats[1:, cv2.CC_STAT_AREA]
    big = 1 + int(np.argmax(areas))
    if areas[big - 1] < 0.03 * labels.size:
        return -1.0
    try:
        _, _, front, back, extent = find_facing(mask_u8(labels == big))
    except PhotoRefused:
        return -1.0
    return (front - back) / max(extent, 1.0)


LEARNED_WARNING: Final = (
    "The background is not plain, so the person was found by a learned segmentation and the "
    "outline refined from the photo: check every point before relying on it."
)


def segment(image: ImageArray) -> Segmentation:
    """Find the person. Raises PhotoRefused for an empty, busy or crowded picture.

    When the backdrop is too busy to model (``backdrop_too_busy``), the person is looked for
    with the bundled model instead (:func:`segment_learned`); if that finds no one either, the
    busy-backdrop refusal stands.
    """
    work = working_copy(image)
    try:
        return segment_backdrop(image, work)
    except PhotoRefused as exc:
        if exc.code != "backdrop_too_busy" or not learned.available():
            raise
        try:
            return segment_learned(image, work)
        except PhotoRefused:
            raise exc from None


def segment_learned(image: ImageArray, work: Working | None = None) -> Segmentation:
    """The person from the bundled model's mask; the backdrop modelled just around them.

    The backdrop surface is fitted only to a band outside the mask (5 % of the height wide,
    starting 3 pixels out), where a scanned or cluttered photo is still locally smooth, so that
    the outline can be refined against it. ``work`` is :func:`working_copy` of the image when
    the caller has made it already.
    """
    work = work or working_copy(image)
    small, img = work.small, work.smooth
    h, w = img.shape[:2]
    prob = learned.person_probability(small)
    fg = mask_u8(prob > 0.5)
    n, labels, stats, _ = cv2.connectedComponentsWithStats(fg, connectivity=8)
    areas = stats[1:, cv2.CC_STAT_AREA] if n > 1 else np.zeros(0)
    if not areas.size or areas.max() < 0.03 * h * w or areas.max() > 0.9 * h * w:
        raise PhotoRefused("No person could be found in the photo.", code="no_person")
    mask = _fill_holes(mask_u8(labels == 1 + int(np.argmax(areas))))
    r = max(3, round(0.05 * h))
    outer = cv2.dilate(mask, np.ones((2 * r + 1, 2 * r + 1), np.uint8)) > 0
    gap = cv2.dilate(mask, np.ones((7, 7), np.uint8)) > 0
    model = fit_backdrop(img, outer & ~gap)
    return Segmentation(
        work=work,
        mask=mask,
        backdrop=model,
        warnings=(LEARNED_WARNING,),
        clean=False,
        method="learned",
    )


def segment_backdrop(image: ImageArray, work: Working | None = None) -> Segmentation:
    """Find the person against a modelled plain backdrop, or refuse.

    1. Colour edges well above the texture of the frame's edge are barriers; the large
       barrier-free regions touching the frame are candidate backdrop cores.
    2. For each candidate a quadratic colour surface is fitted to it; its noise sets the
       thresholds. The backdrop is every barrier-free region touching the frame where it matches
       the surface, with pixels that clearly differ from the surface now barriers too. The
       candidate whose remaining largest region looks most like a side profile wins.
    3. The person is the largest region that differs from the backdrop.

    ``work`` is :func:`working_copy` of the image when the caller has made it already.
    """
    work = work or working_copy(image)
    img = work.smooth
    h, w = img.shape[:2]
    total = float(h * w)
    ring = _ring(h, w)
    grad = _gradient(img)
    edge_t = max(2.5, 3.0 * float(np.median(grad[ring])))
    raw = (grad > edge_t).astype(np.uint8)
    barrier = np.asarray(cv2.dilate(raw, np.ones((3, 3), np.uint8)), bool)
    # Wider barriers for choosing the core, so a gap in a faint edge cannot join face to wall.
    n, labels = _regions(np.asarray(cv2.dilate(raw, np.ones((7, 7), np.uint8)), bool))
    counts = np.bincount(labels.ravel(), minlength=n).astype(np.float64)
    touching = np.zeros(n, bool)
    touching[np.unique(labels[ring])] = True
    touching[0] = False
    cands = [int(c) for c in np.argsort(np.where(touching, counts, -1.0))[::-1][:3]]
    cands = [c for c in cands if touching[c] and counts[c] > 0.02 * total]
    if not cands:
        raise PhotoRefused(
            "The background is too busy or uneven to separate the face from it. Please retake "
            "the photo against a plain, evenly lit wall or screen.",
            code="backdrop_too_busy",
        )
    # A good backdrop explains much of the frame, with little noise and few interruptions, and
    # leaves a profile-shaped person; hair or a dark suit taken for the backdrop does worse.
    # A plain studio backdrop is recognised at the first try; otherwise every candidate is scored.
    results = []
    scores = []
    for c in cands:
        r = _separate(img, barrier, labels == c, ring)
        share, changes, comps = float(r[2][ring].mean()), border_changes(r[1]), _components(r[3])
        shape = _profile_score(comps)
        results.append((r[0], share, changes, comps))
        scores.append(shape * share**2 / float(np.mean(r[0].sigma)) / (1.0 + changes / 4.0))
        if share >= 0.6 and changes <= 6 and shape > 0.02:
            break
    model, ring_share, changes, (nf, flabels, stats) = results[int(np.argmax(scores))]
    noise = float(np.mean(model.sigma))
    warnings: list[str] = []
    clean = ring_share >= CLEAN_SHARE and changes <= CLEAN_CHANGES
    if noise > BUSY_NOISE or ring_share < MIN_INLIER_SHARE or changes > MAX_BORDER_CHANGES:
        raise PhotoRefused(
            "The background is too busy or uneven to separate the face from it. Please retake "
            "the photo against a plain, evenly lit wall or screen.",
            code="backdrop_too_busy",
        )
    areas = stats[:, cv2.CC_STAT_AREA].astype(np.float64)
    areas[0] = 0.0
    order = np.argsort(areas)[::-1]
    biggest = int(order[0])
    if nf <= 1 or areas[biggest] < 0.03 * total:
        raise PhotoRefused(
            "No person could be found in the photo. Please check that the face and neck are in "
            "the frame, in side view, against a plain background.",
            code="no_person",
        )
    if areas[biggest] > 0.9 * total:
        raise PhotoRefused(
            "The face could not be told apart from the background. Please retake the photo "
            "against a plain wall in a colour that contrasts with skin and hair.",
            code="backdrop_too_busy",
        )
    second = int(order[1]) if nf > 2 else 0
    if (
        second
        and areas[second] > SECOND_PERSON_SHARE * areas[biggest]
        and areas[second] > 0.04 * total
    ):
        if not clean:
            # On a cluttered frame a second region is more likely stamps, writing or furniture
            # than a second person: carry on with the largest, and say so.
            warnings.append(
                "Other objects in the photo (writing, stamps or furniture?) were ignored; check "
                "that the outline follows the face."
            )
        else:
            raise PhotoRefused(
                "There seem to be two people in the photo. Please photograph one person at a time.",
                code="several_people",
            )
    mask = mask_u8(flabels == biggest)
    mask = np.asarray(cv2.morphologyEx(mask, cv2.MORPH_CLOSE, np.ones((3, 3), np.uint8)), np.uint8)
    mask = _fill_holes(mask)
    # Noise specks stuck to the outline would make false bumps; a median removes them.
    mask = np.asarray(cv2.medianBlur(mask, 5), dtype=np.uint8)
    return Segmentation(
        work=work,
        mask=mask,
        backdrop=model,
        warnings=tuple(warnings),
        clean=clean,
    )
