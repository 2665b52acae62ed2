"""Find soft-tissue profile landmarks on a side-view photo (the outline method).

Pipeline: :func:`facial_profile.segment.segment` separates the person from the backdrop,
:func:`facial_profile.outline.trace_profile` decides the facing side and follows the front
outline at full resolution, and this module reads the landmarks off that outline. Each landmark's
operational definition is in docs/facial_profile/landmarks.md; :mod:`facial_profile.checks`
refuses photos the method cannot measure honestly.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from facial_profile import checks, learned, stomion
from facial_profile.outline import Profile, _gauss1d, refined_bump, trace_profile
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

F64 = NDArray[np.float64]

#: Typical adult soft-tissue nasion-to-menton height, used only to turn pixels into rough
#: millimetres for search windows and checks (never for reported measurements).
TYPICAL_N_ME_MM = 120.0
#: Edge sharpness (see Profile.sharpness) at which an edge counts as crisp.
SHARP_EDGE = 0.25
#: Skin-backdrop contrast across the edge (backdrop-noise units, Profile.contrast): at or below
#: FAINT_EDGE a point's confidence is cut to a fifth, from CLEAR_EDGE up it is not cut, and in
#: between it rises in a straight line. Around 9-10 units (on a 0.5 MP photo with noise 3, a
#: step of about 3 grey levels) the traced edge can slip by several millimetres over a run of
#: points, which the median in outline._refine cannot remove (bench/profile_accuracy: synthetic
#: low-contrast fixtures, Pog' 8 mm and N' 6.6 mm off and unflagged with the old ramp, which
#: was contrast / 12).
FAINT_EDGE = 6.0
CLEAR_EDGE = 15.0
#: Above this estimated tilt the result carries a warning.
TILT_WARN_DEG = 7.0


@dataclass(frozen=True)
class _Found:
    index: int
    confirmed: bool
    prominence: float


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


def _walk(
    a: F64,
    start: int,
    step: int,
    want_max: bool,
    delta: float,
    stop: int,
    y: F64 | None = None,
    min_gap: float = 0.0,
) -> _Found:
    """Follow ``a`` from ``start`` until it turns back by ``delta``; return the extremum.

    ``stop`` is the last index the walk may visit. If the turn never comes, the point lying
    furthest from the chord between ``start`` and ``stop`` is returned, unconfirmed.

    With ``y`` given, an extremum less than ``min_gap`` below the start is a wiggle of the
    outline, not the next feature: the walk passes it and the turn after it, and looks again.
    """
    sgn = 1.0 if want_max else -1.0
    best = start
    i = start
    n = len(a)
    while 0 <= i + step < n and i != stop:
        i += step
        if sgn * (a[i] - a[best]) > 0:
            best = i
        elif sgn * (a[best] - a[i]) > delta:
            if y is None or y[best] - y[start] >= min_gap:
                return _Found(best, True, delta)
            back = _walk(a, i, step, not want_max, delta, stop)
            if not back.confirmed:
                break
            i = best = back.index
    return _Found(best, False, 0.0)


def _chord_extreme(pts: F64, sign: float, i0: int, i1: int, convex: bool) -> int:
    """Index between i0 and i1 lying furthest outside (convex) or inside the chord i0-i1."""
    lo, hi = min(i0, i1), max(i0, i1)
    if hi - lo < 2:
        return lo
    seg = pts[lo : hi + 1]
    p0, p1 = pts[lo], pts[hi]
    dv = p1 - p0
    nrm = math.hypot(float(dv[0]), float(dv[1]))
    if nrm == 0:
        return lo
    # Signed distance, positive towards anterior (the face's front).
    normal = np.array([dv[1], -dv[0]]) / nrm
    if normal[0] * sign < 0:
        normal = -normal
    dist = (seg - p0) @ normal
    j = int(np.argmax(dist)) if convex else int(np.argmin(dist))
    return lo + j


def _y_index(
    y: F64,
    start: int,
    step: int,
    limit_y: float,
    below: bool,
    a: F64 | None = None,
    retreat: float = math.inf,
) -> int:
    """The last index from ``start`` in direction ``step`` before y passes ``limit_y``.

    With ``a`` given, the search also stops where the outline has gone back more than
    ``retreat`` behind its starting point: below the chin that is the under-chin running to the
    neck, which no lip or chin point can lie on.
    """
    i = start
    n = len(y)
    floor = -math.inf if a is None else a[start] - retreat
    while 0 <= i + step < n:
        nxt = i + step
        if (below and y[nxt] > limit_y) or (not below and y[nxt] < limit_y):
            break
        if a is not None and a[nxt] < floor:
            break
        i = nxt
    return i


def _plateau_centre(
    a: F64, i: int, want_max: bool, tol: float, reach: int, fit: bool = False
) -> int:
    """Middle of the stretch around ``i`` where ``a`` stays within ``tol`` of ``a[i]``."""
    ref = a[i]
    lo = i
    while lo > max(0, i - reach) and abs(a[lo - 1] - ref) <= tol:
        lo -= 1
    hi = i
    while hi < min(len(a) - 1, i + reach) and abs(a[hi + 1] - ref) <= tol:
        hi += 1
    if fit and hi - lo >= 4:
        # A parabola through the stretch finds the turning point more steadily than its middle.
        j = np.arange(lo, hi + 1, dtype=np.float64)
        c2, c1, _ = np.polyfit(j - i, a[lo : hi + 1], 2)
        if c2 != 0 and (c2 < 0) == want_max:
            v = i - c1 / (2 * c2)
            if lo <= v <= hi:
                return round(float(v))
    return (lo + hi) // 2


#: Position noise of the refined outline, in pixels, where the skin-backdrop contrast is at least
#: EDGE_NOISE_CONTRAST backdrop-noise units; at lower contrast it grows as 1 / contrast (a fainter
#: step is located less surely). Along a stretch where the outline stays within this of its
#: deepest point, the deepest point could lie anywhere.
EDGE_NOISE_PX = 0.25
EDGE_NOISE_CONTRAST = 40.0
#: How far above N' (in nasion-to-tip heights) G' is searched for.
G_WINDOW = 0.8
#: How far above N' (in nasion-to-tip heights) the forehead is searched for a point further
#: forward than G'.
G_OUTDONE_REACH = 1.2
#: A mentolabial sulcus whose bottom is that flat for longer than this (rough millimetres) gets
#: B' flagged: where exactly the deepest point lies is then uncertain by more than the 2 mm
#: tolerance (seen on synthetic retruded chins and thin lips).
FLAT_SULCUS_MM = 5.0


#: The least height between a point below the nose and the one above it (Prn for Sn), in
#: nasion-to-tip heights. On the 18 annotated photographs the least seen were Prn-Sn 0.24,
#: Sn-Ls 0.29, Ls-Stm 0.18, Stm-Li 0.10, Li-B' 0.24 and B'-Pog' 0.09; these are about half.
#: A reading with two points closer than this has taken a wiggle of the outline for a feature,
#: and is read again (:func:`_detect`). MIN_SPANS, below, is the confidence rule for lips and
#: chin read off one bump: it flags, where this re-reads.
MIN_GAP = {
    L.SN: 0.10,
    L.LS: 0.15,
    L.STS: 0.08,
    L.LI: 0.05,
    L.B: 0.12,
    L.POG: 0.05,
}
_LOWER = (L.SN, L.LS, L.STS, L.LI, L.B, L.POG)
#: Confidence cap of a point that moved when the lower face was read a second time.
REREAD_CONFIDENCE = 0.3


def _flat_length(a: F64, y: F64, i: int, tol: float) -> float:
    """Height spanned by the stretch around ``i`` where ``a`` stays within ``tol`` of a[i]."""
    lo = hi = i
    while lo > 0 and abs(a[lo - 1] - a[i]) <= tol:
        lo -= 1
    while hi < len(a) - 1 and abs(a[hi + 1] - a[i]) <= tol:
        hi += 1
    return abs(float(y[hi] - y[lo]))


@dataclass(frozen=True)
class _Reading:
    idx: dict[L, int]
    confirmed: dict[L, bool]
    #: The outline's anterior coordinate as the reading smoothed it (same order as the outline;
    #: it ends where the outline below the nose comes forward of the nose tip).
    anterior: F64
    #: The forehead above G' comes further forward than G' itself: G' is a lesser bump (a brow
    #: ridge, eyebrow hairs) below the forehead's most prominent point.
    glabella_outdone: bool = False


def _compressed(reading: _Reading, pts: F64) -> bool:
    """Whether two points of the lower face were read closer together than any face has them
    (MIN_GAP): the walk then stopped at a wiggle of the outline."""
    y = pts[:, 1]
    u = y[reading.idx[L.PRN]] - y[reading.idx[L.N]]
    if u <= 0:
        return False
    prev = reading.idx[L.PRN]
    for key in _LOWER:
        i = reading.idx[key]
        if y[i] - y[prev] < MIN_GAP[key] * u:
            return True
        prev = i
    return False


#: Where the lips and chin lie between Sn and Pog' (share of the Sn-Pog' height): mean and
#: standard deviation of Ls, stomion, Li and B' over the annotated photographs, leaving out
#: 7288690-13, the one photograph the chain changes (bench/profile_accuracy).
CHAIN_SHARES = {L.LS: (0.25, 0.055), L.STS: (0.44, 0.05), L.LI: (0.56, 0.06), L.B: (0.80, 0.08)}
#: The Sn-Pog' height in nasion-to-tip heights, from the same photographs: mean and SD.
CHAIN_SPAN = (1.58, 0.47)
#: A reading's spacing cost (_spacing_cost: five terms, each squared standard deviations from
#: CHAIN_SHARES and CHAIN_SPAN) is above this on 1 % of faces whose proportions vary as those
#: photographs do: the chi-square 99th percentile for 5 degrees of freedom.
PLAUSIBLE_SPACING = 15.09
#: Cost of passing over a turn of the outline that reaches beyond the chosen points, per
#: nasion-to-tip height.
CHAIN_SKIP = 20.0
#: The least turn back the chain counts, as a share of the walk's.
CHAIN_TURN = 0.25
#: How many of the first hollows below the nose tip the chain tries as Sn.
CHAIN_SN_CHOICES = 3
#: The most turns the chain chooses among (13 at most in bench/profile_accuracy).
CHAIN_MAX_TURNS = 24


def _zigzag(a: F64, start: int, stop: int, d: float) -> list[tuple[int, bool]]:
    """The alternating turns (index, is a maximum) of ``a`` after ``start``, each confirmed by
    a turn back of more than ``d``; the first is the minimum at or after ``start``."""
    out: list[tuple[int, bool]] = []
    want_max = False
    best = start
    for i in range(start + 1, stop + 1):
        if want_max:
            if a[i] > a[best]:
                best = i
            elif a[best] - a[i] > d:
                out.append((best, True))
                want_max, best = False, i
        elif a[i] < a[best]:
            best = i
        elif a[i] - a[best] > d:
            out.append((best, False))
            want_max, best = True, i
    return out


def _z2(value: float, prior: tuple[float, float]) -> float:
    """Squared distance of ``value`` from a (mean, SD) prior, in SDs."""
    return ((value - prior[0]) / prior[1]) ** 2


def _spacing_cost(reading: _Reading, pts: F64) -> float:
    """How unusual the lower face's spacing is: the heights of Ls, stomion, Li and B' as shares
    of the Sn-Pog' height, and that height in nasion-to-tip heights, against their usual values,
    as :func:`_chain` scores them (without the cost of turns passed over)."""
    y = pts[:, 1]
    u = y[reading.idx[L.PRN]] - y[reading.idx[L.N]]
    sn = y[reading.idx[L.SN]]
    span = y[reading.idx[L.POG]] - sn
    if u <= 0 or span <= 0:
        return math.inf
    shares = sum(_z2((y[reading.idx[k]] - sn) / span, prior) for k, prior in CHAIN_SHARES.items())
    return float(_z2(span / u, CHAIN_SPAN) + shares)


def _chain(a: F64, y: F64, p: int, u: float, stop: int, d: float) -> dict[L, int] | None:
    """Sn, Ls, stomion, Li, B' and Pog' chosen together among the outline's turns below the
    nose tip ``p``.

    Each choice is scored by how far the points' heights are from their usual shares of the
    Sn-Pog' height (CHAIN_SHARES), how far that height is from its usual size (CHAIN_SPAN), and
    how far turns that were passed over reach beyond the chosen points (CHAIN_SKIP). Returns
    None when no chain has relief at every point, or when the outline turns so often that the
    choice would be among noise (more than CHAIN_MAX_TURNS turns; that also bounds the time)."""
    turns = _zigzag(a, p, stop, d)
    if not 6 <= len(turns) <= CHAIN_MAX_TURNS:
        return None
    kinds = (False, True, False, True, False, True)
    keys = (L.SN, L.LS, L.STS, L.LI, L.B, L.POG)
    n = len(turns)
    skip = [[CHAIN_SKIP * e / u for e in row] for row in _skipped(a, turns)]
    firsts = [j for j, (_, mx) in enumerate(turns) if not mx][:CHAIN_SN_CHOICES]
    best_cost = math.inf
    best: dict[L, int] | None = None
    for first in firsts:
        sn = turns[first][0]
        for last in range(first + 5, n):
            pg, is_max = turns[last]
            span = float(y[pg] - y[sn])
            if not is_max or span <= 0:
                continue
            cost0 = _z2(span / u, CHAIN_SPAN)
            # cost[j][k]: least cost of a chain whose k-th point after Sn is turns[j].
            cost = [[math.inf] * 4 for _ in range(n)]
            back = [[-1] * 4 for _ in range(n)]
            for k in range(4):
                prior = CHAIN_SHARES[keys[k + 1]]
                for j in range(first + 1 + k, last - 3 + k):
                    i, mx = turns[j]
                    if mx != kinds[k + 1]:
                        continue
                    unary = _z2(float(y[i] - y[sn]) / span, prior)
                    if k == 0:
                        cost[j][0] = unary + skip[first][j]
                        continue
                    for jp in range(first + k, j):
                        if cost[jp][k - 1] == math.inf:
                            continue
                        c = cost[jp][k - 1] + unary + skip[jp][j]
                        if c < cost[j][k]:
                            cost[j][k], back[j][k] = c, jp
            for jp in range(first + 4, last):
                if cost[jp][3] == math.inf:
                    continue
                c = cost0 + cost[jp][3] + skip[jp][last]
                if c >= best_cost:
                    continue
                chosen = [last]
                j, k = jp, 3
                while k >= 0:
                    chosen.append(j)
                    j, k = back[j][k], k - 1
                chosen.append(first)
                idx = [turns[j][0] for j in reversed(chosen)]
                if _relief_everywhere(a, idx):
                    best_cost = c
                    best = dict(zip(keys, idx, strict=True))
    return best


def _skipped(a: F64, turns: list[tuple[int, bool]]) -> list[list[float]]:
    """For each pair of turns j0 < j1: how far the turns strictly between them reach beyond the
    two, a higher maximum or a lower minimum than the chosen ends (in ``a``'s units)."""
    v = [float(a[i]) for i, _ in turns]
    n = len(v)
    out = [[0.0] * n for _ in range(n)]
    for j0 in range(n):
        hi_in, lo_in = -math.inf, math.inf
        for j1 in range(j0 + 1, n):
            ends_hi, ends_lo = max(v[j0], v[j1]), min(v[j0], v[j1])
            out[j0][j1] = max(0.0, hi_in - ends_hi, ends_lo - lo_in)
            hi_in, lo_in = max(hi_in, v[j1]), min(lo_in, v[j1])
    return out


def _relief_everywhere(a: F64, idx: list[int]) -> bool:
    """Whether each inner point of the alternating chain (min, max, min, ...) stands out from
    both neighbours."""
    for k in range(1, len(idx) - 1):
        sgn = 1.0 if k % 2 else -1.0
        if sgn * (a[idx[k]] - a[idx[k - 1]]) <= 0 or sgn * (a[idx[k]] - a[idx[k + 1]]) <= 0:
            return False
    return True


#: How the lower face is read: the first walk down from the nose, the walk passing turns closer
#: than MIN_GAP (second reading), or the chain (third reading). See :func:`_detect`.
Mode = Literal["first", "gaps", "chain"]


def _read_landmarks(pts: F64, sign: float, prn_hint: int, mode: Mode = "first") -> _Reading:
    """Locate the outline landmarks on ``pts`` (ordered top to neck) for a face pointing ``sign``.

    In ``"gaps"`` mode a turn of the outline closer below the point above than MIN_GAP is passed
    as a wiggle, not taken as the next feature (the second reading of :func:`_detect`). In
    ``"chain"`` mode Sn, the lips and the chin are chosen together (:func:`_chain`, the third
    reading), where the outline has turns enough for them."""
    n = len(pts)
    y = pts[:, 1]
    spacing = float(np.median(np.linalg.norm(np.diff(pts, axis=0), axis=1))) or 1.0
    # Top of the head to the nose tip is roughly 150 mm in adults (with hair): a rough
    # millimetre for smoothing and tolerances only.
    head_h = max(float(y[prn_hint] - y.min()), 10.0)
    mm_est = head_h / 150.0
    a = _gauss1d(sign * pts[:, 0], max(1.0, 0.4 * mm_est / spacing))
    # Nose tip: the most anterior point near the hint (the sharpest bump of the outline).
    win = max(3, int(0.08 * head_h / spacing))
    lo, hi = max(0, prn_hint - win), min(n - 1, prn_hint + win)
    p = lo + int(np.argmax(a[lo : hi + 1]))
    delta = max(0.6, 0.004 * head_h)
    # Below the nose the face stays behind its tip (the chin lies 20-35 mm behind it in natural
    # head position; a head tilt the photo checks allow moves it under 10 mm): where the outline
    # comes forward of the tip it has left the face for a collar, a hand or writing touching the
    # chin, and nothing from there on is searched.
    ahead = np.nonzero(a[p + 1 :] > a[p])[0]
    if ahead.size:
        n = p + 1 + int(ahead[0])
        pts, y, a = pts[:n], y[:n], a[:n]

    idx: dict[L, int] = {L.PRN: p}
    conf: dict[L, bool] = {L.PRN: True}

    def walk(
        key: L,
        start: int,
        step: int,
        want_max: bool,
        limit_y: float,
        below: bool,
        retreat: float = math.inf,
    ) -> int:
        stop = _y_index(y, start, step, limit_y, below, a, retreat)
        gap = MIN_GAP[key] * u if mode == "gaps" and key in MIN_GAP else 0.0
        f = _walk(a, start, step, want_max, delta, stop, y if gap > 0 else None, gap)
        i = f.index
        if not f.confirmed:
            i = _chord_extreme(pts, sign, start, stop, convex=want_max)
        idx[key] = i
        conf[key] = f.confirmed
        return i

    ni = walk(L.N, p, -1, False, y[p] - 0.6 * head_h, below=False)
    u = max(float(y[p] - y[ni]), 4.0 * spacing)  # nasion-to-tip height: the search unit
    gi = walk(L.G, ni, -1, True, y[ni] - G_WINDOW * u, below=False)
    g_top = _y_index(y, ni, -1, y[ni] - G_WINDOW * u, below=False)  # G's window's upper end
    if not conf[L.G]:
        # A forehead with no turning point (upright or sloping forward): the annotators' rule is
        # the middle of its most anterior stretch above the nasion, not a chord's extreme.
        lo_g = min(g_top, ni)
        seg_a = a[lo_g : ni + 1]
        best = lo_g + int(np.argmax(seg_a))
        gi = _plateau_centre(a, best, True, 0.5 * mm_est, max(2, int(0.3 * u / spacing)))
        idx[L.G] = gi
    # Below the nose no point lies far behind the one before it (about 30 mm for Sn behind
    # the tip, 15 mm for the lips and chin); further back is the under-chin.
    sn = walk(L.SN, p, 1, False, y[p] + 0.9 * u, below=True, retreat=0.8 * u)
    picked = None
    if mode == "chain":
        stop = _y_index(y, p, 1, y[p] + 3.5 * u, below=True, a=a, retreat=0.8 * u)
        picked = _chain(a, y, p, u, stop, CHAIN_TURN * delta)
    if picked is not None:
        idx.update(picked)
        conf.update(dict.fromkeys(picked, True))
        sn, pog = picked[L.SN], picked[L.POG]
    else:
        ls = walk(L.LS, sn, 1, True, y[sn] + 0.9 * u, below=True, retreat=0.4 * u)
        st = walk(L.STS, ls, 1, False, y[ls] + 0.7 * u, below=True, retreat=0.4 * u)
        li = walk(L.LI, st, 1, True, y[st] + 0.7 * u, below=True, retreat=0.4 * u)
        b = walk(L.B, li, 1, False, y[li] + 0.9 * u, below=True, retreat=0.4 * u)
        pog = walk(L.POG, b, 1, True, y[b] + 0.9 * u, below=True, retreat=0.4 * u)
    # Cervical point: the extreme of the under-chin/neck outline towards posterior-and-up.
    end = _y_index(y, pog, 1, y[pog] + 1.3 * u, below=True)
    end = max(end, min(n - 1, pog + 2))
    score = a[pog : end + 1] + y[pog : end + 1]
    ci = pog + int(np.argmin(score))
    # Where the under-chin rises to the neck, the angle has a top (the outline turns from
    # rising to falling): that highest point is the cervical point, as the annotators take it.
    # The 45-degree corner above is for an under-chin that slopes down into the neck.
    low = pog + int(np.argmax(y[pog : ci + 1]))
    top = low + int(np.argmin(y[low : end + 1]))
    if y[low] - y[top] > delta and top < end - 2 and y[end] - y[top] > delta:
        ci = _plateau_centre(-y, top, True, 0.3 * mm_est, max(2, int(0.15 * u / spacing)), fit=True)
    idx[L.C] = ci
    conf[L.C] = ci < end - 2 and ci > pog + 2
    # Menton: the chin point furthest from the line Pog'-C.
    idx[L.ME] = _chord_extreme(pts, sign, pog, ci, convex=True) if ci > pog + 1 else pog
    conf[L.ME] = conf[L.C]
    # An extremum on a flat stretch is placed at the middle of the stretch within 0.03
    # millimetre of it, as a careful annotator would, rather than wherever noise puts it. The
    # broad, nearly symmetric curves of brow, nasion and nose tip take a parabola's vertex over a
    # wider stretch instead, which is steadier still.
    reach = max(2, int(0.15 * u / spacing))
    for key, want_max in (
        (L.G, True),
        (L.N, False),
        (L.PRN, True),
        (L.SN, False),
        (L.LS, True),
        (L.STS, False),
        (L.LI, True),
        (L.B, False),
        (L.POG, True),
    ):
        if conf[key]:
            broad = key in (L.G, L.N, L.PRN)
            tol = (0.3 if broad else 0.03) * mm_est
            idx[key] = _plateau_centre(a, idx[key], want_max, tol, reach, fit=broad)
    idx[L.STI] = idx[L.STS]
    conf[L.STI] = conf[L.STS]
    # Columella: where the tangent from subnasale touches the lower border of the nose.
    mm = u / 38.0
    sel = np.arange(p, sn + 1)
    sel = sel[y[sel] < y[sn] - mm]
    if sel.size:
        ang = np.arctan2(y[sel] - y[sn], sign * (pts[sel, 0] - pts[sn, 0]))
        idx[L.CM] = int(sel[int(np.argmax(ang))])
        conf[L.CM] = conf[L.SN]
    else:
        idx[L.CM] = p
        conf[L.CM] = False
    # Glabella: does the forehead further up (to G_OUTDONE_REACH x the nasion-to-tip height
    # above N') come forward of G' by more than about half a millimetre?
    gi = idx[L.G]
    top = _y_index(y, ni, -1, y[ni] - G_OUTDONE_REACH * u, below=False)
    above = a[min(top, gi) : gi]
    outdone = bool(above.size) and float(above.max()) > a[gi] + 0.5 * mm_est
    if outdone:
        # Two bumps on the forehead within G's own window (brow hairs or a brow ridge below,
        # the forehead above): G' is "the most anterior point of the forehead just above the
        # nasion", and the shared annotators take the more anterior, upper bump. An extreme at
        # the window's edge is no bump, and G' stays where the walk found it.
        best = g_top + int(np.argmax(a[g_top : ni + 1]))
        if best > g_top and a[best] > a[gi] + 0.5 * mm_est:
            idx[L.G] = _plateau_centre(a, best, True, 0.3 * mm_est, reach, fit=True)
    return _Reading(idx, conf, a, outdone)


def _rotate(pts: F64, centre: F64, deg: float) -> F64:
    t = math.radians(deg)
    r = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    return np.asarray((pts - centre) @ r.T + centre, dtype=np.float64)


#: In a level head the line N'-Pog' leans forward by about this much (soft-tissue facial plane
#: close to perpendicular to Frankfort horizontal); subtracted so a level head reads about 0.
FACIAL_PLANE_LEAN_DEG = 3.0


def _tilt(pts: F64, sign: float, r: _Reading) -> float:
    """Head tilt from the N'-Pog' line against the photo's vertical, positive = nose up."""
    n, pog = pts[r.idx[L.N]], pts[r.idx[L.POG]]
    lean = math.degrees(math.atan2(sign * (pog[0] - n[0]), pog[1] - n[1]))
    return lean - FACIAL_PLANE_LEAN_DEG


#: Where each point lies between N' (0) and Me' (1), measured along the photo's vertical: wide
#: bands around adult proportions (Farkas; and the annotated photographs). A point outside its
#: band means the outline's bumps were probably matched to the wrong features (a moustache, a
#: glow under the nose, an open mouth), so it is flagged rather than trusted.
#: Least height between two points, as a share of N'-Me', and the points to doubt below it.
#: On the 16 annotated photos and the synthetic shapes, Ls to Li spans 11-17 % and Li to Pog'
#: 13-33 %; the limits are well under those.
MIN_SPANS: tuple[tuple[tuple[L, L], float, tuple[L, ...]], ...] = (
    ((L.LS, L.LI), 0.05, (L.LS, L.STS, L.STI, L.LI)),
    ((L.LI, L.POG), 0.08, (L.LI, L.B, L.POG)),
)

HEIGHT_BANDS: dict[L, tuple[float, float]] = {
    L.PRN: (0.2, 0.5),
    L.CM: (0.25, 0.55),
    L.SN: (0.33, 0.58),
    L.LS: (0.42, 0.68),
    L.STS: (0.5, 0.76),
    L.STI: (0.5, 0.76),
    L.LI: (0.56, 0.84),
    L.B: (0.66, 0.92),
    L.POG: (0.74, 0.97),
}


def _local_contrast(prof: Profile, i: int) -> float:
    """Skin-backdrop contrast at outline point ``i``: the median over it and six points either
    side (backdrop-noise units)."""
    if not prof.contrast.size:
        return 0.0
    return float(np.median(prof.contrast[max(0, i - 6) : i + 7]))


#: A factor of this or less on a point's confidence is named among its doubts even when the
#: point stays above LOW_CONFIDENCE; a flagged point names every factor below 1.
NOTABLE_CUT = 0.75

#: Each point's confidence, and why it is doubtful (facial_profile.types.DOUBTS says it in words).
Confidences = tuple[dict[L, float], dict[L, list[Doubt]]]


def _confidences(prof: Profile, reading: _Reading, pts: F64, sign: float) -> Confidences:
    a = sign * pts[:, 0]
    idx = reading.idx
    n_me = float(np.linalg.norm(pts[idx[L.N]] - pts[idx[L.ME]]))
    mm = max(n_me / TYPICAL_N_ME_MM, 1e-6)
    neighbours: dict[L, tuple[L, L, bool]] = {
        L.G: (L.N, L.N, True),
        L.N: (L.G, L.PRN, False),
        L.SN: (L.PRN, L.LS, False),
        L.LS: (L.SN, L.STS, True),
        L.STS: (L.LS, L.LI, False),
        L.LI: (L.STS, L.B, True),
        L.B: (L.LI, L.POG, False),
        L.POG: (L.B, L.B, True),
    }
    out: dict[L, float] = {}
    why: dict[L, list[Doubt]] = {}
    for key, i in idx.items():
        c = 0.95 if reading.confirmed.get(key, False) else 0.35
        # (doubt, factor the confidence was cut by; 0 for a cap that always counts)
        cuts: list[tuple[Doubt, float]] = []
        if not reading.confirmed.get(key, False):
            cuts.append(("no_turn", 0.0))
        if key in neighbours:
            k1, k2, convex = neighbours[key]
            if convex:
                prom = a[i] - max(a[idx[k1]], a[idx[k2]])
            else:
                prom = min(a[idx[k1]], a[idx[k2]]) - a[i]
            # Less than about half a millimetre of relief: the point slides along a flat stretch.
            if reading.confirmed.get(key, False):
                f = float(np.clip(0.5 + 0.5 * prom / (1.5 * mm), 0.5, 1.0))
                c *= f
                cuts.append(("flat", f))
        if key in (L.ME, L.C, L.CM):
            c *= 0.8
        lo, hi = max(0, i - 6), min(len(pts), i + 7)
        contrast = _local_contrast(prof, i)
        f = float(np.clip((contrast - FAINT_EDGE) / (CLEAR_EDGE - FAINT_EDGE), 0.2, 1.0))
        c *= f
        cuts.append(("faint_edge", f))
        # A soft edge (a glow or rim of backlight in front of the skin) hides where the skin is.
        sharp = float(np.min(prof.sharpness[lo:hi])) if prof.sharpness.size else 1.0
        f = float(np.clip(sharp / SHARP_EDGE, 0.2, 1.0))
        c *= f
        cuts.append(("soft_edge", f))
        if key in HEIGHT_BANDS and n_me > 0:
            band = HEIGHT_BANDS[key]
            frac = (pts[i, 1] - pts[idx[L.N], 1]) / max(pts[idx[L.ME], 1] - pts[idx[L.N], 1], 1e-6)
            if not band[0] <= frac <= band[1]:
                c = min(c, 0.3)
                cuts.append(("unusual_height", 0.0))
        if bool(prof.on_border[lo:hi].any()):
            c = 0.0
            cuts.append(("photo_edge", 0.0))
        out[key] = round(c, 3)
        flagged = out[key] < LOW_CONFIDENCE
        why[key] = [d for d, f in cuts if f <= NOTABLE_CUT or (flagged and f < 1.0)]
    # A brow bump below a forehead that comes further forward: annotators take either.
    if L.G in out and reading.glabella_outdone:
        out[L.G] = min(out[L.G], 0.3)
        why[L.G].append("two_bumps")
    # A flat-bottomed sulcus: the deepest point is not well defined. How flat counts as flat
    # depends on how surely the edge is located there.
    if L.B in out:
        i = idx[L.B]
        contrast = _local_contrast(prof, i)
        tol = EDGE_NOISE_PX * max(1.0, EDGE_NOISE_CONTRAST / max(contrast, 1e-6))
        if _flat_length(reading.anterior, pts[:, 1], i, tol) / mm > FLAT_SULCUS_MM:
            out[L.B] = min(out[L.B], 0.3)
            why[L.B].append("flat_sulcus")
    # Points read off one bump sit far closer together than any face has them: then none of
    # them can be trusted (seen on thin lips and retruded chins at low contrast).
    if all(k in idx for k in (L.N, L.ME)):
        height = max(float(pts[idx[L.ME], 1] - pts[idx[L.N], 1]), 1e-6)
        for (upper, lower), least, doubtful in MIN_SPANS:
            if (
                upper in idx
                and lower in idx
                and (pts[idx[lower], 1] - pts[idx[upper], 1]) / height < least
            ):
                for key in doubtful:
                    if key in out:
                        out[key] = min(out[key], 0.3)
                        why[key].append("crowded")
    # Last, once Pog' and C have their final confidence: menton is read against the line
    # Pog'-C, so where either end is doubtful, so is menton.
    if L.ME in out:
        for end in (L.POG, L.C):
            if out.get(end, 1.0) < LOW_CONFIDENCE:
                out[L.ME] = min(out[L.ME], out[end])
                why[L.ME].append("doubtful_ends")
    return out, {key: list(dict.fromkeys(doubts)) for key, doubts in why.items()}


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
        if seg.method != "learned" and learned.available():
            try:
                learned_seg = segment_learned(img, seg.work)
                return _detect_on(img, learned_seg, manual, head_tilt_deg)
            except PhotoRefused:
                pass
        raise PhotoRefused(BUSY_MESSAGE, code="backdrop_too_busy") from exc


def _detect_on(
    img: ImageArray,
    seg: Segmentation,
    manual: Mapping[L, tuple[float, float]] | None,
    head_tilt_deg: float | None,
) -> Detection:
    prof = _learned_profile(img, seg) if seg.method == "learned" else trace_profile(seg, img)
    return _detect(img, seg, prof, manual, head_tilt_deg)


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
    {"not_side_view", "face_too_small", "head_tilt", "lips_apart", "cropped"}
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
) -> tuple[_Reading, F64, float]:
    """(reading, the outline it was read on, estimated tilt). The outline is read in the frame
    the landmarks are defined in: the head's upright frame when the tilt is given, else the
    photo's."""
    reading = _read_landmarks(pts, sign, prn_hint, mode)
    tilt = _tilt(pts, sign, reading)
    if head_tilt_deg is None:
        return reading, pts, tilt
    # Re-read the outline with the head turned upright, so "most anterior" means the same
    # anatomical point as in a photo taken in natural head position.
    centre = pts[reading.idx[L.PRN]]
    read_pts = _rotate(pts, centre, sign * head_tilt_deg)
    return _read_landmarks(read_pts, sign, reading.idx[L.PRN], mode), read_pts, tilt


