"""Profile convexity, chin position against verticals, lower-face proportion, Z-angle."""

from __future__ import annotations

import math

from facial_profile.geometry import Point, sub
from facial_profile.measures._core import (
    MeasureContext,
    MeasureResult,
    _ahead,
    _angle,
    _measure,
    _ratio,
    _Spec,
    _vec_angle,
)
from facial_profile.types import L

_FC = _Spec("facial_convexity", "Facial convexity", "angle", (L.G, L.SN, L.POG))
_TFC = _Spec("total_facial_convexity", "Total facial convexity", "angle", (L.G, L.PRN, L.POG))


def facial_convexity(ctx: MeasureContext) -> MeasureResult:
    """Facial convexity (G'-Sn-Pog').

    Points: G', Sn, Pog'. The angle between G'-Sn and Sn-Pog', i.e. 180° minus the angle at Sn.
    Sign: positive for a convex profile (Sn ahead of the line G'-Pog'), negative for a concave
    one. Source: Legan & Burstone 1980.
    """

    def f(p: list[Point]) -> float | None:
        g, sn, pog = p
        a = _angle(g, sn, pog)
        s = _ahead(sn, g, pog)
        if a is None or s is None:
            return None
        c = 180.0 - a
        return c if s >= 0 else -c

    return _measure(ctx, _FC, f)


def total_facial_convexity(ctx: MeasureContext) -> MeasureResult:
    """Total facial convexity, including the nose (G'-Prn-Pog').

    Points: G', Prn, Pog'. The angle at the nose tip between G' and Pog'. Unsigned; smaller
    means a more convex profile (a more prominent nose or a more retruded chin).
    Source: commonly quoted textbook range (see the norms table note).
    """
    return _measure(ctx, _TFC, lambda p: _angle(p[0], p[1], p[2]))


# --------------------------------------------------------------------------------------------
# Chin position against verticals

_ZM = _Spec(
    "chin_zero_meridian",
    "Chin to zero meridian",
    "distance",
    (L.POG, L.N),
    ("ahead of the meridian", "behind the meridian"),
    uses_vertical=True,
)
_SNV = _Spec(
    "chin_subnasale_vertical",
    "Chin to subnasale vertical",
    "distance",
    (L.POG, L.SN),
    ("ahead of the line", "behind the line"),
    uses_vertical=True,
)


def chin_zero_meridian(ctx: MeasureContext) -> MeasureResult:
    """Chin against Gonzalez-Ulloa's zero meridian.

    Points: Pog', N'. The meridian is the line through N' at right angles to the true horizontal
    (Frankfort when tragus and orbitale are given). Value: horizontal distance from the meridian
    to Pog'. Sign: positive when the chin lies ahead of the meridian, negative behind.
    Source: Gonzalez-Ulloa M, Stevens E, Plast Reconstr Surg 1968;41:477-486.
    """
    return _measure(ctx, _ZM, lambda p: p[0][0] - p[1][0])


def chin_subnasale_vertical(ctx: MeasureContext) -> MeasureResult:
    """Chin against the true vertical through subnasale.

    Points: Pog', Sn. Value: horizontal distance from the vertical through Sn to Pog'.
    Sign: positive when the chin lies ahead of the line, negative behind.
    Source: Arnett GW et al., Am J Orthod Dentofacial Orthop 1999;116:239-253 (true vertical
    line analysis).
    """
    return _measure(ctx, _SNV, lambda p: p[0][0] - p[1][0])


# --------------------------------------------------------------------------------------------
# Vertical proportions

_THIRDS = _Spec(
    "lower_face_thirds",
    "Upper lip to lower lip-and-chin height",
    "ratio",
    (L.SN, L.STS, L.STI, L.ME),
    uses_vertical=True,
)


def lower_face_thirds(ctx: MeasureContext) -> MeasureResult:
    """Lower-face proportion Sn-Sts : Sti-Me'.

    Points: Sn, Sts, Sti, Me'. Heights are measured along the true vertical. Value: the ratio
    (Sn-Sts) / (Sti-Me'); the ideal 1:2 is 0.5. Larger means a relatively long upper lip or a
    short lower lip and chin. Source: Legan & Burstone 1980.
    """
    return _measure(ctx, _THIRDS, lambda p: _ratio(p[0][1] - p[1][1], p[2][1] - p[3][1]))


# --------------------------------------------------------------------------------------------
# Merrifield

_Z = _Spec("z_angle", "Merrifield Z-angle", "angle", (L.POG, L.LS, L.LI), uses_vertical=True)


def z_angle(ctx: MeasureContext) -> MeasureResult:
    """Merrifield's Z-angle.

    Points: Pog', Ls, Li (and Frankfort horizontal from Tr and Or when given). The profile line
    runs from Pog' tangent to the more prominent lip; the value is the inner angle between it and
    the horizontal, measured behind and below the line (90° would be an upright profile line;
    smaller means more protrusive lips). Source: Merrifield LL, Am J Orthod 1966;52:804-822.
    """

    def f(p: list[Point]) -> float | None:
        pog, ls, li = p
        # The profile line touches whichever lip leans it furthest forward.
        lean = [math.atan2(q[0] - pog[0], q[1] - pog[1]) for q in (ls, li)]
        lip = ls if lean[0] >= lean[1] else li
        return _vec_angle((-1.0, 0.0), sub(pog, lip))

    notes: tuple[str, ...] = ()
    if ctx.basis != "frankfort":
        notes = (
            "Tragus and orbitale were not given, so the true horizontal stands in for Frankfort "
            "horizontal.",
        )
    return _measure(ctx, _Z, f, notes=notes)
