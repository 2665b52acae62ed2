"""Reading the landmarks off a traced profile outline: where along it each point lies.

The walks down and up from the nose tip, the second reading that passes wiggles of the outline,
and the lips and chin chosen together (the chain). How sure each point is lives in
:mod:`facial_profile.detect.confidence`; the whole pipeline in :mod:`facial_profile.detect`.
Each landmark's operational definition is in docs/facial_profile/landmarks.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from facial_profile.outline import gauss1d
from facial_profile.types import L

F64 = NDArray[np.float64]


@dataclass(frozen=True)
class _Found:
    index: int
    confirmed: bool
    prominence: float


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


#: How far above N' (in nasion-to-tip heights) G' is searched for.
G_WINDOW = 0.8
#: How far above N' (in nasion-to-tip heights) the forehead is searched for a point further
#: forward than G'.
G_OUTDONE_REACH = 1.2


#: The least height between a point below the nose and the one above it (Prn for Sn), in
#: nasion-to-tip heights. On the 18 annotated photographs the least seen were Prn-Sn 0.24,
#: Sn-Ls 0.29, Ls-Stm 0.18, Stm-Li 0.10, Li-B' 0.24 and B'-Pog' 0.09; these are about half.
#: A reading with two points closer than this has taken a wiggle of the outline for a feature,
#: and is read again (:func:`facial_profile.detect._detect`). MIN_SPANS, in
#: :mod:`facial_profile.detect.confidence`, is the confidence rule for lips and chin read off
#: one bump: it flags, where this re-reads.
MIN_GAP = {
    L.SN: 0.10,
    L.LS: 0.15,
    L.STS: 0.08,
    L.LI: 0.05,
    L.B: 0.12,
    L.POG: 0.05,
}
_LOWER = (L.SN, L.LS, L.STS, L.LI, L.B, L.POG)


@dataclass(frozen=True)
class Reading:
    idx: dict[L, int]
    confirmed: dict[L, bool]
    #: The outline's anterior coordinate as the reading smoothed it (same order as the outline;
    #: it ends where the outline below the nose comes forward of the nose tip).
    anterior: F64
    #: The forehead above G' comes further forward than G' itself: G' is a lesser bump (a brow
    #: ridge, eyebrow hairs) below the forehead's most prominent point.
    glabella_outdone: bool = False
    #: Sn, the lips and the chin were chosen together by their usual spacing (``"chain"`` mode
    #: found a chain; without one that mode reads as ``"first"`` does).
    chained: bool = False


def crowded_points(reading: Reading, pts: F64) -> list[L]:
    """The points of the lower face read closer below the point above than any face has them
    (MIN_GAP): where the walk to each stopped at a wiggle of the outline."""
    y = pts[:, 1]
    u = y[reading.idx[L.PRN]] - y[reading.idx[L.N]]
    if u <= 0:
        return []
    out = []
    prev = reading.idx[L.PRN]
    for key in _LOWER:
        i = reading.idx[key]
        if y[i] - y[prev] < MIN_GAP[key] * u:
            out.append(key)
        prev = i
    return out


def compressed(reading: Reading, pts: F64) -> bool:
    """Whether two points of the lower face were read closer together than any face has them."""
    return bool(crowded_points(reading, pts))


#: Where the lips and chin lie between Sn and Pog' (share of the Sn-Pog' height): mean and
#: standard deviation of Ls, stomion, Li and B' over the annotated photographs, leaving out
#: 7288690-13, the one photograph the chain changes (bench/profile_accuracy).
CHAIN_SHARES = {L.LS: (0.25, 0.055), L.STS: (0.44, 0.05), L.LI: (0.56, 0.06), L.B: (0.80, 0.08)}
#: The Sn-Pog' height in nasion-to-tip heights, from the same photographs: mean and SD.
CHAIN_SPAN = (1.58, 0.47)
#: A reading's spacing cost (spacing_cost: five terms, each squared standard deviations from
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


def spacing_cost(reading: Reading, pts: F64) -> float:
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


def read_landmarks(pts: F64, sign: float, prn_hint: int, mode: Mode = "first") -> Reading:
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
    a = gauss1d(sign * pts[:, 0], max(1.0, 0.4 * mm_est / spacing))
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
    return Reading(idx, conf, a, outdone, chained=picked is not None)


def rotate(pts: F64, centre: F64, deg: float) -> F64:
    t = math.radians(deg)
    r = np.array([[math.cos(t), -math.sin(t)], [math.sin(t), math.cos(t)]])
    return np.asarray((pts - centre) @ r.T + centre, dtype=np.float64)


#: In a level head the line N'-Pog' leans forward by about this much (soft-tissue facial plane
#: close to perpendicular to Frankfort horizontal); subtracted so a level head reads about 0.
FACIAL_PLANE_LEAN_DEG = 3.0


def facial_plane_tilt(pts: F64, sign: float, r: Reading) -> float:
    """Head tilt from the N'-Pog' line against the photo's vertical, positive = nose up."""
    n, pog = pts[r.idx[L.N]], pts[r.idx[L.POG]]
    lean = math.degrees(math.atan2(sign * (pog[0] - n[0]), pog[1] - n[1]))
    return lean - FACIAL_PLANE_LEAN_DEG
