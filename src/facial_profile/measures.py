"""Soft-tissue profile measures.

Every measure is a function of a :class:`MeasureContext` (the landmarks in the face frame: x
anterior, y up along the true vertical) and returns a :class:`MeasureResult`. Its docstring
states the points used, the sign convention and the source. A measure whose points are missing
says so (``status="missing"``) and carries no value; one that uses a low-confidence point keeps
its value but says so (``status="low_confidence"``) and is never used by the triage rules.

Distances are in millimetres when the photo has a calibration. Without one they are given as a
percentage of the soft-tissue N'-Me' distance (the stated reference), and an *estimated*
millimetre figure is derived from a typical adult N'-Me' (see the norms table) only to compare
against published norms; results say so.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Literal

from facial_profile.geometry import (
    Point,
    VerticalBasis,
    angle_at,
    angle_between,
    distance,
    signed_distance,
    sub,
)
from facial_profile.norms import Norm, NormTable, Sex
from facial_profile.types import LOW_CONFIDENCE, L

Status = Literal["ok", "low_confidence", "missing", "no_scale", "not_measurable"]
Kind = Literal["angle", "distance", "ratio"]

#: Anterior direction in the face frame.
ANTERIOR: Point = (1.0, 0.0)

#: How each landmark is written for a person (with primes for soft-tissue points).
LANDMARK_LABELS: Mapping[L, str] = {
    L.G: "G\u2032",
    L.N: "N\u2032",
    L.PRN: "Prn",
    L.CM: "Cm",
    L.SN: "Sn",
    L.LS: "Ls",
    L.STS: "Sts",
    L.STI: "Sti",
    L.LI: "Li",
    L.B: "B\u2032",
    L.POG: "Pog\u2032",
    L.ME: "Me\u2032",
    L.C: "C",
    L.TR: "Tr",
    L.GO: "Go\u2032",
    L.OR: "Or",
}

#: The reference length used for distances when there is no calibration.
REFERENCE_LABEL = "N\u2032\u2013Me\u2032"
RELATIVE_UNIT = "% of N\u2032\u2013Me\u2032"


@dataclass(frozen=True)
class Scale:
    """How face-frame pixels turn into reported distances."""

    #: ``mm``: calibrated; ``relative``: a share of N'-Me' with an estimated mm figure.
    kind: Literal["mm", "relative"]
    mm_per_px: float | None
    #: N'-Me' in pixels (the stated reference), when both points exist.
    reference_px: float | None
    #: Typical adult N'-Me' in mm used for estimates without a calibration, and its source.
    assumed_reference_mm: float
    assumed_reference_source: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "mm_per_px": self.mm_per_px,
            "reference": REFERENCE_LABEL,
            "reference_px": None if self.reference_px is None else round(self.reference_px, 2),
            "assumed_reference_mm": self.assumed_reference_mm,
            "assumed_reference_source": self.assumed_reference_source,
        }


@dataclass(frozen=True)
class MeasureContext:
    """Everything a measure needs. Points are in the face frame, in pixels."""

    points: Mapping[L, Point]
    confidence: Mapping[L, float]
    scale: Scale
    basis: VerticalBasis
    norms: NormTable
    sex: Sex | None = None
    #: Points derived from the outline rather than landmarks (e.g. ``"neck"``).
    derived: Mapping[str, Point] = field(default_factory=dict)


@dataclass(frozen=True)
class MeasureResult:
    key: str
    name: str
    kind: Kind
    status: Status
    value: float | None
    unit: str
    points: tuple[str, ...]
    sentence: str
    norm: Norm | None = None
    deviation_sd: float | None = None
    #: Whether the value lies inside the published range (or mean +/- 1 SD); None if unknown.
    within_norm: bool | None = None
    #: Without a calibration: the distance in mm estimated from a typical N'-Me'.
    value_mm_estimated: float | None = None
    missing: tuple[str, ...] = ()
    low_confidence: tuple[str, ...] = ()
    notes: tuple[str, ...] = ()

    @property
    def usable(self) -> bool:
        """True when the value may be relied on by rules (all points present and confident)."""
        return self.status == "ok" and self.value is not None

    @property
    def comparable_value(self) -> float | None:
        """The value in the norm's unit (mm, estimated if need be), for comparison with norms."""
        if self.value_mm_estimated is not None:
            return self.value_mm_estimated
        return self.value

    def to_dict(self) -> dict[str, Any]:
        return {
            "key": self.key,
            "name": self.name,
            "kind": self.kind,
            "status": self.status,
            "value": _round(self.value),
            "unit": self.unit,
            "value_mm_estimated": _round(self.value_mm_estimated),
            "points": list(self.points),
            "missing": list(self.missing),
            "low_confidence": list(self.low_confidence),
            "norm": self.norm.to_dict() if self.norm is not None else None,
            "deviation_sd": _round(self.deviation_sd),
            "within_norm": self.within_norm,
            "sentence": self.sentence,
            "notes": list(self.notes),
        }


