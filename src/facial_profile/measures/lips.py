"""Lips against the reference lines, the lip angles and the lip height ratio."""

from __future__ import annotations

from facial_profile.geometry import Point
from facial_profile.measures._core import (
    MeasureContext,
    MeasureResult,
    _ahead,
    _angle,
    _measure,
    _neg,
    _ratio,
    _Spec,
)
from facial_profile.types import L

# --------------------------------------------------------------------------------------------
# Lip lines

_E_UP = _Spec(
    "e_line_upper_lip",
    "Upper lip to E-line",
    "distance",
    (L.LS, L.PRN, L.POG),
    ("ahead of the line", "behind the line"),
)
_E_LO = _Spec(
    "e_line_lower_lip",
    "Lower lip to E-line",
    "distance",
    (L.LI, L.PRN, L.POG),
    ("ahead of the line", "behind the line"),
)
_S_UP = _Spec(
    "s_line_upper_lip",
    "Upper lip to S-line",
    "distance",
    (L.LS, L.CM, L.POG),
    ("ahead of the line", "behind the line"),
)
_S_LO = _Spec(
    "s_line_lower_lip",
    "Lower lip to S-line",
    "distance",
    (L.LI, L.CM, L.POG),
    ("ahead of the line", "behind the line"),
)
_B_UP = _Spec(
    "b_line_upper_lip",
    "Upper lip to B-line",
    "distance",
    (L.LS, L.SN, L.POG),
    ("ahead of the line", "behind the line"),
)
_B_LO = _Spec(
    "b_line_lower_lip",
    "Lower lip to B-line",
    "distance",
    (L.LI, L.SN, L.POG),
    ("ahead of the line", "behind the line"),
)


def e_line_upper_lip(ctx: MeasureContext) -> MeasureResult:
    """Upper lip to Ricketts' esthetic line (E-line).

    Points: Ls, Prn, Pog'. Value: perpendicular distance from Ls to the line Prn-Pog'.
    Sign: positive when Ls lies ahead of (anterior to) the line, negative behind it.
    Source: Ricketts RM, Am J Orthod 1968;54:272-289.
    """
    return _measure(ctx, _E_UP, lambda p: _ahead(p[0], p[1], p[2]))


def e_line_lower_lip(ctx: MeasureContext) -> MeasureResult:
    """Lower lip to Ricketts' E-line.

    Points: Li, Prn, Pog'. Value: perpendicular distance from Li to the line Prn-Pog'.
    Sign: positive ahead of the line, negative behind it.
    Source: Ricketts RM, Am J Orthod 1968;54:272-289.
    """
    return _measure(ctx, _E_LO, lambda p: _ahead(p[0], p[1], p[2]))


def s_line_upper_lip(ctx: MeasureContext) -> MeasureResult:
    """Upper lip to Steiner's S-line.

    Points: Ls, Cm, Pog'. The S-line runs from Pog' to the middle of the S-shaped curve of
    the columella, taken here as the columella point Cm. Sign: positive ahead, negative behind.
    Source: Steiner CC, Angle Orthod 1959;29:8-29.
    """
    return _measure(ctx, _S_UP, lambda p: _ahead(p[0], p[1], p[2]))


def s_line_lower_lip(ctx: MeasureContext) -> MeasureResult:
    """Lower lip to Steiner's S-line.

    Points: Li, Cm, Pog'. Sign: positive ahead of the line, negative behind it.
    Source: Steiner CC, Angle Orthod 1959;29:8-29.
    """
    return _measure(ctx, _S_LO, lambda p: _ahead(p[0], p[1], p[2]))


def b_line_upper_lip(ctx: MeasureContext) -> MeasureResult:
    """Upper lip to Burstone's B-line (Sn-Pog').

    Points: Ls, Sn, Pog'. Sign: positive ahead of the line, negative behind it.
    Sources: Burstone CJ, Am J Orthod 1967;53:262-284; norm from Legan & Burstone, J Oral Surg
    1980;38:744-751.
    """
    return _measure(ctx, _B_UP, lambda p: _ahead(p[0], p[1], p[2]))


