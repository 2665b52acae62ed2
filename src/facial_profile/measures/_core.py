"""Shared machinery of the measures: results, context, scale, norms comparison and sentences.

Conventions (face frame, missing and low-confidence results, units) are described in the
package docstring, :mod:`facial_profile.measures`.
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
    names = " and ".join([", ".join(missing[:-1]), missing[-1]] if len(missing) > 1 else missing)
    were = "were" if len(missing) > 1 else "was"
    needs = f"it needs {names}, which {were} neither found nor placed by hand"
    sentence = f"{spec.name} was not measured: {why or needs}."
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
            # A value that rounds onto the bound would otherwise read as a contradiction.
            near = min(abs(value - lo), abs(value - hi)) < (0.5 if norm.unit == "deg" else 0.05)
            side = ("just " if near else "") + side
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


def _neg(v: float | None) -> float | None:
    return None if v is None else -v


def _ratio(num: float, den: float) -> float | None:
    if num <= 0 or den <= 0:
        return None
    return num / den