def _round(v: float | None) -> float | None:
    return None if v is None else round(v, 2)


# --------------------------------------------------------------------------------------------
# Shared machinery


@dataclass(frozen=True)
class _Spec:
    key: str
    name: str
    kind: Kind
    keys: tuple[L, ...]
    #: Words for a positive and a negative value (distances), e.g. ("ahead of", "behind").
    words: tuple[str, str] = ("", "")
    uses_vertical: bool = False
    extra: tuple[str, ...] = ()


def _label(key: L) -> str:
    return LANDMARK_LABELS[key]


def _fmt_unit(value: float, unit: str) -> str:
    if unit == "°":
        return f"{value:.0f}°"
    if unit == "mm":
        return f"{value:.1f} mm"
    if unit == RELATIVE_UNIT:
        return f"{value:.1f} % of N\u2032\u2013Me\u2032"
    return f"{value:.2f}"


def _missing(spec: _Spec, missing: Sequence[str], why: str = "") -> MeasureResult:
    names = ", ".join(missing)
    sentence = (
        f"{spec.name} was not measured: {why or 'it needs ' + names + ', which was not found'}."
    )
    return MeasureResult(
        key=spec.key,
        name=spec.name,
        kind=spec.kind,
        status="missing",
        value=None,
        unit=_unit_for(spec, None),
        points=tuple(_label(k) for k in spec.keys) + spec.extra,
        sentence=sentence,
        missing=tuple(missing),
    )


def _unit_for(spec: _Spec, scale: Scale | None) -> str:
    if spec.kind == "angle":
        return "°"
    if spec.kind == "ratio":
        return "ratio"
    if scale is not None and scale.kind == "relative":
        return RELATIVE_UNIT
    return "mm"


def _gather(ctx: MeasureContext, spec: _Spec) -> tuple[list[Point], list[str]] | MeasureResult:
    pts: list[Point] = []
    missing: list[str] = []
    for k in spec.keys:
        p = ctx.points.get(k)
        if p is None:
            missing.append(_label(k))
        else:
            pts.append(p)
    for name in spec.extra:
        d = ctx.derived.get(name)
        if d is None:
            missing.append(name)
        else:
            pts.append(d)
    if missing:
        return replace(_missing(spec, missing), norm=ctx.norms.get(spec.key, ctx.sex))
    low = [_label(k) for k in spec.keys if ctx.confidence.get(k, 0.0) < LOW_CONFIDENCE]
    return pts, low


def _compare_sentence(
    value: float, unit: str, norm: Norm, estimated: bool
) -> tuple[str, float | None, bool | None]:
    dev = norm.deviation_sd(value)
    rng = norm.usual_range()
    within = None if rng is None else (rng[0] <= value <= rng[1])
    shown_unit = "°" if norm.unit == "deg" else ("" if norm.unit == "ratio" else " mm")
    mean_text = f"{norm.mean:g}{shown_unit}"
    est = " (estimated without a scale)" if estimated else ""
    if dev is not None:
        side = "above" if dev > 0 else "below"
        if abs(dev) <= 1:
            text = f"this is within one SD of the published mean of {mean_text} ({norm.source_name}){est}"
        elif abs(dev) <= 2:
            text = f"this is between one and two SD {side} the published mean of {mean_text} ({norm.source_name}){est}"
        else:
            text = f"this is more than two SD {side} the published mean of {mean_text} ({norm.source_name}){est}"
    elif norm.range is not None:
        lo, hi = norm.range
        span = f"{lo:g} to {hi:g}{shown_unit}" if lo < 0 else f"{lo:g}\u2013{hi:g}{shown_unit}"
        if within:
            text = f"this is inside the published range of {span} ({norm.source_name}){est}"
        else:
            side = "above" if value > hi else "below"
            text = f"this is {side} the published range of {span} ({norm.source_name}){est}"
    else:
        text = f"the published ideal is {mean_text} ({norm.source_name}), with no published spread{est}"
    return text, dev, within


