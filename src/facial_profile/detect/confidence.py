"""How sure each landmark read off the outline is, and why it is doubtful.

A point's confidence is the product of the factors listed in docs/facial_profile/landmarks.md,
"Confidence"; each cut is named among the point's doubts ("Why a point is doubtful").
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from facial_profile.detect.reading import Reading
from facial_profile.outline import Profile
from facial_profile.types import LOW_CONFIDENCE, Doubt, L

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
#: Position noise of the refined outline, in pixels, where the skin-backdrop contrast is at least
#: EDGE_NOISE_CONTRAST backdrop-noise units; at lower contrast it grows as 1 / contrast (a fainter
#: step is located less surely). Along a stretch where the outline stays within this of its
#: deepest point, the deepest point could lie anywhere.
EDGE_NOISE_PX = 0.25
EDGE_NOISE_CONTRAST = 40.0
#: A mentolabial sulcus whose bottom is that flat for longer than this (rough millimetres) gets
#: B' flagged: where exactly the deepest point lies is then uncertain by more than the 2 mm
#: tolerance (seen on synthetic retruded chins and thin lips).
FLAT_SULCUS_MM = 5.0


def _flat_length(a: F64, y: F64, i: int, tol: float) -> float:
    """Height spanned by the stretch around ``i`` where ``a`` stays within ``tol`` of a[i]."""
    lo = hi = i
    while lo > 0 and abs(a[lo - 1] - a[i]) <= tol:
        lo -= 1
    while hi < len(a) - 1 and abs(a[hi + 1] - a[i]) <= tol:
        hi += 1
    return abs(float(y[hi] - y[lo]))


#: Least height between two points, as a share of N'-Me', and the points to doubt below it.
#: On the 16 annotated photos and the synthetic shapes, Ls to Li spans 11-17 % and Li to Pog'
#: 13-33 %; the limits are well under those.
MIN_SPANS: tuple[tuple[tuple[L, L], float, tuple[L, ...]], ...] = (
    ((L.LS, L.LI), 0.05, (L.LS, L.STS, L.STI, L.LI)),
    ((L.LI, L.POG), 0.08, (L.LI, L.B, L.POG)),
)

#: Where each point lies between N' (0) and Me' (1), measured along the photo's vertical: wide
#: bands around adult proportions (Farkas; and the annotated photographs). A point outside its
#: band means the outline's bumps were probably matched to the wrong features (a moustache, a
#: glow under the nose, an open mouth), so it is flagged rather than trusted.
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


def confidences(prof: Profile, reading: Reading, pts: F64, sign: float) -> Confidences:
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