def b_line_lower_lip(ctx: MeasureContext) -> MeasureResult:
    """Lower lip to Burstone's B-line (Sn-Pog').

    Points: Li, Sn, Pog'. Sign: positive ahead of the line, negative behind it.
    Sources: Burstone 1967; Legan & Burstone 1980.
    """
    return _measure(ctx, _B_LO, lambda p: _ahead(p[0], p[1], p[2]))


# --------------------------------------------------------------------------------------------
# Angles of the lower face

_H = _Spec("h_angle", "Holdaway H-angle", "angle", (L.N, L.POG, L.LS))
_NLA = _Spec("nasolabial_angle", "Nasolabial angle", "angle", (L.CM, L.SN, L.LS))
_MLA = _Spec("mentolabial_angle", "Mentolabial angle", "angle", (L.LI, L.B, L.POG))
_SULC = _Spec(
    "mentolabial_sulcus_depth",
    "Mentolabial sulcus depth",
    "distance",
    (L.B, L.LI, L.POG),
    ("behind the Li\u2013Pog\u2032 line", "ahead of the Li\u2013Pog\u2032 line"),
)


def h_angle(ctx: MeasureContext) -> MeasureResult:
    """Holdaway's H-angle.

    Points: N', Pog', Ls. The angle at Pog' between the soft-tissue facial line N'-Pog' and the
    H-line Pog'-Ls. Sign: positive when Ls lies ahead of N'-Pog' (the usual case), negative when
    the upper lip lies behind the facial line.
    Source: Holdaway RA, Am J Orthod 1983;84:1-28.
    """

    def f(p: list[Point]) -> float | None:
        n, pog, ls = p
        a = _angle(n, pog, ls)
        s = _ahead(ls, n, pog)
        if a is None or s is None:
            return None
        return a if s >= 0 else -a

    return _measure(ctx, _H, f)


def nasolabial_angle(ctx: MeasureContext) -> MeasureResult:
    """Nasolabial angle.

    Points: Cm, Sn, Ls. The angle Cm-Sn-Ls at subnasale between the columella tangent (through
    Cm) and the upper lip (through Ls). Unsigned, 0-180°; larger means a more open angle.
    Source: Legan HL, Burstone CJ, J Oral Surg 1980;38:744-751.
    """
    return _measure(ctx, _NLA, lambda p: _angle(p[0], p[1], p[2]))


def mentolabial_angle(ctx: MeasureContext) -> MeasureResult:
    """Mentolabial angle.

    Points: Li, B', Pog'. The angle Li-B'-Pog' at the depth of the mentolabial sulcus.
    Unsigned; smaller means a deeper, sharper fold. Source: commonly quoted textbook range
    (see the norms table note).
    """
    return _measure(ctx, _MLA, lambda p: _angle(p[0], p[1], p[2]))


def mentolabial_sulcus_depth(ctx: MeasureContext) -> MeasureResult:
    """Mentolabial sulcus depth.

    Points: B', Li, Pog'. Perpendicular distance from B' to the line Li-Pog'.
    Sign: positive when B' lies behind the line (a sulcus), negative if it bulges ahead of it.
    Source: Legan & Burstone 1980.
    """
    return _measure(ctx, _SULC, lambda p: _neg(_ahead(p[0], p[1], p[2])))


_LIPR = _Spec(
    "lip_height_ratio",
    "Upper to lower lip height",
    "ratio",
    (L.SN, L.STS, L.STI, L.B),
    uses_vertical=True,
)


def lip_height_ratio(ctx: MeasureContext) -> MeasureResult:
    """Upper to lower lip height (whole lips, skin and red part together).

    Points: Sn, Sts, Sti, B'. Heights along the true vertical: upper lip Sn-Sts, lower lip
    Sti-B' (B' standing for Farkas's sublabiale). Value: upper / lower; above 1 means the upper
    lip is the taller. This is not the red-lip (vermilion) ratio: the vermilion borders are not
    points a profile outline gives reliably, and Ls and Li (the most prominent points) usually
    lie part-way down the red lip, which would bias such a ratio.
    Source: Farkas 1994 lip heights (approximate; see the norms table note).
    """
    return _measure(ctx, _LIPR, lambda p: _ratio(p[0][1] - p[1][1], p[2][1] - p[3][1]))