def _finish(
    ctx: MeasureContext,
    spec: _Spec,
    raw: float,
    low: Sequence[str],
    *,
    notes: Sequence[str] = (),
) -> MeasureResult:
    """Turn a raw value (degrees, ratio, or face-frame pixels) into a full result."""
    norm = ctx.norms.get(spec.key, ctx.sex)
    notes = list(notes)
    low = list(low)
    value: float
    mm_est: float | None = None
    unit = _unit_for(spec, ctx.scale)
    if spec.kind == "distance":
        sc = ctx.scale
        if sc.kind == "mm" and sc.mm_per_px is not None:
            value = raw * sc.mm_per_px
        elif sc.reference_px is not None and sc.reference_px > 0:
            value = 100.0 * raw / sc.reference_px
            mm_est = value / 100.0 * sc.assumed_reference_mm
            for k in (L.N, L.ME):
                if ctx.confidence.get(k, 0.0) < LOW_CONFIDENCE and _label(k) not in low:
                    low.append(_label(k))
            notes.append(
                f"No scale marker: the distance is a share of {REFERENCE_LABEL}; millimetres are "
                f"estimated from a typical adult {REFERENCE_LABEL} of {sc.assumed_reference_mm:g} mm."
            )
        else:
            return MeasureResult(
                key=spec.key,
                name=spec.name,
                kind=spec.kind,
                status="no_scale",
                value=None,
                unit=unit,
                points=tuple(_label(k) for k in spec.keys),
                sentence=(
                    f"{spec.name} was not given: there is no scale marker and {REFERENCE_LABEL} "
                    "could not be measured to express it relative to the face."
                ),
                norm=norm,
                missing=tuple(_label(k) for k in (L.N, L.ME) if k not in ctx.points),
            )
    else:
        value = raw
    if spec.uses_vertical and ctx.basis == "photo":
        notes.append("Uses the photo's vertical as the true vertical.")

    # The phrase describing the value itself.
    if spec.kind == "distance" and spec.words != ("", ""):
        word = spec.words[0] if value >= 0 else spec.words[1]
        shown = _fmt_unit(abs(value), unit)
        if mm_est is not None:
            shown += f" (about {abs(mm_est):.1f} mm)"
        what = f"{spec.name}: {shown} {word}"
    elif spec.kind == "ratio":
        what = (
            f"{spec.name}: {value:.2f} (1:{1 / value:.1f})"
            if value > 0
            else f"{spec.name}: {value:.2f}"
        )
    else:
        what = f"{spec.name}: {_fmt_unit(value, unit)}"

    dev: float | None = None
    within: bool | None = None
    if norm is not None:
        cmp_value = mm_est if mm_est is not None else value
        text, dev, within = _compare_sentence(cmp_value, unit, norm, mm_est is not None)
        sentence = f"{what}; {text}."
    else:
        sentence = f"{what}."
    status: Status = "ok"
    if low:
        status = "low_confidence"
        sentence = (
            f"Uncertain — {', '.join(low)} {'was' if len(low) == 1 else 'were'} found with low "
            f"confidence, so check {'it' if len(low) == 1 else 'them'} first. " + sentence
        )
    return MeasureResult(
        key=spec.key,
        name=spec.name,
        kind=spec.kind,
        status=status,
        value=value,
        unit=unit,
        points=tuple(_label(k) for k in spec.keys) + spec.extra,
        sentence=sentence,
        norm=norm,
        deviation_sd=dev,
        within_norm=within,
        value_mm_estimated=mm_est,
        low_confidence=tuple(low),
        notes=tuple(notes),
    )


