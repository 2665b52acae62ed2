"""Facing direction and the front profile outline.

The person's mask (from :mod:`facial_profile.segment`) is searched at working resolution: the
facing side is the side whose outline has the sharpest bump (the nose; the back of the head and
a hair bun are broad curves). The front edge of the outline is then followed from the top of the
head, past the nose, down the lips and chin to the neck, and each of its points is refined at
full resolution along the outline's normal to the skin's edge: the strongest colour step, or,
where the mask has taken in a soft shadow in front of the face, the sharp step at the
half-contrast crossing further in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

import cv2
import numpy as np
from numpy.typing import NDArray

from facial_profile.segment import Segmentation, colour_norm, median
from facial_profile.types import Facing, ImageArray, PhotoRefused

F64 = NDArray[np.float64]
F32 = NDArray[np.float32]


#: Inside a shadow or glow, the half-contrast crossing further in replaces the first step only
#: when its own step is this many times sharper (the skin's edge against a soft shadow border).
GLOW_SHARPER = 1.5


@dataclass(frozen=True)
class Profile:
    facing: Facing
    #: N x 2 outline in full-resolution pixels, ordered from the top of the head to the neck.
    points: F64
    #: Index of the nose tip candidate in ``points``.
    prn_index: int
    #: Bump strength (working pixels) on the facing side and on the other side.
    bump_front: float
    bump_back: float
    #: Per point: skin-backdrop contrast across the edge in backdrop-noise units.
    contrast: F64
    #: Per point: steepest colour step per working pixel over the skin-backdrop difference
    #: (0.3 or more for a crisp edge; below 0.15 where a glow or shadow hides the skin's edge).
    sharpness: F64
    #: Per point: True where the outline runs along the image border (cropped).
    on_border: NDArray[np.bool_]
    #: Vertical extent of the person's mask, working pixels (a rough size for searches).
    extent: float
    #: Width of the person's mask at the nose row, full-resolution pixels (front to back of head).
    head_depth: float
    #: The mask reaches the left / right edge of the frame beside the head.
    touches_left: bool
    touches_right: bool


def gauss1d(v: F64, sigma: float) -> F64:
    if sigma <= 0:
        return v
    r = int(3 * sigma) + 1
    k = np.exp(-0.5 * (np.arange(-r, r + 1) / sigma) ** 2)
    k /= k.sum()
    padded = np.pad(v, (r, r), mode="edge")
    return np.convolve(padded, k, mode="valid")


def _bump(a: F64, d: int) -> tuple[float, int]:
    """Largest amount by which a(y) stands out from both a(y-d) and a(y+d)."""
    if len(a) <= 2 * d + 1:
        return 0.0, 0
    mid = a[d:-d]
    s = mid - np.maximum(a[: -2 * d], a[2 * d :])
    i = int(np.argmax(s))
    return float(s[i]), i + d


def find_facing(
    mask: NDArray[np.uint8], facing: Facing | None = None
) -> tuple[Facing, int, float, float, float]:
    """Return (facing, nose row, front bump, back bump, extent) from the mask's row extents.

    The facing side is the one with the sharper bump, unless ``facing`` is given."""
    fg = mask > 0
    rows = np.nonzero(fg.any(axis=1))[0]
    if rows.size < 10:
        raise PhotoRefused("No person could be found in the photo.", code="no_person")
    y0, y1 = int(rows[0]), int(rows[-1])
    extent = float(y1 - y0 + 1)
    y_stop = y0 + int(0.75 * extent)
    sub = fg[y0:y_stop]
    has = sub.any(axis=1)
    w = mask.shape[1]
    left = np.where(has, np.argmax(sub, axis=1), w).astype(np.float64)
    right = np.where(has, w - 1 - np.argmax(sub[:, ::-1], axis=1), -1).astype(np.float64)
    left = gauss1d(left, 1.0)
    right = gauss1d(right, 1.0)
    best: dict[Facing, tuple[float, int]] = {}
    for side, a in ((Facing.RIGHT, right), (Facing.LEFT, -left)):
        cand = [_bump(a, max(2, int(f * extent))) for f in (0.03, 0.05, 0.08)]
        best[side] = max(cand)
    if facing is None:
        facing = Facing.RIGHT if best[Facing.RIGHT][0] >= best[Facing.LEFT][0] else Facing.LEFT
    other = Facing.LEFT if facing is Facing.RIGHT else Facing.RIGHT
    row = best[facing][1] + y0
    return facing, row, best[facing][0], best[other][0], extent


def trace_profile(seg: Segmentation, image: ImageArray, facing: Facing | None = None) -> Profile:
    """Follow and refine the front outline of the person in ``seg``, on the side with the
    sharpest bump unless ``facing`` is given."""
    mask = seg.mask
    facing, nose_row, bump_f, bump_b, extent = find_facing(mask, facing)
    sign = 1.0 if facing is Facing.RIGHT else -1.0
    contours, _ = cv2.findContours(mask, cv2.RETR_EXTERNAL, cv2.CHAIN_APPROX_NONE)
    cnt = max(contours, key=cv2.contourArea).reshape(-1, 2).astype(np.float64)
    m = len(cnt)
    a = sign * cnt[:, 0]
    d = max(2, int(0.05 * extent))
    near = np.abs(cnt[:, 1] - nose_row) <= d
    i_prn = int(np.argmax(np.where(near, a, -np.inf)))
    k = max(3, d // 2)
    up = 1 if cnt[(i_prn + k) % m, 1] < cnt[(i_prn - k) % m, 1] else -1
    half = m // 2
    up_idx = (i_prn + up * np.arange(0, half)) % m
    up_stop = int(np.argmin(cnt[up_idx, 1]))
    up_idx = up_idx[: up_stop + 1]
    down_idx = (i_prn - up * np.arange(0, half)) % m
    ys_down = cnt[down_idx, 1]
    bottom = mask.shape[0] - 1
    hit = np.nonzero(ys_down >= bottom - 1)[0]
    down_stop = int(hit[0]) if hit.size else int(np.argmax(ys_down))
    down_idx = down_idx[: down_stop + 1]
    order = np.concatenate([up_idx[::-1], down_idx[1:]])
    pts = cnt[order]
    prn_index = len(up_idx) - 1
    h, w = mask.shape
    on_border = (pts[:, 0] <= 0) | (pts[:, 0] >= w - 1) | (pts[:, 1] <= 0) | (pts[:, 1] >= h - 1)
    rows = np.nonzero((mask > 0).any(axis=1))[0]
    nose_cols = np.nonzero(mask[nose_row] > 0)[0]
    head_depth = float(nose_cols[-1] - nose_cols[0] + 1) if nose_cols.size else 0.0
    head_rows = mask[rows[0] : rows[0] + max(1, int(0.6 * extent))]
    touch_l = bool((head_rows[:, 0] > 0).any())
    touch_r = bool((head_rows[:, -1] > 0).any())
    refined, contrast, sharpness = _refine(pts, seg, image, sign, 0.06 * extent / seg.scale)
    # Resample at about one full-resolution pixel, so landmarks are not limited to the spacing
    # of the working-resolution contour.
    seglen = np.linalg.norm(np.diff(refined, axis=0), axis=1)
    arc = np.concatenate([[0.0], np.cumsum(seglen)])
    n_new = max(len(refined), int(arc[-1] / 1.0) + 1)
    s_new = np.linspace(0.0, arc[-1], n_new)
    src = np.interp(s_new, arc, np.arange(len(refined), dtype=np.float64))
    nearest = np.clip(np.round(src).astype(int), 0, len(refined) - 1)
    refined = np.stack(
        [np.interp(s_new, arc, refined[:, 0]), np.interp(s_new, arc, refined[:, 1])], axis=1
    )
    contrast = contrast[nearest]
    sharpness = sharpness[nearest]
    on_border = on_border[nearest]
    prn_index = int(np.searchsorted(src, prn_index))
    prof = Profile(
        facing=facing,
        points=refined,
        prn_index=prn_index,
        bump_front=bump_f,
        bump_back=bump_b,
        contrast=contrast,
        sharpness=sharpness,
        on_border=on_border,
        extent=extent,
        head_depth=head_depth / seg.scale,
        touches_left=touch_l,
        touches_right=touch_r,
    )
    if seg.method == "learned":
        # A learned mask rounds the nose off, so its bump may sit at the chin or the collar:
        # take the nose from the refined outline instead.
        strength, row = refined_bump(prof)
        near_row = np.abs(refined[:, 1] - row) <= 0.05 * extent / seg.scale
        i_nose = int(np.argmax(np.where(near_row, sign * refined[:, 0], -np.inf)))
        r_small = min(h - 1, max(0, round((row + 0.5) * seg.scale - 0.5)))
        cols = np.nonzero(mask[r_small] > 0)[0]
        prof = replace(
            prof,
            prn_index=i_nose,
            bump_front=strength * seg.scale,
            head_depth=float(cols[-1] - cols[0] + 1) / seg.scale if cols.size else 0.0,
        )
    return prof


#: Inside the mask's border, the deep window (up to ``reach_in``, for soft shadows) is sampled at
#: every this many steps to measure how the skin differs from the backdrop there; only points
#: that turn out to lie in a shadow or glow are then sampled along the whole window. Checked on
#: bench/profile_accuracy against sampling every point along the whole window (ADR 0101).
DEEP_STRIDE = 4


class _Normals:
    """Colour samples along the outline's normals: each sample is the mean over a few parallel
    profiles (to beat pixel noise), less the modelled backdrop's colour there."""

    def __init__(
        self, seg: Segmentation, image: ImageArray, centre: F64, normal: F64, tang: F64, t: F64
    ) -> None:
        s = seg.scale
        self.image, self.centre, self.normal, self.tang = image, centre, normal, tang
        span = max(1.0, 0.5 / s)
        self.offsets = np.linspace(-span, span, 5)
        # The backdrop surface is quadratic in (x, y), so along each straight normal it is
        # exactly quadratic in t: evaluate it at three samples and interpolate (Lagrange).
        self.t3 = np.array([t[0], 0.5 * (t[0] + t[-1]), t[-1]])
        gx = (centre[:, 0:1] + self.t3[None, :] * normal[:, 0:1] + 0.5) * s - 0.5
        gy = (centre[:, 1:2] + self.t3[None, :] * normal[:, 1:2] + 0.5) * s - 0.5
        self.b3 = seg.backdrop.colour_at(gx, gy).astype(np.float32)  # k x 3 samples x 3 channels
        self.inv_sigma = (1.0 / seg.backdrop.sigma).astype(np.float32)

    def sample(self, rows: NDArray[np.intp] | slice, t: F64) -> tuple[F32, F32]:
        """(mean colour, distance from the backdrop in noise units) at ``t`` along ``rows``."""
        c, n, tg = self.centre[rows], self.normal[rows], self.tang[rows]
        base_x = (c[:, 0:1] + t[None, :] * n[:, 0:1]).astype(np.float32)
        base_y = (c[:, 1:2] + t[None, :] * n[:, 1:2]).astype(np.float32)
        acc = np.zeros((len(c), len(t), 3), np.float32)
        for o in self.offsets:
            mx = base_x + (o * tg[:, 0:1]).astype(np.float32)
            my = base_y + (o * tg[:, 1:2]).astype(np.float32)
            acc += cv2.remap(self.image, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        acc /= len(self.offsets)
        t3 = self.t3
        lag = np.stack(
            [
                (t - t3[1]) * (t - t3[2]) / ((t3[0] - t3[1]) * (t3[0] - t3[2])),
                (t - t3[0]) * (t - t3[2]) / ((t3[1] - t3[0]) * (t3[1] - t3[2])),
                (t - t3[0]) * (t - t3[1]) / ((t3[2] - t3[0]) * (t3[2] - t3[1])),
            ]
        ).astype(np.float32)  # 3 x len(t)
        # One small matrix product per point (len(t) x 3 by 3 x 3): bg[k, t, c] = sum_j lag[j, t]
        # * b3[k, j, c]. Summing broadcast products instead is about eight times slower.
        bg = np.matmul(lag.T, self.b3[rows])
        return acc, colour_norm((acc - bg) * self.inv_sigma)


def _steps(acc: F32) -> F32:
    """Colour step between neighbouring samples, lightly smoothed ([1, 2, 1]) across the normal
    so that pixel noise cannot make a false peak."""
    g = colour_norm(acc[:, 1:, :] - acc[:, :-1, :])
    return np.concatenate(
        [g[:, :1], 0.25 * g[:, :-2] + 0.5 * g[:, 1:-1] + 0.25 * g[:, 2:], g[:, -1:]], axis=1
    )


def _peak(g: F32, j: NDArray[np.intp], t_mid: F64, step: float) -> F64:
    """The step's position to a fraction of a sample, by a parabola through the peak at ``j``."""
    rows = np.arange(len(j))
    g0, g1, g2 = g[rows, j - 1], g[rows, j], g[rows, j + 1]
    den = g0 - 2 * g1 + g2
    off = np.where(den < 0, 0.5 * (g0 - g2) / np.where(den < 0, den, -1.0), 0.0)
    return np.asarray(t_mid[j] + np.clip(off, -0.5, 0.5) * step, np.float64)


def _refine(
    pts: F64, seg: Segmentation, image: ImageArray, sign: float, reach_in: float
) -> tuple[F64, F64, F64]:
    """Move each outline point to the skin's edge along its normal, at full size.

    The edge is the strongest colour step near the mask's border. When the colour just inside
    that step is still less than half-way from the backdrop to the skin, the mask has taken in
    a soft shadow or glow in front of the face (common on studio photos with a gradient
    backdrop); the search then goes up to ``reach_in`` pixels inwards for the half-contrast
    crossing, and takes the strongest step next to it if that step is clearly sharper than
    the first (lit skin close to the backdrop's colour has a crisp edge and keeps it).
    """
    s = seg.scale
    sm = np.stack([gauss1d(pts[:, 0], 1.5), gauss1d(pts[:, 1], 1.5)], axis=1)
    tang = np.gradient(sm, axis=0)
    tang /= np.maximum(np.linalg.norm(tang, axis=1, keepdims=True), 1e-9)
    normal = np.stack([tang[:, 1], -tang[:, 0]], axis=1)
    # Orient normals towards the backdrop, i.e. anterior on the face side.
    probe = sm + 3.0 * normal
    xi = np.clip(np.round(probe[:, 0]).astype(int), 0, seg.mask.shape[1] - 1)
    yi = np.clip(np.round(probe[:, 1]).astype(int), 0, seg.mask.shape[0] - 1)
    inside = seg.mask[yi, xi] > 0
    probe2 = sm - 3.0 * normal
    xi2 = np.clip(np.round(probe2[:, 0]).astype(int), 0, seg.mask.shape[1] - 1)
    yi2 = np.clip(np.round(probe2[:, 1]).astype(int), 0, seg.mask.shape[0] - 1)
    inside2 = seg.mask[yi2, xi2] > 0
    flip = inside & ~inside2
    normal[flip] *= -1
    # Contour pixels are the last skin pixels; the edge is about half a pixel further out.
    centre = (sm + 0.5 * normal + 0.5) / s - 0.5
    radius = max(6.0, 4.0 / s + 3.0)
    step = 0.5
    reach = max(radius, reach_in)
    t = np.arange(-reach, radius + 1e-9, step)
    n_t = len(t)
    k = len(centre)
    normals = _Normals(seg, image, centre, normal, tang, t)
    near = t >= -radius  # the original, symmetric window around the mask's border
    q = max(2, int(near.sum()) // 4)
    w0 = int(np.argmax(near))
    q_out = max(2, n_t // 4)
    n_deep = max(2, (n_t - int(near.sum())) // 2, q)
    # Every point is sampled from a little inside the symmetric window outwards ("the tail": the
    # margin keeps the smoothing of the steps and the glow test below exact), and the deepest
    # stretch of the deep window at every DEEP_STRIDE-th sample. With a short reach the two
    # overlap, and the whole window is sampled.
    lo = max(0, min(w0, n_t - q_out) - 6)
    if lo <= n_deep:
        lo = 0
    acc, dist = normals.sample(slice(None), t[lo:])
    deep = normals.sample(slice(None), t[0:n_deep:DEEP_STRIDE])[1] if lo else dist[:, :n_deep]
    w = w0 - lo
    d_in = median(dist[:, w : w + q], axis=1)
    d_out = median(dist[:, -q:], axis=1)
    contrast = d_in - d_out
    d_deep = np.maximum(median(deep, axis=1), d_in)
    # Edge position: the strongest colour step along the normal, located to a fraction of a
    # sample by a parabola through the peak. A bright rim of backlight outside the skin makes a
    # softer step than the skin itself, so the skin edge wins, as an annotator would place it.
    g = _steps(acc)
    t_tail = t[lo:]
    t_mid = 0.5 * (t_tail[:-1] + t_tail[1:])
    near_g = t_mid >= -radius
    j = np.clip(np.argmax(np.where(near_g[None, :], g, -1.0), axis=1), 1, g.shape[1] - 2)
    rows = np.arange(k)
    # Inside a shadow or glow? Then find the half-contrast crossing further in.
    half = d_out + 0.5 * (d_deep - d_out)
    j_in = np.clip(j - round(2.0 / step), 0, len(t_tail) - 1)
    # Only where the skin differs clearly (6 backdrop-noise units) from the backdrop at all.
    in_glow = (dist[rows, j_in] < half) & (d_deep - d_out > 6.0) & (reach > radius)
    peak = _peak(g, j, t_mid, step)
    steepest = g.max(axis=1)
    glow = np.nonzero(in_glow)[0]
    if glow.size:
        # These points are sampled along the whole window, as one set.
        acc_g, dist_g = normals.sample(glow, t)
        g_g = _steps(acc_g)
        j_g = j[glow] + lo
        above = dist_g >= half[glow, None]
        win = round(3.0 / step)
        # Going inwards (towards lower t) from the step, the first sample past half-way: the
        # last such sample at or before the step.
        n_s, n_g = above.shape[1], g_g.shape[1]
        before = above & (np.arange(n_s)[None, :] <= j_g[:, None])
        c = n_s - 1 - np.argmax(before[:, ::-1], axis=1)
        lo_w, hi_w = np.maximum(1, c - win), np.minimum(n_g - 2, c + win)
        valid = before.any(axis=1) & (hi_w > lo_w)
        # The sharpest step within win samples of it (the first, if several are as sharp).
        cols = np.arange(n_g)[None, :]
        in_win = (cols >= lo_w[:, None]) & (cols <= hi_w[:, None])
        j_glow = np.argmax(np.where(in_win, g_g, -np.inf), axis=1)
        rows_g = np.arange(len(glow))
        # The skin's own edge is a sharper step than the soft border of a shadow. Where the step
        # found first is the sharper one, it stays: that is lit skin close to the backdrop's
        # colour, not a shadow.
        sharper = g_g[rows_g, j_glow] > GLOW_SHARPER * g_g[rows_g, j_g]
        j_g = np.where(valid & sharper, j_glow, j_g)
        peak[glow] = _peak(g_g, j_g, 0.5 * (t[:-1] + t[1:]), step)
        steepest[glow] = g_g.max(axis=1)
    ok = contrast > 3.0
    tt = np.where(ok, peak, np.nan)
    if np.isfinite(tt).any():
        idx = np.arange(k)
        good = np.isfinite(tt)
        tt = np.interp(idx, idx[good], tt[good])
        # A median over neighbours removes single-point slips (a hair, a speck of dust).
        pad = np.pad(tt, 3, mode="edge")
        tt = median(np.stack([pad[i : i + k] for i in range(7)]), axis=0)
    else:
        tt = np.zeros(k)
    out = centre + tt[:, None] * normal
    # Sharpness: the steepest colour step (per working pixel) against the full difference
    # between the skin well inside the outline and the backdrop outside it. A crisp edge gives
    # about 0.3; a rim of backlight or a glow in front of the skin gives far less, because the
    # traced edge is then the glow's soft border, not the skin's.
    deep_px = 12.0 / s
    c_deep = np.zeros((k, 3), np.float32)
    for o in normals.offsets:
        mx = (out[:, 0:1] + o * tang[:, 0:1] - deep_px * normal[:, 0:1]).astype(np.float32)
        my = (out[:, 1:2] + o * tang[:, 1:2] - deep_px * normal[:, 1:2]).astype(np.float32)
        c_deep += cv2.remap(image, mx, my, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)[:, 0]
    c_deep /= len(normals.offsets)
    c_out = median(acc[:, -q_out:, :], axis=1)
    span = np.maximum(np.linalg.norm(c_deep - c_out, axis=1), 1e-6)
    sharpness = steepest / step / s / span
    return out, np.asarray(contrast, np.float64), np.asarray(sharpness, np.float64)


def refined_bump(prof: Profile) -> tuple[float, float]:
    """How sharply the refined front outline's most prominent bump stands out, and its row
    (full-resolution pixels).

    The same measure as :func:`find_facing`, taken on the full-resolution outline: on a coarse
    mask the nose can be rounded off, so a face and the back of a head score alike; once
    refined, the nose is sharp and the back of the head stays a broad curve.
    """
    sign = 1.0 if prof.facing is Facing.RIGHT else -1.0
    pts = prof.points
    rows = np.round(pts[:, 1]).astype(int)
    y0 = int(rows.min())
    height = int(rows.max()) - y0 + 1
    stop = int(0.75 * height)
    front = np.full(stop, -np.inf)
    keep = rows - y0 < stop
    np.maximum.at(front, rows[keep] - y0, sign * pts[keep, 0])
    seen = np.isfinite(front)
    if seen.sum() < 10:
        return 0.0, float(y0)
    idx = np.arange(stop)
    front = gauss1d(np.interp(idx, idx[seen], front[seen]), 1.0)
    strength, row = max(_bump(front, max(2, int(f * height))) for f in (0.03, 0.05, 0.08))
    return strength, float(y0 + row)