def _landmarks(
    prof: Profile,
    seg: Segmentation,
    reading: _Reading,
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
    conf, why = _confidences(prof, reading, read_pts, sign)
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
    if _compressed(reading, read_pts):
        # The walk stopped at a wiggle of the outline (scan grain, JPEG blocks, a hair): read
        # the lower face again, passing turns closer than any face has its features. If that
        # reading is crowded too, or fails the checks, the lips and chin are chosen together
        # by their usual spacing (_chain). Another reading is used only if it passes the same
        # checks (the second, also only if it is spaced as a face can be); the points it moved
        # are flagged for checking, and none is surer than it was.
        modes: tuple[Mode, ...] = ("gaps", "chain")
        for mode in modes:
            again, again_pts, again_tilt = _reading_in_frame(
                pts, sign, prof.prn_index, head_tilt_deg, mode
            )
            # A second reading that passed real features for wiggles leaves the lips and chin
            # spaced as no face has them (Li on the chin, Pog' under it): not taken either.
            if mode == "gaps" and (
                _compressed(again, again_pts) or _spacing_cost(again, again_pts) > PLAUSIBLE_SPACING
            ):
                continue
            alt, alt_notes = _landmarks(prof, seg, again, again_pts, again_tilt, head_tilt_deg)
            for key, lm in alt.items():
                # Another reading never makes a point surer than the first did. A point it left
                # where it was keeps the first reading's doubts too; one it moved is doubtful
                # for that.
                c = min(lm.confidence, points[key].confidence)
                if again.idx[key] != reading.idx[key]:
                    c = min(c, REREAD_CONFIDENCE)
                    doubts: tuple[Doubt, ...] = (*lm.doubts, "reread")
                else:
                    doubts = (*lm.doubts, *points[key].doubts)
                alt[key] = replace(lm, confidence=c, doubts=tuple(dict.fromkeys(doubts)))
            try:
                checks.check_photo(prof, alt, again_tilt, (w, h))
            except PhotoRefused:
                continue
            points, tilt = alt, again_tilt
            notes = [*alt_notes, REREAD_WARNING if mode == "gaps" else CHAIN_WARNING]
            break
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