def _measure(
    ctx: MeasureContext,
    spec: _Spec,
    compute: Callable[[list[Point]], float | None],
    notes: Sequence[str] = (),
) -> MeasureResult:
    got = _gather(ctx, spec)
    if isinstance(got, MeasureResult):
        return got
    pts, low = got
    raw = compute(pts)
    if raw is None or not math.isfinite(raw):
        return MeasureResult(
            key=spec.key,
            name=spec.name,
            kind=spec.kind,
            status="not_measurable",
            value=None,
            unit=_unit_for(spec, ctx.scale),
            points=tuple(_label(k) for k in spec.keys) + spec.extra,
            sentence=(
                f"{spec.name} could not be measured: its points are not in the expected order "
                "(check the landmarks)."
            ),
        )
    return _finish(ctx, spec, raw, low, notes=notes)


def _ahead(p: Point, a: Point, b: Point) -> float | None:
    if distance(a, b) == 0:
        return None
    return signed_distance(p, a, b, ANTERIOR)


def _angle(a: Point, v: Point, b: Point) -> float | None:
    if distance(a, v) == 0 or distance(b, v) == 0:
        return None
    return angle_at(a, v, b)


def _vec_angle(u: Point, w: Point) -> float | None:
    if u == (0.0, 0.0) or w == (0.0, 0.0):
        return None
    return angle_between(u, w)


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
_FC = _Spec("facial_convexity", "Facial convexity", "angle", (L.G, L.SN, L.POG))
_TFC = _Spec("total_facial_convexity", "Total facial convexity", "angle", (L.G, L.PRN, L.POG))


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


def _neg(v: float | None) -> float | None:
    return None if v is None else -v


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
_LIPR = _Spec(
    "lip_height_ratio",
    "Upper to lower lip height",
    "ratio",
    (L.LS, L.STS, L.STI, L.LI),
    uses_vertical=True,
)


def _ratio(num: float, den: float) -> float | None:
    if num <= 0 or den <= 0:
        return None
    return num / den


def lower_face_thirds(ctx: MeasureContext) -> MeasureResult:
    """Lower-face proportion Sn-Sts : Sti-Me'.

    Points: Sn, Sts, Sti, Me'. Heights are measured along the true vertical. Value: the ratio
    (Sn-Sts) / (Sti-Me'); the ideal 1:2 is 0.5. Larger means a relatively long upper lip or a
    short lower lip and chin. Source: Legan & Burstone 1980.
    """
    return _measure(ctx, _THIRDS, lambda p: _ratio(p[0][1] - p[1][1], p[2][1] - p[3][1]))


def lip_height_ratio(ctx: MeasureContext) -> MeasureResult:
    """Upper to lower lip height.

    Points: Ls, Sts, Sti, Li. Heights along the true vertical: upper lip Ls-Sts, lower lip
    Sti-Li. Value: upper / lower (1:1.6 is about 0.63). Ls and Li are the most prominent lip
    points, close to but not on the vermilion borders, so this approximates the red-lip ratio.
    Source: commonly quoted aesthetic ideal (see the norms table note).
    """
    return _measure(ctx, _LIPR, lambda p: _ratio(p[0][1] - p[1][1], p[2][1] - p[3][1]))


# --------------------------------------------------------------------------------------------
# Neck

_CMA = _Spec("cervicomental_angle", "Cervicomental angle", "angle", (L.ME, L.C), extra=("neck",))
_LFT = _Spec("lower_face_throat_angle", "Lower face\u2013throat angle", "angle", (L.SN, L.ME, L.C))


def cervicomental_angle(ctx: MeasureContext) -> MeasureResult:
    """Cervicomental angle.

    Points: Me', C and a point on the front of the neck below C (taken from the traced outline).
    The angle Me'-C-neck between the under-chin line and the neck line. Unsigned; smaller means
    a sharper neck angle. Source: Ellenbogen R, Karlin JV, Plast Reconstr Surg 1980;66:826-837.
    """
    return _measure(
        ctx,
        _CMA,
        lambda p: _angle(p[0], p[1], p[2]),
        notes=("The neck line runs from C to a point on the traced outline below it.",),
    )


def lower_face_throat_angle(ctx: MeasureContext) -> MeasureResult:
    """Lower face-throat angle.

    Points: Sn, Me', C. The angle at Me' between the line to Sn and the under-chin line to C.
    Legan and Burstone used soft-tissue gnathion as the vertex; Me' stands in for it here, which
    gives a slightly larger angle. Source: Legan & Burstone 1980.
    """
    return _measure(
        ctx,
        _LFT,
        lambda p: _angle(p[0], p[1], p[2]),
        notes=("Me\u2032 is used in place of soft-tissue gnathion.",),
    )


# --------------------------------------------------------------------------------------------
# Powell & Humphreys' aesthetic triangle

_NFR = _Spec("nasofrontal_angle", "Nasofrontal angle", "angle", (L.G, L.N, L.PRN))
_NFA = _Spec("nasofacial_angle", "Nasofacial angle", "angle", (L.G, L.POG, L.N, L.PRN))
_NME = _Spec("nasomental_angle", "Nasomental angle", "angle", (L.N, L.PRN, L.POG))
_MCV = _Spec("mentocervical_angle", "Mentocervical angle", "angle", (L.G, L.POG, L.ME, L.C))

_DORSUM_NOTE = (
    "The nasal dorsum is taken as the line N\u2032\u2013Prn (a dorsal hump is not followed)."
)


def nasofrontal_angle(ctx: MeasureContext) -> MeasureResult:
    """Nasofrontal angle.

    Points: G', N', Prn. The angle at N' between the forehead line N'-G' and the nasal dorsum,
    taken as N'-Prn. Unsigned. Source: Powell N, Humphreys B, Proportions of the Aesthetic
    Face, 1984.
    """
    return _measure(ctx, _NFR, lambda p: _angle(p[0], p[1], p[2]), notes=(_DORSUM_NOTE,))


def nasofacial_angle(ctx: MeasureContext) -> MeasureResult:
    """Nasofacial angle.

    Points: G', Pog', N', Prn. The angle between the facial plane G'-Pog' and the nasal dorsum
    N'-Prn. Unsigned; larger means a more projecting nose. Source: Powell & Humphreys 1984.
    """
    return _measure(
        ctx, _NFA, lambda p: _vec_angle(sub(p[1], p[0]), sub(p[3], p[2])), notes=(_DORSUM_NOTE,)
    )


def nasomental_angle(ctx: MeasureContext) -> MeasureResult:
    """Nasomental angle.

    Points: N', Prn, Pog'. The angle at the nose tip between the nasal dorsum (to N') and the
    line to the chin (Pog'). Unsigned. Source: Powell & Humphreys 1984.
    """
    return _measure(ctx, _NME, lambda p: _angle(p[0], p[1], p[2]), notes=(_DORSUM_NOTE,))


def mentocervical_angle(ctx: MeasureContext) -> MeasureResult:
    """Mentocervical angle.

    Points: G', Pog', Me', C. The angle between the facial plane (from Pog' up to G') and the
    under-chin line (from Me' back to C). Unsigned. Source: Powell & Humphreys 1984.
    """
    return _measure(ctx, _MCV, lambda p: _vec_angle(sub(p[0], p[1]), sub(p[3], p[2])))


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


#: Every measure, in report order.
ALL_MEASURES: tuple[Callable[[MeasureContext], MeasureResult], ...] = (
    e_line_upper_lip,
    e_line_lower_lip,
    s_line_upper_lip,
    s_line_lower_lip,
    b_line_upper_lip,
    b_line_lower_lip,
    h_angle,
    nasolabial_angle,
    mentolabial_angle,
    mentolabial_sulcus_depth,
    facial_convexity,
    total_facial_convexity,
    chin_zero_meridian,
    chin_subnasale_vertical,
    lower_face_thirds,
    lip_height_ratio,
    cervicomental_angle,
    lower_face_throat_angle,
    nasofrontal_angle,
    nasofacial_angle,
    nasomental_angle,
    mentocervical_angle,
    z_angle,
)


def measure_all(ctx: MeasureContext) -> tuple[MeasureResult, ...]:
    """Run every measure on one context."""
    return tuple(m(ctx) for m in ALL_MEASURES)
